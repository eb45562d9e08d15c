//! Team pages: the tree, a team with its members and ambassadors, create, edit and move.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::NaiveDate;
use serde::Deserialize;

use super::editor::{Cx, Done, Editor, Page, Saved, Target};
use super::{form_errors, submit};
use crate::app::teams as app;
use crate::context;
use crate::domain::FieldErrors;
use crate::domain::ids::{MembershipId, PersonId, TeamId};
use crate::domain::teams::{TeamInput, TeamKind};
use crate::web::AppState;
use crate::web::auth::Auth;
use crate::web::errors::AppError;
use crate::web::forms::Form;
use crate::web::render::{Flash, page, redirect_with};

pub async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
) -> Result<HttpResponse, AppError> {
    let tree = app::tree(&state.db, &me).await?;
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

/// The team form: create and edit (see [`Editor`]).
pub struct TeamEditor;

impl Editor for TeamEditor {
    type Parent = ();
    type Id = TeamId;
    type Form = TeamForm;

    async fn blank(_: &Cx<'_>, (): ()) -> Result<TeamForm, AppError> {
        Ok(TeamForm::default())
    }

    async fn current(cx: &Cx<'_>, id: TeamId) -> Result<TeamForm, AppError> {
        let team = app::editable(&cx.state.db, cx.me, id).await?;
        Ok(TeamForm {
            name: team.name,
            kind: team.kind.code().to_owned(),
            parent_id: team.parent_id.map(|p| p.to_string()).unwrap_or_default(),
        })
    }

    async fn page(cx: &Cx<'_>, at: Target<Self>, form: &TeamForm) -> Page {
        let id = at.id();
        let departments = app::departments(&cx.state.db, cx.me, id).await?;
        Ok((
            "teams/form.html",
            context!(
                "id" => id,
                "name" => form.name,
                "kind" => if form.kind.is_empty() { "team" } else { form.kind.as_str() },
                "parent_id" => form.parent_id,
                "departments" => departments,
            ),
        ))
    }

    async fn save(cx: &Cx<'_>, at: Target<Self>, form: &TeamForm) -> Saved {
        let id = at.id();
        let db = &cx.state.db;
        let saved = submit(form.input(), |input| async {
            match id {
                Some(id) => app::update(db, cx.me, id, app::Change::all(input)).await,
                None => app::create(db, cx.me, input).await,
            }
        })
        .await?;
        Ok(saved.map(|team| Done {
            to: format!("/teams/{}", team.id),
            flash: Flash::success("flash-team-saved").arg("name", team.name),
        }))
    }
}

pub async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<TeamId>,
) -> Result<HttpResponse, AppError> {
    let view = app::team(&state.db, &me, id.into_inner()).await?;
    let everyone = app::everyone(&state.db, &me).await?;
    let (current, former): (Vec<_>, Vec<_>) =
        view.members.into_iter().partition(|m| m.left_on.is_none());
    page(
        &req,
        "teams/show.html",
        context!(
            "team" => view.team,
            "parent" => view.parent,
            "children" => view.children,
            "members" => current,
            "former" => former,
            "ambassadors" => view.ambassadors,
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
    fn person_id(&self) -> Result<PersonId, AppError> {
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

/// Returns to the team page with a flash: the success, or the problem with the change.
fn back_to_team<T>(
    req: &HttpRequest,
    team_id: TeamId,
    flash: &'static str,
    result: crate::domain::Result<T>,
) -> Result<HttpResponse, AppError> {
    let to = format!("/teams/{team_id}");
    match form_errors(result)? {
        Ok(_) => Ok(redirect_with(req, &to, Flash::success(flash))),
        Err(errors) => {
            let key = errors.0.first().map_or("error-invalid", |e| e.key);
            Ok(redirect_with(req, &to, Flash::error(key)))
        }
    }
}

pub async fn add_member(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<TeamId>,
    Form(form): Form<MemberForm>,
) -> Result<HttpResponse, AppError> {
    let (team_id, person_id, date) = (id.into_inner(), form.person_id()?, form.date(me.today())?);
    let result = app::add_member(
        &state.db,
        &me,
        team_id,
        person_id,
        date,
        state.mail_composer(),
    )
    .await;
    state.mail.kick();
    back_to_team(&req, team_id, "flash-member-added", result)
}

pub async fn end_membership(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    path: web::Path<(TeamId, MembershipId)>,
    Form(form): Form<MemberForm>,
) -> Result<HttpResponse, AppError> {
    let ((team_id, membership_id), date) = (path.into_inner(), form.date(me.today())?);
    let result = app::end_membership(
        &state.db,
        &me,
        team_id,
        membership_id,
        date,
        state.mail_composer(),
    )
    .await;
    state.mail.kick();
    back_to_team(&req, team_id, "flash-member-left", result)
}

pub async fn add_ambassador(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<TeamId>,
    Form(form): Form<MemberForm>,
) -> Result<HttpResponse, AppError> {
    let (team_id, person_id) = (id.into_inner(), form.person_id()?);
    let result = app::add_ambassador(&state.db, &me, team_id, person_id).await;
    back_to_team(&req, team_id, "flash-ambassador-added", result)
}

pub async fn remove_ambassador(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    path: web::Path<(TeamId, PersonId)>,
    Form(_): Form<serde::de::IgnoredAny>,
) -> Result<HttpResponse, AppError> {
    let (team_id, person_id) = path.into_inner();
    let result = app::remove_ambassador(&state.db, &me, team_id, person_id).await;
    back_to_team(&req, team_id, "flash-ambassador-removed", result)
}
