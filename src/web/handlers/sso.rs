//! Single sign-on: signing in through the organisation's provider (`/login/sso`, and the
//! provider's answer at `/login/sso/callback`), and its configuration (`/settings/sso`,
//! leaders).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::{errors_value, form_errors};
use crate::app::sso::{self as app, Answer, Problem, Start};
use crate::context;
use crate::domain::FieldErrors;
use crate::domain::identity::Identity;
use crate::domain::ids::PersonId;
use crate::domain::people::{ListQuery, Role};
use crate::domain::sso::{NewPeople, SsoConfig, SsoInput};
use crate::web::AppState;
use crate::web::auth::Leader;
use crate::web::errors::AppError;
use crate::web::forms::Form;
use crate::web::render::{Flash, page, page_with_status, redirect_with};

#[derive(Deserialize)]
pub struct StartForm {
    email: String,
}

/// `POST /login/sso`: to the provider of the organisation the address belongs to, or back
/// to the sign-in page when there is none.
pub async fn start(
    req: HttpRequest,
    state: web::Data<AppState>,
    Form(form): Form<StartForm>,
) -> Result<HttpResponse, AppError> {
    let email = form.email.trim().to_lowercase();
    go(&req, &state, email).await
}

/// Sign-ins sent to providers from one client address per minute: each one costs a request
/// to the provider and a stored request, so nobody may make the server flood either.
pub const STARTS_PER_MINUTE: u32 = 30;

/// Sends the person to their organisation's provider (see [`start`]).
pub(crate) async fn go(
    req: &HttpRequest,
    state: &AppState,
    email: String,
) -> Result<HttpResponse, AppError> {
    let address = crate::web::misses::client_ip(req, state.trust_proxy);
    if state.sso_starts.exhausted(&address) {
        return page_with_status(
            req,
            StatusCode::TOO_MANY_REQUESTS,
            "auth/sso_problem.html",
            context!("problem" => "sso-problem-busy"),
        );
    }
    state.sso_starts.record(&address);
    match app::start(&state.db, &state.sso, email.clone()).await? {
        Ok(Start::Provider { url }) => to_provider(req, &url),
        Ok(Start::NoSso) => page(
            req,
            "auth/login.html",
            context!("next" => "/", "email" => email, "notice" => "sso-none"),
        ),
        Err(problem) => problem_page(req, problem),
    }
}

/// A page that moves on to the provider at once. (Not a redirect: the pages' policy lets
/// forms lead to this site only, and a form's redirect elsewhere would be blocked.)
fn to_provider(req: &HttpRequest, url: &str) -> Result<HttpResponse, AppError> {
    page(req, "auth/sso_redirect.html", context!("url" => url))
}

fn problem_page(req: &HttpRequest, problem: Problem) -> Result<HttpResponse, AppError> {
    let status = match problem {
        Problem::ProviderDown => StatusCode::BAD_GATEWAY,
        Problem::Refused(_) => StatusCode::FORBIDDEN,
        _ => StatusCode::BAD_REQUEST,
    };
    page_with_status(
        req,
        status,
        "auth/sso_problem.html",
        context!("problem" => problem.key()),
    )
}

#[derive(Deserialize)]
pub struct CallbackQuery {
    state: Option<String>,
    code: Option<String>,
    error: Option<String>,
    iss: Option<String>,
}

/// `GET /login/sso/callback`: the provider's answer.
pub async fn callback(
    req: HttpRequest,
    state: web::Data<AppState>,
    query: web::Query<CallbackQuery>,
) -> Result<HttpResponse, AppError> {
    let query = query.into_inner();
    let answer = Answer {
        state: query.state,
        code: query.code,
        error: query.error,
        iss: query.iss,
    };
    let seen = crate::web::context::seen(&req, state.trust_proxy);
    let replaced = super::session::current_session(&req, &state);
    match app::finish(&state.db, &state.sso, answer, replaced, seen).await? {
        Ok(token) => super::session::signed_in(&state, token, "/home"),
        Err(problem) => problem_page(&req, problem),
    }
}

