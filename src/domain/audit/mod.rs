//! The audit log: for each change that matters — people and their roles, team memberships,
//! teams, settings and thresholds, the calendar, API tokens, surveys, objectives and key
//! results, and every delete or archive — who made it (a person, or a person's API token),
//! what it was (the thing, the action, and a short before and after of the fields that
//! changed), when, and from which address.
//!
//! An entry is written by [`record`] in the transaction of the change it describes, so
//! there is no change without its entry and no entry for a change that was rolled back. The
//! table is append-only: nothing here changes or removes an entry, and the database refuses
//! to (a trigger on both backends). Secrets never enter it: fields whose names speak of a
//! password, a hash, a secret or a token are left out of every before and after, and survey
//! answers are not audited at all.

mod store;

use serde::Serialize;
use serde_json::Value;

pub use store::{Actor, Filter, Logged, PER_PAGE, actors, csv, list};

use super::Result;
use super::identity::Identity;

crate::domain::codes::text_enum! {
    /// What an entry is about.
    #[derive(Serialize, utoipa::ToSchema)]
    #[serde(rename_all = "snake_case")]
    pub enum Entity {
        Person = "person",
        Team = "team",
        Membership = "membership",
        Ambassador = "ambassador",
        Settings = "settings",
        Thresholds = "thresholds",
        Calendar = "calendar",
        Closure = "closure",
        ApiToken = "api_token",
        Survey = "survey",
        Question = "question",
        Objective = "objective",
        KeyResult = "key_result",
        OrgObjective = "org_objective",
        Rollout = "rollout",
        ChecklistItem = "checklist_item",
        MeetingSeries = "meeting_series",
        CalendarFeed = "calendar_feed",
        Workshop = "workshop",
        Case = "case",
        Invitation = "invitation",
        Sso = "sso",
        Channel = "channel",
        Agenda = "agenda",
    }
}

crate::domain::codes::text_enum! {
    /// What was done to it.
    #[derive(Serialize, utoipa::ToSchema)]
    #[serde(rename_all = "snake_case")]
    pub enum Action {
        Created = "created",
        Updated = "updated",
        Deleted = "deleted",
        Archived = "archived",
        Restored = "restored",
        Deactivated = "deactivated",
        Reactivated = "reactivated",
        PasswordSet = "password_set",
        SignedOut = "signed_out",
        Revoked = "revoked",
        Added = "added",
        Ended = "ended",
        Removed = "removed",
        Sent = "sent",
        Closed = "closed",
        Imported = "imported",
        Withdrawn = "withdrawn",
        Accepted = "accepted",
    }
}

/// One field that changed: what it was and what it became (`None`: empty or not there).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct FieldChange {
    pub field: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// What a change was, ready to [`record`].
#[derive(Debug, Clone)]
pub struct Entry {
    pub entity: Entity,
    /// The row's id, where it has one.
    pub entity_id: Option<i32>,
    /// What a person calls it (a name or title as it was at the time).
    pub label: String,
    pub action: Action,
    pub changes: Vec<FieldChange>,
}

impl Entry {
    pub fn new(entity: Entity, entity_id: i32, label: impl Into<String>, action: Action) -> Entry {
        Entry {
            entity,
            entity_id: Some(entity_id),
            label: label.into(),
            action,
            changes: Vec::new(),
        }
    }

    /// About something without an id of its own (the organisation's settings).
    pub fn about(entity: Entity, label: impl Into<String>, action: Action) -> Entry {
        Entry {
            entity_id: None,
            ..Entry::new(entity, 0, label, action)
        }
    }

    /// With the fields that differ between `before` and `after` (each serialised as it is
    /// shown in the API; see [`diff`]).
    pub fn changed<T: Serialize>(mut self, before: &T, after: &T) -> Entry {
        self.changes.extend(diff(before, after));
        self
    }

    /// With the fields of something created (or, for a delete, of what was removed).
    pub fn fields<T: Serialize>(mut self, value: &T) -> Entry {
        let empty = Value::Object(serde_json::Map::new());
        let value = serde_json::to_value(value).unwrap_or(Value::Null);
        self.changes.extend(diff_values(&empty, &value));
        self
    }

    /// With one field, written out.
    pub fn field(mut self, field: &str, before: Option<String>, after: Option<String>) -> Entry {
        if before != after {
            self.changes.push(FieldChange {
                field: field.to_owned(),
                before,
                after,
            });
        }
        self
    }
}

impl Action {
    /// `Archived` or `Restored` when a change archived something or brought it back, else
    /// `otherwise`.
    pub fn archiving(was_archived: bool, is_archived: bool, otherwise: Action) -> Action {
        match (was_archived, is_archived) {
            (false, true) => Action::Archived,
            (true, false) => Action::Restored,
            _ => otherwise,
        }
    }
}

/// Writes `entry` as done by `who`, now, in the caller's transaction.
pub fn record(conn: &mut crate::db::DbConn, who: &Identity, entry: Entry) -> Result<()> {
    store::insert(conn, who.into(), entry)
}

/// Writes `entry` as done by someone not signed in yet (a person accepting an invitation).
pub fn record_as(conn: &mut crate::db::DbConn, who: Actor<'_>, entry: Entry) -> Result<()> {
    store::insert(conn, who, entry)
}

