//! Invitations to join an organisation. A leader names an address, the person's name, a
//! role and optionally a team; an emailed single-use link (only its hash is stored) lets
//! the invitee choose a password and become a person of the organisation, in that role and
//! team. A pending invitation can be sent again (a new link; the old one stops working)
//! or withdrawn. The link expires after [`INVITE_DAYS`].

use chrono::{Duration, NaiveDateTime};
use diesel::dsl::{And, Eq, IsNull};
use diesel::prelude::*;
use serde::Serialize;

use super::ids::{InviteId, OrgId, PersonId, TeamId};
use super::people::{self, Person, PersonInput, Role};
use super::tokens::{hash_token, new_token};
use super::{DbConn, Error, FieldErrors, Locale, Result, found, now, org, teams};
use crate::db::schema::{invites, sso_configs};

/// Days an invitation's link works.
pub const INVITE_DAYS: i64 = 14;

/// Who is invited, as what.
#[derive(Debug, Clone)]
pub struct InviteInput {
    pub email: String,
    pub name: String,
    pub role: Role,
    pub team_id: Option<TeamId>,
}

#[derive(Debug, Clone, Serialize, Queryable, Selectable)]
#[diesel(table_name = invites)]
pub struct Invite {
    pub id: InviteId,
    #[serde(skip)]
    pub org_id: OrgId,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub team_id: Option<TeamId>,
    pub invited_by: PersonId,
    pub created_at: NaiveDateTime,
    pub sent_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub accepted_at: Option<NaiveDateTime>,
    pub withdrawn_at: Option<NaiveDateTime>,
    pub person_id: Option<PersonId>,
}

impl Invite {
    /// `pending`, `expired`, `accepted` or `withdrawn`.
    pub fn status(&self, at: NaiveDateTime) -> &'static str {
        if self.accepted_at.is_some() {
            "accepted"
        } else if self.withdrawn_at.is_some() {
            "withdrawn"
        } else if self.expires_at <= at {
            "expired"
        } else {
            "pending"
        }
    }
}

/// Why an invitation's link does not work (the page says which).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InviteProblem {
    Unknown,
    Expired,
    Used,
    Withdrawn,
}

fn validate(conn: &mut DbConn, org_id: OrgId, input: &InviteInput) -> Result<InviteInput> {
    let person = PersonInput {
        name: input.name.clone(),
        email: input.email.clone(),
        locale: Locale::default(),
        roles: vec![input.role],
    }
    .normalised();
    let mut errors = person.validate();
    if let Some(team) = input.team_id
        && teams::find(conn, org_id, team).is_err()
    {
        errors.add("team_id", "field-invite-team");
    }
    errors.into_result()?;
    if people::find_by_email(conn, org_id, &person.email)?.is_some() {
        return Err(FieldErrors::single("email", "field-invite-already-member"));
    }
    if open_for(conn, org_id, &person.email)?.is_some() {
        return Err(FieldErrors::single("email", "field-invite-pending"));
    }
    Ok(InviteInput {
        email: person.email,
        name: person.name,
        ..input.clone()
    })
}

/// The address's open invitation (not accepted or withdrawn), if any.
fn open_for(conn: &mut DbConn, org_id: OrgId, email: &str) -> Result<Option<Invite>> {
    Ok(invites::table
        .filter(invites::org_id.eq(org_id))
        .filter(invites::email.eq(email))
        .filter(invites::accepted_at.is_null())
        .filter(invites::withdrawn_at.is_null())
        .filter(invites::expires_at.gt(now()))
        .select(Invite::as_select())
        .first(conn)
        .optional()?)
}

/// Invites someone; returns the invitation and the link's secret (to mail, never stored).
pub fn create(
    conn: &mut DbConn,
    org_id: OrgId,
    invited_by: PersonId,
    input: &InviteInput,
) -> Result<(Invite, String)> {
    let input = validate(conn, org_id, input)?;
    let (token, hash) = new_token();
    let at = now();
    diesel::insert_into(invites::table)
        .values((
            invites::org_id.eq(org_id),
            invites::email.eq(&input.email),
            invites::name.eq(&input.name),
            invites::role.eq(input.role),
            invites::team_id.eq(input.team_id),
            invites::token_hash.eq(&hash),
            invites::invited_by.eq(invited_by),
            invites::created_at.eq(at),
            invites::sent_at.eq(at),
            invites::expires_at.eq(at + Duration::days(INVITE_DAYS)),
        ))
        .execute(conn)?;
    Ok((by_hash(conn, &hash)?, token))
}

