//! JSON API under `/api/v1`: people and teams, with the same sign-in, roles and organisation
//! scoping as the pages. A browser session must send `X-CSRF-Token` on writes; a bearer
//! token need not.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::api_tokens::TokenInUse;
use crate::domain::people::{self, ListQuery, Person, PersonInput, Role};
use crate::domain::teams::{self, Member, Team, TeamInput, TeamKind};
use crate::domain::{Locale, Page};
use crate::web::AppState;
use crate::web::auth::{ApiAuth, ApiLeader};
use crate::web::context::RequestContext;
use crate::web::errors::AppError;

type Json<T> = Result<web::Json<T>, AppError>;

pub fn json_config() -> web::JsonConfig {
    web::JsonConfig::default()
        .limit(256 * 1024)
        .error_handler(|_, _| AppError::BadRequest("error-bad-json").into())
}

/// The caller.
#[derive(Serialize, ToSchema)]
pub struct Me {
    id: i32,
    name: String,
    email: String,
    locale: Locale,
    /// The caller's roles now (a token acts with its creator's current roles).
    roles: Vec<Role>,
    /// The API token this call was made with (absent for a browser session): its name and
    /// when it expires (`null`: never).
    #[serde(skip_serializing_if = "Option::is_none")]
    token: Option<TokenInUse>,
}

/// `GET /api/v1/me`: who the token (or session) belongs to, and the token's expiry.
#[utoipa::path(get, path = "/api/v1/me", tag = "people",
    responses((status = 200, description = "The caller", body = Me)))]
pub async fn me(req: HttpRequest, ApiAuth(me): ApiAuth) -> Json<Me> {
    let token = RequestContext::of(&req).and_then(|c| c.api_token);
    Ok(web::Json(Me {
        id: me.person_id,
        name: me.name,
        email: me.email,
        locale: me.locale,
        roles: me.roles,
        token,
    }))
}

/// `GET /api/v1/people?q=&role=&page=&include_inactive=`: a page of people.
#[utoipa::path(get, path = "/api/v1/people", tag = "people", params(ListQuery),
    responses((status = 200, description = "A page of people", body = Page<Person>)))]
pub async fn list_people(
    state: web::Data<AppState>,
    ApiAuth(me): ApiAuth,
    query: web::Query<ListQuery>,
) -> Json<Page<Person>> {
    let q = query.into_inner();
    Ok(web::Json(
        state
            .db
            .run(move |c| people::list(c, me.org_id, &q))
            .await?,
    ))
}

/// `GET /api/v1/people/{id}`
#[utoipa::path(get, path = "/api/v1/people/{id}", tag = "people", params(("id" = i32, Path)),
    responses((status = 200, description = "The person", body = Person)))]
pub async fn get_person(
    state: web::Data<AppState>,
    ApiAuth(me): ApiAuth,
    id: web::Path<i32>,
) -> Json<Person> {
    let id = id.into_inner();
    Ok(web::Json(
        state
            .db
            .run(move |c| people::find(c, me.org_id, id))
            .await?,
    ))
}

/// `POST /api/v1/people` (leaders) → 201
#[utoipa::path(post, path = "/api/v1/people", tag = "people", request_body = PersonInput,
    responses((status = 201, description = "The new person", body = Person)))]
pub async fn create_person(
    state: web::Data<AppState>,
    ApiLeader(me): ApiLeader,
    body: web::Json<PersonInput>,
) -> Result<HttpResponse, AppError> {
    let input = body.into_inner();
    let person = state
        .db
        .write(move |c| people::create(c, me.org_id, &input, None))
        .await?;
    Ok(HttpResponse::Created().json(person))
}

/// Fields to change on a person; missing ones stay as they are.
#[derive(Deserialize, ToSchema)]
pub struct PersonPatch {
    name: Option<String>,
    email: Option<String>,
    locale: Option<Locale>,
    roles: Option<Vec<Role>>,
    active: Option<bool>,
}

/// `PATCH /api/v1/people/{id}` (leaders); a leader cannot deactivate or demote themself.
#[utoipa::path(patch, path = "/api/v1/people/{id}", tag = "people", params(("id" = i32, Path)),
    request_body = PersonPatch,
    responses((status = 200, description = "The person, changed", body = Person)))]
