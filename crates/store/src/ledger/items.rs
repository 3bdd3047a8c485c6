//! 賃控元帳種目: list (with how many lines use each), 登録, 変更 and 削除 with the domain's rules
//! applied inside the transaction (`cjs_domain::ledger::{plan_item_change, plan_item_delete}`).

use chrono::{DateTime, NaiveDateTime, Utc};
use cjs_domain::ledger::{
    Item, ItemCode, ItemFields, ItemInput, ItemKind, ItemName, ItemUsage, LineState, Refusal,
    plan_item_change, plan_item_delete,
};
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::BigInt;

use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::schema::{ledger_items, ledger_lines};
use crate::time::to_db;
use crate::typed::Parsed;

/// A stored item.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = ledger_items)]
pub struct ItemRow {
    pub id: String,
    pub payment_group: String,
    #[diesel(deserialize_as = Parsed<ItemCode>)]
    pub code: ItemCode,
    #[diesel(deserialize_as = Parsed<ItemName>)]
    pub name: ItemName,
    pub display_order: i32,
    #[diesel(deserialize_as = Parsed<ItemKind>)]
    pub kind: ItemKind,
    pub monthly: bool,
    pub bonus: bool,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl ItemRow {
    /// The item as the domain's rules take it.
    pub fn item(&self) -> Item {
        Item {
            id: self.id.clone(),
            fields: ItemFields {
                code: self.code.clone(),
                name: self.name.clone(),
                display_order: self.display_order,
                kind: self.kind,
                monthly: self.monthly,
                bonus: self.bonus,
            },
            version: self.version,
        }
    }
}

/// The group's items in 表示順, 種目コード order.
pub fn list(conn: &mut DbConnection, group: &str) -> StoreResult<Vec<ItemRow>> {
    Ok(ledger_items::table
        .filter(ledger_items::payment_group.eq(group))
        .order((ledger_items::display_order.asc(), ledger_items::code.asc()))
        .select(ItemRow::as_select())
        .load(conn)?)
}

/// The group's items as the domain takes them (for parsing lines, runs, imports).
pub fn catalogue(conn: &mut DbConnection, group: &str) -> StoreResult<Vec<Item>> {
    Ok(list(conn, group)?.iter().map(ItemRow::item).collect())
}

/// The items with the number of lines (有効 and 解除) that use each (種目情報照会's 使用件数).
pub fn list_with_usage(conn: &mut DbConnection, group: &str) -> StoreResult<Vec<(ItemRow, i64)>> {
    let items = list(conn, group)?;
    let counts: Vec<(String, i64)> = ledger_lines::table
        .filter(ledger_lines::payment_group.eq(group))
        .group_by(ledger_lines::item_id)
        .select((ledger_lines::item_id, sql::<BigInt>("COUNT(*)")))
        .load(conn)?;
    let counts: std::collections::HashMap<String, i64> = counts.into_iter().collect();
    Ok(items
        .into_iter()
        .map(|i| {
            let n = counts.get(&i.id).copied().unwrap_or(0);
            (i, n)
        })
        .collect())
}

/// An item of the group (another group's id is not found).
pub fn get(conn: &mut DbConnection, group: &str, id: &str) -> StoreResult<Option<ItemRow>> {
    Ok(ledger_items::table
        .find(id)
        .filter(ledger_items::payment_group.eq(group))
        .select(ItemRow::as_select())
        .first(conn)
        .optional()?)
}

/// The group's item with this code.
pub fn by_code(conn: &mut DbConnection, group: &str, code: &str) -> StoreResult<Option<ItemRow>> {
    Ok(ledger_items::table
        .filter(ledger_items::payment_group.eq(group))
        .filter(ledger_items::code.eq(code))
        .select(ItemRow::as_select())
        .first(conn)
        .optional()?)
}

/// How many lines (any state) use the item.
pub fn used_by(conn: &mut DbConnection, item_id: &str) -> StoreResult<i64> {
    Ok(ledger_lines::table
        .filter(ledger_lines::item_id.eq(item_id))
        .count()
        .get_result(conn)?)
}

/// How the item's 有効 lines use its amounts.
pub fn usage(conn: &mut DbConnection, item_id: &str) -> StoreResult<ItemUsage> {
    let (monthly, bonus) = ledger_lines::table
        .filter(ledger_lines::item_id.eq(item_id))
        .filter(ledger_lines::state.eq(LineState::Active.as_str()))
        .select((
            sql::<BigInt>(
                "COALESCE(CAST(SUM(CASE WHEN amount_monthly > 0 THEN 1 ELSE 0 END) AS BIGINT), 0)",
            ),
            sql::<BigInt>(
                "COALESCE(CAST(SUM(CASE WHEN amount_summer > 0 OR amount_year_end > 0 \
                 THEN 1 ELSE 0 END) AS BIGINT), 0)",
            ),
        ))
        .get_result::<(i64, i64)>(conn)?;
    Ok(ItemUsage { monthly, bonus })
}

/// 登録. A code the group has already is `StoreError::Conflict` (E1003).
pub fn insert(
    conn: &mut DbConnection,
    group: &str,
    fields: &ItemFields,
    now: DateTime<Utc>,
) -> StoreResult<ItemRow> {
    let id = uuid::Uuid::new_v4().to_string();
    let at = to_db(now);
    crate::transaction(conn, |c| {
        diesel::insert_into(ledger_items::table)
            .values((
                ledger_items::id.eq(&id),
                ledger_items::payment_group.eq(group),
                ledger_items::code.eq(fields.code.as_str()),
                ledger_items::name.eq(fields.name.as_str()),
                ledger_items::display_order.eq(fields.display_order),
                ledger_items::kind.eq(fields.kind.as_str()),
                ledger_items::monthly.eq(fields.monthly),
                ledger_items::bonus.eq(fields.bonus),
                ledger_items::version.eq(1),
                ledger_items::created_at.eq(at),
                ledger_items::updated_at.eq(at),
            ))
            .execute(c)?;
        get(c, group, &id)?.ok_or(StoreError::NotFound)
    })
}

/// 変更: the rules (version, fixed code, amount kinds in use) checked against the rows as they
/// are inside the transaction; the UPDATE checks the version again. Not found: `NotFound`.
pub fn update(
    conn: &mut DbConnection,
    group: &str,
    id: &str,
    expected_version: i32,
    input: &ItemInput,
    now: DateTime<Utc>,
) -> StoreResult<Result<ItemRow, Refusal>> {
    super::write_tx(conn, |c| {
        let row = get(c, group, id)?.ok_or(StoreError::NotFound)?;
        let fields = match plan_item_change(&row.item(), expected_version, input, usage(c, id)?) {
            Ok(f) => f,
            Err(r) => return Ok(Err(r)),
        };
        let n = diesel::update(
            ledger_items::table
                .find(id)
                .filter(ledger_items::version.eq(expected_version)),
        )
        .set((
            ledger_items::name.eq(fields.name.as_str()),
            ledger_items::display_order.eq(fields.display_order),
            ledger_items::kind.eq(fields.kind.as_str()),
            ledger_items::monthly.eq(fields.monthly),
            ledger_items::bonus.eq(fields.bonus),
            ledger_items::version.eq(expected_version + 1),
            ledger_items::updated_at.eq(to_db(now)),
        ))
        .execute(c)?;
        if n == 0 {
            return Ok(Err(Refusal::Stale));
        }
        Ok(Ok(get(c, group, id)?.ok_or(StoreError::NotFound)?))
    })
}

/// 削除: refused while any line uses the item (the count is in the refusal), or on a stale
/// version. The DELETE itself repeats both conditions.
pub fn delete(
    conn: &mut DbConnection,
    group: &str,
    id: &str,
    expected_version: i32,
) -> StoreResult<Result<(), Refusal>> {
    super::write_tx(conn, |c| {
        let row = get(c, group, id)?.ok_or(StoreError::NotFound)?;
        if let Err(r) = plan_item_delete(&row.item(), expected_version, used_by(c, id)?) {
            return Ok(Err(r));
        }
        let n = diesel::delete(
            ledger_items::table
                .find(id)
                .filter(ledger_items::payment_group.eq(group))
                .filter(ledger_items::version.eq(expected_version))
                .filter(diesel::dsl::not(diesel::dsl::exists(
                    ledger_lines::table.filter(ledger_lines::item_id.eq(id)),
                ))),
        )
        .execute(c)?;
        if n == 0 {
            return Ok(Err(match used_by(c, id)? {
                0 => Refusal::Stale,
                n => Refusal::ItemInUse(n),
            }));
        }
        Ok(Ok(()))
    })
}
