//! The texts of the mails the service sends, as `(subject, body)`. Dates arrive already formatted
//! in JST by the caller (e.g. `2024年5月8日 10:10`).

const SERVICE: &str = "ろうきん賃金控除事務支援サービス";

fn subject(what: &str) -> String {
    format!("【{SERVICE}】{what}")
}

fn greeting(user_name: &str) -> String {
    format!(
        "{user_name} 様\n\
         \n\
         いつも「{SERVICE}」をご利用いただき、誠にありがとうございます。\n"
    )
}

fn footer() -> String {
    format!(
        "※本メールは送信専用のアドレスから自動で送信しております。\n\
         \u{3000}ご返信いただきましてもお答えいたしかねますので、あらかじめご了承ください。\n\
         ※ご不明な点がございましたら、お取引店までお問い合わせください。\n\
         \n\
         ────────────────────────────\n\
         {SERVICE}\n\
         ────────────────────────────\n"
    )
}

/// 電子証明書発行の認証コード: returns (subject, body)
pub fn verification_code(
    user_name: &str,
    user_id: &str,
    code: &str,
    valid_minutes: i64,
    expires_at_jst: &str,
) -> (String, String) {
    let body = format!(
        "{greeting}\n\
         電子証明書発行のお手続きにおける認証コードをお知らせいたします。\n\
         電子証明書発行画面にて、下記の認証コードを入力してください。\n\
         \n\
         \u{3000}ユーザーID：{user_id}\n\
         \u{3000}認証コード：{code}\n\
         \u{3000}有効期限　：{expires_at_jst}まで（発行から{valid_minutes}分間）\n\
         \n\
         有効期限を過ぎた場合は、お手数ですが、ログイン画面の「電子証明書発行」ボタンより\n\
         もう一度お手続きください。\n\
         \n\
         ※認証コードは、他の方に教えないでください。\n\
         \u{3000}当金庫の職員が、お客様に認証コードをお尋ねすることはございません。\n\
         ※本メールにお心当たりのない場合は、第三者がお客様のユーザーIDで\n\
         \u{3000}お手続きをした可能性があります。認証コードは入力せず、お取引店までご連絡ください。\n\
         {footer}",
        greeting = greeting(user_name),
        footer = footer(),
    );
    (subject("電子証明書発行の認証コードのお知らせ"), body)
}

/// 有効期限の30日前のお知らせ
pub fn certificate_expiring(
    user_name: &str,
    user_id: &str,
    not_after_jst: &str,
    days_left: i64,
) -> (String, String) {
    let body = format!(
        "{greeting}\n\
         お客様の電子証明書の有効期限が近づいておりますので、お知らせいたします。\n\
         \n\
         \u{3000}ユーザーID：{user_id}\n\
         \u{3000}有効期限　：{not_after_jst}（あと{days_left}日）\n\
         \n\
         有効期限を過ぎますと、本サービスにログインできなくなります。\n\
         お手数ですが、有効期限までに、ログイン画面の「電子証明書発行」ボタンより\n\
         電子証明書を更新してください。\n\
         \n\
         {footer}",
        greeting = greeting(user_name),
        footer = footer(),
    );
    (subject("電子証明書の有効期限が近づいています"), body)
}

/// 有効期限切れのお知らせ
pub fn certificate_expired(
    user_name: &str,
    user_id: &str,
    not_after_jst: &str,
) -> (String, String) {
    let body = format!(
        "{greeting}\n\
         お客様の電子証明書は、有効期限が過ぎましたので、お知らせいたします。\n\
         \n\
         \u{3000}ユーザーID：{user_id}\n\
         \u{3000}有効期限　：{not_after_jst}\n\
         \n\
         有効期限の過ぎた電子証明書では、本サービスにログインできません。\n\
         引き続きご利用いただくには、ログイン画面の「電子証明書発行」ボタンより\n\
         電子証明書を更新してください。\n\
         \n\
         {footer}",
        greeting = greeting(user_name),
        footer = footer(),
    );
    (subject("電子証明書の有効期限が切れました"), body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_code_mail_carries_the_code_its_validity_and_whom_to_call() {
        let (subject, body) =
            verification_code("山田 太郎", "yamada01", "482913", 10, "2024年5月8日 10:10");
        assert!(subject.contains("認証コード"));
        assert!(subject.contains(SERVICE));
        for part in [
            "山田 太郎 様",
            "yamada01",
            "482913",
            "10分間",
            "2024年5月8日 10:10まで",
            "お心当たりのない場合",
            "お取引店",
            "送信専用",
        ] {
            assert!(body.contains(part), "missing {part:?} in\n{body}");
        }
    }

    #[test]
    fn the_expiring_mail_says_when_and_how_to_renew() {
        let (subject, body) = certificate_expiring("山田 太郎", "yamada01", "2025年5月8日", 30);
        assert!(subject.contains("有効期限"));
        for part in [
            "山田 太郎 様",
            "yamada01",
            "2025年5月8日",
            "あと30日",
            "ログイン画面の「電子証明書発行」ボタン",
            "更新",
            SERVICE,
        ] {
            assert!(body.contains(part), "missing {part:?} in\n{body}");
        }
    }

    #[test]
    fn the_expired_mail_says_when_and_how_to_renew() {
        let (subject, body) = certificate_expired("山田 太郎", "yamada01", "2025年5月8日");
        assert!(subject.contains("切れました"));
        for part in [
            "山田 太郎 様",
            "yamada01",
            "2025年5月8日",
            "ログイン画面の「電子証明書発行」ボタン",
            "送信専用",
        ] {
            assert!(body.contains(part), "missing {part:?} in\n{body}");
        }
    }

    #[test]
    fn no_template_leaves_a_placeholder_unfilled() {
        for (subject, body) in [
            verification_code("a", "b", "c", 1, "d"),
            certificate_expiring("a", "b", "c", 1),
            certificate_expired("a", "b", "c"),
        ] {
            assert!(!subject.contains('{') && !body.contains('{'), "{body}");
            assert!(!body.contains("\n\n\n"), "{body}");
        }
    }
}
