//! Team pages: the tree, a team with its members and ambassadors, create, edit and move.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::NaiveDate;
use serde::Deserialize;

use super::{errors_value, form_errors, save_form};
use crate::context;
use crate::domain::teams::{self, TeamInput, TeamKind};
use crate::domain::{FieldErrors, people};
use crate::web::AppState;
use crate::web::auth::{Auth, Leader};
use crate::web::errors::AppError;
use crate::web::forms::Form;
use crate::web::render::{Flash, page, page_with_status, redirect_with};

pub async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
) -> Result<HttpResponse, AppError> {
    let tree = state.db.run(move |c| teams::tree(c, me.org_id)).await?;
    page(&req, "teams/list.html", context!("tree" => tree))
}

#[derive(Debug, Default, Deserialize)]
pub struct TeamForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    parent_id: String,
}

impl TeamForm {
    fn input(&self) -> Result<TeamInput, FieldErrors> {
        let mut errors = FieldErrors::default();
        let kind = TeamKind::parse(&self.kind).unwrap_or_else(|| {
            errors.add("kind", "field-kind-invalid");
            TeamKind::Team
        });
        let parent_id = match self.parent_id.trim() {
            "" => None,
            s => match s.parse() {
                Ok(id) => Some(id),
                Err(_) => {
                    errors.add("parent_id", "field-parent-unknown");
                    None
                }
            },
        };
        if errors.is_empty() {
            Ok(TeamInput {
                name: self.name.clone(),
                kind,
                parent_id,
            })
        } else {
            Err(errors)
        }
    }
}

async fn form_page(
    req: &HttpRequest,
    state: &AppState,
    org_id: i32,
    status: StatusCode,
    id: Option<i32>,
    form: &TeamForm,
    errors: &FieldErrors,
) -> Result<HttpResponse, AppError> {
    let departments: Vec<(i32, String, usize)> = state
        .db
        .run(move |c| teams::tree(c, org_id))
        .await?
        .into_iter()
        .filter(|t| t.team.is_department() && Some(t.team.id) != id)
        .map(|t| (t.team.id, t.team.name, t.depth))
        .collect();
    page_with_status(
        req,
        status,
        "teams/form.html",
        context!(
            "id" => id,
            "name" => form.name,
            "kind" => if form.kind.is_empty() { "team" } else { form.kind.as_str() },
            "parent_id" => form.parent_id,
            "departments" => departments,
            "errors" => errors_value(errors),
        ),
    )
}

pub async fn new_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    Leader(me): Leader,
) -> Result<HttpResponse, AppError> {
    let form = TeamForm::default();
    form_page(
        &req,
        &state,
        me.org_id,
        StatusCode::OK,
        None,
        &form,
        &FieldErrors::default(),
    )
    .await
}

async fn save(
    req: HttpRequest,
    state: web::Data<AppState>,
    org_id: i32,
    id: Option<i32>,
    form: TeamForm,
) -> Result<HttpResponse, AppError> {
    let saved = save_form(&state, form.input(), move |c, input| match id {
        Some(id) => teams::update(c, org_id, id, &input),
        None => teams::create(c, org_id, &input),
    })
    .await?;
    match saved {
        Ok(team) => Ok(redirect_with(
            &req,
            &format!("/teams/{}", team.id),
            Flash::success("flash-team-saved").arg("name", team.name),
        )),
        Err(errors) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            form_page(&req, &state, org_id, status, id, &form, &errors).await
        }
    }
}

pub async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    Leader(me): Leader,
    Form(form): Form<TeamForm>,
) -> Result<HttpResponse, AppError> {
    save(req, state, me.org_id, None, form).await
}

pub async fn edit_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    Leader(me): Leader,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let team = state.db.run(move |c| teams::find(c, me.org_id, id)).await?;
    let form = TeamForm {
        name: team.name,
        kind: team.kind,
        parent_id: team.parent_id.map(|p| p.to_string()).unwrap_or_default(),
    };
    form_page(
        &req,
        &state,
        me.org_id,
        StatusCode::OK,
        Some(id),
        &form,
        &FieldErrors::default(),
    )
    .await
}

pub async fn update(
    req: HttpRequest,
    state: web::Data<AppState>,
    Leader(me): Leader,
    id: web::Path<i32>,
    Form(form): Form<TeamForm>,
) -> Result<HttpResponse, AppError> {
    save(req, state, me.org_id, Some(id.into_inner()), form).await
}

