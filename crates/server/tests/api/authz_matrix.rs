//! The authorisation matrix: every operation of the OpenAPI document, asked by every kind of
//! caller, must answer the status its row names. A new endpoint fails
//! `every_operation_in_the_openapi_document_has_a_row` until it gets a row in `MATRIX`; a new
//! rule is a new row (or a new `UserParam` / body function), never a change to the runner.
//!
//! The callers, in the order of the columns of `MATRIX` (see `by_caller`):
//!
//! | caller                    | client (certificate)      | bearer token               |
//! |---------------------------|---------------------------|----------------------------|
//! | `anonymous`               | none                      | none                       |
//! | `no_certificate`          | none                      | the master's               |
//! | `other_users_certificate` | the general_full user's   | the master's               |
//! | `general_hidden`          | own                       | own (every restriction 非表示) |
//! | `general_read_only`       | own                       | own (閲覧のみ, 閲覧のみ, 非表示) |
//! | `general_full`            | own                       | own (`full()`)             |
//! | `master`                  | own                       | own                        |
//! | `other_contract_master`   | own                       | own, of another contract   |
//! | `no_group_master`         | own                       | own, of a contract with two payment groups, none chosen yet |
//!
//! `{user_id}` in a path is filled per row (`UserParam`): `Target` is `target01`, a general user
//! of the master's contract who is none of the callers (so for `other_contract_master` an ID of
//! a foreign contract: 404); `Own` is the caller's own ID; `Throwaway` is a disposable general
//! user of the master's contract.
//!
//! One fixture serves the whole matrix — one server, the users created once, one session per
//! identity reused by every row — so the run stays short. Rows that change state are written so
//! that neither the order of the rows nor the order of the callers matters:
//! - `POST /users` creates a fresh user ID on every request (`fresh0001`, `fresh0002`, ...);
//! - `DELETE /users/{user_id}` deletes a throwaway user: one is created (by the master) when a
//!   request needs it and none is pending, and it is discarded after any 2xx answer, so every
//!   caller meets a user that exists;
//! - `PUT /users/{user_id}` sends an empty change (`{}`), which changes nothing;
//! - `DELETE /session` ends a spare session made for each identity at setup, never the session
//!   the other rows use;
//! - `PUT /me/password` changes each caller's own password once; nothing afterwards logs in with
//!   a right password (the spare sessions exist before the first row runs);
//! - public endpoints get bodies that are well formed but wrong (an unknown contract, user,
//!   challenge or token; a wrong password), so everyone gets the same refusal and nothing is
//!   created. The wrong login password counts toward a lock at most twice per user (the
//!   general_full certificate is presented by two callers); the lock comes at six.

use std::cell::{Cell, RefCell};
use std::collections::BTreeSet;

use awc::Client;
use serde_json::{Value, json};

use crate::helpers::{INITIAL, PASSWORD, Session, TestApp, full, general_body, master_body};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Caller {
    Anonymous,
    NoCertificate,
    OtherUsersCertificate,
    GeneralHidden,
    GeneralReadOnly,
    GeneralFull,
    Master,
    OtherContractMaster,
    NoGroupMaster,
}

/// The columns of the matrix.
const CALLERS: [Caller; 9] = [
    Caller::Anonymous,
    Caller::NoCertificate,
    Caller::OtherUsersCertificate,
    Caller::GeneralHidden,
    Caller::GeneralReadOnly,
    Caller::GeneralFull,
    Caller::Master,
    Caller::OtherContractMaster,
    Caller::NoGroupMaster,
];

impl Caller {
    fn name(self) -> &'static str {
        match self {
            Caller::Anonymous => "anonymous",
            Caller::NoCertificate => "no_certificate",
            Caller::OtherUsersCertificate => "other_users_certificate",
            Caller::GeneralHidden => "general_hidden",
            Caller::GeneralReadOnly => "general_read_only",
            Caller::GeneralFull => "general_full",
            Caller::Master => "master",
            Caller::OtherContractMaster => "other_contract_master",
            Caller::NoGroupMaster => "no_group_master",
        }
    }
}

/// The statuses of one row, in the order of `CALLERS` (the column heads in `MATRIX` abbreviate
/// them: anonymous, no_certificate, other_users_certificate, general_hidden, general_read_only,
/// general_full, master, other_contract_master, no_group_master).
const fn by_caller(s: [u16; 9]) -> [(Caller, u16); 9] {
    let c = CALLERS;
    [
        (c[0], s[0]),
        (c[1], s[1]),
        (c[2], s[2]),
        (c[3], s[3]),
        (c[4], s[4]),
        (c[5], s[5]),
        (c[6], s[6]),
        (c[7], s[7]),
        (c[8], s[8]),
    ]
}

/// What `{user_id}` in the path stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum UserParam {
    /// The path has no `{user_id}`.
    None,
    /// `target01`, a general user of the master's contract who is none of the callers.
    Target,
    /// The caller's own user ID (the master's for the callers carrying the master's token,
    /// `target01` for `anonymous`).
    Own,
    /// A throwaway general user of the master's contract (see the module doc).
    Throwaway,
    /// Not a user: `{id}` is a manual registered for everyone.
    Manual,
    /// Not a user: 労金控除 of the master's group — `{id}` its detail, `{occasion}/{month}` its
    /// April cycle (request data made, 支給日 passed, 未確定), `{line_no}` its first line.
    Deduction,
    /// Not a user: 賃控元帳 of the master's group — `{id}` its item 101 (under `/items/`) or its
    /// line, `{occasion}/{month}` monthly 2024-06 (its run made), `{list}` the 内訳; the query a
    /// row needs (`?version=0` on an item delete, `?mode=check` on an import, 適用月 on the
    /// lines' import).
    Ledger,
    /// Not a user: 一斉積立 of the master's group — `{no}` its run 014 (with lines; 013 before it,
    /// 015 受信情報のみ after it).
    Collective,
    /// Not a user: 財形 — `{doc}/{date}` the 預入依頼書（月例） of 2024-07-16 (no caller's contract
    /// is an employer's, so no caller reaches it).
    Zaikei,
}

