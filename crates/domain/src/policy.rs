//! The manual's policy numbers. Each is configuration (the `policy` section, e.g.
//! `CJS__POLICY__LOCK_THRESHOLD`) whose default is the value the manual states.

use std::time::Duration;

use serde::{Deserialize, Serialize};

/// 運用ルール: lockout, session, certificate, service-hour, e-mail and user-count limits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Policy {
    /// パスワードを連続して誤った回数がこの値に達するとロック (6回).
    pub lock_threshold: u32,
    /// ロックが自動で解除されるまでの時間 (60分).
    #[serde(with = "humantime_serde")]
    pub lock_duration: Duration,
    /// ログイン成功をはさまずにロックがこの回数に達すると閉塞 (3回).
    pub block_after_locks: u32,
    /// 無操作でログアウトされるまでの時間 (60分).
    #[serde(with = "humantime_serde")]
    pub idle_timeout: Duration,
    /// 電子証明書の有効期間、発行日を含めた日数 (366日).
    pub cert_validity_days: u32,
    /// 有効期限の何日前から更新(再発行)できるか、また事前通知を送るか (30日).
    pub cert_renewal_days: u32,
    /// 一契約あたりの一般ユーザー数の上限 (10人).
    pub max_general_users: u32,
    /// サービス提供時間 (平日 8:00〜20:00) の外は業務APIを止めるか.
    pub service_hours: bool,
    /// ご利用時間の開始, "HH:MM" 日本時間 ("08:00"); checked by `ServiceHours::from_policy`.
    pub service_open: String,
    /// ご利用時間の終了 (この時刻を含まない), "HH:MM" 日本時間 ("20:00").
    pub service_close: String,
    /// 携帯電話のメールアドレスとして登録を断るドメイン; its subdomains are refused too.
    pub mobile_email_domains: Vec<String>,
    /// 電子証明書発行の認証コードの有効時間 (10分).
    #[serde(with = "humantime_serde")]
    pub code_validity: Duration,
    /// 認証コードを入力できる回数; after that a new code must be sent (5回).
    pub code_max_attempts: u32,
    /// 一人のユーザーに直近1時間で送れる認証コードの数; a new code ends the earlier ones (5回).
    pub challenges_per_hour: u32,
}

/// 携帯電話各社のメールドメイン (docomo, au, SoftBank, Y!mobile, 旧 EMOBILE・WILLCOM, 楽天, UQ, mineo).
pub const MOBILE_EMAIL_DOMAINS: &[&str] = &[
    "docomo.ne.jp",
    "ezweb.ne.jp",
    "au.com",
    "biz.au.com",
    "softbank.ne.jp",
    "i.softbank.jp",
    "disney.ne.jp",
    "ymobile.ne.jp",
    "y-mobile.ne.jp",
    "emobile.ne.jp",
    "willcom.com",
    "pdx.ne.jp",
    "rakumail.jp",
    "uqmobile.jp",
    "mineo.jp",
    "vodafone.ne.jp",
];

impl Default for Policy {
    fn default() -> Self {
        Self {
            lock_threshold: 6,
            lock_duration: Duration::from_secs(60 * 60),
            block_after_locks: 3,
            idle_timeout: Duration::from_secs(60 * 60),
            cert_validity_days: 366,
            cert_renewal_days: 30,
            max_general_users: 10,
            service_hours: true,
            service_open: "08:00".to_owned(),
            service_close: "20:00".to_owned(),
            mobile_email_domains: MOBILE_EMAIL_DOMAINS
                .iter()
                .map(|d| (*d).to_owned())
                .collect(),
            code_validity: Duration::from_secs(10 * 60),
            code_max_attempts: 5,
            challenges_per_hour: 5,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_the_manuals_numbers() {
        let p = Policy::default();
        assert_eq!(p.lock_threshold, 6);
        assert_eq!(p.lock_duration, Duration::from_secs(3600));
        assert_eq!(p.block_after_locks, 3);
        assert_eq!(p.idle_timeout, Duration::from_secs(3600));
        assert_eq!(p.cert_validity_days, 366);
        assert_eq!(p.cert_renewal_days, 30);
        assert_eq!(p.max_general_users, 10);
        assert!(p.service_hours);
        assert_eq!(p.service_open, "08:00");
        assert_eq!(p.service_close, "20:00");
        assert_eq!(p.code_validity, Duration::from_secs(600));
        assert_eq!(p.code_max_attempts, 5);
        assert_eq!(p.challenges_per_hour, 5);
        assert_eq!(p.mobile_email_domains.len(), 16);
        for d in [
            "docomo.ne.jp",
            "ezweb.ne.jp",
            "au.com",
            "softbank.ne.jp",
            "vodafone.ne.jp",
        ] {
            assert!(p.mobile_email_domains.iter().any(|m| m == d), "{d}");
        }
    }

    #[test]
    fn the_carrier_list_and_code_policy_can_be_configured() {
        let p: Policy = serde_json::from_str(
            r#"{"mobile_email_domains":["example.jp"],"code_validity":"5m","service_open":"09:00"}"#,
        )
        .expect("valid policy");
        assert_eq!(p.mobile_email_domains, vec!["example.jp".to_owned()]);
        assert_eq!(p.code_validity, Duration::from_secs(300));
        assert_eq!(p.service_open, "09:00");
        assert_eq!(p.service_close, "20:00");
    }

    #[test]
    fn durations_are_read_in_humantime_form_and_missing_keys_keep_defaults() {
        let p: Policy = serde_json::from_str(r#"{"lock_duration":"2s","idle_timeout":"1h 30m"}"#)
            .expect("valid policy");
        assert_eq!(p.lock_duration, Duration::from_secs(2));
        assert_eq!(p.idle_timeout, Duration::from_secs(5400));
        assert_eq!(p.lock_threshold, 6);
    }

    #[test]
    fn an_unknown_policy_key_is_refused_rather_than_ignored() {
        let err = serde_json::from_str::<Policy>(r#"{"lock_treshold":5}"#);
        assert!(err.is_err());
    }
}
