//! Writing an entry, and reading the organisation's entries back: a filtered page for the
//! leaders' page and the API, and the whole filtered log as CSV.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use super::{Action, Entity, Entry, FieldChange};
use crate::db::DbConn;
use crate::db::schema::{api_tokens, audit_log, people};
use crate::domain::identity::Identity;
use crate::domain::ids::{ApiTokenId, OrgId, PersonId};
use crate::domain::periods::utc_start_of;
use crate::domain::{Error, Page, Result, csv_out, now, page_number};

pub const PER_PAGE: i64 = 50;

/// Who made a change: a person of the organisation, perhaps through an API token.
pub struct Actor<'a> {
    pub org_id: OrgId,
    pub person_id: PersonId,
    pub name: &'a str,
    pub api_token: Option<ApiTokenId>,
    pub address: Option<&'a str>,
}

impl<'a> From<&'a Identity> for Actor<'a> {
    fn from(who: &'a Identity) -> Actor<'a> {
        Actor {
            org_id: who.org_id,
            person_id: who.person_id,
            name: &who.name,
            api_token: who.api_token,
            address: who.address.as_deref(),
        }
    }
}

pub(super) fn insert(conn: &mut DbConn, who: Actor<'_>, entry: Entry) -> Result<()> {
    let changes =
        serde_json::to_string(&entry.changes).map_err(|e| Error::Internal(e.to_string()))?;
    diesel::insert_into(audit_log::table)
        .values((
            audit_log::org_id.eq(who.org_id),
            audit_log::at.eq(now()),
            audit_log::person_id.eq(Some(who.person_id)),
            audit_log::api_token_id.eq(who.api_token),
            audit_log::actor_name.eq(who.name),
            audit_log::address.eq(who.address),
            audit_log::entity.eq(entry.entity),
            audit_log::entity_id.eq(entry.entity_id),
            audit_log::label.eq(&entry.label),
            audit_log::action.eq(entry.action),
            audit_log::changes.eq(changes),
        ))
        .execute(conn)?;
    Ok(())
}

/// Which entries to read: by whom, about what kind of thing, between which days (in the
/// organisation's time zone, both included).
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub person: Option<PersonId>,
    pub entity: Option<Entity>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// An entry as it is read.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Logged {
    pub id: i32,
    /// When, in UTC.
    pub at: NaiveDateTime,
    /// Who: the person, also when they acted through an API token.
    pub person_id: Option<PersonId>,
    pub actor_name: String,
    /// The API token the change was made with, if it was.
    pub api_token_id: Option<ApiTokenId>,
    pub api_token_name: Option<String>,
    /// The address the request came from.
    pub address: Option<String>,
    pub entity: Entity,
    pub entity_id: Option<i32>,
    /// The thing's name or title at the time.
    pub label: String,
    pub action: Action,
    /// The fields that changed, before and after.
    pub changes: Vec<FieldChange>,
}

type Row = (
    i32,
    NaiveDateTime,
    Option<PersonId>,
    String,
    Option<ApiTokenId>,
    Option<String>,
    Option<String>,
    Entity,
    Option<i32>,
    String,
    Action,
    String,
);

fn logged(row: Row) -> Result<Logged> {
    let (id, at, person_id, actor_name, api_token_id, api_token_name, address) =
        (row.0, row.1, row.2, row.3, row.4, row.5, row.6);
    let changes = serde_json::from_str(&row.11).map_err(|e| Error::Internal(e.to_string()))?;
    Ok(Logged {
        id,
        at,
        person_id,
        actor_name,
        api_token_id,
        api_token_name,
        address,
        entity: row.7,
        entity_id: row.8,
        label: row.9,
        action: row.10,
        changes,
    })
}