/// The configuration form as submitted (the secret is never sent back to the page).
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
pub struct SsoForm {
    #[serde(default)]
    issuer: String,
    #[serde(default)]
    client_id: String,
    #[serde(default, skip_serializing)]
    client_secret: String,
    #[serde(default)]
    domains: String,
    #[serde(default)]
    new_people: String,
    #[serde(default)]
    required: Option<String>,
    #[serde(default)]
    break_glass_id: String,
}

impl SsoForm {
    /// The form filled with what is saved.
    fn of(config: &SsoConfig) -> SsoForm {
        SsoForm {
            issuer: config.issuer.clone(),
            client_id: config.client_id.clone(),
            client_secret: String::new(),
            domains: config.domains.join(", "),
            new_people: config.new_people.code().to_owned(),
            required: config.required.then(|| "on".to_owned()),
            break_glass_id: config
                .break_glass_id
                .map(|id| id.to_string())
                .unwrap_or_default(),
        }
    }

    fn input(&self) -> SsoInput {
        SsoInput {
            issuer: self.issuer.clone(),
            client_id: self.client_id.clone(),
            client_secret: self.client_secret.clone(),
            domains: self.domains.clone(),
            new_people: NewPeople::parse(&self.new_people),
            required: self.required.is_some(),
            break_glass_id: self.break_glass_id.trim().parse::<PersonId>().ok(),
        }
    }
}

async fn settings_page(
    req: &HttpRequest,
    state: &AppState,
    me: &Identity,
    (status, form, errors): (StatusCode, Option<&SsoForm>, &FieldErrors),
) -> Result<HttpResponse, AppError> {
    let config = app::config(&state.db, me).await?;
    let values = match (form, &config) {
        (Some(form), _) => form.clone(),
        (None, Some(config)) => SsoForm::of(config),
        (None, None) => SsoForm::default(),
    };
    let leaders = crate::app::people::list(
        &state.db,
        me,
        ListQuery {
            role: Some(Role::Leader),
            ..ListQuery::default()
        },
    )
    .await?
    .items;
    let leaders: Vec<serde_json::Value> = leaders
        .into_iter()
        .map(|p| {
            let label = format!("{} <{}>", p.row.name, p.row.email);
            serde_json::json!({ "id": p.row.id.to_string(), "label": label })
        })
        .collect();
    page_with_status(
        req,
        status,
        "settings/sso.html",
        context!(
            "connected" => config.is_some(),
            "values" => values,
            "errors" => errors_value(errors),
            "leaders" => leaders,
            "callback" => app::callback_url(&state.base_url),
            "new_people" => NewPeople::ALL.map(NewPeople::code),
        ),
    )
}

/// `GET /settings/sso` (leaders).
pub async fn settings(
    req: HttpRequest,
    state: web::Data<AppState>,
    Leader(me): Leader,
) -> Result<HttpResponse, AppError> {
    let blank = (StatusCode::OK, None, &FieldErrors::default());
    settings_page(&req, &state, &me, blank).await
}

/// `POST /settings/sso` (leaders): saves the provider.
pub async fn save(
    req: HttpRequest,
    state: web::Data<AppState>,
    Leader(me): Leader,
    Form(form): Form<SsoForm>,
) -> Result<HttpResponse, AppError> {
    match form_errors(app::save(&state.db, &me, form.input()).await)? {
        Ok(_) => Ok(redirect_with(
            &req,
            "/settings/sso",
            Flash::success("sso-saved"),
        )),
        Err(errors) => {
            let shown = (StatusCode::UNPROCESSABLE_ENTITY, Some(&form), &errors);
            settings_page(&req, &state, &me, shown).await
        }
    }
}

/// `POST /settings/sso/remove` (leaders): disconnects the provider.
pub async fn remove(
    req: HttpRequest,
    state: web::Data<AppState>,
    Leader(me): Leader,
    _: Form<serde::de::IgnoredAny>,
) -> Result<HttpResponse, AppError> {
    app::remove(&state.db, &me).await?;
    Ok(redirect_with(
        &req,
        "/settings/sso",
        Flash::success("sso-removed"),
    ))
}
