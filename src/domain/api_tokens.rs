//! API tokens' lifecycle: a leader creates one with a lifetime (30, 90, 180 or 365 days, or
//! none), it acts with its creator's roles *as they are at each call* and works only while
//! the creator is an active leader, until it expires or is revoked; deactivating the creator
//! revokes their tokens for good. Only the SHA-256 of a token is stored.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use super::identity::{Identity, IdentityRow};
use super::people::{PersonRow, Role};
use super::tokens::{hash_token, new_token};
use super::{DbConn, FieldErrors, Result, now};
use crate::db::schema::{accounts, api_tokens, organisations, people, person_roles};
use crate::domain::ids::{ApiTokenId, OrgId, PersonId};

/// How stale a token's `last_used_at` may get before a request refreshes it. Writing it on
/// every request would make each API call, reads included, a database write.
pub const TOKEN_TOUCH_SECONDS: i64 = 60;

/// How long a new token works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lifetime {
    Days(i64),
    Never,
}

impl Lifetime {
    /// The choices offered, as form values.
    pub const CHOICES: [&'static str; 5] = ["30", "90", "180", "365", "never"];
    /// The choice made when none is given.
    pub const DEFAULT: Lifetime = Lifetime::Days(90);

    /// One of [`Lifetime::CHOICES`]; an empty value is the default.
    pub fn parse(value: &str) -> Option<Lifetime> {
        match value.trim() {
            "" => Some(Lifetime::DEFAULT),
            "never" => Some(Lifetime::Never),
            "30" => Some(Lifetime::Days(30)),
            "90" => Some(Lifetime::Days(90)),
            "180" => Some(Lifetime::Days(180)),
            "365" => Some(Lifetime::Days(365)),
            _ => None,
        }
    }

    fn expires_at(self, from: NaiveDateTime) -> Option<NaiveDateTime> {
        match self {
            Lifetime::Days(days) => Some(from + Duration::days(days)),
            Lifetime::Never => None,
        }
    }
}

/// An API token as listed to its organisation's leaders (never the secret itself).
#[derive(Debug, Clone, Queryable, Serialize)]
pub struct ApiTokenInfo {
    pub id: ApiTokenId,
    pub name: String,
    pub owner: String,
    pub created_at: NaiveDateTime,
    pub last_used_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
    /// `None`: never expires.
    pub expires_at: Option<NaiveDateTime>,
}

impl ApiTokenInfo {
    /// `active`, `expired` or `revoked`.
    pub fn status(&self, at: NaiveDateTime) -> &'static str {
        if self.revoked_at.is_some() {
            "revoked"
        } else if self.expires_at.is_some_and(|e| e <= at) {
            "expired"
        } else {
            "active"
        }
    }
}

/// The token a request was made with, for the caller to see (`GET /api/v1/me`).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TokenInUse {
    pub id: ApiTokenId,
    pub name: String,
    /// When it stops working; `null`: never.
    pub expires_at: Option<NaiveDateTime>,
}

/// Creates a token that acts as `person_id` for `lifetime` and returns its secret (shown once).
/// A token just made: its id, when it expires, and its secret (to be shown once; only its
/// hash is stored).
#[derive(Debug, Clone)]
pub struct NewToken {
    pub id: ApiTokenId,
    pub expires_at: Option<NaiveDateTime>,
    pub secret: String,
}

pub fn create(
    conn: &mut DbConn,
    org_id: OrgId,
    person_id: PersonId,
    name: &str,
    lifetime: Lifetime,
) -> Result<NewToken> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 80 {
        return Err(FieldErrors::single("name", "field-name-length"));
    }
    let secret = format!("hvd_{}", new_token().0);
    let at = now();
    let expires_at = lifetime.expires_at(at);
    let id = diesel::insert_into(api_tokens::table)
        .values((
            api_tokens::token_hash.eq(hash_token(&secret)),
            api_tokens::org_id.eq(org_id),
            api_tokens::person_id.eq(person_id),
            api_tokens::name.eq(name),
            api_tokens::created_at.eq(at),
            api_tokens::expires_at.eq(expires_at),
        ))
        .returning(api_tokens::id)
        .get_result(conn)?;
    Ok(NewToken {
        id,
        expires_at,
        secret,
    })
}