/// Writes `entry` only when some field changed (a form saved as it was is not a change).
pub fn record_changes(conn: &mut crate::db::DbConn, who: &Identity, entry: Entry) -> Result<()> {
    if entry.changes.is_empty() {
        return Ok(());
    }
    record(conn, who, entry)
}

/// Names of fields that never enter the log, or say nothing a reader needs.
fn left_out(path: &str) -> bool {
    const SECRET: [&str; 4] = ["password", "hash", "secret", "token"];
    const NOISE: [&str; 5] = ["id", "org_id", "created_at", "updated_at", "last_used_at"];
    let lower = path.to_ascii_lowercase();
    if SECRET.iter().any(|s| lower.contains(s)) {
        return true;
    }
    let lower = lower.rsplit('.').next().unwrap_or_default();
    NOISE.contains(&lower)
}

/// The longest value an entry keeps of a field, in characters.
const SHORT: usize = 200;

/// The fields that differ between two values, as the API serialises them: nested objects
/// are looked into (a field inside one is named `outer.inner`), secret and noise fields left
/// out, and each value cut to [`SHORT`] characters.
pub fn diff<T: Serialize>(before: &T, after: &T) -> Vec<FieldChange> {
    let before = serde_json::to_value(before).unwrap_or(Value::Null);
    let after = serde_json::to_value(after).unwrap_or(Value::Null);
    diff_values(&before, &after)
}

fn diff_values(before: &Value, after: &Value) -> Vec<FieldChange> {
    let mut flat_before = Vec::new();
    let mut flat_after = Vec::new();
    flatten(before, "", &mut flat_before);
    flatten(after, "", &mut flat_after);
    let find = |fields: &[(String, Value)], key: &str| {
        fields
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .unwrap_or(Value::Null)
    };
    let keys: Vec<&String> = flat_before
        .iter()
        .chain(&flat_after)
        .map(|(k, _)| k)
        .collect();
    let mut seen = std::collections::BTreeSet::new();
    let mut changes = Vec::new();
    for key in keys {
        if !seen.insert(key.clone()) || left_out(key) {
            continue;
        }
        let (b, a) = (find(&flat_before, key), find(&flat_after, key));
        // An empty text or list and none at all are the same.
        let blank = |v: &Value| short(v).is_none();
        if b != a && !(blank(&b) && blank(&a)) {
            changes.push(FieldChange {
                field: key.clone(),
                before: short(&b),
                after: short(&a),
            });
        }
    }
    changes
}

/// The leaf fields of a value: a nested object's under `outer.inner`.
fn flatten(value: &Value, prefix: &str, out: &mut Vec<(String, Value)>) {
    if let Value::Object(map) = value {
        for (key, v) in map {
            let path = if prefix.is_empty() {
                key.clone()
            } else {
                format!("{prefix}.{key}")
            };
            match v {
                Value::Object(_) => flatten(v, &path, out),
                _ => out.push((path, v.clone())),
            }
        }
    }
}

fn short(value: &Value) -> Option<String> {
    let text = match value {
        Value::Null => return None,
        Value::String(s) if s.is_empty() => return None,
        Value::String(s) => s.clone(),
        Value::Array(items) if items.is_empty() => return None,
        Value::Array(items) => items
            .iter()
            .map(|v| match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    };
    Some(if text.chars().count() > SHORT {
        let cut: String = text.chars().take(SHORT - 1).collect();
        format!("{cut}…")
    } else {
        text
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Row {
        id: i32,
        name: String,
        password_hash: Option<String>,
        roles: Vec<&'static str>,
        inner: Inner,
    }

    #[derive(Serialize)]
    struct Inner {
        locale: &'static str,
        api_token: &'static str,
    }

    fn row(name: &str, hash: &str, roles: Vec<&'static str>, locale: &'static str) -> Row {
        Row {
            id: 1,
            name: name.into(),
            password_hash: Some(hash.into()),
            roles,
            inner: Inner {
                locale,
                api_token: "abc",
            },
        }
    }

    #[test]
    fn only_changed_fields_are_kept_and_never_a_secret() {
        let before = row("Kari", "$argon2$old", vec!["member"], "nb");
        let after = row("Kari N.", "$argon2$new", vec!["member", "leader"], "en");
        let changes = diff(&before, &after);
        let mut fields: Vec<&str> = changes.iter().map(|c| c.field.as_str()).collect();
        fields.sort_unstable();
        assert_eq!(fields, ["inner.locale", "name", "roles"]);
        let roles = changes.iter().find(|c| c.field == "roles").unwrap();
        assert_eq!(roles.after.as_deref(), Some("member, leader"));
        let text = format!("{changes:?}");
        assert!(!text.contains("argon2") && !text.contains("abc"));
        assert!(diff(&before, &before).is_empty());
    }

    #[test]
    fn a_new_thing_lists_its_fields_and_long_text_is_cut() {
        let long = "x".repeat(500);
        let entry = Entry::new(Entity::Team, 3, "Sales", Action::Created).fields(&row(
            &long,
            "h",
            vec![],
            "nb",
        ));
        let name = entry.changes.iter().find(|c| c.field == "name").unwrap();
        assert_eq!(
            (name.field.as_str(), name.before.as_deref()),
            ("name", None)
        );
        assert_eq!(
            name.after.as_deref().map(|a| a.chars().count()),
            Some(SHORT)
        );
        assert!(
            entry.changes.iter().all(|c| c.field != "roles"),
            "empty stays out"
        );
    }
}
