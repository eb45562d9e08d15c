//! Survey pages for leaders: list, create (from the pre-workshop template or blank), settings,
//! invitations, reminders and closing. Questions are in `survey_questions`.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Days;
use serde::{Deserialize, Serialize};

use super::editor::{Cx, Done, Editor, Page, Saved, Target};
use super::{form_errors, parse_date, submit};
use crate::app::surveys as app;
use crate::context;
use crate::domain::identity::Identity;
use crate::domain::ids::{PersonId, SurveyId, TeamId};
use crate::domain::surveys::{
    self, MIN_GROUP_SIZE_DEFAULT, QuestionKind, REMINDER_DAYS_DEFAULT, SurveyInput,
    pre_workshop_template,
};
use crate::domain::{FieldErrors, Locale};
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
    let all = app::list(&state.db, &me).await?;
    page(&req, "surveys/list.html", context!("surveys" => all))
}

/// The settings form as submitted.
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct SurveyForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    intro: String,
    /// A checkbox: present when ticked.
    #[serde(default)]
    anonymous: Option<String>,
    #[serde(default)]
    min_group_size: String,
    #[serde(default)]
    opens_on: String,
    #[serde(default)]
    closes_on: String,
    #[serde(default)]
    reminder_days: String,
    #[serde(default)]
    rollout_id: String,
    /// New surveys only: `pre-workshop` or `blank`, and the questions' language.
    #[serde(default)]
    template: String,
    #[serde(default)]
    language: String,
}

impl SurveyForm {
    fn input(&self) -> Result<SurveyInput, FieldErrors> {
        let mut errors = FieldErrors::default();
        let opens_on = parse_date(&mut errors, "opens_on", &self.opens_on);
        let closes_on = parse_date(&mut errors, "closes_on", &self.closes_on);
        let number = |value: &str| value.trim().parse::<i32>().unwrap_or(-1);
        let input = SurveyInput {
            title: self.title.clone(),
            intro: self.intro.clone(),
            anonymous: self.anonymous.is_some(),
            min_group_size: number(&self.min_group_size),
            opens_on,
            closes_on,
            reminder_days: number(&self.reminder_days),
            rollout_id: self.rollout_id.trim().parse().ok(),
        };
        if errors.is_empty() {
            Ok(input)
        } else {
            Err(errors)
        }
    }
}

/// The survey's settings form: create (from the pre-workshop template or blank) and edit
/// (see [`Editor`]).
pub struct SurveyEditor;

impl Editor for SurveyEditor {
    type Parent = ();
    type Id = SurveyId;
    type Form = SurveyForm;

    async fn blank(cx: &Cx<'_>, (): ()) -> Result<SurveyForm, AppError> {
        let (org, plans) = app::choices(&cx.state.db, cx.me).await?;
        let title = crate::web::i18n::t(org.locale(), "survey-template-title");
        Ok(SurveyForm {
            title,
            anonymous: Some("on".into()),
            min_group_size: MIN_GROUP_SIZE_DEFAULT.to_string(),
            opens_on: cx.me.today().to_string(),
            closes_on: (cx.me.today() + Days::new(14)).to_string(),
            reminder_days: REMINDER_DAYS_DEFAULT.to_string(),
            rollout_id: plans
                .first()
                .map(|(id, _)| id.to_string())
                .unwrap_or_default(),
            template: "pre-workshop".into(),
            language: org.locale().code().into(),
            ..Default::default()
        })
    }

    async fn current(cx: &Cx<'_>, id: SurveyId) -> Result<SurveyForm, AppError> {
        let s = app::editable(&cx.state.db, cx.me, id).await?;
        Ok(SurveyForm {
            title: s.title,
            intro: s.intro,
            anonymous: s.anonymous.then(|| "on".into()),
            min_group_size: s.min_group_size.to_string(),
            opens_on: s.opens_on.to_string(),
            closes_on: s.closes_on.to_string(),
            reminder_days: s.reminder_days.to_string(),
            rollout_id: s.rollout_id.map(|r| r.to_string()).unwrap_or_default(),
            ..Default::default()
        })
    }

    async fn page(cx: &Cx<'_>, at: Target<Self>, form: &SurveyForm) -> Page {
        let id = at.id();
        let (_, plans) = app::choices(&cx.state.db, cx.me).await?;
        Ok((
            "surveys/form.html",
            context!("id" => id, "form" => form, "rollouts" => plans),
        ))
    }

    async fn save(cx: &Cx<'_>, at: Target<Self>, form: &SurveyForm) -> Saved {
        let id = at.id();
        let db = &cx.state.db;
        let saved = submit(form.input(), |input| async move {
            match id {
                Some(id) => app::update(db, cx.me, id, input).await.map(|_| (id, None)),
                None => {
                    let questions = match form.template.as_str() {
                        "blank" => Vec::new(),
                        _ => {
                            pre_workshop_template(Locale::parse(&form.language).unwrap_or_default())
                        }
                    };
                    let survey = app::create(db, cx.me, input, questions).await?;
                    Ok((survey.id, Some(survey.title)))
                }
            }
        })
        .await?;
        Ok(saved.map(|(id, created)| {
            let flash = match created {
                Some(title) => Flash::success("flash-survey-created").arg("title", title),
                None => Flash::success("flash-survey-saved"),
            };
            Done {
                to: format!("/surveys/{id}"),
                flash,
            }
        }))
    }
}