/// Which of the caller's sessions the request uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SessionUse {
    /// The session every row shares.
    Main,
    /// A second session of the same identity, for a row that ends it.
    Spare,
}

struct Row {
    method: &'static str,
    /// As in the OpenAPI document.
    path: &'static str,
    user_id: UserParam,
    session: SessionUse,
    body: fn(&Fixture) -> Option<Value>,
    expected: [(Caller, u16); 9],
}

use SessionUse::{Main, Spare};
use UserParam::{
    Collective, Deduction, Ledger, Manual, None as NoParam, Own, Target, Throwaway, Zaikei,
};

#[rustfmt::skip]
const MATRIX: &[Row] = &[
    // Public: the same answer whoever asks (and whatever token or certificate comes along).
    //                         anon ncrt ocrt hidn r/o  full mstr othr nogr
    Row { method: "GET", path: "/api/v1/health", user_id: NoParam, session: Main, body: no_body,
          expected: by_caller([200, 200, 200, 200, 200, 200, 200, 200, 200]) },
    Row { method: "GET", path: "/api/v1/ready", user_id: NoParam, session: Main, body: no_body,
          expected: by_caller([200, 200, 200, 200, 200, 200, 200, 200, 200]) },
    Row { method: "GET", path: "/api/v1/client-certificate", user_id: NoParam, session: Main, body: no_body,
          expected: by_caller([200, 200, 200, 200, 200, 200, 200, 200, 200]) },
    Row { method: "GET", path: "/api/v1/certificates/crl", user_id: NoParam, session: Main, body: no_body,
          expected: by_caller([200, 200, 200, 200, 200, 200, 200, 200, 200]) },
    // E2001: no such contract.
    Row { method: "POST", path: "/api/v1/registration/contract", user_id: NoParam, session: Main, body: unknown_contract,
          expected: by_caller([401, 401, 401, 401, 401, 401, 401, 401, 401]) },
    // E2111: no such registration token.
    Row { method: "POST", path: "/api/v1/registration/master", user_id: NoParam, session: Main, body: unknown_registration_token,
          expected: by_caller([422, 422, 422, 422, 422, 422, 422, 422, 422]) },
    // E2002: no such user.
    Row { method: "POST", path: "/api/v1/certificates/challenge", user_id: NoParam, session: Main, body: unknown_user,
          expected: by_caller([401, 401, 401, 401, 401, 401, 401, 401, 401]) },
    // E2108: no such challenge.
    Row { method: "POST", path: "/api/v1/certificates/verify", user_id: NoParam, session: Main, body: unknown_challenge,
          expected: by_caller([422, 422, 422, 422, 422, 422, 422, 422, 422]) },
    // E2110: no such issue token.
    Row { method: "POST", path: "/api/v1/certificates/issue", user_id: NoParam, session: Main, body: unknown_issue_token,
          expected: by_caller([422, 422, 422, 422, 422, 422, 422, 422, 422]) },
    // Login: E2101 without a certificate, E2002 with one (the password is wrong).
    Row { method: "POST", path: "/api/v1/session", user_id: NoParam, session: Main, body: wrong_password,
          expected: by_caller([401, 401, 401, 401, 401, 401, 401, 401, 401]) },

    // Any logged-in user, whatever the restrictions.
    //                         anon ncrt ocrt hidn r/o  full mstr othr nogr
    Row { method: "GET", path: "/api/v1/me", user_id: NoParam, session: Main, body: no_body,
          expected: by_caller([401, 401, 401, 200, 200, 200, 200, 200, 200]) },
    Row { method: "PUT", path: "/api/v1/me/password", user_id: NoParam, session: Main, body: own_password_change,
          expected: by_caller([401, 401, 401, 204, 204, 204, 204, 204, 204]) },
    Row { method: "DELETE", path: "/api/v1/session", user_id: NoParam, session: Spare, body: no_body,
          expected: by_caller([401, 401, 401, 204, 204, 204, 204, 204, 204]) },
    // The master's contract's payment group: another contract's master does not see it.
    Row { method: "PUT", path: "/api/v1/session/payment-group", user_id: NoParam, session: Main, body: masters_payment_group,
          expected: by_caller([401, 401, 401, 204, 204, 204, 204, 404, 404]) },

    // システム管理機能: masters only, each within their own contract.
    //                         anon ncrt ocrt hidn r/o  full mstr othr nogr
    Row { method: "GET", path: "/api/v1/users", user_id: NoParam, session: Main, body: no_body,
          expected: by_caller([401, 401, 401, 403, 403, 403, 200, 200, 200]) },
    Row { method: "POST", path: "/api/v1/users", user_id: NoParam, session: Main, body: new_general_user,
          expected: by_caller([401, 401, 401, 403, 403, 403, 201, 201, 201]) },
    Row { method: "GET", path: "/api/v1/users/{user_id}", user_id: Target, session: Main, body: no_body,
          expected: by_caller([401, 401, 401, 403, 403, 403, 200, 404, 404]) },
    // Everyone may look at themselves.
    Row { method: "GET", path: "/api/v1/users/{user_id}", user_id: Own, session: Main, body: no_body,
          expected: by_caller([401, 401, 401, 200, 200, 200, 200, 200, 200]) },
    Row { method: "PUT", path: "/api/v1/users/{user_id}", user_id: Target, session: Main, body: no_change,
          expected: by_caller([401, 401, 401, 403, 403, 403, 200, 404, 404]) },
    // A general user does not change themselves here; a master changes their own profile.
    Row { method: "PUT", path: "/api/v1/users/{user_id}", user_id: Own, session: Main, body: no_change,
          expected: by_caller([401, 401, 401, 403, 403, 403, 200, 200, 200]) },
    Row { method: "DELETE", path: "/api/v1/users/{user_id}", user_id: Throwaway, session: Main, body: no_body,
          expected: by_caller([401, 401, 401, 403, 403, 403, 204, 404, 404]) },
    // Nobody deletes themselves: a general user is no administrator, a master is never deleted.
    Row { method: "DELETE", path: "/api/v1/users/{user_id}", user_id: Own, session: Main, body: no_body,
          expected: by_caller([401, 401, 401, 403, 403, 403, 403, 403, 403]) },
    Row { method: "GET", path: "/api/v1/operation-log", user_id: NoParam, session: Main, body: no_body,
          expected: by_caller([401, 401, 401, 403, 403, 403, 200, 200, 200]) },

    // The information screen and common functions: every logged-in user, within their contract
    // (a contract with one payment group has it chosen at login). The group-scoped ones answer
    // E2305 until a group is chosen; the contract-wide ones (お知らせ, マニュアル) do not need one.
    //                         anon ncrt ocrt hidn r/o  full mstr othr nogr
    Row { method: "GET", path: "/api/v1/info", user_id: NoParam, session: Main, body: no_body,
          expected: by_caller([401, 401, 401, 200, 200, 200, 200, 200, 403]) },
    Row { method: "GET", path: "/api/v1/schedules", user_id: NoParam, session: Main, body: no_body,
          expected: by_caller([401, 401, 401, 200, 200, 200, 200, 200, 403]) },
    Row { method: "GET", path: "/api/v1/notices", user_id: NoParam, session: Main, body: no_body,
          expected: by_caller([401, 401, 401, 200, 200, 200, 200, 200, 200]) },
    Row { method: "GET", path: "/api/v1/manuals", user_id: NoParam, session: Main, body: no_body,
          expected: by_caller([401, 401, 401, 200, 200, 200, 200, 200, 200]) },
    Row { method: "GET", path: "/api/v1/manuals/{id}", user_id: Manual, session: Main, body: no_body,
          expected: by_caller([401, 401, 401, 200, 200, 200, 200, 200, 200]) },

    // 労金控除事務 (the master's group has it with 明細更新; the other contract's group has no
    // cycle and none of these details): 閲覧のみ reads, 非表示 sees nothing, no group chosen is
    // E2305. Changes send a stale version (E1010), so no row changes what another row reads;
    // 追加登録 adds a fresh 職員番号 every time; the other contract has no 入力中 cycle (E1011).
    //                         anon ncrt ocrt hidn r/o  full mstr othr nogr
    Row { method: "GET", path: "/api/v1/deduction/details", user_id: NoParam, session: Main, body: no_body,
          expected: by_caller([401, 401, 401, 403, 200, 200, 200, 200, 403]) },
    Row { method: "POST", path: "/api/v1/deduction/details", user_id: NoParam, session: Main, body: new_detail,
          expected: by_caller([401, 401, 401, 403, 403, 201, 201, 409, 403]) },
    Row { method: "GET", path: "/api/v1/deduction/details/{id}", user_id: Deduction, session: Main, body: no_body,
          expected: by_caller([401, 401, 401, 403, 200, 200, 200, 404, 403]) },
    Row { method: "PUT", path: "/api/v1/deduction/details/{id}", user_id: Deduction, session: Main, body: stale_detail_change,
          expected: by_caller([401, 401, 401, 403, 403, 409, 409, 404, 403]) },
    Row { method: "POST", path: "/api/v1/deduction/details/{id}/cancel", user_id: Deduction, session: Main, body: stale_version,
          expected: by_caller([401, 401, 401, 403, 403, 409, 409, 404, 403]) },
    Row { method: "GET", path: "/api/v1/deduction/products", user_id: NoParam, session: Main, body: no_body,
          expected: by_caller([401, 401, 401, 403, 200, 200, 200, 200, 403]) },
    Row { method: "GET", path: "/api/v1/deduction/history", user_id: NoParam, session: Main, body: no_body,
          expected: by_caller([401, 401, 401, 403, 200, 200, 200, 200, 403]) },
    Row { method: "GET", path: "/api/v1/deduction/cycles", user_id: NoParam, session: Main, body: no_body,
          expected: by_caller([401, 401, 401, 403, 200, 200, 200, 200, 403]) },
    Row { method: "GET", path: "/api/v1/deduction/cycles/{occasion}/{month}/lines", user_id: Deduction, session: Main, body: no_body,
          expected: by_caller([401, 401, 401, 403, 200, 200, 200, 404, 403]) },
    Row { method: "GET", path: "/api/v1/deduction/cycles/{occasion}/{month}/requests.csv", user_id: Deduction, session: Main, body: no_body,
          expected: by_caller([401, 401, 401, 403, 200, 200, 200, 404, 403]) },
    Row { method: "GET", path: "/api/v1/deduction/cycles/{occasion}/{month}/employer-request", user_id: Deduction, session: Main, body: no_body,
          expected: by_caller([401, 401, 401, 403, 200, 200, 200, 404, 403]) },
    Row { method: "GET", path: "/api/v1/deduction/cycles/{occasion}/{month}/employer-request.csv", user_id: Deduction, session: Main, body: no_body,
          expected: by_caller([401, 401, 401, 403, 200, 200, 200, 404, 403]) },
    Row { method: "GET", path: "/api/v1/deduction/cycles/{occasion}/{month}/request-list.pdf", user_id: Deduction, session: Main, body: no_body,
          expected: by_caller([401, 401, 401, 403, 200, 200, 200, 404, 403]) },
    Row { method: "GET", path: "/api/v1/deduction/cycles/{occasion}/{month}/employer-request.pdf", user_id: Deduction, session: Main, body: no_body,
          expected: by_caller([401, 401, 401, 403, 200, 200, 200, 404, 403]) },
    Row { method: "GET", path: "/api/v1/deduction/cycles/{occasion}/{month}/lump/request.pdf", user_id: Deduction, session: Main, body: no_body,
          expected: by_caller([401, 401, 401, 403, 200, 200, 200, 404, 403]) },
    Row { method: "GET", path: "/api/v1/deduction/cycles/{occasion}/{month}/lump/updates.pdf", user_id: Deduction, session: Main, body: no_body,
          expected: by_caller([401, 401, 401, 403, 200, 200, 200, 404, 403]) },
    // Only once 確定 (the fixture's is not: E1020).
    Row { method: "GET", path: "/api/v1/deduction/cycles/{occasion}/{month}/lump/web-updates.pdf", user_id: Deduction, session: Main, body: no_body,
          expected: by_caller([401, 401, 401, 403, 409, 409, 409, 404, 403]) },
    Row { method: "GET", path: "/api/v1/deduction/cycles/{occasion}/{month}/results.pdf", user_id: Deduction, session: Main, body: no_body,
          expected: by_caller([401, 401, 401, 403, 200, 200, 200, 404, 403]) },
    // 入金中止 set and unset: allowed whenever (支給日 passed, 未確定), so the order does not matter.
    Row { method: "PUT", path: "/api/v1/deduction/cycles/{occasion}/{month}/lines/{line_no}/stop", user_id: Deduction, session: Main, body: stop_retired,
          expected: by_caller([401, 401, 401, 403, 403, 200, 200, 404, 403]) },
    Row { method: "DELETE", path: "/api/v1/deduction/cycles/{occasion}/{month}/lines/{line_no}/stop", user_id: Deduction, session: Main, body: no_body,
          expected: by_caller([401, 401, 401, 403, 403, 200, 200, 404, 403]) },
    Row { method: "GET", path: "/api/v1/deduction/cycles/{occasion}/{month}/lump", user_id: Deduction, session: Main, body: no_body,
          expected: by_caller([401, 401, 401, 403, 200, 200, 200, 404, 403]) },
    Row { method: "POST", path: "/api/v1/deduction/cycles/{occasion}/{month}/lump/confirm", user_id: Deduction, session: Main, body: stale_version,
          expected: by_caller([401, 401, 401, 403, 403, 409, 409, 404, 403]) },
    Row { method: "POST", path: "/api/v1/deduction/cycles/{occasion}/{month}/lump/undo", user_id: Deduction, session: Main, body: stale_version,
          expected: by_caller([401, 401, 401, 403, 403, 409, 409, 404, 403]) },

    // 賃控元帳事務 (the master's group: item 101, one line, the run of monthly 2024-06; the other
    // contract's group has none of them): 閲覧のみ reads and prints, 非表示 sees nothing, no group
    // chosen is E2305. Changes send a stale version or fingerprint (E1010 / E1040 / E1036), so no
    // row changes what another reads; 登録 takes a fresh code or 職員番号 every time (the other
    // contract has no item 101: E1041; no line for a run: E1037); imports only check.
    //                         anon ncrt ocrt hidn r/o  full mstr othr nogr
    Row { method: "GET", path: "/api/v1/ledger/items", user_id: NoParam, session: Main, body: no_body,
          expected: by_caller([401, 401, 401, 403, 200, 200, 200, 200, 403]) },
    Row { method: "POST", path: "/api/v1/ledger/items", user_id: NoParam, session: Main, body: new_item,
          expected: by_caller([401, 401, 401, 403, 403, 201, 201, 201, 403]) },
    Row { method: "PUT", path: "/api/v1/ledger/items/{id}", user_id: Ledger, session: Main, body: stale_item_change,
          expected: by_caller([401, 401, 401, 403, 403, 409, 409, 404, 403]) },
    Row { method: "DELETE", path: "/api/v1/ledger/items/{id}", user_id: Ledger, session: Main, body: no_body,
          expected: by_caller([401, 401, 401, 403, 403, 409, 409, 404, 403]) },
    Row { method: "GET", path: "/api/v1/ledger/lines", user_id: NoParam, session: Main, body: no_body,
          expected: by_caller([401, 401, 401, 403, 200, 200, 200, 200, 403]) },
    Row { method: "POST", path: "/api/v1/ledger/lines", user_id: NoParam, session: Main, body: new_ledger_line,
          expected: by_caller([401, 401, 401, 403, 403, 201, 201, 422, 403]) },
    Row { method: "GET", path: "/api/v1/ledger/lines/{id}", user_id: Ledger, session: Main, body: no_body,
          expected: by_caller([401, 401, 401, 403, 200, 200, 200, 404, 403]) },
    Row { method: "PUT", path: "/api/v1/ledger/lines/{id}", user_id: Ledger, session: Main, body: stale_ledger_change,
          expected: by_caller([401, 401, 401, 403, 403, 409, 409, 404, 403]) },
    Row { method: "POST", path: "/api/v1/ledger/lines/{id}/cancel", user_id: Ledger, session: Main, body: stale_version,
          expected: by_caller([401, 401, 401, 403, 403, 409, 409, 404, 403]) },
    Row { method: "GET", path: "/api/v1/ledger/lines.csv", user_id: NoParam, session: Main, body: no_body,
          expected: by_caller([401, 401, 401, 403, 200, 200, 200, 200, 403]) },
    Row { method: "POST", path: "/api/v1/ledger/import", user_id: Ledger, session: Main, body: not_a_file,
          expected: by_caller([401, 401, 401, 403, 403, 200, 200, 200, 403]) },
    Row { method: "GET", path: "/api/v1/ledger/history", user_id: NoParam, session: Main, body: no_body,
          expected: by_caller([401, 401, 401, 403, 200, 200, 200, 200, 403]) },
    Row { method: "POST", path: "/api/v1/ledger/bulk/preview", user_id: NoParam, session: Main, body: bulk_dues,
          expected: by_caller([401, 401, 401, 403, 403, 200, 200, 422, 403]) },
    Row { method: "POST", path: "/api/v1/ledger/bulk/apply", user_id: NoParam, session: Main, body: bulk_dues_stale,
          expected: by_caller([401, 401, 401, 403, 403, 409, 409, 422, 403]) },
    Row { method: "GET", path: "/api/v1/ledger/runs", user_id: NoParam, session: Main, body: no_body,
          expected: by_caller([401, 401, 401, 403, 200, 200, 200, 200, 403]) },
    Row { method: "GET", path: "/api/v1/ledger/cycles/{occasion}/{month}/check/{list}", user_id: Ledger, session: Main, body: no_body,
          expected: by_caller([401, 401, 401, 403, 200, 200, 200, 200, 403]) },
    Row { method: "GET", path: "/api/v1/ledger/cycles/{occasion}/{month}/check/{list}.pdf", user_id: Ledger, session: Main, body: no_body,
          expected: by_caller([401, 401, 401, 403, 200, 200, 200, 200, 403]) },
    Row { method: "GET", path: "/api/v1/ledger/cycles/{occasion}/{month}/run", user_id: Ledger, session: Main, body: no_body,
          expected: by_caller([401, 401, 401, 403, 200, 200, 200, 409, 403]) },
    Row { method: "POST", path: "/api/v1/ledger/cycles/{occasion}/{month}/run", user_id: Ledger, session: Main, body: no_change,
          expected: by_caller([401, 401, 401, 403, 403, 409, 409, 422, 403]) },
    Row { method: "GET", path: "/api/v1/ledger/cycles/{occasion}/{month}/lines", user_id: Ledger, session: Main, body: no_body,
          expected: by_caller([401, 401, 401, 403, 200, 200, 200, 409, 403]) },
    Row { method: "GET", path: "/api/v1/ledger/cycles/{occasion}/{month}/request-list.pdf", user_id: Ledger, session: Main, body: no_body,
          expected: by_caller([401, 401, 401, 403, 200, 200, 200, 409, 403]) },
    Row { method: "GET", path: "/api/v1/ledger/cycles/{occasion}/{month}/mismatches", user_id: Ledger, session: Main, body: no_body,
          expected: by_caller([401, 401, 401, 403, 200, 200, 200, 409, 403]) },
    Row { method: "GET", path: "/api/v1/ledger/cycles/{occasion}/{month}/mismatch-list.pdf", user_id: Ledger, session: Main, body: no_body,
          expected: by_caller([401, 401, 401, 403, 200, 200, 200, 409, 403]) },
    Row { method: "GET", path: "/api/v1/ledger/cycles/{occasion}/{month}/requests.csv", user_id: Ledger, session: Main, body: no_body,
          expected: by_caller([401, 401, 401, 403, 200, 200, 200, 409, 403]) },
    Row { method: "PUT", path: "/api/v1/ledger/cycles/{occasion}/{month}/results", user_id: Ledger, session: Main, body: stale_results,
          expected: by_caller([401, 401, 401, 403, 403, 409, 409, 409, 403]) },
    Row { method: "POST", path: "/api/v1/ledger/cycles/{occasion}/{month}/results/import", user_id: Ledger, session: Main, body: not_a_file,
          expected: by_caller([401, 401, 401, 403, 403, 200, 200, 409, 403]) },
    Row { method: "GET", path: "/api/v1/ledger/cycles/{occasion}/{month}/results.pdf", user_id: Ledger, session: Main, body: no_body,
          expected: by_caller([401, 401, 401, 403, 200, 200, 200, 409, 403]) },
    Row { method: "GET", path: "/api/v1/ledger/cycles/{occasion}/{month}/combined", user_id: Ledger, session: Main, body: no_body,
          expected: by_caller([401, 401, 401, 403, 200, 200, 200, 409, 403]) },
    Row { method: "GET", path: "/api/v1/ledger/cycles/{occasion}/{month}/combined.csv", user_id: Ledger, session: Main, body: no_body,
          expected: by_caller([401, 401, 401, 403, 200, 200, 200, 409, 403]) },
    Row { method: "GET", path: "/api/v1/ledger/cycles/{occasion}/{month}/combined.pdf", user_id: Ledger, session: Main, body: no_body,
          expected: by_caller([401, 401, 401, 403, 200, 200, 200, 409, 403]) },

    // 一斉積立事務 (the master's group: runs 013, 014 and 015; the other contract's group has
    // none: E1050): every operation reads, so 表示 is all and 非表示 nothing — the 閲覧のみ caller
    // has 一斉積立 非表示 (E2302); no group chosen is E2305.
    //                         anon ncrt ocrt hidn r/o  full mstr othr nogr
    Row { method: "GET", path: "/api/v1/collective/runs", user_id: NoParam, session: Main, body: no_body,
          expected: by_caller([401, 401, 401, 403, 403, 200, 200, 200, 403]) },
    Row { method: "GET", path: "/api/v1/collective/runs/{no}/lines", user_id: Collective, session: Main, body: no_body,
          expected: by_caller([401, 401, 401, 403, 403, 200, 200, 409, 403]) },
    Row { method: "GET", path: "/api/v1/collective/runs/{no}/changes", user_id: Collective, session: Main, body: no_body,
          expected: by_caller([401, 401, 401, 403, 403, 200, 200, 409, 403]) },
    Row { method: "GET", path: "/api/v1/collective/runs/{no}/lines.pdf", user_id: Collective, session: Main, body: no_body,
          expected: by_caller([401, 401, 401, 403, 403, 200, 200, 409, 403]) },
    Row { method: "GET", path: "/api/v1/collective/runs/{no}/changes.pdf", user_id: Collective, session: Main, body: no_body,
          expected: by_caller([401, 401, 401, 403, 403, 200, 200, 409, 403]) },
    Row { method: "GET", path: "/api/v1/collective/runs/{no}/lines.csv", user_id: Collective, session: Main, body: no_body,
          expected: by_caller([401, 401, 401, 403, 403, 200, 200, 409, 403]) },
    Row { method: "GET", path: "/api/v1/collective/runs/{no}/changes.csv", user_id: Collective, session: Main, body: no_body,
          expected: by_caller([401, 401, 401, 403, 403, 200, 200, 409, 403]) },

    // 財形貯蓄事務: an employer's menu. Every caller here is of a member contract, whose groups
    // have no 財形 (E2302; no group chosen is E2305): the employer's own answers are in
    // `tests/api/zaikei.rs`.
    //                         anon ncrt ocrt hidn r/o  full mstr othr nogr
    Row { method: "GET", path: "/api/v1/zaikei/documents", user_id: NoParam, session: Main, body: no_body,
          expected: by_caller([401, 401, 401, 403, 403, 403, 403, 403, 403]) },
    Row { method: "GET", path: "/api/v1/zaikei/documents/{doc}/{date}/lines", user_id: Zaikei, session: Main, body: no_body,
          expected: by_caller([401, 401, 401, 403, 403, 403, 403, 403, 403]) },
    Row { method: "GET", path: "/api/v1/zaikei/documents/{doc}/{date}/changes", user_id: Zaikei, session: Main, body: no_body,
          expected: by_caller([401, 401, 401, 403, 403, 403, 403, 403, 403]) },
    Row { method: "GET", path: "/api/v1/zaikei/documents/{doc}/{date}/statement.pdf", user_id: Zaikei, session: Main, body: no_body,
          expected: by_caller([401, 401, 401, 403, 403, 403, 403, 403, 403]) },
    Row { method: "GET", path: "/api/v1/zaikei/documents/{doc}/{date}/changes.pdf", user_id: Zaikei, session: Main, body: no_body,
          expected: by_caller([401, 401, 401, 403, 403, 403, 403, 403, 403]) },
    Row { method: "GET", path: "/api/v1/zaikei/documents/{doc}/{date}/statement.csv", user_id: Zaikei, session: Main, body: no_body,
          expected: by_caller([401, 401, 401, 403, 403, 403, 403, 403, 403]) },
    Row { method: "GET", path: "/api/v1/zaikei/documents/{doc}/{date}/changes.csv", user_id: Zaikei, session: Main, body: no_body,
          expected: by_caller([401, 401, 401, 403, 403, 403, 403, 403, 403]) },
];

