//! The master's commands on the contract's users (一般ユーザーの追加, DM492101 の変更, 削除): each
//! `plan_*` takes who acts, on whom, and the raw request, and returns the change to make or why
//! it is refused. Handlers only carry the plan to the store.

use crate::rules::{Field, RuleError, confirm};
use crate::{Email, Password, Restrictions, Role, UserId, UserName};

/// Who asks: the logged-in user.
#[derive(Debug, Clone, Copy)]
pub struct Actor<'a> {
    pub user_id: &'a str,
    pub role: Role,
    pub contract: &'a str,
}

/// On whom: a user of the same contract (the store never hands another contract's user).
#[derive(Debug, Clone, Copy)]
pub struct Subject<'a> {
    pub user_id: &'a str,
    pub role: Role,
}

/// Why a command is refused, apart from input rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Not this actor's to do (E2302); `why` is for the log, never shown.
    NotAllowed(&'static str),
    /// 一般ユーザーは最大 `max` 名 (E1007).
    TooManyUsers { max: u32 },
    /// An input rule (E1001/E1002/E1005 …).
    Rule(RuleError),
}

impl From<RuleError> for Refusal {
    fn from(e: RuleError) -> Self {
        Refusal::Rule(e)
    }
}

/// 一般ユーザーの追加 as typed in.
pub struct CreateRequest<'a> {
    pub user_id: &'a str,
    pub user_name: &'a str,
    pub password: &'a str,
    pub password_confirmation: &'a str,
    pub email: &'a str,
    pub email_confirmation: &'a str,
    pub restrictions: Restrictions,
}

/// A general user to insert: the password is temporary (仮のパスワード), changed at first login.
#[derive(Debug)]
pub struct NewGeneralUser {
    pub user_id: UserId,
    pub user_name: UserName,
    pub temporary_password: Password,
    pub email: Email,
    pub restrictions: Restrictions,
}

/// Only the master adds general users, at most `max_general` of them.
pub fn plan_create(
    actor: Actor<'_>,
    req: &CreateRequest<'_>,
    mobile_domains: &[String],
    max_general: u32,
    general_count: u32,
) -> Result<NewGeneralUser, Refusal> {
    if actor.role != Role::Master {
        return Err(Refusal::NotAllowed("only the master adds users"));
    }
    let user_id = UserId::parse(req.user_id)?;
    let user_name = UserName::parse(req.user_name)?;
    let temporary_password = Password::parse(req.password)?;
    confirm(Field::Password, req.password, req.password_confirmation)?;
    let email = Email::parse(req.email, mobile_domains)?;
    confirm(Field::Email, req.email, req.email_confirmation)?;
    req.restrictions.validate()?;
    if general_count >= max_general {
        return Err(Refusal::TooManyUsers { max: max_general });
    }
    Ok(NewGeneralUser {
        user_id,
        user_name,
        temporary_password,
        email,
        restrictions: req.restrictions,
    })
}

/// DM492101 as typed in; `None` leaves a field as it is. `status_normal`: `Some(true)` asks for
/// 正常 (lifting ロック/閉塞), `Some(false)` asks for any other status.
#[derive(Default)]
pub struct UpdateRequest<'a> {
    pub user_name: Option<&'a str>,
    pub email: Option<(&'a str, &'a str)>,
    pub password: Option<(&'a str, &'a str)>,
    pub restrictions: Option<Restrictions>,
    pub status_normal: Option<bool>,
}

/// The password set by DM492101: the user's own, or a temporary one the master sets for
/// someone else (that user must change it at the next login).
#[derive(Debug)]
pub struct NewPassword {
    pub password: Password,
    pub temporary: bool,
}

/// What DM492101 changes, all together or nothing.
#[derive(Debug, Default)]
pub struct UserChange {
    pub user_name: Option<UserName>,
    pub email: Option<Email>,
    pub password: Option<NewPassword>,
    pub restrictions: Option<Restrictions>,
    pub lift_lock: bool,
}