pub async fn update_person(
    state: web::Data<AppState>,
    ApiLeader(me): ApiLeader,
    id: web::Path<i32>,
    body: web::Json<PersonPatch>,
) -> Json<Person> {
    let (id, patch) = (id.into_inner(), body.into_inner());
    if id == me.person_id
        && (patch.active == Some(false)
            || patch
                .roles
                .as_ref()
                .is_some_and(|r| !r.contains(&Role::Leader)))
    {
        return Err(AppError::BadRequest("error-deactivate-self"));
    }
    let org_id = me.org_id;
    let person = state
        .db
        .write(move |c| -> crate::domain::Result<Person> {
            let current = people::find(c, org_id, id)?;
            let input = PersonInput {
                name: patch.name.unwrap_or(current.row.name),
                email: patch.email.unwrap_or(current.row.email),
                locale: patch
                    .locale
                    .unwrap_or_else(|| Locale::parse(&current.row.locale).unwrap_or_default()),
                roles: patch.roles.unwrap_or(current.roles),
            };
            people::update(c, org_id, id, &input)?;
            if let Some(active) = patch.active {
                people::set_active(c, org_id, id, active)?;
            }
            people::find(c, org_id, id)
        })
        .await?;
    Ok(web::Json(person))
}

/// `GET /api/v1/teams`: the team tree, depth first, with member counts.
#[utoipa::path(get, path = "/api/v1/teams", tag = "teams",
    responses((status = 200, description = "The teams", body = Vec<teams::TreeEntry>)))]
pub async fn list_teams(
    state: web::Data<AppState>,
    ApiAuth(me): ApiAuth,
) -> Json<Vec<teams::TreeEntry>> {
    Ok(web::Json(
        state.db.run(move |c| teams::tree(c, me.org_id)).await?,
    ))
}

/// A team with its current and past members and its ambassadors.
#[derive(Serialize, ToSchema)]
pub struct TeamDetail {
    #[serde(flatten)]
    team: Team,
    members: Vec<Member>,
    ambassadors: Vec<Ambassador>,
}

#[derive(Serialize, ToSchema)]
pub struct Ambassador {
    person_id: i32,
    name: String,
}

/// `GET /api/v1/teams/{id}`
#[utoipa::path(get, path = "/api/v1/teams/{id}", tag = "teams", params(("id" = i32, Path)),
    responses((status = 200, description = "The team", body = TeamDetail)))]
pub async fn get_team(
    state: web::Data<AppState>,
    ApiAuth(me): ApiAuth,
    id: web::Path<i32>,
) -> Json<TeamDetail> {
    let id = id.into_inner();
    let detail = state
        .db
        .run(move |c| -> crate::domain::Result<TeamDetail> {
            Ok(TeamDetail {
                team: teams::find(c, me.org_id, id)?,
                members: teams::members(c, me.org_id, id)?,
                ambassadors: teams::ambassadors(c, me.org_id, id)?
                    .into_iter()
                    .map(|(person_id, name)| Ambassador { person_id, name })
                    .collect(),
            })
        })
        .await?;
    Ok(web::Json(detail))
}

/// `POST /api/v1/teams` (leaders) → 201
#[utoipa::path(post, path = "/api/v1/teams", tag = "teams", request_body = TeamInput,
    responses((status = 201, description = "The new team", body = Team)))]
pub async fn create_team(
    state: web::Data<AppState>,
    ApiLeader(me): ApiLeader,
    body: web::Json<TeamInput>,
) -> Result<HttpResponse, AppError> {
    let input = body.into_inner();
    let team = state
        .db
        .write(move |c| teams::create(c, me.org_id, &input))
        .await?;
    Ok(HttpResponse::Created().json(team))
}

/// Fields to change on a team. `parent_id: null` moves it to the top level.
#[derive(Deserialize, ToSchema)]
pub struct TeamPatch {
    name: Option<String>,
    kind: Option<TeamKind>,
    #[serde(default, deserialize_with = "super::double_option")]
    #[schema(value_type = Option<i32>)]
    parent_id: Option<Option<i32>>,
}

/// `PATCH /api/v1/teams/{id}` (leaders)
#[utoipa::path(patch, path = "/api/v1/teams/{id}", tag = "teams", params(("id" = i32, Path)),
    request_body = TeamPatch,
    responses((status = 200, description = "The team, changed", body = Team)))]