// ---- Bodies ----

fn no_body(_: &Fixture) -> Option<Value> {
    None
}

fn no_change(_: &Fixture) -> Option<Value> {
    Some(json!({}))
}

/// A well-formed contract number that is neither fixture contract.
fn unknown_contract(fx: &Fixture) -> Option<Value> {
    let taken = [
        &fx.master.session.contract,
        &fx.other_master.session.contract,
    ];
    let number = ["99999999", "99999998", "99999997"]
        .into_iter()
        .find(|n| !taken.iter().any(|t| t.as_str() == *n))
        .expect("a free contract number");
    Some(json!({"contract_number": number, "initial_password": INITIAL}))
}

fn unknown_registration_token(_: &Fixture) -> Option<Value> {
    Some(master_body(&"0".repeat(64), "nobody99"))
}

fn unknown_user(_: &Fixture) -> Option<Value> {
    Some(json!({"user_id": "nobody99", "password": PASSWORD}))
}

fn unknown_challenge(_: &Fixture) -> Option<Value> {
    Some(json!({"challenge_id": format!("{}.key", "0".repeat(32)), "code": "123456"}))
}

fn unknown_issue_token(_: &Fixture) -> Option<Value> {
    Some(json!({"issue_token": format!("{}.key", "0".repeat(64))}))
}