impl UserChange {
    /// What changed, for the operation log (never a value).
    pub fn summary(&self) -> String {
        let mut parts = Vec::new();
        if self.user_name.is_some() {
            parts.push("ユーザー名");
        }
        if self.email.is_some() {
            parts.push("メールアドレス");
        }
        match &self.password {
            Some(p) if p.temporary => parts.push("仮のパスワード"),
            Some(_) => parts.push("パスワード"),
            None => {}
        }
        if self.restrictions.is_some() {
            parts.push("機能制限");
        }
        if self.lift_lock {
            parts.push("状態→正常");
        }
        parts.join("、")
    }
}

/// The master changes general users and their own name, e-mail and password; never their own
/// status or restrictions, never another master. Only 正常 may be chosen as a status.
pub fn plan_update(
    actor: Actor<'_>,
    subject: Subject<'_>,
    req: &UpdateRequest<'_>,
    mobile_domains: &[String],
) -> Result<UserChange, Refusal> {
    let is_self = actor.user_id == subject.user_id;
    if actor.role != Role::Master {
        return Err(Refusal::NotAllowed("only the master changes users"));
    }
    if subject.role == Role::Master && !is_self {
        return Err(Refusal::NotAllowed("another master"));
    }
    if is_self && (req.status_normal.is_some() || req.restrictions.is_some()) {
        return Err(Refusal::NotAllowed("own status or restrictions"));
    }
    if req.status_normal == Some(false) {
        return Err(RuleError::Format {
            field: Field::Status,
            rule: "「正常」のみ",
        }
        .into());
    }
    let user_name = req.user_name.map(UserName::parse).transpose()?;
    let email = match req.email {
        Some((e, again)) => {
            let parsed = Email::parse(e, mobile_domains)?;
            confirm(Field::Email, e, again)?;
            Some(parsed)
        }
        None => None,
    };
    let password = match req.password {
        Some((p, again)) => {
            let password = Password::parse(p)?;
            confirm(Field::Password, p, again)?;
            Some(NewPassword {
                password,
                temporary: !is_self,
            })
        }
        None => None,
    };
    if let Some(r) = &req.restrictions {
        r.validate()?;
    }
    Ok(UserChange {
        user_name,
        email,
        password,
        restrictions: req.restrictions,
        lift_lock: req.status_normal == Some(true),
    })
}

