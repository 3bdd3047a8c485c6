//! 取引 (the products a detail may name) and the area's other settings: configuration with the
//! bank's usual defaults, embedded in the server's config as `deduction`.

use serde::{Deserialize, Serialize};

/// One 取引 of the product list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Product {
    /// 取引コード: 2 half-width digits.
    pub code: String,
    /// 取引名 as printed on the lists.
    pub name: String,
}

/// 労金控除事務の設定.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DeductionConfig {
    /// 取引の一覧 (in the order the form offers them).
    pub products: Vec<Product>,
    /// 控除依頼・結果を照会できる直近のサイクル数 (支給区分ごと, 3).
    pub keep_cycles: u32,
}

impl Default for DeductionConfig {
    fn default() -> Self {
        let products = [
            ("01", "エース預金"),
            ("02", "定期積金"),
            ("03", "財形預金"),
            ("04", "証書貸付返済"),
            ("05", "カードローン返済"),
            ("06", "住宅ローン返済"),
            ("07", "教育ローン返済"),
        ]
        .into_iter()
        .map(|(code, name)| Product {
            code: code.into(),
            name: name.into(),
        })
        .collect();
        DeductionConfig {
            products,
            keep_cycles: 3,
        }
    }
}

impl DeductionConfig {
    /// The configured name of `code`, if the code is in the list.
    pub fn product_name(&self, code: &str) -> Option<&str> {
        self.products
            .iter()
            .find(|p| p.code == code)
            .map(|p| p.name.as_str())
    }

    /// The name to print: the configured one, or 「取引コードNN」 for a code no longer listed.
    pub fn display_name(&self, code: &str) -> String {
        self.product_name(code)
            .map_or_else(|| format!("取引コード{code}"), str::to_owned)
    }

    /// Checked at start-up: codes of 2 digits, each once; names of 1–20 characters.
    pub fn validate(&self) -> Result<(), String> {
        if self.products.is_empty() {
            return Err("deduction.products: 取引が1つも設定されていません".into());
        }
        let mut seen = std::collections::HashSet::new();
        for p in &self.products {
            if p.code.len() != 2 || !p.code.bytes().all(|b| b.is_ascii_digit()) {
                return Err(format!(
                    "deduction.products: 取引コード {:?} は半角数字2桁ではありません",
                    p.code
                ));
            }
            if !seen.insert(p.code.as_str()) {
                return Err(format!(
                    "deduction.products: 取引コード {} が重複しています",
                    p.code
                ));
            }
            let n = p.name.chars().count();
            if n == 0 || n > 20 {
                return Err(format!(
                    "deduction.products: 取引コード {} の名称は1～20文字にしてください",
                    p.code
                ));
            }
        }
        if self.keep_cycles == 0 {
            return Err("deduction.keep_cycles は1以上にしてください".into());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_products_are_the_banks_usual_ones_and_valid() {
        let c = DeductionConfig::default();
        assert_eq!(c.validate(), Ok(()));
        assert_eq!(c.product_name("01"), Some("エース預金"));
        assert_eq!(c.product_name("05"), Some("カードローン返済"));
        assert_eq!(c.keep_cycles, 3);
    }

    #[test]
    fn a_code_no_longer_listed_prints_as_its_code() {
        assert_eq!(
            DeductionConfig::default().display_name("42"),
            "取引コード42"
        );
    }

    #[test]
    fn a_repeated_or_malformed_code_is_refused_at_start_up() {
        let mut c = DeductionConfig::default();
        c.products[1].code = "01".into();
        assert!(c.validate().is_err());
        let mut c = DeductionConfig::default();
        c.products[0].code = "1".into();
        assert!(c.validate().is_err());
    }

    #[test]
    fn the_config_reads_from_partial_settings() {
        let c: DeductionConfig =
            serde_json::from_str(r#"{"keep_cycles": 5}"#).expect("partial config");
        assert_eq!(c.keep_cycles, 5);
        assert_eq!(c.products.len(), 7);
    }
}