fn wrong_password(_: &Fixture) -> Option<Value> {
    Some(json!({"password": "Wr0ng!pass"}))
}

fn own_password_change(_: &Fixture) -> Option<Value> {
    Some(json!({
        "current_password": PASSWORD,
        "new_password": "Changed1!",
        "new_password_confirmation": "Changed1!"
    }))
}

fn masters_payment_group(fx: &Fixture) -> Option<Value> {
    Some(json!({"number": fx.master.session.group}))
}

fn new_general_user(fx: &Fixture) -> Option<Value> {
    Some(general_body(&fx.fresh_user_id(), full()))
}

fn new_detail(fx: &Fixture) -> Option<Value> {
    let n = fx.next_employee.get() + 1;
    fx.next_employee.set(n);
    Some(crate::deduction::detail(100 + n, "ﾛｳｷﾝ ﾀﾛｳ", 1_000))
}

fn stale_detail_change(_: &Fixture) -> Option<Value> {
    Some(json!({"version": 0, "detail": crate::deduction::detail(1, "ﾛｳｷﾝ ﾀﾛｳ", 1_000)}))
}

fn stale_version(_: &Fixture) -> Option<Value> {
    Some(json!({"version": 0}))
}

fn stop_retired(_: &Fixture) -> Option<Value> {
    Some(json!({"reason": "retired"}))
}