pub async fn update_team(
    state: web::Data<AppState>,
    ApiLeader(me): ApiLeader,
    id: web::Path<i32>,
    body: web::Json<TeamPatch>,
) -> Json<Team> {
    let (id, patch, org_id) = (id.into_inner(), body.into_inner(), me.org_id);
    let team = state
        .db
        .write(move |c| {
            let current = teams::find(c, org_id, id)?;
            let input = TeamInput {
                name: patch.name.unwrap_or(current.name),
                kind: patch
                    .kind
                    .or_else(|| TeamKind::parse(&current.kind))
                    .unwrap_or(TeamKind::Team),
                parent_id: patch.parent_id.unwrap_or(current.parent_id),
            };
            teams::update(c, org_id, id, &input)
        })
        .await?;
    Ok(web::Json(team))
}

#[derive(Deserialize, ToSchema)]
pub struct PersonRef {
    person_id: i32,
    /// Joining (or leaving) date; today when absent.
    date: Option<NaiveDate>,
}

#[derive(Deserialize, Default, ToSchema)]
pub struct DateRef {
    date: Option<NaiveDate>,
}

/// `POST /api/v1/teams/{id}/members` (leaders) → 201 with the team's members
#[utoipa::path(post, path = "/api/v1/teams/{id}/members", tag = "teams",
    params(("id" = i32, Path)), request_body = PersonRef,
    responses((status = 201, description = "The team's members", body = Vec<Member>)))]
pub async fn add_member(
    state: web::Data<AppState>,
    ApiLeader(me): ApiLeader,
    id: web::Path<i32>,
    body: web::Json<PersonRef>,
) -> Result<HttpResponse, AppError> {
    let (team_id, body) = (id.into_inner(), body.into_inner());
    state
        .db
        .write(move |c| {
            teams::add_member(
                c,
                me.org_id,
                team_id,
                body.person_id,
                body.date.unwrap_or_else(|| me.today()),
            )?;
            teams::members(c, me.org_id, team_id)
        })
        .await
        .map(|members| HttpResponse::Created().json(members))
        .map_err(AppError::from)
}

/// `POST /api/v1/teams/{id}/members/{membership}/end` (leaders), optionally with `{"date"}`
#[utoipa::path(post, path = "/api/v1/teams/{id}/members/{membership}/end", tag = "teams",
    params(("id" = i32, Path), ("membership" = i32, Path)), request_body = Option<DateRef>,
    responses((status = 200, description = "The team's members", body = Vec<Member>)))]
pub async fn end_membership(
    state: web::Data<AppState>,
    ApiLeader(me): ApiLeader,
    path: web::Path<(i32, i32)>,
    body: Option<web::Json<DateRef>>,
) -> Json<Vec<Member>> {
    let (team_id, membership_id) = path.into_inner();
    let date = body
        .and_then(|b| b.into_inner().date)
        .unwrap_or_else(|| me.today());
    let members = state
        .db
        .write(move |c| {
            teams::end_membership(c, me.org_id, team_id, membership_id, date)?;
            teams::members(c, me.org_id, team_id)
        })
        .await?;
    Ok(web::Json(members))
}

/// The link between a team and one of its ambassadors.
#[derive(Serialize, ToSchema)]
pub struct AmbassadorLink {
    team_id: i32,
    person_id: i32,
}

/// `POST /api/v1/teams/{id}/ambassadors` (leaders) → 201
#[utoipa::path(post, path = "/api/v1/teams/{id}/ambassadors", tag = "teams",
    params(("id" = i32, Path)), request_body = PersonRef,
    responses((status = 201, description = "The person is the team's ambassador", body = AmbassadorLink)))]
pub async fn add_ambassador(
    state: web::Data<AppState>,
    ApiLeader(me): ApiLeader,
    id: web::Path<i32>,
    body: web::Json<PersonRef>,
) -> Result<HttpResponse, AppError> {
    let (team_id, person_id) = (id.into_inner(), body.person_id);
    state
        .db
        .write(move |c| teams::add_ambassador(c, me.org_id, team_id, person_id))
        .await?;
    Ok(HttpResponse::Created().json(AmbassadorLink { team_id, person_id }))
}

/// `DELETE /api/v1/teams/{id}/ambassadors/{person}` (leaders) → 204
#[utoipa::path(delete, path = "/api/v1/teams/{id}/ambassadors/{person}", tag = "teams",
    params(("id" = i32, Path), ("person" = i32, Path)),
    responses((status = 204, description = "Removed")))]
pub async fn remove_ambassador(
    state: web::Data<AppState>,
    ApiLeader(me): ApiLeader,
    path: web::Path<(i32, i32)>,
) -> Result<HttpResponse, AppError> {
    let (team_id, person_id) = path.into_inner();
    state
        .db
        .write(move |c| teams::remove_ambassador(c, me.org_id, team_id, person_id))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
