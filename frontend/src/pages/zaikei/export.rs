//! ZK103101 財形積立明細データエクスポート: the chosen cycle's 財形積立明細データ (one layout per
//! document kind) and, for a 預入依頼書, its 財形積立変更明細データ, as CSV
//! (`GET /zaikei/documents/{doc}/{date}/statement.csv?encoding`, `…/changes.csv?encoding`;
//! docs/zaikei.md §5), Shift_JIS or UTF-8.

use cjs_api_types::zaikei::{DocumentKind, screen};
use leptos::prelude::*;

use crate::pages::deduction::{ENCODINGS, FileButton, RadioRow};
use crate::pages::zaikei::{CyclePicker, OtherScreens, ZaikeiFrame, cycle_choice, routes};
use crate::screen::enter_screen;
use crate::widgets::errors::ErrorBanner;
use crate::widgets::form::FormState;

pub const TITLE: &str = "財形積立明細データエクスポート";

/// The columns of 財形積立明細データ for a kind of document, in file order (docs/zaikei.md §5.1).
pub fn statement_columns(kind: DocumentKind) -> &'static str {
    match kind {
        DocumentKind::Deposit => {
            "帳票, 作成基準日, 入金予定日, 行番号, 職員番号, カナ氏名, 漢字氏名, 財形種類, 店番, 口座番号, 預入金額, 奨励金"
        }
        DocumentKind::Balance => {
            "帳票, 作成基準日, 行番号, 職員番号, カナ氏名, 漢字氏名, 財形種類, 店番, 口座番号, 残高"
        }
        DocumentKind::Incentive => {
            "帳票, 作成基準日, 行番号, 職員番号, カナ氏名, 漢字氏名, 財形種類, 店番, 口座番号, 積立金額, 奨励金額"
        }
    }
}

/// The columns of 財形積立変更明細データ (預入依頼書 only, §5.2).
pub const CHANGE_COLUMNS: &str = "帳票, 作成基準日, 比較対象作成基準日, 行番号, 変更区分, 職員番号, カナ氏名, 漢字氏名, 財形種類, 変更前店番, 変更前口座番号, 変更前預入金額, 変更前奨励金, 変更後店番, 変更後口座番号, 変更後預入金額, 変更後奨励金";

#[component]
pub fn ZaikeiExportPage() -> impl IntoView {
    enter_screen(screen::EXPORT, TITLE);
    view! {
        <ZaikeiFrame>
            <Export />
        </ZaikeiFrame>
    }
}

#[component]
fn Export() -> impl IntoView {
    let form = FormState::new();
    let choice = cycle_choice(form);
    let has_changes = choice.has_changes();
    let encoding = RwSignal::new(ENCODINGS[0].0.to_owned());
    let columns = move || {
        choice
            .doc
            .with(|d| d.as_ref().map(|d| statement_columns(d.kind)))
    };
    view! {
        <section class="panel">
            <h1 class="page-title">{TITLE}</h1>
            <ErrorBanner form=form />
            <p class="lead">
                "帳票・作成基準日と文字コードを選択し、出力するデータの「CSV出力」ボタンをクリックしてください。財形積立変更明細データは預入依頼書のみ出力できます。"
            </p>
            <CyclePicker choice=choice />
            <OtherScreens choice=choice here=routes::EXPORT />
            <div class="form">
                <RadioRow name="encoding" label="文字コード" value=encoding options=ENCODINGS.to_vec() />
            </div>
            <div class="form-actions">
                <FileButton
                    form=form
                    label="財形積立明細データ CSV出力"
                    path=choice.file("statement.csv", Some(encoding))
                    fallback="zaikei-statement.csv"
                    testid="csv-statement"
                />
                <Show when=move || has_changes.get()>
                    <FileButton
                        form=form
                        label="財形積立変更明細データ CSV出力"
                        path=choice.file("changes.csv", Some(encoding))
                        fallback="zaikei-changes.csv"
                        testid="csv-changes"
                    />
                </Show>
            </div>
            <table class="grid grid-vertical" data-testid="csv-layout">
                <tbody>
                    <tr>
                        <th scope="row">"財形積立明細データ"</th>
                        <td data-testid="csv-columns">{columns}</td>
                    </tr>
                    <Show when=move || has_changes.get()>
                        <tr>
                            <th scope="row">"財形積立変更明細データ"</th>
                            <td>{CHANGE_COLUMNS}</td>
                        </tr>
                    </Show>
                    <tr>
                        <th scope="row">"形式"</th>
                        <td>
                            "1行目は項目名。帳票は帳票名（例: 預入依頼書（月例））、日付は YYYYMMDD、財形種類は 一般・住宅・年金、金額は円（区切りなし）。"
                        </td>
                    </tr>
                </tbody>
            </table>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_of_document_has_its_layout() {
        assert!(statement_columns(DocumentKind::Deposit).contains("入金予定日"));
        assert!(statement_columns(DocumentKind::Deposit).ends_with("預入金額, 奨励金"));
        assert!(statement_columns(DocumentKind::Balance).ends_with("口座番号, 残高"));
        assert!(!statement_columns(DocumentKind::Balance).contains("入金予定日"));
        assert!(statement_columns(DocumentKind::Incentive).ends_with("積立金額, 奨励金額"));
    }
}