fn new_item(fx: &Fixture) -> Option<Value> {
    let n = fx.next_employee.get() + 1;
    fx.next_employee.set(n);
    Some(crate::ledger::item(
        &format!("{}", 500 + n),
        "互助会費",
        "other",
        true,
        false,
    ))
}

fn stale_item_change(_: &Fixture) -> Option<Value> {
    Some(
        json!({"version": 0, "item": crate::ledger::item("101", "組合費", "union_dues", true, false)}),
    )
}

fn new_ledger_line(fx: &Fixture) -> Option<Value> {
    let n = fx.next_employee.get() + 1;
    fx.next_employee.set(n);
    Some(crate::ledger::line(100 + n, "ﾛｳｷﾝ ﾀﾛｳ", "101", 1_000))
}

fn stale_ledger_change(_: &Fixture) -> Option<Value> {
    Some(json!({"version": 0, "line": crate::ledger::line(1, "ﾛｳｷﾝ ﾀﾛｳ", "101", 1_000)}))
}

/// A body that is no ledger file (an import checks it and lists the problem).
fn not_a_file(_: &Fixture) -> Option<Value> {
    Some(json!({}))
}

fn bulk_dues(_: &Fixture) -> Option<Value> {
    Some(
        json!({"item_code": "101", "monthly": {"mode": "add", "value": 500}, "amounts_from": "2024-07"}),
    )
}

