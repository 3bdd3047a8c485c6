//! `cjs operator user`: list a contract's users, reset a master (who then registers again),
//! lift a user's 閉塞.

use anyhow::bail;
use chrono::Utc;
use cjs_store::{certificates, sessions, users};
use clap::Subcommand;
use serde_json::json;

use super::{Operator, Out, print};
use crate::auth::lockout::{Target, lift_blocking};
use crate::views;

#[derive(Subcommand)]
pub enum UserCommand {
    List {
        #[arg(long)]
        contract: String,
        #[command(flatten)]
        out: Out,
    },
    /// The master's ID, password and certificates go; the master registers again.
    ResetMaster {
        #[arg(long)]
        contract: String,
        #[command(flatten)]
        out: Out,
    },
    /// Status back to 正常 (lifts a lock or 閉塞).
    Unblock {
        user_id: String,
        #[command(flatten)]
        out: Out,
    },
}

impl Operator {
    pub fn reset_master(&mut self, contract: &str) -> anyhow::Result<Option<String>> {
        let now = Utc::now();
        let removed = cjs_store::transaction(&mut self.conn, |c| {
            let Some(master) = users::master_of(c, contract)? else {
                return Ok(None);
            };
            sessions::end_all_for_user(c, &master.user_id, cjs_domain::EndReason::Reset, now)?;
            certificates::revoke_all_for_user(c, &master.user_id, "master reset", now)?;
            users::delete(c, &master.user_id)?;
            Ok(Some(master.user_id))
        })?;
        if let Some(id) = &removed {
            self.publish_crl()?;
            self.log_op(
                Some(contract),
                "マスターユーザー初期化",
                id,
                "ID・パスワード・電子証明書を削除",
            )?;
        }
        Ok(removed)
    }

    pub fn unblock(&mut self, user_id: &str) -> anyhow::Result<()> {
        let Some(u) = users::find(&mut self.conn, user_id)? else {
            bail!("no user {user_id}");
        };
        lift_blocking(
            &mut self.conn,
            &Target::User(user_id.to_owned()),
            Utc::now(),
        )?;
        self.log_op(
            Some(&u.contract_number),
            "閉塞解除",
            user_id,
            "状態を正常に",
        )
    }
}

pub fn run(op: &mut Operator, cmd: UserCommand) -> anyhow::Result<()> {
    match cmd {
        UserCommand::List { contract, out } => {
            let rows = users::list_by_contract(&mut op.conn, &contract)?;
            let now = Utc::now();
            let v: Vec<_> = rows
                .iter()
                .map(|u| views::user(u, now, &op.settings.policy, None))
                .collect();
            let text = v
                .iter()
                .map(|u| {
                    format!(
                        "{}\t{}\t{:?}\t{}",
                        u.user_id,
                        u.user_name,
                        u.role,
                        u.status.label()
                    )
                })
                .collect::<Vec<_>>()
                .join("\n");
            print(out, serde_json::to_value(&v)?, text);
        }
        UserCommand::ResetMaster { contract, out } => {
            let removed = op.reset_master(&contract)?;
            print(
                out,
                json!({"contract_number": contract, "removed": removed}),
                match removed {
                    Some(id) => format!(
                        "マスターユーザー {id} を初期化しました。契約番号と初期パスワードで再登録できます。"
                    ),
                    None => "マスターユーザーは登録されていません".into(),
                },
            );
        }
        UserCommand::Unblock { user_id, out } => {
            op.unblock(&user_id)?;
            print(
                out,
                json!({"user_id": user_id, "status": "normal"}),
                format!("{user_id}: 正常に戻しました"),
            );
        }
    }
    Ok(())
}
