//! The manual's policy numbers. Each is configuration (the `policy` section, e.g.
//! `CJS__POLICY__LOCK_THRESHOLD`) whose default is the value the manual states.

use std::time::Duration;

use serde::{Deserialize, Serialize};

/// 運用ルール: lockout, session, certificate and user-count limits.
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
}

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