pub async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let org_id = me.org_id;
    let (team, parent, members, ambassadors, everyone, children) = state
        .db
        .run(move |c| -> crate::domain::Result<_> {
            let team = teams::find(c, org_id, id)?;
            let parent = match team.parent_id {
                Some(p) => Some(teams::find(c, org_id, p)?),
                None => None,
            };
            let children: Vec<teams::Team> = teams::all(c, org_id)?
                .into_iter()
                .filter(|t| t.parent_id == Some(id))
                .collect();
            Ok((
                team,
                parent,
                teams::members(c, org_id, id)?,
                teams::ambassadors(c, org_id, id)?,
                people::names(c, org_id)?,
                children,
            ))
        })
        .await?;
    let (current, former): (Vec<_>, Vec<_>) =
        members.into_iter().partition(|m| m.left_on.is_none());
    page(
        &req,
        "teams/show.html",
        context!(
            "team" => team,
            "parent" => parent,
            "children" => children,
            "members" => current,
            "former" => former,
            "ambassadors" => ambassadors,
            "everyone" => everyone,
            "today" => me.today().to_string(),
        ),
    )
}

#[derive(Deserialize)]
pub struct MemberForm {
    #[serde(default)]
    person_id: String,
    #[serde(default)]
    date: String,
}

impl MemberForm {
    fn person_id(&self) -> Result<i32, AppError> {
        self.person_id
            .parse()
            .map_err(|_| AppError::BadRequest("error-choose-person"))
    }

    /// The date given, or `today` when the field is empty.
    fn date(&self, today: NaiveDate) -> Result<NaiveDate, AppError> {
        match self.date.trim() {
            "" => Ok(today),
            s => NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map_err(|_| AppError::BadRequest("error-bad-date")),
        }
    }
}

/// Runs a team change and returns to the team page with a flash, or shows the problem there.
async fn team_change<F>(
    req: HttpRequest,
    state: web::Data<AppState>,
    team_id: i32,
    flash: &'static str,
    change: F,
) -> Result<HttpResponse, AppError>
where
    F: FnOnce(&mut crate::db::DbConn) -> crate::domain::Result<()> + Send + 'static,
{
    match form_errors(state.db.write(change).await)? {
        Ok(()) => Ok(redirect_with(
            &req,
            &format!("/teams/{team_id}"),
            Flash::success(flash),
        )),
        Err(errors) => {
            let key = errors.0.first().map_or("error-invalid", |e| e.key);
            Ok(redirect_with(
                &req,
                &format!("/teams/{team_id}"),
                Flash::error(key),
            ))
        }
    }
}

pub async fn add_member(
    req: HttpRequest,
    state: web::Data<AppState>,
    Leader(me): Leader,
    id: web::Path<i32>,
    Form(form): Form<MemberForm>,
) -> Result<HttpResponse, AppError> {
    let (team_id, person_id, date) = (id.into_inner(), form.person_id()?, form.date(me.today())?);
    team_change(req, state, team_id, "flash-member-added", move |c| {
        teams::add_member(c, me.org_id, team_id, person_id, date)
    })
    .await
}

pub async fn end_membership(
    req: HttpRequest,
    state: web::Data<AppState>,
    Leader(me): Leader,
    path: web::Path<(i32, i32)>,
    Form(form): Form<MemberForm>,
) -> Result<HttpResponse, AppError> {
    let ((team_id, membership_id), date) = (path.into_inner(), form.date(me.today())?);
    team_change(req, state, team_id, "flash-member-left", move |c| {
        teams::end_membership(c, me.org_id, team_id, membership_id, date)
    })
    .await
}

pub async fn add_ambassador(
    req: HttpRequest,
    state: web::Data<AppState>,
    Leader(me): Leader,
    id: web::Path<i32>,
    Form(form): Form<MemberForm>,
) -> Result<HttpResponse, AppError> {
    let (team_id, person_id) = (id.into_inner(), form.person_id()?);
    team_change(req, state, team_id, "flash-ambassador-added", move |c| {
        teams::add_ambassador(c, me.org_id, team_id, person_id)
    })
    .await
}

pub async fn remove_ambassador(
    req: HttpRequest,
    state: web::Data<AppState>,
    Leader(me): Leader,
    path: web::Path<(i32, i32)>,
    Form(_): Form<serde::de::IgnoredAny>,
) -> Result<HttpResponse, AppError> {
    let (team_id, person_id) = path.into_inner();
    team_change(req, state, team_id, "flash-ambassador-removed", move |c| {
        teams::remove_ambassador(c, me.org_id, team_id, person_id)
    })
    .await
}
