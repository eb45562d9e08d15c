//! JSON API under `/api/v1`: people and teams, with the same sign-in, roles and organisation
//! scoping as the pages. A browser session must send `X-CSRF-Token` on writes; a bearer
//! token need not.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::app::{people, teams};
use crate::domain::api_tokens::TokenInUse;
use crate::domain::ids::{MembershipId, PersonId, TeamId};
use crate::domain::people::{ListQuery, Person, PersonInput, Role};
use crate::domain::teams::{Member, Team, TeamInput, TeamKind, TreeEntry};
use crate::domain::{Locale, Page};
use crate::web::AppState;
use crate::web::auth::ApiAuth;
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
    id: PersonId,
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
    Ok(web::Json(people::list(&state.db, &me, q).await?))
}

/// `GET /api/v1/people/{id}`
#[utoipa::path(get, path = "/api/v1/people/{id}", tag = "people", params(("id" = i32, Path)),
    responses((status = 200, description = "The person", body = Person)))]
pub async fn get_person(
    state: web::Data<AppState>,
    ApiAuth(me): ApiAuth,
    id: web::Path<PersonId>,
) -> Json<Person> {
    Ok(web::Json(
        people::find(&state.db, &me, id.into_inner()).await?,
    ))
}

/// `POST /api/v1/people` (leaders) → 201
#[utoipa::path(post, path = "/api/v1/people", tag = "people", request_body = PersonInput,
    responses((status = 201, description = "The new person", body = Person)))]
pub async fn create_person(
    state: web::Data<AppState>,
    ApiAuth(me): ApiAuth,
    body: web::Json<PersonInput>,
) -> Result<HttpResponse, AppError> {
    let person = people::create(&state.db, &me, body.into_inner()).await?;
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
    ApiAuth(me): ApiAuth,
    id: web::Path<PersonId>,
    body: web::Json<PersonPatch>,
) -> Json<Person> {
    let patch = body.into_inner();
    let change = people::Change {
        name: patch.name,
        email: patch.email,
        locale: patch.locale,
        roles: patch.roles,
        active: patch.active,
    };
    Ok(web::Json(
        people::update(&state.db, &me, id.into_inner(), change).await?,
    ))
}

/// `GET /api/v1/teams`: the team tree, depth first, with member counts.
#[utoipa::path(get, path = "/api/v1/teams", tag = "teams",
    responses((status = 200, description = "The teams", body = Vec<TreeEntry>)))]
pub async fn list_teams(state: web::Data<AppState>, ApiAuth(me): ApiAuth) -> Json<Vec<TreeEntry>> {
    Ok(web::Json(teams::tree(&state.db, &me).await?))
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
    person_id: PersonId,
    name: String,
}

/// `GET /api/v1/teams/{id}`
#[utoipa::path(get, path = "/api/v1/teams/{id}", tag = "teams", params(("id" = i32, Path)),
    responses((status = 200, description = "The team", body = TeamDetail)))]
pub async fn get_team(
    state: web::Data<AppState>,
    ApiAuth(me): ApiAuth,
    id: web::Path<TeamId>,
) -> Json<TeamDetail> {
    let view = teams::team(&state.db, &me, id.into_inner()).await?;
    Ok(web::Json(TeamDetail {
        team: view.team,
        members: view.members,
        ambassadors: view
            .ambassadors
            .into_iter()
            .map(|(person_id, name)| Ambassador { person_id, name })
            .collect(),
    }))
}

/// `POST /api/v1/teams` (leaders) → 201
#[utoipa::path(post, path = "/api/v1/teams", tag = "teams", request_body = TeamInput,
    responses((status = 201, description = "The new team", body = Team)))]
pub async fn create_team(
    state: web::Data<AppState>,
    ApiAuth(me): ApiAuth,
    body: web::Json<TeamInput>,
) -> Result<HttpResponse, AppError> {
    let team = teams::create(&state.db, &me, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(team))
}

/// Fields to change on a team. `parent_id: null` moves it to the top level.
#[derive(Deserialize, ToSchema)]
pub struct TeamPatch {
    name: Option<String>,
    kind: Option<TeamKind>,
    #[serde(default, deserialize_with = "super::double_option")]
    #[schema(value_type = Option<i32>)]
    parent_id: Option<Option<TeamId>>,
}

