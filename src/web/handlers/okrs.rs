//! The OKR register: a team's objectives and key results for a quarter, with forms to create
//! and change them, confirm workshop drafts, move an objective to another quarter and archive.
//! Everyone in the organisation may read; the team's members, its ambassadors and leaders
//! may change.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use super::errors_value;
use crate::context;
use crate::domain::auth::Identity;
use crate::domain::okrs::{
    self, KeyResult, KeyResultInput, KrKind, Objective, ObjectiveInput, Status,
};
use crate::domain::periods;
use crate::domain::{FieldErrors, teams};
use crate::web::AppState;
use crate::web::auth::Auth;
use crate::web::errors::AppError;
use crate::web::forms::Form;
use crate::web::render::{Flash, page, page_with_status, redirect_with};

fn register_url(team: i32, period: &str) -> String {
    format!("/okrs?team={team}&period={period}")
}

/// The person may change this team's OKRs, or gets 403.
#[derive(Deserialize)]
pub struct RegisterQuery {
    team: Option<i32>,
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
    let period = match query.period.as_deref() {
        Some(p) if periods::valid(p) => p.to_owned(),
        Some(_) => return Err(AppError::BadRequest("error-bad-period")),
        None => me.current_period(),
    };
    let (wanted, who) = (query.team, me.clone());
    let view = state
        .db
        .run(move |c| {
            let all = teams::all(c, who.org_id)?;
            let team = match wanted {
                Some(id) => Some(teams::find(c, who.org_id, id)?),
                None => {
                    let mine = teams::teams_of_person(c, who.org_id, who.person_id)?;
                    all.iter()
                        .find(|t| mine.contains(&t.id))
                        .or_else(|| all.iter().find(|t| !t.is_department()))
                        .cloned()
                }
            };
            let (okrs_, editable) = match &team {
                Some(t) => (
                    okrs::for_team(c, who.org_id, t.id, &period)?,
                    okrs::may_edit(c, &who, t.id)?,
                ),
                None => (Vec::new(), false),
            };
            let names = crate::domain::people::names(c, who.org_id)?;
            Ok::<_, crate::domain::Error>((all, team, okrs_, editable, names, period))
        })
        .await?;
    let (all, team, okrs_, editable, names, period) = view;
    page(
        &req,
        "okrs/register.html",
        context!(
            "teams" => all,
            "team" => team,
            "okrs" => okrs_,
            "editable" => editable,
            "names" => names.into_iter().collect::<std::collections::BTreeMap<_, _>>(),
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

/// An optional id field: empty is none; anything else must be a number.
fn optional_id(errors: &mut FieldErrors, field: &'static str, value: &str) -> Option<i32> {
    match value.trim() {
        "" => None,
        v => v.parse().ok().or_else(|| {
            errors.add(field, "field-owner-unknown");
            None
        }),
    }
}

impl ObjectiveForm {
    fn input(&self) -> Result<ObjectiveInput, FieldErrors> {
        let mut errors = FieldErrors::default();
        let team_id = self.team_id.trim().parse().unwrap_or_else(|_| {
            errors.add("team", "field-teams-unknown");
            0
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
            status: o.status.clone(),
            aligned_to: o.aligned_to.map(|id| id.to_string()).unwrap_or_default(),
        }
    }

    /// The organisation objective chosen, if any (a bad value counts as none; the domain
    /// checks the rest).
    fn alignment(&self) -> Option<i32> {
        self.aligned_to.trim().parse().ok()
    }
}

/// People who can own a team's OKRs: its current members.
async fn owners(
    state: &AppState,
    me: &Identity,
    team_id: i32,
) -> Result<Vec<(i32, String)>, AppError> {
    let org_id = me.org_id;
    Ok(state
        .db
        .run(move |c| teams::members(c, org_id, team_id))
        .await?
        .into_iter()
        .filter(|m| m.left_on.is_none())
        .map(|m| (m.person_id, m.name))
        .collect())
}

async fn objective_page(
    req: &HttpRequest,
    state: &AppState,
    me: &Identity,
    status: StatusCode,
    id: Option<i32>,
    form: &ObjectiveForm,
    errors: &FieldErrors,
) -> Result<HttpResponse, AppError> {
    let org_id = me.org_id;
    let all = state.db.run(move |c| teams::all(c, org_id)).await?;
    let team_id = form.team_id.parse().unwrap_or(0);
    let statuses: Vec<&str> = Status::ALL.iter().map(|s| s.code()).collect();
    let period = form.period.trim().to_owned();
    let alignments = if periods::valid(&period) {
        state
            .db
            .run(move |c| okrs::company::for_period(c, org_id, &period))
            .await?
    } else {
        Vec::new()
    };
    page_with_status(
        req,
        status,
        "okrs/objective_form.html",
        context!(
            "id" => id,
            "form" => form,
            "teams" => all,
            "owners" => owners(state, me, team_id).await?,
            "statuses" => statuses,
            "alignments" => alignments,
            "errors" => errors_value(errors),
        ),
    )
}

/// `GET /okrs/new?team=&period=`
pub async fn new_objective(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    query: web::Query<RegisterQuery>,
) -> Result<HttpResponse, AppError> {
    let team = query
        .team
        .ok_or(AppError::BadRequest("error-bad-request"))?;
    super::check_team_edit(&state, &me, team).await?;
    let form = ObjectiveForm {
        team_id: team.to_string(),
        period: query.period.clone().unwrap_or_else(|| me.current_period()),
        status: Status::Active.code().into(),
        ..ObjectiveForm::default()
    };
    objective_page(
        &req,
        &state,
        &me,
        StatusCode::OK,
        None,
        &form,
        &FieldErrors::default(),
    )
    .await
}

/// `POST /okrs`
pub async fn create_objective(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    Form(form): Form<ObjectiveForm>,
) -> Result<HttpResponse, AppError> {
    let input = form.input();
    if let Ok(i) = &input {
        super::check_team_edit(&state, &me, i.team_id).await?;
    }
    let (org_id, aligned) = (me.org_id, form.alignment());
    let result = super::save_form(&state, input, move |c, i: ObjectiveInput| {
        let okr = okrs::create(c, org_id, &i, None, &[])?;
        okrs::company::align(c, org_id, okr.objective.id, aligned)?;
        Ok(okr)
    })
    .await?;
    match result {
        Ok(okr) => Ok(redirect_with(
            &req,
            &format!("/okrs/objectives/{}", okr.objective.id),
            Flash::success("flash-objective-saved").arg("name", okr.objective.title),
        )),
        Err(errors) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            objective_page(&req, &state, &me, status, None, &form, &errors).await
        }
    }
}

/// `GET /okrs/objectives/{id}`: the objective, all its key results (archived ones marked)
/// and what can be done with it.
pub async fn show_objective(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let (id, who) = (id.into_inner(), me.clone());
    let (okr, team, editable, names) = state
        .db
        .run(move |c| {
            let okr = okrs::find_okr(c, who.org_id, id, true)?;
            let team = teams::find(c, who.org_id, okr.objective.team_id)?;
            let editable = okrs::may_edit(c, &who, team.id)?;
            let names = crate::domain::people::names(c, who.org_id)?;
            Ok::<_, crate::domain::Error>((okr, team, editable, names))
        })
        .await?;
    let next = periods::shift(&okr.objective.period, 1);
    page(
        &req,
        "okrs/objective.html",
        context!(
            "okr" => okr,
            "team" => team,
            "editable" => editable,
            "names" => names.into_iter().collect::<std::collections::BTreeMap<_, _>>(),
            "next_period" => next,
        ),
    )
}

async fn editable_objective(
    state: &AppState,
    me: &Identity,
    id: i32,
) -> Result<Objective, AppError> {
    let org_id = me.org_id;
    let objective = state.db.run(move |c| okrs::find(c, org_id, id)).await?;
    super::check_team_edit(state, me, objective.team_id).await?;
    Ok(objective)
}

/// `GET /okrs/objectives/{id}/edit`
pub async fn edit_objective(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let objective = editable_objective(&state, &me, id.into_inner()).await?;
    let form = ObjectiveForm::of(&objective);
    let no_errors = FieldErrors::default();
    objective_page(
        &req,
        &state,
        &me,
        StatusCode::OK,
        Some(objective.id),
        &form,
        &no_errors,
    )
    .await
}

/// `POST /okrs/objectives/{id}`
pub async fn update_objective(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<i32>,
    Form(form): Form<ObjectiveForm>,
) -> Result<HttpResponse, AppError> {
    let objective = editable_objective(&state, &me, id.into_inner()).await?;
    let input = form.input();
    if let Ok(i) = &input {
        // Moving it to another team needs the right to change that team too.
        super::check_team_edit(&state, &me, i.team_id).await?;
    }
    let (org_id, oid, aligned) = (me.org_id, objective.id, form.alignment());
    let result = super::save_form(&state, input, move |c, i: ObjectiveInput| {
        let updated = okrs::update(c, org_id, oid, &i)?;
        okrs::company::align(c, org_id, oid, aligned)?;
        Ok(updated)
    })
    .await?;
    match result {
        Ok(o) => Ok(redirect_with(
            &req,
            &format!("/okrs/objectives/{}", o.id),
            Flash::success("flash-objective-saved").arg("name", o.title),
        )),
        Err(errors) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            objective_page(&req, &state, &me, status, Some(oid), &form, &errors).await
        }
    }
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
    id: web::Path<i32>,
    Form(form): Form<StatusForm>,
) -> Result<HttpResponse, AppError> {
    let objective = editable_objective(&state, &me, id.into_inner()).await?;
    let status = Status::parse(&form.status).ok_or(AppError::BadRequest("error-bad-form"))?;
    let (org_id, oid) = (me.org_id, objective.id);
    state
        .db
        .write(move |c| okrs::set_status(c, org_id, oid, status))
        .await?;
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
    id: web::Path<i32>,
    Form(form): Form<MoveForm>,
) -> Result<HttpResponse, AppError> {
    let objective = editable_objective(&state, &me, id.into_inner()).await?;
    let (org_id, oid, period) = (me.org_id, objective.id, form.period.trim().to_owned());
    match super::form_errors(
        state
            .db
            .write(move |c| okrs::move_to(c, org_id, oid, &period))
            .await,
    )? {
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
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let objective = editable_objective(&state, &me, id.into_inner()).await?;
    page(
        &req,
        "okrs/archive.html",
        context!("objective" => objective),
    )
}

#[derive(Deserialize)]
pub struct ArchiveForm {
    #[serde(default)]
    restore: Option<String>,
}

/// `POST /okrs/objectives/{id}/archive` (or restore with `restore=1`).
pub async fn archive_objective(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<i32>,
    Form(form): Form<ArchiveForm>,
) -> Result<HttpResponse, AppError> {
    let objective = editable_objective(&state, &me, id.into_inner()).await?;
    let (org_id, oid, archive) = (me.org_id, objective.id, form.restore.is_none());
    state
        .db
        .write(move |c| okrs::set_archived(c, org_id, oid, archive))
        .await?;
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

/// The key result form as submitted.
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct KeyResultForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    start: String,
    #[serde(default)]
    target: String,
    #[serde(default)]
    owner_id: String,
}

/// A number as people type it: spaces (and non-breaking spaces) as thousands separators,
/// and a comma or a point for decimals.
pub fn parse_number(text: &str) -> Option<f64> {
    let cleaned: String = text
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}')
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    cleaned.parse::<f64>().ok().filter(|v| v.is_finite())
}

impl KeyResultForm {
    fn input(&self) -> Result<KeyResultInput, FieldErrors> {
        let mut errors = FieldErrors::default();
        let kind = KrKind::parse(self.kind.trim()).unwrap_or_else(|| {
            errors.add("kind", "field-kr-kind-invalid");
            KrKind::Number
        });
        let mut number = |field: &'static str, text: &str| {
            if kind == KrKind::YesNo {
                return 0.0;
            }
            parse_number(text).unwrap_or_else(|| {
                errors.add(field, "field-number-invalid");
                0.0
            })
        };
        let start = number("start", &self.start);
        let target = number("target", &self.target);
        let owner_id = optional_id(&mut errors, "owner_id", &self.owner_id);
        let input = KeyResultInput {
            title: self.title.clone(),
            kind,
            unit: self.unit.clone(),
            start,
            target,
            owner_id,
        };
        if errors.is_empty() {
            errors = input.validate();
        }
        if errors.is_empty() {
            Ok(input)
        } else {
            Err(errors)
        }
    }

    fn of(kr: &KeyResult) -> KeyResultForm {
        KeyResultForm {
            title: kr.title.clone(),
            kind: kr.kind.clone(),
            unit: kr.unit.clone(),
            start: kr.start_value.to_string(),
            target: kr.target_value.to_string(),
            owner_id: kr.owner_id.map(|id| id.to_string()).unwrap_or_default(),
        }
    }
}

#[allow(clippy::too_many_arguments)]
async fn key_result_page(
    req: &HttpRequest,
    state: &AppState,
    me: &Identity,
    status: StatusCode,
    objective: &Objective,
    id: Option<i32>,
    form: &KeyResultForm,
    errors: &FieldErrors,
) -> Result<HttpResponse, AppError> {
    let kinds: Vec<&str> = KrKind::ALL.iter().map(|k| k.code()).collect();
    page_with_status(
        req,
        status,
        "okrs/key_result_form.html",
        context!(
            "id" => id,
            "objective" => objective,
            "form" => form,
            "kinds" => kinds,
            "owners" => owners(state, me, objective.team_id).await?,
            "errors" => errors_value(errors),
        ),
    )
}

/// `GET /okrs/objectives/{id}/key-results/new`
pub async fn new_key_result(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let objective = editable_objective(&state, &me, id.into_inner()).await?;
    let form = KeyResultForm {
        kind: KrKind::Number.code().into(),
        ..KeyResultForm::default()
    };
    let no_errors = FieldErrors::default();
    key_result_page(
        &req,
        &state,
        &me,
        StatusCode::OK,
        &objective,
        None,
        &form,
        &no_errors,
    )
    .await
}

/// `POST /okrs/objectives/{id}/key-results`
pub async fn create_key_result(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<i32>,
    Form(form): Form<KeyResultForm>,
) -> Result<HttpResponse, AppError> {
    let objective = editable_objective(&state, &me, id.into_inner()).await?;
    let (org_id, oid) = (me.org_id, objective.id);
    let result = super::save_form(&state, form.input(), move |c, i: KeyResultInput| {
        okrs::key_results::create(c, org_id, oid, &i)
    })
    .await?;
    match result {
        Ok(kr) => Ok(redirect_with(
            &req,
            &format!("/okrs/objectives/{oid}"),
            Flash::success("flash-key-result-saved").arg("name", kr.title),
        )),
        Err(errors) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            key_result_page(&req, &state, &me, status, &objective, None, &form, &errors).await
        }
    }
}