fn bulk_dues_stale(_: &Fixture) -> Option<Value> {
    Some(
        json!({"request": {"item_code": "101", "monthly": {"mode": "add", "value": 500}, "amounts_from": "2024-07"}, "fingerprint": "0"}),
    )
}

fn stale_results(_: &Fixture) -> Option<Value> {
    Some(json!({"version": 0, "results": []}))
}

// ---- The fixture ----

/// An identity of the fixture: its main session and a spare token of a second session.
struct Person {
    session: Session,
    spare: String,
}

struct Fixture {
    app: TestApp,
    master: Person,
    other_master: Person,
    no_group_master: Person,
    hidden: Person,
    read_only: Person,
    full: Person,
    target: String,
    /// A manual registered for everyone.
    manual: String,
    /// A 労金控除明細 of the master's group.
    detail_id: String,
    /// The master's 賃控元帳 item 101 and line.
    ledger_item: String,
    ledger_line: String,
    next_employee: Cell<u32>,
    /// A client presenting no certificate.
    bare: Client,
    next_id: Cell<u32>,
    throwaway: RefCell<Option<String>>,
}

impl Fixture {
    async fn new() -> Fixture {
        let app = TestApp::spawn().await;
        let master = app.master("rokin01").await;
        let other_master = app.master("other01").await;
        let (no_group_master, _) = app.master_of_two_groups("nogroup01").await;
        let hidden = app
            .general(
                &master,
                "hidden01",
                json!({"rokin_deduction": "hidden", "ledger": "hidden", "collective_savings": "hidden"}),
            )
            .await;
        let read_only = app
            .general(
                &master,
                "readonly01",
                json!({"rokin_deduction": "read_only", "ledger": "read_only", "collective_savings": "hidden"}),
            )
            .await;
        let full_user = app.general(&master, "full01", full()).await;
        let target = "target01".to_owned();
        let (s, b) = master
            .call(
                &app,
                "POST",
                "/api/v1/users",
                Some(general_body(&target, full())),
            )
            .await;
        assert_eq!(s, 201, "{b}");
        let detail_id = deduction_data(&app, &master).await;
        let (ledger_item, ledger_line) = ledger_data(&app, &master).await;
        crate::collective::load_runs(&app, &master.group);
        let manual = app
            .operator()
            .add_manual(
                "ご利用マニュアル",
                "",
                &cjs_server::manuals::sample_pdf("guide"),
                "guide.pdf",
                None,
            )
            .expect("manual");
        let mut people = Vec::new();
        for session in [
            master,
            other_master,
            no_group_master,
            hidden,
            read_only,
            full_user,
        ] {
            let spare = app
                .login(&session.id, PASSWORD)
                .await
                .unwrap_or_else(|e| panic!("spare session of {}: {e:?}", session.user_id));
            people.push(Person { session, spare });
        }
        let Ok(
            [
                master,
                other_master,
                no_group_master,
                hidden,
                read_only,
                full,
            ],
        ) = <[Person; 6]>::try_from(people)
        else {
            unreachable!("six people");
        };
        Fixture {
            master,
            other_master,
            no_group_master,
            hidden,
            read_only,
            full,
            target,
            manual,
            detail_id,
            ledger_item,
            ledger_line,
            next_employee: Cell::new(0),
            bare: app.client(),
            app,
            next_id: Cell::new(0),
            throwaway: RefCell::new(None),
        }
    }

