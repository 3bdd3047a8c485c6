//! Retention: per group + document only the newest `keep` cycles (作成基準日) are kept.

use chrono::NaiveDate;

/// The 作成基準日 to purge: every one older than the `keep` newest, newest first. Dates given
/// twice count once.
pub fn to_purge(dates: &[NaiveDate], keep: u32) -> Vec<NaiveDate> {
    let mut all = dates.to_vec();
    all.sort_unstable_by(|a, b| b.cmp(a));
    all.dedup();
    all.into_iter().skip(keep as usize).collect()
}

/// The oldest kept date when something is to be purged: the purge deletes every cycle before it
/// (`base_date < cutoff`), which is the same whoever runs it and however often.
pub fn cutoff(dates: &[NaiveDate], keep: u32) -> Option<NaiveDate> {
    let mut all = dates.to_vec();
    all.sort_unstable_by(|a, b| b.cmp(a));
    all.dedup();
    if all.len() > keep as usize && keep > 0 {
        Some(all[keep as usize - 1])
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, m, 16).expect("date")
    }

    #[test]
    fn three_or_fewer_cycles_are_all_kept() {
        assert!(to_purge(&[], 3).is_empty());
        assert!(to_purge(&[d(1), d(2), d(3)], 3).is_empty());
        assert_eq!(cutoff(&[d(1), d(2), d(3)], 3), None);
    }

    #[test]
    fn a_fourth_cycle_purges_the_oldest_whatever_order_they_come_in() {
        let dates = [d(3), d(1), d(4), d(2)];
        assert_eq!(to_purge(&dates, 3), [d(1)]);
        assert_eq!(cutoff(&dates, 3), Some(d(2)));
        assert_eq!(to_purge(&dates, 1), [d(3), d(2), d(1)]);
        assert_eq!(cutoff(&dates, 1), Some(d(4)));
    }

    #[test]
    fn purging_again_finds_nothing_and_duplicates_count_once() {
        let dates = [d(1), d(2), d(3), d(4), d(5)];
        let cut = cutoff(&dates, 3).expect("cut");
        let left: Vec<NaiveDate> = dates.iter().copied().filter(|x| *x >= cut).collect();
        assert_eq!(left, [d(3), d(4), d(5)]);
        assert!(to_purge(&left, 3).is_empty());
        assert!(to_purge(&[d(5), d(5), d(4), d(3)], 3).is_empty());
    }
}