/// Only the master deletes, and only general users (the master is reset by the bank).
pub fn plan_delete(actor: Actor<'_>, subject: Subject<'_>) -> Result<(), Refusal> {
    if actor.role != Role::Master {
        return Err(Refusal::NotAllowed("only the master deletes users"));
    }
    if subject.role == Role::Master {
        return Err(Refusal::NotAllowed("the master cannot be deleted"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Restriction;

    const MASTER: Actor<'static> = Actor {
        user_id: "master01",
        role: Role::Master,
        contract: "12345678",
    };
    const GENERAL: Actor<'static> = Actor {
        user_id: "general01",
        role: Role::General,
        contract: "12345678",
    };
    const A_GENERAL: Subject<'static> = Subject {
        user_id: "general01",
        role: Role::General,
    };
    const THE_MASTER: Subject<'static> = Subject {
        user_id: "master01",
        role: Role::Master,
    };

    fn create_req() -> CreateRequest<'static> {
        CreateRequest {
            user_id: "general02",
            user_name: "労金　花子",
            password: "Passw0rd!",
            password_confirmation: "Passw0rd!",
            email: "hanako@example.co.jp",
            email_confirmation: "hanako@example.co.jp",
            restrictions: Restrictions::default(),
        }
    }

    #[test]
    fn the_master_adds_a_general_user_with_a_temporary_password() {
        let plan = plan_create(MASTER, &create_req(), &[], 10, 9).expect("allowed");
        assert_eq!(plan.user_id.as_str(), "general02");
        assert_eq!(plan.temporary_password.expose(), "Passw0rd!");
    }

    #[test]
    fn the_eleventh_general_user_is_refused() {
        assert_eq!(
            plan_create(MASTER, &create_req(), &[], 10, 10).err(),
            Some(Refusal::TooManyUsers { max: 10 })
        );
    }

    #[test]
    fn a_general_user_adds_nobody() {
        assert!(matches!(
            plan_create(GENERAL, &create_req(), &[], 10, 0),
            Err(Refusal::NotAllowed(_))
        ));
    }

    #[test]
    fn a_new_user_with_a_mismatched_password_confirmation_is_refused() {
        let mut req = create_req();
        req.password_confirmation = "Passw0rd?";
        assert_eq!(
            plan_create(MASTER, &req, &[], 10, 0).err(),
            Some(Refusal::Rule(RuleError::Mismatch(Field::Password)))
        );
    }

    #[test]
    fn collective_savings_read_only_is_refused_on_create() {
        let mut req = create_req();
        req.restrictions.collective_savings = Restriction::ReadOnly;
        assert!(matches!(
            plan_create(MASTER, &req, &[], 10, 0),
            Err(Refusal::Rule(RuleError::Format {
                field: Field::CollectiveSavingsRestriction,
                ..
            }))
        ));
    }

    #[test]
    fn the_master_cannot_change_their_own_status_or_restrictions() {
        let status = UpdateRequest {
            status_normal: Some(true),
            ..UpdateRequest::default()
        };
        assert!(matches!(
            plan_update(MASTER, THE_MASTER, &status, &[]),
            Err(Refusal::NotAllowed(_))
        ));
        let restrictions = UpdateRequest {
            restrictions: Some(Restrictions::default()),
            ..UpdateRequest::default()
        };
        assert!(matches!(
            plan_update(MASTER, THE_MASTER, &restrictions, &[]),
            Err(Refusal::NotAllowed(_))
        ));
    }

    #[test]
    fn the_master_changes_their_own_password_without_making_it_temporary() {
        let req = UpdateRequest {
            password: Some(("Passw0rd!", "Passw0rd!")),
            ..UpdateRequest::default()
        };
        let change = plan_update(MASTER, THE_MASTER, &req, &[]).expect("allowed");
        assert!(change.password.as_ref().is_some_and(|p| !p.temporary));
        assert_eq!(change.summary(), "パスワード");
    }

    #[test]
    fn a_password_set_for_a_general_user_is_temporary() {
        let req = UpdateRequest {
            password: Some(("Passw0rd!", "Passw0rd!")),
            ..UpdateRequest::default()
        };
        let change = plan_update(MASTER, A_GENERAL, &req, &[]).expect("allowed");
        assert!(change.password.as_ref().is_some_and(|p| p.temporary));
        assert_eq!(change.summary(), "仮のパスワード");
    }

    #[test]
    fn only_normal_may_be_chosen_as_a_status() {
        let req = UpdateRequest {
            status_normal: Some(false),
            ..UpdateRequest::default()
        };
        assert!(matches!(
            plan_update(MASTER, A_GENERAL, &req, &[]),
            Err(Refusal::Rule(RuleError::Format {
                field: Field::Status,
                ..
            }))
        ));
        let normal = UpdateRequest {
            status_normal: Some(true),
            ..UpdateRequest::default()
        };
        let change = plan_update(MASTER, A_GENERAL, &normal, &[]).expect("allowed");
        assert!(change.lift_lock);
        assert_eq!(change.summary(), "状態→正常");
    }

    #[test]
    fn a_general_user_changes_nobody_not_even_themselves_here() {
        let req = UpdateRequest {
            user_name: Some("労金　次郎"),
            ..UpdateRequest::default()
        };
        assert!(matches!(
            plan_update(GENERAL, A_GENERAL, &req, &[]),
            Err(Refusal::NotAllowed(_))
        ));
    }

    #[test]
    fn a_change_summary_names_every_changed_field_in_order() {
        let req = UpdateRequest {
            user_name: Some("労金　次郎"),
            email: Some(("jiro@example.co.jp", "jiro@example.co.jp")),
            restrictions: Some(Restrictions::default()),
            ..UpdateRequest::default()
        };
        let change = plan_update(MASTER, A_GENERAL, &req, &[]).expect("allowed");
        assert_eq!(change.summary(), "ユーザー名、メールアドレス、機能制限");
    }

    #[test]
    fn the_master_is_never_deleted_and_general_users_delete_nobody() {
        assert!(plan_delete(MASTER, A_GENERAL).is_ok());
        assert!(matches!(
            plan_delete(MASTER, THE_MASTER),
            Err(Refusal::NotAllowed(_))
        ));
        assert!(matches!(
            plan_delete(GENERAL, A_GENERAL),
            Err(Refusal::NotAllowed(_))
        ));
    }
}