/// The organisation's entries that `filter` keeps, newest first, `limit` from `offset`
/// (all of them without a limit), with how many there are in all.
fn read(
    conn: &mut DbConn,
    org_id: OrgId,
    time_zone: &str,
    filter: &Filter,
    window: Option<(i64, i64)>,
) -> Result<(Vec<Logged>, i64)> {
    let build = || {
        let mut q = audit_log::table
            .left_join(api_tokens::table.on(api_tokens::id.nullable().eq(audit_log::api_token_id)))
            .filter(audit_log::org_id.eq(org_id))
            .into_boxed();
        if let Some(person) = filter.person {
            q = q.filter(audit_log::person_id.eq(person));
        }
        if let Some(entity) = filter.entity {
            q = q.filter(audit_log::entity.eq(entity));
        }
        if let Some(from) = filter.from {
            q = q.filter(audit_log::at.ge(utc_start_of(time_zone, from)));
        }
        if let Some(next) = filter.to.and_then(|to| to.succ_opt()) {
            q = q.filter(audit_log::at.lt(utc_start_of(time_zone, next)));
        }
        q
    };
    let total: i64 = build().count().get_result(conn)?;
    let mut q = build().order(audit_log::id.desc());
    if let Some((limit, offset)) = window {
        q = q.limit(limit).offset(offset);
    }
    let rows: Vec<Row> = q
        .select((
            audit_log::id,
            audit_log::at,
            audit_log::person_id,
            audit_log::actor_name,
            audit_log::api_token_id,
            api_tokens::name.nullable(),
            audit_log::address,
            audit_log::entity,
            audit_log::entity_id,
            audit_log::label,
            audit_log::action,
            audit_log::changes,
        ))
        .load(conn)?;
    let items = rows.into_iter().map(logged).collect::<Result<_>>()?;
    Ok((items, total))
}

/// A page of the organisation's log, newest first.
pub fn list(
    conn: &mut DbConn,
    org_id: OrgId,
    time_zone: &str,
    filter: &Filter,
    page: Option<i64>,
) -> Result<Page<Logged>> {
    let page = page_number(page, PER_PAGE);
    let (items, total) = read(
        conn,
        org_id,
        time_zone,
        filter,
        Some((PER_PAGE, (page - 1) * PER_PAGE)),
    )?;
    Ok(Page {
        items,
        page,
        per_page: PER_PAGE,
        total,
    })
}

/// The organisation's log as `filter` keeps it, newest first, as CSV (times in UTC, the
/// changes as `field: before → after` separated by `; `).
pub fn csv(conn: &mut DbConn, org_id: OrgId, time_zone: &str, filter: &Filter) -> Result<String> {
    let (items, _) = read(conn, org_id, time_zone, filter, None)?;
    let rows = items
        .into_iter()
        .map(|e| {
            let changes = e
                .changes
                .iter()
                .map(|c| {
                    format!(
                        "{}: {} → {}",
                        c.field,
                        c.before.as_deref().unwrap_or("–"),
                        c.after.as_deref().unwrap_or("–")
                    )
                })
                .collect::<Vec<_>>()
                .join("; ");
            vec![
                e.at.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
                csv_out::cell(&e.actor_name),
                csv_out::cell(e.api_token_name.as_deref().unwrap_or_default()),
                e.address.unwrap_or_default(),
                e.entity.code().to_owned(),
                e.entity_id.map(|i| i.to_string()).unwrap_or_default(),
                csv_out::cell(&e.label),
                e.action.code().to_owned(),
                csv_out::cell(&changes),
            ]
        })
        .collect();
    csv_out::write(
        &[
            "at_utc",
            "who",
            "api_token",
            "address",
            "entity",
            "entity_id",
            "label",
            "action",
            "changes",
        ],
        rows,
    )
}

/// The people who appear in the organisation's log (deactivated ones too), by their name now.
pub fn actors(conn: &mut DbConn, org_id: OrgId) -> Result<Vec<(PersonId, String)>> {
    Ok(audit_log::table
        .inner_join(people::table.on(people::id.nullable().eq(audit_log::person_id)))
        .filter(audit_log::org_id.eq(org_id))
        .filter(people::org_id.eq(org_id))
        .select((people::id, people::name))
        .distinct()
        .order(people::name)
        .load(conn)?)
}
