//! CSV import of people (name, email, team, roles): a preview that reports problems per row,
//! then an all-or-nothing apply. English or Norwegian headers; comma or semicolon separated.

use std::collections::{BTreeMap, HashMap, HashSet};

use diesel::prelude::*;
use serde::Serialize;

use super::people::{self, PersonInput, Role};
use super::teams::{self, TeamInput, TeamKind};
use super::{DbConn, FieldErrors, Locale, Result};
use crate::db::schema::people as people_t;
use crate::domain::ids::{OrgId, TeamId};

/// Largest file accepted, in bytes, and most data rows.
pub const MAX_BYTES: usize = 2 * 1024 * 1024;
pub const MAX_ROWS: usize = 5000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RowAction {
    Create,
    Update,
}

/// One data row of the file as it would be imported.
#[derive(Debug, Clone, Serialize)]
pub struct ImportRow {
    /// Line number in the file (the header is line 1).
    pub line: usize,
    pub name: String,
    pub email: String,
    pub team: Option<String>,
    pub roles: Vec<Role>,
    pub action: RowAction,
    /// Translation keys of this row's problems; empty when the row is fine.
    pub errors: Vec<&'static str>,
}

/// What importing a file would do.
#[derive(Debug, Clone, Serialize, Default)]
pub struct ImportPlan {
    pub rows: Vec<ImportRow>,
    /// Teams named in the file that do not exist yet and will be created.
    pub new_teams: Vec<String>,
    /// A problem with the whole file (translation key), if any.
    pub file_error: Option<&'static str>,
}

impl ImportPlan {
    pub fn error_rows(&self) -> usize {
        self.rows.iter().filter(|r| !r.errors.is_empty()).count()
    }

    /// True when the file can be imported as it is.
    pub fn is_clean(&self) -> bool {
        self.file_error.is_none() && !self.rows.is_empty() && self.error_rows() == 0
    }
}

/// What an import did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ImportSummary {
    pub created: usize,
    pub updated: usize,
    pub teams_created: usize,
}

struct Columns {
    name: usize,
    email: usize,
    team: Option<usize>,
    roles: Option<usize>,
}

fn columns(header: &csv::StringRecord) -> Option<Columns> {
    let find = |names: &[&str]| {
        header.iter().position(|h| {
            let h = h.trim().trim_start_matches('\u{feff}').to_lowercase();
            names.contains(&h.as_str())
        })
    };
    Some(Columns {
        name: find(&["name", "navn"])?,
        email: find(&["email", "e-mail", "e-post", "epost"])?,
        team: find(&["team", "lag"]),
        roles: find(&["roles", "role", "roller", "rolle"]),
    })
}

fn delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    if header.contains(';') && !header.contains(',') {
        b';'
    } else {
        b','
    }
}

