//! The OKR register: a team's objectives for a quarter, with forms to create and change
//! them, confirm workshop drafts, move an objective to another quarter and archive it (key
//! results are in `key_results.rs`, the organisation's objectives in `org_objectives.rs`).
//! The rules are the use cases' in `app::okrs`.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use super::editor::{At, Cx, Done, Editor, Page, Saved, Target};
use super::{period_or_current, submit};
use crate::app::okrs as app;
use crate::context;
use crate::domain::ids::{ObjectiveId, OrgObjectiveId, TeamId};
use crate::domain::okrs::{Objective, ObjectiveInput, Status};
use crate::domain::{FieldErrors, periods};
use crate::web::AppState;
use crate::web::auth::Auth;
use crate::web::errors::AppError;
use crate::web::forms::{Form, optional_id};
use crate::web::render::{Flash, page, redirect_with};

fn register_url(team: TeamId, period: &str) -> String {
    format!("/okrs?team={team}&period={period}")
}

/// The person may change this team's OKRs, or gets 403.
#[derive(Deserialize)]
pub struct RegisterQuery {
    team: Option<TeamId>,
    period: Option<String>,
}

/// `GET /okrs`: a team's register for a quarter (by default the person's own team, this
/// quarter).
pub async fn register(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    query: web::Query<RegisterQuery>,
) -> Result<HttpResponse, AppError> {
    let RegisterQuery { team, period } = query.into_inner();
    let period = period_or_current(&me, period)?;
    let r = app::register(&state.db, &me, team, period.clone()).await?;
    page(
        &req,
        "okrs/register.html",
        context!(
            "teams" => r.teams,
            "team" => r.team,
            "okrs" => r.okrs,
            "editable" => r.editable,
            "names" => super::keyed_by_text(r.names),
            "period" => period,
            "previous" => periods::shift(&period, -1),
            "next" => periods::shift(&period, 1),
        ),
    )
}

/// The objective form as submitted.
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct ObjectiveForm {
    #[serde(default)]
    team_id: String,
    #[serde(default)]
    period: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    owner_id: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    aligned_to: String,
}

impl ObjectiveForm {
    fn input(&self) -> Result<ObjectiveInput, FieldErrors> {
        let mut errors = FieldErrors::default();
        let team_id = self.team_id.trim().parse().unwrap_or_else(|_| {
            errors.add("team", "field-teams-unknown");
            TeamId(0)
        });
        let owner_id = optional_id(&mut errors, "owner_id", &self.owner_id);
        let status = Status::parse(self.status.trim()).unwrap_or_else(|| {
            errors.add("status", "field-status-invalid");
            Status::Active
        });
        let input = ObjectiveInput {
            team_id,
            period: self.period.trim().to_owned(),
            title: self.title.clone(),
            description: self.description.clone(),
            owner_id,
            status,
        };
        errors.0.extend(input.validate().0);
        if errors.is_empty() {
            Ok(input)
        } else {
            Err(errors)
        }
    }

    fn of(o: &Objective) -> ObjectiveForm {
        ObjectiveForm {
            team_id: o.team_id.to_string(),
            period: o.period.clone(),
            title: o.title.clone(),
            description: o.description.clone(),
            owner_id: o.owner_id.map(|id| id.to_string()).unwrap_or_default(),
            status: o.status.code().to_owned(),
            aligned_to: o.aligned_to.map(|id| id.to_string()).unwrap_or_default(),
        }
    }

    /// The organisation objective chosen, if any (a bad value counts as none; the domain
    /// checks the rest).
    fn alignment(&self) -> Option<OrgObjectiveId> {
        self.aligned_to.trim().parse().ok()
    }
}

/// The objective form: create and edit (see [`Editor`]).
pub struct ObjectiveEditor;

impl Editor for ObjectiveEditor {
    type Parent = ();
    type Id = ObjectiveId;
    type Form = ObjectiveForm;

    /// `?team=&period=`: the team whose register it goes in (required) and its quarter (this
    /// one by default).
    async fn blank(cx: &Cx<'_>, (): ()) -> Result<ObjectiveForm, AppError> {
        let query = web::Query::<RegisterQuery>::from_query(cx.req.query_string())
            .map_err(|_| AppError::BadRequest("error-bad-request"))?;
        let team = query
            .team
            .ok_or(AppError::BadRequest("error-bad-request"))?;
        app::ensure_may_edit(&cx.state.db, cx.me, team).await?;
        Ok(ObjectiveForm {
            team_id: team.to_string(),
            period: query
                .period
                .clone()
                .unwrap_or_else(|| cx.me.current_period()),
            status: Status::Active.code().into(),
            ..ObjectiveForm::default()
        })
    }

    async fn current(cx: &Cx<'_>, id: ObjectiveId) -> Result<ObjectiveForm, AppError> {
        let objective = app::editable(&cx.state.db, cx.me, id).await?;
        Ok(ObjectiveForm::of(&objective))
    }

