//! The bench's row line, printed by the load client and the store floor alike and read by
//! `cargo xtask bench`: `ROW|key|label|req/s|p50 ms|p99 ms|requests|errors`.

/// The `q` quantile of latencies in microseconds, sorted ascending, in milliseconds.
pub fn percentile(sorted: &[u32], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 * q).ceil() as usize).clamp(1, sorted.len()) - 1;
    f64::from(sorted[i]) / 1000.0
}

/// Prints one row: `done` requests finished in time over `seconds`, their latencies sorted.
pub fn print(key: &str, label: &str, done: u64, seconds: f64, sorted: &[u32], errors: u64) {
    println!(
        "ROW|{key}|{label}|{:.1}|{:.2}|{:.2}|{}|{errors}",
        done as f64 / seconds,
        percentile(sorted, 0.50),
        percentile(sorted, 0.99),
        sorted.len()
    );
}
