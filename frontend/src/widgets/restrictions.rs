//! ユーザー別機能制限: per business function of a member contract, 表示 (full), 閲覧のみ (read_only)
//! or 非表示 (hidden); 一斉積立事務 has no reading-only screens, so only 表示 or 非表示.

use cjs_domain::{Restriction, Restrictions};
use leptos::prelude::*;

/// The radio groups: (API name, label, the choices offered).
const GROUPS: [(&str, &str, &[Restriction]); 3] = [
    (
        "rokin_deduction",
        "労金控除事務",
        &[
            Restriction::Full,
            Restriction::ReadOnly,
            Restriction::Hidden,
        ],
    ),
    (
        "ledger",
        "賃控元帳事務",
        &[
            Restriction::Full,
            Restriction::ReadOnly,
            Restriction::Hidden,
        ],
    ),
    (
        "collective_savings",
        "一斉積立事務",
        &[Restriction::Full, Restriction::Hidden],
    ),
];

fn get(r: &Restrictions, name: &str) -> Restriction {
    match name {
        "rokin_deduction" => r.rokin_deduction,
        "ledger" => r.ledger,
        _ => r.collective_savings,
    }
}

fn set(r: &mut Restrictions, name: &str, value: Restriction) {
    match name {
        "rokin_deduction" => r.rokin_deduction = value,
        "ledger" => r.ledger = value,
        _ => r.collective_savings = value,
    }
}

#[component]
pub fn RestrictionRadios(value: RwSignal<Restrictions>) -> impl IntoView {
    view! {
        <fieldset class="restrictions" data-testid="restrictions">
            <legend>"ユーザー別機能制限"</legend>
            {GROUPS
                .iter()
                .map(|(name, label, choices)| {
                    let name: &'static str = name;
                    view! {
                        <div class="radio-row" role="radiogroup" aria-label=*label>
                            <span class="radio-label">{*label}</span>
                            {choices
                                .iter()
                                .map(|choice| {
                                    let choice = *choice;
                                    let id = format!("{name}-{}", choice.as_str());
                                    view! {
                                        <span class="radio">
                                            <input
                                                type="radio"
                                                id=id.clone()
                                                name=name
                                                value=choice.as_str()
                                                prop:checked=move || value.with(|r| get(r, name) == choice)
                                                on:change=move |_| value.update(|r| set(r, name, choice))
                                            />
                                            <label for=id>{choice.label()}</label>
                                        </span>
                                    }
                                })
                                .collect_view()}
                        </div>
                    }
                })
                .collect_view()}
            <p class="small">
                "表示: メニューに表示され制限なしで利用可能 ／ 閲覧のみ: メニューに表示され閲覧機能のみ利用可能 ／ 非表示: メニューに表示されず利用不可"
            </p>
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_group_reads_and_writes_its_own_function() {
        let mut r = Restrictions::default();
        set(&mut r, "ledger", Restriction::ReadOnly);
        set(&mut r, "collective_savings", Restriction::Hidden);
        assert_eq!(get(&r, "rokin_deduction"), Restriction::Full);
        assert_eq!(get(&r, "ledger"), Restriction::ReadOnly);
        assert_eq!(get(&r, "collective_savings"), Restriction::Hidden);
        assert!(r.validate().is_ok());
    }

    #[test]
    fn collective_savings_offers_no_read_only() {
        let (_, _, choices) = GROUPS[2];
        assert!(!choices.contains(&Restriction::ReadOnly));
    }
}