pub fn list(conn: &mut DbConn, org_id: OrgId) -> Result<Vec<ApiTokenInfo>> {
    Ok(api_tokens::table
        .inner_join(people::table)
        .filter(api_tokens::org_id.eq(org_id))
        .order((api_tokens::created_at.desc(), api_tokens::id.desc()))
        .select((
            api_tokens::id,
            api_tokens::name,
            people::name,
            api_tokens::created_at,
            api_tokens::last_used_at,
            api_tokens::revoked_at,
            api_tokens::expires_at,
        ))
        .load(conn)?)
}

/// Revokes a live token of the organisation; returns its name (`NotFound` for any other).
pub fn revoke(conn: &mut DbConn, org_id: OrgId, id: ApiTokenId) -> Result<String> {
    diesel::update(
        api_tokens::table
            .filter(api_tokens::org_id.eq(org_id))
            .filter(api_tokens::id.eq(id))
            .filter(api_tokens::revoked_at.is_null()),
    )
    .set(api_tokens::revoked_at.eq(Some(now())))
    .returning(api_tokens::name)
    .get_result(conn)
    .optional()?
    .ok_or(crate::domain::Error::NotFound)
}

/// Revokes every live token of a person (when they are deactivated): reactivating them later
/// does not bring the tokens back.
pub fn revoke_all_of(conn: &mut DbConn, person_id: PersonId) -> Result<()> {
    diesel::update(
        api_tokens::table
            .filter(api_tokens::person_id.eq(person_id))
            .filter(api_tokens::revoked_at.is_null()),
    )
    .set(api_tokens::revoked_at.eq(Some(now())))
    .execute(conn)?;
    Ok(())
}

/// id, name, expiry and last use of a live (unrevoked) token.
type StoredToken = (
    ApiTokenId,
    String,
    Option<NaiveDateTime>,
    Option<NaiveDateTime>,
);

