//! LR110101 賃控元帳明細データインポート: the exported file, edited, read back
//! (`POST /ledger/import?mode=check|apply&amounts_from`, docs/ledger.md §6.2). 「確認」 lists every
//! bad row (行, 列, 項目, 理由) and what would change; 「取込」 writes every row or none. Rows match
//! the 有効 line of the same 職員番号 + 種目コード, so the same file twice changes nothing.

use cjs_api_types::ledger::{ImportMode, ImportReport, screen};
use leptos::prelude::*;

use crate::api;
use crate::pages::ledger::upload::CsvImport;
use crate::pages::ledger::{
    LedgerFrame, LedgerReadOnly, next_month, read_only, routes, this_month,
};
use crate::screen::enter_screen;
use crate::widgets::errors::{DoneBanner, ErrorBanner};
use crate::widgets::field::Field;
use crate::widgets::form::FormState;

pub const TITLE: &str = "賃控元帳明細データインポート";

#[component]
pub fn ImportPage() -> impl IntoView {
    enter_screen(screen::LINE_IMPORT, TITLE);
    view! {
        <LedgerFrame>
            <Import />
        </LedgerFrame>
    }
}

#[component]
fn Import() -> impl IntoView {
    let form = FormState::new();
    let done = RwSignal::new(None::<String>);
    let read_only = read_only();
    let amounts_from = RwSignal::new(next_month(&this_month()).unwrap_or_default());
    let path = Callback::new(move |mode: ImportMode| {
        Some(api::ledger::import_path(
            mode,
            &amounts_from.get_untracked(),
        ))
    });
    let applied = Callback::new(move |r: ImportReport| {
        done.set(Some(format!(
            "賃控元帳明細データを取り込みました（新規 {}件、変更 {}件、変更なし {}件）。",
            r.new, r.changed, r.unchanged
        )));
    });
    view! {
        <section class="panel">
            <h1 class="page-title">{TITLE}</h1>
            <LedgerReadOnly />
            <DoneBanner message=done />
            <ErrorBanner form=form />
            <Show when=move || !read_only.get()>
                <p class="lead">
                    "適用月を入力してファイルを選択し、「確認」ボタンで内容を確認してから「取込」ボタンをクリックしてください。"
                </p>
                <div class="form">
                    <Field
                        name="amounts_from"
                        label="適用月"
                        hint="（金額を変更した明細は、この月の控除から新しい金額になります。例: 2024-07）"
                        value=amounts_from
                        form=form
                        kind="month"
                        maxlength=7
                    />
                </div>
                <CsvImport form=form path=path applied=applied disabled=false apply_label="取込" />
                <ul class="marks">
                    <li>
                        <a href=routes::EXPORT>"賃控元帳明細データエクスポート"</a>
                        "で出力したファイル（項目の並びと見出し行はそのまま）を取り込めます。"
                    </li>
                    <li>"職員番号と種目コードが同じ有効な明細を更新し、ない場合は新規登録します。ファイルにない明細は変更しません（終了する明細は終了月を入力してください）。"</li>
                    <li>"エラーが1件でもある場合は、1行も取り込みません。"</li>
                    <li>"文字コードはShift_JIS・UTF-8（BOMの有無を問わず）を自動で判別します。"</li>
                </ul>
            </Show>
        </section>
    }
}