fn by_hash(conn: &mut DbConn, hash: &str) -> Result<Invite> {
    Ok(invites::table
        .filter(invites::token_hash.eq(hash))
        .select(Invite::as_select())
        .first(conn)?)
}

/// The organisation's invitations, newest first (accepted and withdrawn ones too).
pub fn list(conn: &mut DbConn, org_id: OrgId) -> Result<Vec<Invite>> {
    Ok(invites::table
        .filter(invites::org_id.eq(org_id))
        .order(invites::id.desc())
        .select(Invite::as_select())
        .load(conn)?)
}

pub fn find(conn: &mut DbConn, org_id: OrgId, id: InviteId) -> Result<Invite> {
    Ok(invites::table
        .filter(invites::org_id.eq(org_id))
        .filter(invites::id.eq(id))
        .select(Invite::as_select())
        .first(conn)?)
}

type OpenOne = And<
    And<And<Eq<invites::org_id, OrgId>, Eq<invites::id, InviteId>>, IsNull<invites::accepted_at>>,
    IsNull<invites::withdrawn_at>,
>;

/// The organisation's invitation `id`, if it is neither accepted nor withdrawn.
fn open_one(org_id: OrgId, id: InviteId) -> OpenOne {
    invites::org_id
        .eq(org_id)
        .and(invites::id.eq(id))
        .and(invites::accepted_at.is_null())
        .and(invites::withdrawn_at.is_null())
}

/// Sends an open invitation again with a new link, which works for [`INVITE_DAYS`] more;
/// the old link stops working. Returns the new secret.
pub fn renew(conn: &mut DbConn, org_id: OrgId, id: InviteId) -> Result<(Invite, String)> {
    let (token, hash) = new_token();
    let at = now();
    let n = diesel::update(invites::table.filter(open_one(org_id, id)))
        .set((
            invites::token_hash.eq(&hash),
            invites::sent_at.eq(at),
            invites::expires_at.eq(at + Duration::days(INVITE_DAYS)),
        ))
        .execute(conn)?;
    found(n)?;
    Ok((by_hash(conn, &hash)?, token))
}

/// Withdraws an open invitation: its link stops working.
pub fn withdraw(conn: &mut DbConn, org_id: OrgId, id: InviteId) -> Result<Invite> {
    let n = diesel::update(invites::table.filter(open_one(org_id, id)))
        .set(invites::withdrawn_at.eq(Some(now())))
        .execute(conn)?;
    found(n)?;
    find(conn, org_id, id)
}

/// What an invitation's link opens.
#[derive(Debug, Clone)]
pub struct Opened {
    pub invite: Invite,
    /// The organisation's name.
    pub org: String,
    /// Whether the address has an account already (in this organisation's people or any
    /// other's): the link's holder, who reads the address's mail, accepts without a new
    /// password and signs in with the one they have.
    pub has_account: bool,
    /// Whether the organisation requires single sign-on: then the invitation is accepted by
    /// signing in through its provider, never with a password.
    pub sso_required: bool,
}

/// The invitation a link's secret opens, or why it does not.
pub fn open(conn: &mut DbConn, token: &str) -> Result<std::result::Result<Opened, InviteProblem>> {
    let Some(invite) = by_hash(conn, &hash_token(token))
        .map(Some)
        .or_else(|e| match e {
            Error::NotFound => Ok(None),
            e => Err(e),
        })?
    else {
        return Ok(Err(InviteProblem::Unknown));
    };
    let problem = match invite.status(now()) {
        "accepted" => Some(InviteProblem::Used),
        "withdrawn" => Some(InviteProblem::Withdrawn),
        "expired" => Some(InviteProblem::Expired),
        _ => None,
    };
    if let Some(problem) = problem {
        return Ok(Err(problem));
    }
    let org = org::find(conn, invite.org_id)?.name;
    let has_account = people::accounts::exists(conn, &invite.email)?;
    let sso_required = sso_configs::table
        .find(invite.org_id)
        .select(sso_configs::required)
        .first::<bool>(conn)
        .optional()?
        .unwrap_or(false);
    Ok(Ok(Opened {
        invite,
        org,
        has_account,
        sso_required,
    }))
}