/// The identity behind a bearer token, with its creator's current roles, if the token is
/// neither revoked nor expired and its creator is an active leader. Notes when the token was
/// used, to the minute (see [`TOKEN_TOUCH_SECONDS`]). One query reads the token, its creator,
/// the organisation and the roles.
pub fn identity(conn: &mut DbConn, token: &str) -> Result<Option<(Identity, TokenInUse)>> {
    let at = now();
    let rows: Vec<(StoredToken, IdentityRow)> = api_tokens::table
        .inner_join(
            people::table
                .inner_join(organisations::table)
                .inner_join(accounts::table),
        )
        .left_join(person_roles::table.on(person_roles::person_id.eq(api_tokens::person_id)))
        .filter(api_tokens::token_hash.eq(hash_token(token)))
        .filter(api_tokens::revoked_at.is_null())
        .filter(people::active.eq(true))
        .select((
            (
                api_tokens::id,
                api_tokens::name,
                api_tokens::expires_at,
                api_tokens::last_used_at,
            ),
            (
                PersonRow::as_select(),
                organisations::name,
                organisations::time_zone,
                organisations::period_months,
                person_roles::role.nullable(),
            ),
        ))
        .load(conn)?;
    let Some(((id, name, expires_at, last_used), _)) = rows.first().cloned() else {
        return Ok(None);
    };
    if expires_at.is_some_and(|e| e <= at) {
        return Ok(None);
    }
    let Some(identity) = Identity::from_rows(rows.into_iter().map(|(_, p)| p).collect(), Some(id))
    else {
        return Ok(None);
    };
    if !identity.has_role(Role::Leader) {
        return Ok(None);
    }
    if last_used.is_none_or(|t| at - t >= Duration::seconds(TOKEN_TOUCH_SECONDS)) {
        diesel::update(api_tokens::table.find(id))
            .set(api_tokens::last_used_at.eq(Some(at)))
            .execute(conn)?;
    }
    Ok(Some((
        identity,
        TokenInUse {
            id,
            name,
            expires_at,
        },
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::people::{self, PersonInput};
    use crate::domain::testing::{TestDb, org, person};

    #[test]
    fn lifetimes_parse_and_default_to_ninety_days() {
        assert_eq!(Lifetime::parse(""), Some(Lifetime::Days(90)));
        assert_eq!(Lifetime::parse("never"), Some(Lifetime::Never));
        for choice in Lifetime::CHOICES {
            assert!(Lifetime::parse(choice).is_some(), "{choice}");
        }
        assert_eq!(Lifetime::parse("7"), None);
        assert_eq!(Lifetime::parse("-1"), None);
    }

    #[test]
    fn tokens_expire_follow_their_creators_roles_and_die_with_deactivation() {
        let t = TestDb::fresh();
        let mut c = t.conn();
        let org_id = org(&mut c, "acme");
        person(&mut c, org_id, "boss@acme.no", vec![Role::Leader]);
        let kari = person(&mut c, org_id, "kari@acme.no", vec![Role::Leader]);
        let token = create(&mut c, org_id, kari.row.id, "CI", Lifetime::DEFAULT)
            .unwrap()
            .secret;
        let (me, used) = identity(&mut c, &token).unwrap().unwrap();
        assert_eq!(me.person_id, kari.row.id);
        assert_eq!(me.api_token, Some(used.id));
        let expires = used.expires_at.expect("90 days by default");
        assert!((expires - now() - Duration::days(90)).num_seconds().abs() < 5);

        // Expired: refused.
        diesel::update(api_tokens::table)
            .set(api_tokens::expires_at.eq(Some(now() - Duration::seconds(1))))
            .execute(&mut c)
            .unwrap();
        assert!(identity(&mut c, &token).unwrap().is_none());
        assert_eq!(list(&mut c, org_id).unwrap()[0].status(now()), "expired");

        // No longer a leader: refused while so; a leader again: works with current roles.
        let forever = create(&mut c, org_id, kari.row.id, "Sync", Lifetime::Never)
            .unwrap()
            .secret;
        let as_member = PersonInput {
            name: "kari".into(),
            email: "kari@acme.no".into(),
            locale: crate::domain::Locale::En,
            roles: vec![Role::Member],
        };
        people::update(&mut c, org_id, kari.row.id, &as_member).unwrap();
        assert!(identity(&mut c, &forever).unwrap().is_none());
        let as_leader = PersonInput {
            roles: vec![Role::Leader, Role::Ambassador],
            ..as_member
        };
        people::update(&mut c, org_id, kari.row.id, &as_leader).unwrap();
        let (me, used) = identity(&mut c, &forever).unwrap().unwrap();
        assert!(me.has_role(Role::Ambassador));
        assert_eq!(used.expires_at, None);
    }

    #[test]
    fn token_use_is_noted_at_most_once_a_minute() {
        let t = TestDb::fresh();
        let mut c = t.conn();
        let org_id = org(&mut c, "acme");
        let kari = person(&mut c, org_id, "kari@acme.no", vec![Role::Leader]);
        let token = create(&mut c, org_id, kari.row.id, "CI", Lifetime::Never)
            .unwrap()
            .secret;
        let last_used = |c: &mut DbConn| -> Option<NaiveDateTime> {
            api_tokens::table
                .select(api_tokens::last_used_at)
                .first(c)
                .unwrap()
        };
        let set_last_used = |c: &mut DbConn, at: NaiveDateTime| {
            diesel::update(api_tokens::table)
                .set(api_tokens::last_used_at.eq(Some(at)))
                .execute(c)
                .unwrap();
        };
        assert_eq!(last_used(&mut c), None);
        assert!(identity(&mut c, &token).unwrap().is_some());
        let first = last_used(&mut c).expect("the first use is noted");
        assert!(now() - first < Duration::seconds(5));

        // Within the minute the stored time stays; once it is older, a use refreshes it.
        let recent = now() - Duration::seconds(TOKEN_TOUCH_SECONDS - 10);
        set_last_used(&mut c, recent);
        assert!(identity(&mut c, &token).unwrap().is_some());
        assert_eq!(last_used(&mut c), Some(recent));
        let stale = now() - Duration::seconds(TOKEN_TOUCH_SECONDS + 1);
        set_last_used(&mut c, stale);
        assert!(identity(&mut c, &token).unwrap().is_some());
        assert!(last_used(&mut c).is_some_and(|t| now() - t < Duration::seconds(5)));
    }
}