async fn editable_key_result(
    state: &AppState,
    me: &Identity,
    id: i32,
) -> Result<(Objective, KeyResult), AppError> {
    let org_id = me.org_id;
    let kr = state
        .db
        .run(move |c| okrs::key_results::find(c, org_id, id))
        .await?;
    let objective = editable_objective(state, me, kr.objective_id).await?;
    Ok((objective, kr))
}

/// `GET /okrs/key-results/{id}/edit`
pub async fn edit_key_result(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let (objective, kr) = editable_key_result(&state, &me, id.into_inner()).await?;
    let form = KeyResultForm::of(&kr);
    let no_errors = FieldErrors::default();
    let ok = StatusCode::OK;
    key_result_page(
        &req,
        &state,
        &me,
        ok,
        &objective,
        Some(kr.id),
        &form,
        &no_errors,
    )
    .await
}

/// `POST /okrs/key-results/{id}`
pub async fn update_key_result(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<i32>,
    Form(form): Form<KeyResultForm>,
) -> Result<HttpResponse, AppError> {
    let (objective, kr) = editable_key_result(&state, &me, id.into_inner()).await?;
    let (org_id, kid) = (me.org_id, kr.id);
    let result = super::save_form(&state, form.input(), move |c, i: KeyResultInput| {
        okrs::key_results::update(c, org_id, kid, &i)
    })
    .await?;
    match result {
        Ok(kr) => Ok(redirect_with(
            &req,
            &format!("/okrs/objectives/{}", objective.id),
            Flash::success("flash-key-result-saved").arg("name", kr.title),
        )),
        Err(errors) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            key_result_page(
                &req,
                &state,
                &me,
                status,
                &objective,
                Some(kid),
                &form,
                &errors,
            )
            .await
        }
    }
}