/// Accepts the invitation a link's secret opens: the person is created in the organisation
/// with the invitation's role and team and the name they chose; the link is used up. An
/// address without an account gets one, with the password's hash (required) in the
/// organisation's language; an existing account joins as it is (a password given is not
/// used: the link proves the address, not a right to change how it signs in elsewhere). An
/// address already a person here is refused on the email field.
pub fn accept(
    conn: &mut DbConn,
    token: &str,
    name: &str,
    password_hash: Option<&str>,
) -> Result<std::result::Result<(Invite, Person), InviteProblem>> {
    let (invite, has_account) = match open(conn, token)? {
        Ok(Opened { sso_required, .. }) if sso_required => {
            return Err(FieldErrors::single("token", "field-invite-sso-required"));
        }
        Ok(opened) => (opened.invite, opened.has_account),
        Err(problem) => return Ok(Err(problem)),
    };
    if !has_account && password_hash.is_none() {
        return Err(FieldErrors::single("password", "field-password-length"));
    }
    let person = join(conn, &invite, name, password_hash)?;
    Ok(Ok((invite, person)))
}

/// Accepts the invitation waiting for `email` in the organisation, if there is one: for a
/// sign-in through the organisation's provider, which proves the address as the link
/// would. The person joins with the invitation's role and team.
pub fn accept_waiting(
    conn: &mut DbConn,
    org_id: OrgId,
    email: &str,
    name: &str,
) -> Result<Option<(Invite, Person)>> {
    let Some(invite) = open_for(conn, org_id, email)? else {
        return Ok(None);
    };
    let person = join(conn, &invite, name, None)?;
    Ok(Some((invite, person)))
}

/// The invited person joins: created with the invitation's role and team and the name
/// given, the invitation marked accepted.
fn join(
    conn: &mut DbConn,
    invite: &Invite,
    name: &str,
    password_hash: Option<&str>,
) -> Result<Person> {
    let org = org::find(conn, invite.org_id)?;
    let input = PersonInput {
        name: name.to_owned(),
        email: invite.email.clone(),
        locale: org.locale(),
        roles: vec![invite.role],
    };
    let person = people::create(conn, invite.org_id, &input, password_hash)?;
    if let Some(team) = invite.team_id {
        let today = org::today(conn, invite.org_id)?;
        teams::add_member(conn, invite.org_id, team, person.row.id, today)?;
    }
    let n = diesel::update(
        invites::table
            .filter(invites::id.eq(invite.id))
            .filter(invites::accepted_at.is_null()),
    )
    .set((
        invites::accepted_at.eq(Some(now())),
        invites::person_id.eq(Some(person.row.id)),
    ))
    .execute(conn)?;
    found(n)?;
    Ok(person)
}

/// Invites everyone a CSV file (the people import's format) names who is not in the
/// organisation yet, each with the first role of their row (member when none) and their
/// team (teams the file names are created, as an import does). All or nothing: a file that
/// does not import cleanly, or an address that cannot be invited (one with an invitation
/// waiting), changes nothing. Returns the invitations with their links' secrets, and how
/// many rows were people already in the organisation (left as they are).
pub fn from_file(
    conn: &mut DbConn,
    org_id: OrgId,
    invited_by: PersonId,
    text: &str,
) -> Result<(Vec<(Invite, String)>, usize)> {
    let plan = super::import::plan(conn, org_id, text)?;
    if !plan.is_clean() {
        return Err(FieldErrors::single("file", "import-error-not-clean"));
    }
    let team_ids = super::import::with_new_teams(conn, org_id, &plan)?;
    let mut sent = Vec::new();
    let mut members = 0;
    for row in &plan.rows {
        if row.action == super::import::RowAction::Update {
            members += 1;
            continue;
        }
        let input = InviteInput {
            email: row.email.clone(),
            name: row.name.clone(),
            role: row.roles.first().copied().unwrap_or(Role::Member),
            team_id: row
                .team
                .as_ref()
                .and_then(|t| team_ids.get(&t.to_lowercase()).copied()),
        };
        sent.push(create(conn, org_id, invited_by, &input)?);
    }
    Ok((sent, members))
}