    fn fresh_user_id(&self) -> String {
        let n = self.next_id.get() + 1;
        self.next_id.set(n);
        format!("fresh{n:04}")
    }

    /// The pending throwaway user, created by the master when there is none.
    async fn throwaway(&self) -> String {
        let pending = self.throwaway.borrow().clone();
        if let Some(id) = pending {
            return id;
        }
        let id = self.fresh_user_id();
        let (s, b) = self
            .master
            .session
            .call(
                &self.app,
                "POST",
                "/api/v1/users",
                Some(general_body(&id, full())),
            )
            .await;
        assert_eq!(s, 201, "creating the throwaway user {id}: {b}");
        *self.throwaway.borrow_mut() = Some(id.clone());
        id
    }

    /// The client, the token and the caller's own user ID.
    fn as_caller<'a>(
        &'a self,
        caller: Caller,
        session: SessionUse,
    ) -> (&'a Client, Option<&'a str>, &'a str) {
        fn token(p: &Person, session: SessionUse) -> &str {
            match session {
                Main => &p.session.token,
                Spare => &p.spare,
            }
        }
        let own = |p: &'a Person| {
            (
                &p.session.client,
                Some(token(p, session)),
                p.session.user_id.as_str(),
            )
        };
        match caller {
            Caller::Anonymous => (&self.bare, None, self.target.as_str()),
            Caller::NoCertificate => (
                &self.bare,
                Some(token(&self.master, session)),
                &self.master.session.user_id,
            ),
            Caller::OtherUsersCertificate => (
                &self.full.session.client,
                Some(token(&self.master, session)),
                &self.master.session.user_id,
            ),
            Caller::GeneralHidden => own(&self.hidden),
            Caller::GeneralReadOnly => own(&self.read_only),
            Caller::GeneralFull => own(&self.full),
            Caller::Master => own(&self.master),
            Caller::OtherContractMaster => own(&self.other_master),
            Caller::NoGroupMaster => own(&self.no_group_master),
        }
    }

    async fn path_for(&self, row: &Row, own: &str) -> String {
        if let UserParam::Manual = row.user_id {
            return row.path.replace("{id}", &self.manual);
        }
        if let UserParam::Deduction = row.user_id {
            return row
                .path
                .replace("{id}", &self.detail_id)
                .replace("{occasion}", "monthly")
                .replace("{month}", "2024-04")
                .replace("{line_no}", "1");
        }
        if let UserParam::Ledger = row.user_id {
            let id = if row.path.contains("/items/") {
                &self.ledger_item
            } else {
                &self.ledger_line
            };
            let query = match (row.method, row.path) {
                ("DELETE", p) if p.contains("/items/") => "?version=0",
                (_, p) if p.ends_with("/ledger/import") => "?mode=check&amounts_from=2024-07",
                (_, p) if p.ends_with("/import") => "?mode=check",
                _ => "",
            };
            return row
                .path
                .replace("{id}", id)
                .replace("{occasion}", "monthly")
                .replace("{month}", "2024-06")
                .replace("{list}", "breakdown")
                + query;
        }
        if let UserParam::Collective = row.user_id {
            return row.path.replace("{no}", "14");
        }
        if let UserParam::Zaikei = row.user_id {
            return row
                .path
                .replace("{doc}", "deposit_monthly")
                .replace("{date}", "2024-07-16");
        }
        let id = match row.user_id {
            UserParam::Manual
            | UserParam::Deduction
            | UserParam::Ledger
            | UserParam::Collective
            | UserParam::Zaikei => None,
            UserParam::None => None,
            UserParam::Target => Some(self.target.clone()),
            UserParam::Own => Some(own.to_owned()),
            UserParam::Throwaway => Some(self.throwaway().await),
        };
        let path = match id {
            Some(id) => {
                assert!(
                    row.path.contains("{user_id}"),
                    "{} {}: a user ID for a path without {{user_id}}",
                    row.method,
                    row.path
                );
                row.path.replace("{user_id}", &id)
            }
            None => row.path.to_owned(),
        };
        assert!(
            !path.contains('{'),
            "{} {}: the fixture fills no value for a parameter of this path",
            row.method,
            row.path
        );
        path
    }
}