/// The survey page: settings summary, questions, invitations and counts.
pub async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<SurveyId>,
) -> Result<HttpResponse, AppError> {
    let today = me.today();
    let app::Page {
        detail,
        is_final,
        pulse_dates,
        tree,
        everyone,
    } = app::page(&state.db, &me, id.into_inner()).await?;
    let app::Detail {
        survey,
        questions,
        invited,
        responses,
    } = detail;
    let team_choices: Vec<(TeamId, String, i64)> = tree
        .into_iter()
        .filter(|t| !t.team.is_department())
        .map(|t| (t.team.id, t.team.name, t.members))
        .collect();
    let question_views: Vec<(surveys::Question, Vec<String>)> = questions
        .into_iter()
        .map(|q| {
            let options = q.option_list().iter().map(|s| (*s).to_owned()).collect();
            (q, options)
        })
        .collect();
    page(
        &req,
        "surveys/show.html",
        context!(
            "survey" => survey,
            "status" => survey.status(today),
            "final" => is_final,
            "pulse_opens" => pulse_dates.0.to_string(),
            "pulse_closes" => pulse_dates.1.to_string(),
            "questions" => question_views,
            "invited" => invited,
            "responses" => responses,
            "teams" => team_choices,
            "everyone" => everyone,
            "kinds" => QuestionKind::ALL.map(QuestionKind::code),
        ),
    )
}

pub async fn close(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<SurveyId>,
    Form(_): Form<serde::de::IgnoredAny>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    app::close(&state.db, &me, id).await?;
    Ok(redirect_with(
        &req,
        &format!("/surveys/{id}"),
        Flash::success("flash-survey-closed"),
    ))
}

#[derive(Deserialize)]
pub struct InviteForm {
    #[serde(default)]
    team_ids: Vec<TeamId>,
    #[serde(default)]
    person_ids: Vec<PersonId>,
}

/// Invites teams and people, or reminds those who have not answered; mails go to the outbox.
async fn send(
    req: HttpRequest,
    state: web::Data<AppState>,
    me: Identity,
    survey_id: SurveyId,
    to: app::Send,
) -> Result<HttpResponse, AppError> {
    let key = match to {
        app::Send::Remind => "flash-reminders-queued",
        app::Send::Invite { .. } => "flash-invitations-queued",
    };
    let mail = state.mail_composer();
    let result = app::send(&state.db, &me, survey_id, to, mail).await;
    let target = format!("/surveys/{survey_id}");
    match form_errors(result)? {
        Ok(n) => {
            state.mail.kick();
            Ok(redirect_with(
                &req,
                &target,
                Flash::success(key).arg("count", n),
            ))
        }
        Err(errors) => {
            let key = errors.0.first().map_or("error-invalid", |e| e.key);
            Ok(redirect_with(&req, &target, Flash::error(key)))
        }
    }
}

pub async fn invite(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<SurveyId>,
    Form(form): Form<InviteForm>,
) -> Result<HttpResponse, AppError> {
    let to = app::Send::Invite {
        team_ids: form.team_ids,
        person_ids: form.person_ids,
    };
    send(req, state, me, id.into_inner(), to).await
}

pub async fn remind(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<SurveyId>,
    Form(_): Form<serde::de::IgnoredAny>,
) -> Result<HttpResponse, AppError> {
    send(req, state, me, id.into_inner(), app::Send::Remind).await
}

#[derive(Deserialize)]
pub struct PulseForm {
    title: String,
    opens_on: String,
    closes_on: String,
}

/// `POST /surveys/{id}/pulse`: re-runs the survey as a pulse with the same questions.
pub async fn create_pulse(
    req: HttpRequest,
    state: web::Data<AppState>,
    Auth(me): Auth,
    id: web::Path<SurveyId>,
    Form(form): Form<PulseForm>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let mut errors = FieldErrors::default();
    let opens = parse_date(&mut errors, "opens_on", &form.opens_on);
    let closes = parse_date(&mut errors, "closes_on", &form.closes_on);
    let dates = if errors.is_empty() {
        Ok((opens, closes))
    } else {
        Err(errors)
    };
    let pulse = |d| app::create_pulse(&state.db, &me, id, form.title.clone(), d);
    match submit(dates, pulse).await? {
        Ok(pulse) => Ok(redirect_with(
            &req,
            &format!("/surveys/{}", pulse.id),
            Flash::success("flash-pulse-created"),
        )),
        Err(errors) => {
            let first = errors.by_field().into_values().next();
            Ok(redirect_with(
                &req,
                &format!("/surveys/{id}"),
                Flash::error(first.unwrap_or("error-bad-form")),
            ))
        }
    }
}
