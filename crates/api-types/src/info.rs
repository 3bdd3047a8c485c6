//! The information screen (DC671101): schedules, 一斉積立 latest data, the employer's latest
//! 作成基準日, お知らせ; and マニュアル照会.

use chrono::{DateTime, NaiveDate, Utc};
use cjs_domain::schedule::{EmployerDocument, InputState, Occasion, RunKind};
use serde::{Deserialize, Serialize};

use crate::auth::PaymentGroupView;

/// One cycle of a schedule as the manual's table shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CycleView {
    /// 控除年月 (`2024-06`).
    pub month: String,
    /// 入力: 入力中 until the end of the 締切日 (JST), then 締切中.
    pub input: InputState,
    pub deadline: NaiveDate,
    pub request_received: Option<NaiveDate>,
    pub result_received: Option<NaiveDate>,
    /// 支給日 (入金予定日).
    pub payday: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScheduleBlock {
    pub occasion: Occasion,
    pub label: String,
    /// The latest cycle whose 締切日 has passed.
    pub closed: Option<CycleView>,
    /// The cycle open for input.
    pub open: Option<CycleView>,
}

/// 一斉積立 最新受信情報.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RunView {
    pub run_no: i32,
    pub name: String,
    pub received_on: NaiveDate,
    pub kind: RunKind,
    pub kind_label: String,
}

/// The employer's latest 作成基準日 for one document it contracted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EmployerDocumentView {
    pub document: EmployerDocument,
    pub label: String,
    pub base_date: Option<NaiveDate>,
}

/// お知らせ.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NoticeView {
    pub id: String,
    /// 掲載日.
    pub published_on: NaiveDate,
    /// 件名.
    pub subject: String,
    /// 本文.
    pub body: String,
}

/// `GET /api/v1/info`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InfoResponse {
    pub payment_group: Option<PaymentGroupView>,
    pub previous_login_at: Option<DateTime<Utc>>,
    /// 月例・夏季一時金・年末一時金 (members whose group has 労金控除 or 賃控元帳).
    pub schedules: Vec<ScheduleBlock>,
    /// Whether the 一斉積立 area is shown (contracted and not hidden for this user).
    pub shows_collective_savings: bool,
    pub collective_savings_latest: Option<RunView>,
    /// The employer's documents, only those the group contracted.
    pub employer_documents: Vec<EmployerDocumentView>,
    /// Current notices for this contract, newest first.
    pub notices: Vec<NoticeView>,
}

/// `GET /api/v1/schedules`: every cycle of the chosen payment group.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScheduleListResponse {
    pub payment_group: String,
    pub occasions: Vec<ScheduleList>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScheduleList {
    pub occasion: Occasion,
    pub label: String,
    pub cycles: Vec<CycleView>,
}

/// マニュアル照会.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ManualView {
    pub id: String,
    pub name: String,
    pub comment: String,
    /// Bytes.
    pub size: i64,
    pub registered_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ManualListResponse {
    pub manuals: Vec<ManualView>,
}