/// `PATCH /api/v1/teams/{id}` (leaders)
#[utoipa::path(patch, path = "/api/v1/teams/{id}", tag = "teams", params(("id" = i32, Path)),
    request_body = TeamPatch,
    responses((status = 200, description = "The team, changed", body = Team)))]
pub async fn update_team(
    state: web::Data<AppState>,
    ApiAuth(me): ApiAuth,
    id: web::Path<TeamId>,
    body: web::Json<TeamPatch>,
) -> Json<Team> {
    let patch = body.into_inner();
    let change = teams::Change {
        name: patch.name,
        kind: patch.kind,
        parent_id: patch.parent_id,
    };
    Ok(web::Json(
        teams::update(&state.db, &me, id.into_inner(), change).await?,
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct PersonRef {
    person_id: PersonId,
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
    ApiAuth(me): ApiAuth,
    id: web::Path<TeamId>,
    body: web::Json<PersonRef>,
) -> Result<HttpResponse, AppError> {
    let body = body.into_inner();
    let on = body.date.unwrap_or_else(|| me.today());
    let members = teams::add_member(
        &state.db,
        &me,
        id.into_inner(),
        body.person_id,
        on,
        state.mail_composer(),
    )
    .await?;
    state.mail.kick();
    Ok(HttpResponse::Created().json(members))
}

/// `POST /api/v1/teams/{id}/members/{membership}/end` (leaders), optionally with `{"date"}`
#[utoipa::path(post, path = "/api/v1/teams/{id}/members/{membership}/end", tag = "teams",
    params(("id" = i32, Path), ("membership" = i32, Path)), request_body = Option<DateRef>,
    responses((status = 200, description = "The team's members", body = Vec<Member>)))]
pub async fn end_membership(
    state: web::Data<AppState>,
    ApiAuth(me): ApiAuth,
    path: web::Path<(TeamId, MembershipId)>,
    body: Option<web::Json<DateRef>>,
) -> Json<Vec<Member>> {
    let (team_id, membership_id) = path.into_inner();
    let on = body
        .and_then(|b| b.into_inner().date)
        .unwrap_or_else(|| me.today());
    let members = teams::end_membership(
        &state.db,
        &me,
        team_id,
        membership_id,
        on,
        state.mail_composer(),
    )
    .await?;
    state.mail.kick();
    Ok(web::Json(members))
}

/// The link between a team and one of its ambassadors.
#[derive(Serialize, ToSchema)]
pub struct AmbassadorLink {
    team_id: TeamId,
    person_id: PersonId,
}

/// `POST /api/v1/teams/{id}/ambassadors` (leaders) → 201
#[utoipa::path(post, path = "/api/v1/teams/{id}/ambassadors", tag = "teams",
    params(("id" = i32, Path)), request_body = PersonRef,
    responses((status = 201, description = "The person is the team's ambassador", body = AmbassadorLink)))]
pub async fn add_ambassador(
    state: web::Data<AppState>,
    ApiAuth(me): ApiAuth,
    id: web::Path<TeamId>,
    body: web::Json<PersonRef>,
) -> Result<HttpResponse, AppError> {
    let (team_id, person_id) = (id.into_inner(), body.person_id);
    teams::add_ambassador(&state.db, &me, team_id, person_id).await?;
    Ok(HttpResponse::Created().json(AmbassadorLink { team_id, person_id }))
}

/// `DELETE /api/v1/teams/{id}/ambassadors/{person}` (leaders) → 204
#[utoipa::path(delete, path = "/api/v1/teams/{id}/ambassadors/{person}", tag = "teams",
    params(("id" = i32, Path), ("person" = i32, Path)),
    responses((status = 204, description = "Removed")))]
pub async fn remove_ambassador(
    state: web::Data<AppState>,
    ApiAuth(me): ApiAuth,
    path: web::Path<(TeamId, PersonId)>,
) -> Result<HttpResponse, AppError> {
    let (team_id, person_id) = path.into_inner();
    teams::remove_ambassador(&state.db, &me, team_id, person_id).await?;
    Ok(HttpResponse::NoContent().finish())
}