/// `POST /okrs/key-results/{id}/archive` (or restore with `restore=1`).
pub async fn archive_key_result(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<i32>,
    Form(form): Form<ArchiveForm>,
) -> Result<HttpResponse, AppError> {
    let (objective, kr) = editable_key_result(&state, &me, id.into_inner()).await?;
    let (org_id, kid, archive) = (me.org_id, kr.id, form.restore.is_none());
    state
        .db
        .write(move |c| okrs::key_results::set_archived(c, org_id, kid, archive))
        .await?;
    let key = if archive {
        "flash-key-result-archived"
    } else {
        "flash-key-result-restored"
    };
    Ok(redirect_with(
        &req,
        &format!("/okrs/objectives/{}", objective.id),
        Flash::success(key).arg("name", kr.title),
    ))
}

#[cfg(test)]
mod tests {
    #[test]
    fn numbers_are_read_as_people_type_them() {
        use super::parse_number;
        assert_eq!(parse_number("1 234,5"), Some(1234.5));
        assert_eq!(parse_number("1\u{a0}234,5"), Some(1234.5));
        assert_eq!(parse_number("99.9"), Some(99.9));
        assert_eq!(parse_number("-3"), Some(-3.0));
        assert_eq!(parse_number("abc"), None);
        assert_eq!(parse_number("inf"), None);
        assert_eq!(parse_number(""), None);
    }
}

