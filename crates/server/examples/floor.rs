//! The ceiling of the authenticated reads: the database statements of `/me`, the operation-log
//! page and the 労金控除明細照会 page, run straight on the store (no HTTP, TLS, JSON or views, no
//! load client sharing the cores), one connection per core, as fast as they go.
//!
//! Whatever the HTTP row reaches, it cannot beat its statements alone: divided by the bare
//! handler's rate measured in the same run, this rate is the most that row's ratio can be with
//! every request reading the database (which §7 demands: no cache that can serve a stale
//! permission). `cargo xtask bench` runs it after the load client, on the same data.
//!
//! `floor <database_url> <seconds>` — prints `ROW|key|label|req/s|p50 ms|p99 ms|requests|errors`.

#[path = "common/rows.rs"]
mod rows;

use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use cjs_store::deduction::details::{self, DetailFilter, DetailSort};
use cjs_store::schema::sessions as s;
use cjs_store::{DatabaseUrl, DbConnection, oplog, sessions};
use diesel::prelude::*;

const PAGE: i64 = 100;

/// One of the three reads, as its handler's blocking closure makes it (the session context, then
/// the screen's statements); the number of rows it read.
fn read(kind: usize, conn: &mut DbConnection, sid: &str) -> anyhow::Result<usize> {
    let ctx = sessions::context(conn, sid)?.context("the bench session is gone")?;
    let user = ctx.user.context("user")?;
    let contract = ctx.contract.context("contract")?;
    Ok(match kind {
        0 => {
            let reads = sessions::payment_groups_and_login(
                conn,
                &contract.contract_number,
                &user.user_id,
                sid,
            )?;
            reads.groups.len()
        }
        1 => {
            let filter = oplog::Filter {
                contract_number: contract.contract_number,
                limit: PAGE,
                ..oplog::Filter::default()
            };
            oplog::list(conn, &filter)?.0.len()
        }
        _ => {
            let group = ctx.payment_group.context("payment group")?;
            let filter = DetailFilter {
                employee_no: None,
                kana_prefix: None,
                product: None,
                state: None,
                sort: DetailSort::EmployeeNo,
                descending: false,
                offset: 0,
                limit: PAGE,
            };
            details::search(conn, &group.number, &filter)?.1.len()
        }
    })
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [url, seconds] = args.as_slice() else {
        bail!("usage: floor <database_url> <seconds>");
    };
    let url = DatabaseUrl::parse(url)?;
    let dur = Duration::from_secs(seconds.parse()?);
    // The load client's session: the newest one still open.
    let sid: String = s::table
        .filter(s::ended_at.is_null())
        .order(s::created_at.desc())
        .select(s::id)
        .first(&mut url.connect()?)
        .context("no open session: run the load client first")?;
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let reads = [
        ("me_store", "/me"),
        ("oplog_store", "the operation-log page"),
        ("details_store", "the 明細照会 page"),
    ];
    for (kind, (key, what)) in reads.into_iter().enumerate() {
        // Each result must have the rows the HTTP row returns, or the floor measures nothing.
        let n = read(kind, &mut url.connect()?, &sid)?;
        if kind > 0 && n != PAGE as usize {
            bail!("{what}: {n} rows, not {PAGE}");
        }
        let start = Arc::new(Barrier::new(cores));
        let workers: Vec<_> = (0..cores)
            .map(|_| {
                let (url, sid, start) = (url.clone(), sid.clone(), start.clone());
                std::thread::spawn(move || -> anyhow::Result<Vec<u32>> {
                    let mut conn = url.connect()?;
                    read(kind, &mut conn, &sid)?; // warm the connection's statement cache
                    let mut micros = Vec::new();
                    start.wait();
                    let end = Instant::now() + dur;
                    while Instant::now() < end {
                        let t = Instant::now();
                        read(kind, &mut conn, &sid)?;
                        micros.push(u32::try_from(t.elapsed().as_micros()).unwrap_or(u32::MAX));
                    }
                    Ok(micros)
                })
            })
            .collect();
        let mut micros = Vec::new();
        for w in workers {
            micros.extend(w.join().map_err(|_| anyhow::anyhow!("worker panicked"))??);
        }
        micros.sort_unstable();
        let label = format!(
            "{what}: its statements alone, on the store ({cores} threads, no HTTP/TLS/JSON)"
        );
        let n = micros.len() as u64;
        rows::print(key, &label, n, dur.as_secs_f64(), &micros, 0);
    }
    Ok(())
}