/// The master's group gets April (締切 4/10, 支給日 4/25: its request data made) and May
/// (入力中) and one detail, which April's request data carries as line 1; the detail's id.
async fn deduction_data(app: &TestApp, master: &Session) -> String {
    use crate::deduction::{close, cycle, d};
    let mut op = app.operator();
    for c in [
        cycle(d(2024, 4, 1), d(2024, 4, 10), d(2024, 4, 25)),
        cycle(d(2024, 5, 1), d(2024, 5, 10), d(2024, 5, 24)),
    ] {
        op.set_cycle(&master.group, cjs_domain::schedule::Occasion::Monthly, &c)
            .expect("cycle");
    }
    let (s, b) = master
        .call(
            app,
            "POST",
            "/api/v1/deduction/details",
            Some(crate::deduction::detail(1, "ﾛｳｷﾝ ﾀﾛｳ", 10_000)),
        )
        .await;
    assert_eq!(s, 201, "{b}");
    let month = cjs_domain::deduction::YearMonth::new(2024, 4).expect("month");
    close(app, &master.group, month).await;
    b["id"].as_str().expect("id").to_owned()
}

/// The master's group gets item 101 (組合費, 月例), one line of it and the run of monthly
/// 2024-06; the item's id and the line's.
async fn ledger_data(app: &TestApp, master: &Session) -> (String, String) {
    let (s, b) = master
        .call(
            app,
            "POST",
            "/api/v1/ledger/items",
            Some(crate::ledger::item(
                "101",
                "組合費",
                "union_dues",
                true,
                false,
            )),
        )
        .await;
    assert_eq!(s, 201, "{b}");
    let item = b["id"].as_str().expect("id").to_owned();
    let line = crate::ledger::add(
        app,
        master,
        crate::ledger::line(1, "ﾛｳｷﾝ ﾀﾛｳ", "101", 2_000),
    )
    .await;
    let (s, b) = master
        .call(
            app,
            "POST",
            "/api/v1/ledger/cycles/monthly/2024-06/run",
            Some(json!({})),
        )
        .await;
    assert_eq!(s, 201, "{b}");
    (item, line["id"].as_str().expect("id").to_owned())
}

// ---- The coverage of the document ----

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "patch", "head", "options", "trace",
];

fn operations_in_the_document() -> BTreeSet<(String, String)> {
    let doc = serde_json::to_value(cjs_server::openapi::document()).expect("the document as JSON");
    let mut ops = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in item.as_object().expect("a path item").keys() {
            if METHODS.contains(&method.as_str()) {
                ops.insert((method.to_uppercase(), path.clone()));
            }
        }
    }
    ops
}

fn assert_the_matrix_covers_the_document() {
    let documented = operations_in_the_document();
    let rows: BTreeSet<(String, String)> = MATRIX
        .iter()
        .map(|r| (r.method.to_owned(), r.path.to_owned()))
        .collect();
    let mut problems: Vec<String> = documented
        .difference(&rows)
        .map(|(m, p)| format!("add a row for {m} {p}"))
        .collect();
    problems.extend(
        rows.difference(&documented)
            .map(|(m, p)| format!("the row {m} {p} names no operation of the OpenAPI document")),
    );
    for row in MATRIX {
        for caller in CALLERS {
            let n = row.expected.iter().filter(|(c, _)| *c == caller).count();
            if n != 1 {
                problems.push(format!(
                    "the row {} {} names {} {n} times (once, please)",
                    row.method,
                    row.path,
                    caller.name()
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[actix_web::test]
async fn every_operation_in_the_openapi_document_has_a_row() {
    assert!(operations_in_the_document().len() >= 20);
    assert_the_matrix_covers_the_document();
}

#[actix_web::test]
async fn every_caller_gets_the_status_its_row_names_for_every_operation() {
    assert_the_matrix_covers_the_document();
    let fx = Fixture::new().await;
    let mut wrong = Vec::new();
    let mut cells = 0;
    for row in MATRIX {
        for &(caller, want) in &row.expected {
            let (client, token, own) = fx.as_caller(caller, row.session);
            let path = fx.path_for(row, own).await;
            let (got, body) = fx
                .app
                .send_json(client, row.method, &path, token, (row.body)(&fx))
                .await;
            cells += 1;
            if row.user_id == UserParam::Throwaway && (200..300).contains(&got) {
                fx.throwaway.borrow_mut().take();
            }
            if got != want {
                wrong.push(format!(
                    "{} {} ({path}) as {}: expected {want}, got {got} {}",
                    row.method,
                    row.path,
                    caller.name(),
                    body.get("code").unwrap_or(&Value::Null)
                ));
            }
        }
    }
    assert_eq!(cells, MATRIX.len() * CALLERS.len());
    let Fixture { app, .. } = fx;
    app.stop().await;
    assert!(
        wrong.is_empty(),
        "{} of {cells} cells differ from the matrix:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
