//! The manual's input rules (cjs-domain) as field checks, for a hint while typing. The server
//! checks the same rules again and its answer decides.

use cjs_domain::{Email, Field, Password, Policy, UserId, UserName, VerificationCode, confirm};
use leptos::prelude::*;

use crate::widgets::field::{Check, check};

pub fn user_id() -> Check {
    check(|v| UserId::parse(v).map(|_| ()))
}

pub fn password(field: Field) -> Check {
    check(move |v| Password::parse_for(field, v).map(|_| ()))
}

pub fn code() -> Check {
    check(|v| VerificationCode::parse(v).map(|_| ()))
}

pub fn user_name() -> Check {
    check(|v| UserName::parse(v).map(|_| ()))
}

pub fn email() -> Check {
    let mobile = Policy::default().mobile_email_domains;
    check(move |v| Email::parse(v, &mobile).map(|_| ()))
}

/// The 再入力 of `field` must repeat `original`.
pub fn confirmation(field: Field, original: RwSignal<String>) -> Check {
    check(move |v| confirm(field, &original.get(), v))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_name_the_broken_rule_in_japanese() {
        let owner = Owner::new();
        owner.with(|| {
            assert_eq!(user_id().run("rokin01".to_owned()), None);
            assert_eq!(
                user_id().run("rokin".to_owned()).as_deref(),
                Some(
                    "ユーザーIDは6～12桁の半角英数字（英字と数字の両方を含む）で入力してください。"
                )
            );
            assert!(
                password(Field::Password)
                    .run("Passw0rd!".to_owned())
                    .is_none()
            );
            assert!(
                password(Field::Password)
                    .run("password".to_owned())
                    .is_some()
            );
            assert!(email().run("taro@docomo.ne.jp".to_owned()).is_some());
            assert!(email().run("taro@example.co.jp".to_owned()).is_none());
            let original = RwSignal::new("Passw0rd!".to_owned());
            assert_eq!(
                confirmation(Field::Password, original)
                    .run("Passw0rd?".to_owned())
                    .as_deref(),
                Some("パスワードとパスワード（再入力）が一致しません。")
            );
        });
    }
}