    async fn page(cx: &Cx<'_>, at: Target<Self>, form: &ObjectiveForm) -> Page {
        let team = form.team_id.trim().parse().ok();
        let choices =
            app::choices(&cx.state.db, cx.me, team, form.period.trim().to_owned()).await?;
        let statuses: Vec<&str> = Status::ALL.iter().map(|s| s.code()).collect();
        Ok((
            "okrs/objective_form.html",
            context!(
                "id" => at.id(),
                "form" => form,
                "teams" => choices.teams,
                "owners" => choices.owners,
                "statuses" => statuses,
                "alignments" => choices.alignments,
            ),
        ))
    }

    async fn save(cx: &Cx<'_>, at: Target<Self>, form: &ObjectiveForm) -> Saved {
        let (db, aligned, input) = (&cx.state.db, form.alignment(), form.input());
        if let (At::Existing(id), Err(_)) = (at, &input) {
            // Not even the form comes back to someone who may not change the objective.
            app::editable(db, cx.me, id).await?;
        }
        let saved = submit(input, |i| async move {
            match at {
                At::Existing(id) => app::update(db, cx.me, id, app::Change::all(i, aligned)).await,
                At::New(()) => app::create(db, cx.me, i, aligned).await,
            }
        })
        .await?;
        Ok(saved.map(|okr| Done {
            to: format!("/okrs/objectives/{}", okr.objective.id),
            flash: Flash::success("flash-objective-saved").arg("name", okr.objective.title),
        }))
    }
}

/// `GET /okrs/objectives/{id}`: the objective, all its key results (archived ones marked)
/// and what can be done with it.
pub async fn show_objective(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<ObjectiveId>,
) -> Result<HttpResponse, AppError> {
    let view = app::objective(&state.db, &me, id.into_inner()).await?;
    let next = periods::shift(&view.okr.objective.period, 1);
    page(
        &req,
        "okrs/objective.html",
        context!(
            "okr" => view.okr,
            "team" => view.team,
            "editable" => view.editable,
            "names" => super::keyed_by_text(view.names),
            "next_period" => next,
        ),
    )
}

#[derive(Deserialize)]
pub struct StatusForm {
    status: String,
}

/// `POST /okrs/objectives/{id}/status`: confirm a draft, mark done or dropped.
pub async fn set_status(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<ObjectiveId>,
    Form(form): Form<StatusForm>,
) -> Result<HttpResponse, AppError> {
    let status = Status::parse(&form.status).ok_or(AppError::BadRequest("error-bad-form"))?;
    let objective = app::set_status(&state.db, &me, id.into_inner(), status).await?;
    Ok(redirect_with(
        &req,
        &register_url(objective.team_id, &objective.period),
        Flash::success("flash-objective-status")
            .arg("name", objective.title)
            .arg("status", status.code()),
    ))
}

#[derive(Deserialize)]
pub struct MoveForm {
    period: String,
}

/// `POST /okrs/objectives/{id}/move`: carry an unfinished objective into another quarter.
pub async fn move_objective(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<ObjectiveId>,
    Form(form): Form<MoveForm>,
) -> Result<HttpResponse, AppError> {
    let period = form.period.trim().to_owned();
    match super::form_errors(app::move_to(&state.db, &me, id.into_inner(), period).await)? {
        Ok(o) => Ok(redirect_with(
            &req,
            &register_url(o.team_id, &o.period),
            Flash::success("flash-objective-moved")
                .arg("name", o.title)
                .arg("period", o.period.clone()),
        )),
        Err(_) => Err(AppError::BadRequest("error-bad-period")),
    }
}

/// `GET /okrs/objectives/{id}/archive`: confirm archiving.
pub async fn confirm_archive(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<ObjectiveId>,
) -> Result<HttpResponse, AppError> {
    let objective = app::editable(&state.db, &me, id.into_inner()).await?;
    page(
        &req,
        "okrs/archive.html",
        context!("objective" => objective),
    )
}

#[derive(Deserialize)]
pub struct ArchiveForm {
    #[serde(default)]
    pub(super) restore: Option<String>,
}

/// `POST /okrs/objectives/{id}/archive` (or restore with `restore=1`).
pub async fn archive_objective(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<ObjectiveId>,
    Form(form): Form<ArchiveForm>,
) -> Result<HttpResponse, AppError> {
    let archive = form.restore.is_none();
    let objective = app::set_archived(&state.db, &me, id.into_inner(), archive).await?;
    let oid = objective.id;
    let (to, key) = if archive {
        (
            register_url(objective.team_id, &objective.period),
            "flash-objective-archived",
        )
    } else {
        (
            format!("/okrs/objectives/{oid}"),
            "flash-objective-restored",
        )
    };
    Ok(redirect_with(
        &req,
        &to,
        Flash::success(key).arg("name", objective.title),
    ))
}