/// Reads the file and checks every row against the organisation, changing nothing.
pub fn plan(conn: &mut DbConn, org_id: OrgId, text: &str) -> Result<ImportPlan> {
    let mut plan = ImportPlan::default();
    if text.len() > MAX_BYTES {
        plan.file_error = Some("import-error-too-large");
        return Ok(plan);
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter(text))
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let Some(cols) = reader.headers().ok().and_then(columns) else {
        plan.file_error = Some("import-error-header");
        return Ok(plan);
    };

    let existing_teams: HashMap<String, bool> = teams::all(conn, org_id)?
        .into_iter()
        .map(|t| (t.name.to_lowercase(), t.is_department()))
        .collect();
    let mut new_teams = BTreeMap::new();
    let mut seen_emails = HashSet::new();

    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        if plan.rows.len() >= MAX_ROWS {
            plan.file_error = Some("import-error-too-many");
            break;
        }
        let record = match record {
            Ok(r) => r,
            Err(_) => {
                plan.rows.push(ImportRow {
                    line,
                    name: String::new(),
                    email: String::new(),
                    team: None,
                    roles: vec![],
                    action: RowAction::Create,
                    errors: vec!["import-error-unreadable"],
                });
                continue;
            }
        };
        if record.iter().all(|f| f.is_empty()) {
            continue;
        }
        let field = |i: Option<usize>| i.and_then(|i| record.get(i)).unwrap_or("").to_owned();
        let name = field(Some(cols.name));
        let email = field(Some(cols.email)).to_lowercase();
        let team = Some(field(cols.team)).filter(|t| !t.is_empty());
        let mut errors = Vec::new();

        let mut roles = Vec::new();
        for part in field(cols.roles)
            .split(['|', ';', ',', '/', ' '])
            .filter(|p| !p.is_empty())
        {
            match Role::from_name(part) {
                Some(role) => roles.push(role),
                None => errors.push("import-error-role"),
            }
        }
        let input = PersonInput {
            name: name.clone(),
            email: email.clone(),
            locale: Locale::default(),
            roles: roles.clone(),
        }
        .normalised();
        for e in input.validate().0 {
            errors.push(match e.field {
                "email" => "import-error-email",
                _ => "import-error-name",
            });
        }
        if !email.is_empty() && !seen_emails.insert(email.clone()) {
            errors.push("import-error-duplicate");
        }

        let mut action = RowAction::Create;
        if people::find_by_email(conn, org_id, &email)?.is_some() {
            action = RowAction::Update;
        }
        if let Some(team) = &team {
            match existing_teams.get(&team.to_lowercase()) {
                Some(true) => errors.push("import-error-team-is-department"),
                Some(false) => {}
                None if team.chars().count() > 120 => errors.push("import-error-team-name"),
                None => {
                    // One new team per name, however the rows spell its case.
                    new_teams
                        .entry(team.to_lowercase())
                        .or_insert_with(|| team.clone());
                }
            }
        }
        plan.rows.push(ImportRow {
            line,
            name: input.name,
            email: input.email,
            team,
            roles: input.roles,
            action,
            errors,
        });
    }
    if plan.rows.is_empty() && plan.file_error.is_none() {
        plan.file_error = Some("import-error-empty");
    }
    plan.new_teams = new_teams.into_values().collect();
    Ok(plan)
}

/// Imports the file, all or nothing. Run inside a write transaction: it plans again
/// against the current data and refuses to change anything if any row has a problem.
pub fn apply(conn: &mut DbConn, org_id: OrgId, text: &str) -> Result<(ImportPlan, ImportSummary)> {
    let plan = plan(conn, org_id, text)?;
    if !plan.is_clean() {
        return Err(FieldErrors::single("file", "import-error-not-clean"));
    }
    let team_ids = with_new_teams(conn, org_id, &plan)?;
    let mut summary = ImportSummary {
        teams_created: plan.new_teams.len(),
        ..ImportSummary::default()
    };
    let today = chrono::Utc::now().date_naive();
    // New people start in the organisation's language.
    let locale = super::org::find(conn, org_id)?.locale();
    for row in &plan.rows {
        let person_id = match row.action {
            RowAction::Create => {
                let input = PersonInput {
                    name: row.name.clone(),
                    email: row.email.clone(),
                    locale,
                    roles: row.roles.clone(),
                };
                summary.created += 1;
                people::create(conn, org_id, &input, None)?.row.id
            }
            RowAction::Update => {
                let id = people::find_by_email(conn, org_id, &row.email)?
                    .ok_or(crate::domain::Error::NotFound)?
                    .id;
                diesel::update(people_t::table.find(id))
                    .set(people_t::name.eq(&row.name))
                    .execute(conn)?;
                for role in &row.roles {
                    people::grant_role(conn, org_id, id, *role)?;
                }
                summary.updated += 1;
                id
            }
        };
        if let Some(team_id) = row
            .team
            .as_ref()
            .and_then(|t| team_ids.get(&t.to_lowercase()))
        {
            let already = teams::teams_of(conn, org_id, person_id)?
                .iter()
                .any(|t| t.id == *team_id);
            if !already {
                teams::add_member(conn, org_id, *team_id, person_id, today)?;
            }
        }
    }
    Ok((plan, summary))
}