#[derive(Deserialize)]
pub struct PeriodQuery {
    period: Option<String>,
}

/// `GET /okrs/organisation?period=`: the organisation's objectives for a quarter, each with
/// the team objectives aligned to it.
pub async fn organisation(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    query: web::Query<PeriodQuery>,
) -> Result<HttpResponse, AppError> {
    let period = match query.period.as_deref() {
        Some(p) if periods::valid(p) => p.to_owned(),
        Some(_) => return Err(AppError::BadRequest("error-bad-period")),
        None => me.current_period(),
    };
    let (org_id, p) = (me.org_id, period.clone());
    let overview = state
        .db
        .run(move |c| okrs::company::overview(c, org_id, &p))
        .await?;
    page(
        &req,
        "okrs/organisation.html",
        context!(
            "objectives" => overview,
            "period" => period,
            "previous" => periods::shift(&period, -1),
            "next" => periods::shift(&period, 1),
            "errors" => errors_value(&FieldErrors::default()),
        ),
    )
}

#[derive(Debug, Default, Deserialize)]
pub struct OrgObjectiveForm {
    #[serde(default)]
    period: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    description: String,
}

/// `POST /okrs/organisation` (leaders): a new organisation objective.
pub async fn create_org_objective(
    req: HttpRequest,
    state: web::Data<AppState>,
    crate::web::auth::Leader(me): crate::web::auth::Leader,
    Form(form): Form<OrgObjectiveForm>,
) -> Result<HttpResponse, AppError> {
    let input = okrs::company::OrgObjectiveInput {
        period: form.period.trim().to_owned(),
        title: form.title.clone(),
        description: form.description.clone(),
        owner_id: Some(me.person_id),
    };
    let org_id = me.org_id;
    let back = format!("/okrs/organisation?period={}", form.period.trim());
    match super::form_errors(
        state
            .db
            .write(move |c| okrs::company::create(c, org_id, &input))
            .await,
    )? {
        Ok(o) => Ok(redirect_with(
            &req,
            &format!("/okrs/organisation?period={}", o.period),
            Flash::success("flash-objective-saved").arg("name", o.title),
        )),
        Err(errors) => Ok(redirect_with(
            &req,
            if periods::valid(form.period.trim()) {
                &back
            } else {
                "/okrs/organisation"
            },
            Flash::error(errors.0.first().map_or("form-has-errors", |e| e.key)),
        )),
    }
}

/// `POST /okrs/organisation/{id}/archive` (leaders)
pub async fn archive_org_objective(
    req: HttpRequest,
    state: web::Data<AppState>,
    crate::web::auth::Leader(me): crate::web::auth::Leader,
    id: web::Path<i32>,
    Form(_): Form<serde::de::IgnoredAny>,
) -> Result<HttpResponse, AppError> {
    let (org_id, id) = (me.org_id, id.into_inner());
    let o = state
        .db
        .write(move |c| okrs::company::set_archived(c, org_id, id, true))
        .await?;
    Ok(redirect_with(
        &req,
        &format!("/okrs/organisation?period={}", o.period),
        Flash::success("flash-objective-archived").arg("name", o.title),
    ))
}
