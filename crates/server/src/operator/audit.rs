//! `cjs operator audit`: verify the operation log's hash chain.

use anyhow::bail;
use cjs_store::oplog::{self, Verification};
use clap::Subcommand;
use serde_json::json;

use super::{Operator, Out, print};

#[derive(Subcommand)]
pub enum AuditCommand {
    /// Recompute the operation log's hash chain; exits non-zero when it is broken.
    Verify {
        #[command(flatten)]
        out: Out,
    },
}

pub fn run(op: &mut Operator, cmd: AuditCommand) -> anyhow::Result<()> {
    match cmd {
        AuditCommand::Verify { out } => match oplog::verify(&mut op.conn)? {
            Verification::Intact { rows } => print(
                out,
                json!({"intact": true, "rows": rows}),
                format!("操作ログ: {rows} 件、改ざんなし"),
            ),
            Verification::Broken { seq, reason } => {
                print(
                    out,
                    json!({"intact": false, "seq": seq, "reason": reason}),
                    format!("操作ログ: {seq} 行目で不整合 ({reason})"),
                );
                bail!("operation log broken at {seq}");
            }
        },
    }
    Ok(())
}