/// Creates the teams a clean plan names that do not exist yet; returns every team's id by
/// its lower-cased name.
pub fn with_new_teams(
    conn: &mut DbConn,
    org_id: OrgId,
    plan: &ImportPlan,
) -> Result<HashMap<String, TeamId>> {
    let mut team_ids: HashMap<String, TeamId> = teams::all(conn, org_id)?
        .into_iter()
        .map(|t| (t.name.to_lowercase(), t.id))
        .collect();
    for name in &plan.new_teams {
        let input = TeamInput {
            name: name.clone(),
            kind: TeamKind::Team,
            parent_id: None,
        };
        let team = teams::create(conn, org_id, &input)?;
        team_ids.insert(name.to_lowercase(), team.id);
    }
    Ok(team_ids)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::write_tx;
    use crate::domain::testing::{TestDb, org, person};

    #[test]
    fn semicolon_files_are_detected() {
        assert_eq!(delimiter("navn;e-post;team\nA;a@b.no;X"), b';');
        assert_eq!(delimiter("name,email\n"), b',');
    }

    #[test]
    fn headers_in_both_languages() {
        let h = csv::StringRecord::from(vec!["\u{feff}Navn", "E-post", "Roller"]);
        let c = columns(&h).unwrap();
        assert_eq!((c.name, c.email, c.team, c.roles), (0, 1, None, Some(2)));
        assert!(columns(&csv::StringRecord::from(vec!["name", "team"])).is_none());
    }

    #[test]
    fn a_bad_row_blocks_the_whole_file() {
        let t = TestDb::fresh();
        let mut c = t.conn();
        let acme = org(&mut c, "acme");
        let other = org(&mut c, "other");
        person(&mut c, other, "taken@other.no", vec![Role::Member]);
        let text = "name,email,team,roles\nKari,kari@acme.no,Web,leader\nOla,not-an-email,Web,\n\
                    Per,kari@acme.no,,\nEva,taken@other.no,,\nIda,ida@acme.no,,boss\n";
        let plan = plan(&mut c, acme, text).unwrap();
        // An address of another organisation's person is a new person here like any other.
        assert_eq!(plan.rows[3].action, RowAction::Create);
        let errors: Vec<(usize, Vec<&str>)> = plan
            .rows
            .iter()
            .filter(|r| !r.errors.is_empty())
            .map(|r| (r.line, r.errors.clone()))
            .collect();
        assert_eq!(
            errors,
            vec![
                (3, vec!["import-error-email"]),
                (4, vec!["import-error-duplicate"]),
                (6, vec!["import-error-role"]),
            ]
        );
        assert!(write_tx(&mut c, |c| apply(c, acme, text)).is_err());
        assert_eq!(people::active_count(&mut c, acme).unwrap(), 0);
        assert!(teams::all(&mut c, acme).unwrap().is_empty());
    }

    #[test]
    fn a_clean_file_creates_updates_and_joins_teams() {
        let t = TestDb::fresh();
        let mut c = t.conn();
        let acme = org(&mut c, "acme");
        let kari = person(&mut c, acme, "kari@acme.no", vec![Role::Member]);
        let text =
            "navn;e-post;team;roller\nKari Nordmann;KARI@acme.no;Web;leder\nOla;ola@acme.no;Web;\n";
        let (_, summary) = write_tx(&mut c, |c| apply(c, acme, text)).unwrap();
        assert_eq!(
            (summary.created, summary.updated, summary.teams_created),
            (1, 1, 1)
        );
        let kari = people::find(&mut c, acme, kari.row.id).unwrap();
        assert_eq!(kari.row.name, "Kari Nordmann");
        assert_eq!(kari.roles, vec![Role::Leader, Role::Member]);
        let web = teams::find_by_name(&mut c, acme, "Web").unwrap().unwrap();
        assert_eq!(teams::members(&mut c, acme, web.id).unwrap().len(), 2);
        // Importing the same file again changes nothing but names.
        let (_, again) = write_tx(&mut c, |c| apply(c, acme, text)).unwrap();
        assert_eq!(
            (again.created, again.updated, again.teams_created),
            (0, 2, 0)
        );
        assert_eq!(teams::members(&mut c, acme, web.id).unwrap().len(), 2);
    }
}
