//! 財形貯蓄事務の設定, embedded in the server's config as `zaikei`.

use serde::{Deserialize, Serialize};

/// `[zaikei]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ZaikeiConfig {
    /// 帳票ごとに保存する直近のサイクル数 (作成基準日の数, 3). Older ones are purged.
    pub keep_cycles: u32,
}

impl Default for ZaikeiConfig {
    fn default() -> Self {
        ZaikeiConfig { keep_cycles: 3 }
    }
}

impl ZaikeiConfig {
    pub const KEEP_MAX: u32 = 12;

    /// Checked at start-up.
    pub fn validate(&self) -> Result<(), String> {
        if !(1..=Self::KEEP_MAX).contains(&self.keep_cycles) {
            return Err(format!(
                "zaikei.keep_cycles must be 1–{} (is {})",
                Self::KEEP_MAX,
                self.keep_cycles
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_keeps_three_cycles_and_zero_or_thirteen_are_refused() {
        assert_eq!(ZaikeiConfig::default().keep_cycles, 3);
        assert!(ZaikeiConfig::default().validate().is_ok());
        assert!(ZaikeiConfig { keep_cycles: 0 }.validate().is_err());
        assert!(ZaikeiConfig { keep_cycles: 12 }.validate().is_ok());
        assert!(ZaikeiConfig { keep_cycles: 13 }.validate().is_err());
    }
}
