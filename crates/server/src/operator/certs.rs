//! `cjs operator cert`: revoke a user's certificates (a new PC) and publish the CRL.

use std::path::Path;

use chrono::Utc;
use cjs_domain::EndReason;
use cjs_store::{certificates, sessions, users};
use clap::Subcommand;
use serde_json::json;

use super::{Operator, Out, print};

#[derive(Subcommand)]
pub enum CertCommand {
    /// Revoke the user's certificates (a PC change); the CRL is refreshed.
    Revoke {
        #[arg(long)]
        user: String,
        #[command(flatten)]
        out: Out,
    },
}

impl Operator {
    pub(super) fn publish_crl(&mut self) -> anyhow::Result<()> {
        let pki = cjs_pki::Pki::load_or_create(
            &self.settings.pki_dir(),
            &self.settings.server.tls.hostnames,
            Utc::now(),
        )?;
        let number: u64 = cjs_store::meta::get(&mut self.conn, "crl_number")?
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
            + 1;
        cjs_store::meta::put(
            &mut self.conn,
            "crl_number",
            &number.to_string(),
            Utc::now().naive_utc(),
        )?;
        let revoked: Vec<cjs_pki::Revoked> = certificates::revoked(&mut self.conn)?
            .into_iter()
            .map(|(serial_hex, at)| cjs_pki::Revoked {
                serial_hex,
                revoked_at: at.and_utc(),
            })
            .collect();
        let now = Utc::now();
        let pem = pki.crl_pem(&revoked, number, now, now + chrono::Duration::days(7))?;
        write_atomic(&self.settings.data_dir.join("crl.pem"), pem.as_bytes())
    }

    pub fn revoke(&mut self, user_id: &str) -> anyhow::Result<Vec<String>> {
        let now = Utc::now();
        let contract = users::find(&mut self.conn, user_id)?.map(|u| u.contract_number);
        let serials = cjs_store::transaction(&mut self.conn, |c| {
            let s = certificates::revoke_all_for_user(c, user_id, "revoked by the bank", now)?;
            sessions::end_all_for_user(c, user_id, EndReason::Revoked, now)?;
            Ok(s)
        })?;
        if !serials.is_empty() {
            self.publish_crl()?;
        }
        self.log_op(
            contract.as_deref(),
            "電子証明書失効",
            user_id,
            &serials.join(","),
        )?;
        Ok(serials)
    }
}

fn write_atomic(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path)?;
    Ok(())
}

pub fn run(op: &mut Operator, cmd: CertCommand) -> anyhow::Result<()> {
    match cmd {
        CertCommand::Revoke { user, out } => {
            let serials = op.revoke(&user)?;
            print(
                out,
                json!({"user_id": user, "revoked": serials}),
                format!("{user}: {} 件失効しました", serials.len()),
            );
        }
    }
    Ok(())
}
