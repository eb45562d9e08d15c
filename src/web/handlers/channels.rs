//! Teams and Slack channels (leaders): the settings page (`/settings/channels`) and the API
//! (`/api/v1/channels`). Both are thin over `app::channels`; the URL a leader pastes is
//! never shown again, only its hint.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::{errors_value, form_errors};
use crate::app::channels::{self as app, Connect};
use crate::context;
use crate::domain::FieldErrors;
use crate::domain::channels::{Channel, ChannelKind, NewChannel};
use crate::domain::identity::Identity;
use crate::domain::ids::{ChannelId, TeamId};
use crate::web::AppState;
use crate::web::auth::{ApiAuth, Leader};
use crate::web::errors::AppError;
use crate::web::forms::Form;
use crate::web::render::{Flash, page_with_status, redirect_with};

/// The connect form as posted.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
pub struct ChannelForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    name: String,
    /// Never sent back to the page.
    #[serde(default, skip_serializing)]
    url: String,
    /// A team's id, or empty for the whole organisation.
    #[serde(default)]
    team_id: String,
    posts_meetings: Option<String>,
    posts_adoption: Option<String>,
}

impl ChannelForm {
    fn input(&self) -> Result<Connect, FieldErrors> {
        let mut errors = FieldErrors::default();
        let kind = ChannelKind::parse(&self.kind).unwrap_or_else(|| {
            errors.add("kind", "field-channel-kind");
            ChannelKind::Teams
        });
        let team_id = match self.team_id.trim() {
            "" => None,
            id => match id.parse::<TeamId>() {
                Ok(id) => Some(id),
                Err(_) => {
                    errors.add("team_id", "field-channel-team-unknown");
                    None
                }
            },
        };
        if !errors.0.is_empty() {
            return Err(errors);
        }
        Ok(Connect {
            channel: NewChannel {
                team_id,
                kind,
                name: self.name.clone(),
                posts_meetings: self.posts_meetings.is_some(),
                posts_adoption: self.posts_adoption.is_some(),
            },
            url: self.url.clone(),
        })
    }
}

async fn settings_page(
    req: &HttpRequest,
    state: &AppState,
    me: &Identity,
    (status, form, errors): (StatusCode, Option<&ChannelForm>, &FieldErrors),
) -> Result<HttpResponse, AppError> {
    let channels = app::list(&state.db, me).await?;
    let teams = crate::app::teams::tree(&state.db, me).await?;
    let names = super::keyed_by_text(teams.iter().map(|t| (t.team.id, t.team.name.clone())));
    let blank = ChannelForm {
        posts_meetings: Some("on".into()),
        ..ChannelForm::default()
    };
    page_with_status(
        req,
        status,
        "settings/channels.html",
        context!(
            "channels" => channels,
            "teams" => teams,
            "team_names" => names,
            "values" => form.cloned().unwrap_or(blank),
            "errors" => errors_value(errors),
            "kinds" => ChannelKind::ALL.map(ChannelKind::code),
        ),
    )
}

/// `GET /settings/channels` (leaders).
pub async fn settings(
    req: HttpRequest,
    state: web::Data<AppState>,
    Leader(me): Leader,
) -> Result<HttpResponse, AppError> {
    let blank = (StatusCode::OK, None, &FieldErrors::default());
    settings_page(&req, &state, &me, blank).await
}

/// `POST /settings/channels` (leaders): tests the URL with a first post, then connects.
pub async fn connect(
    req: HttpRequest,
    state: web::Data<AppState>,
    Leader(me): Leader,
    Form(form): Form<ChannelForm>,
) -> Result<HttpResponse, AppError> {
    let result = match form.input() {
        Ok(input) => form_errors(app::connect(&state.db, &state.webhooks, &me, input).await)?,
        Err(errors) => Err(errors),
    };
    match result {
        Ok(_) => Ok(redirect_with(
            &req,
            "/settings/channels",
            Flash::success("channel-connected"),
        )),
        Err(errors) => {
            let shown = (StatusCode::UNPROCESSABLE_ENTITY, Some(&form), &errors);
            settings_page(&req, &state, &me, shown).await
        }
    }
}

/// `POST /settings/channels/{id}/remove` (leaders).
pub async fn remove(
    req: HttpRequest,
    state: web::Data<AppState>,
    Leader(me): Leader,
    id: web::Path<ChannelId>,
    _: Form<serde::de::IgnoredAny>,
) -> Result<HttpResponse, AppError> {
    app::remove(&state.db, &me, id.into_inner()).await?;
    Ok(redirect_with(
        &req,
        "/settings/channels",
        Flash::success("channel-removed"),
    ))
}

/// What the API takes to connect a channel.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ChannelInput {
    pub kind: ChannelKind,
    pub name: String,
    /// The incoming-webhook URL: Slack's (`https://hooks.slack.com/services/…`) or a Teams
    /// Workflows one (`https://….logic.azure.com/workflows/…` or
    /// `https://….environment.api.powerplatform.com/…/workflows/…`). Tested with a first
    /// post before it is stored; never shown again.
    pub url: String,
    /// The team or department it covers (with the teams under it); none: the organisation.
    #[serde(default)]
    pub team_id: Option<TeamId>,
    /// Meeting reminders and the weekly check-in nudge.
    #[serde(default)]
    pub posts_meetings: bool,
    /// New adoption alerts and the Monday digest.
    #[serde(default)]
    pub posts_adoption: bool,
}

/// `GET /api/v1/channels`: the connected channels (leaders), without their URLs.
#[utoipa::path(get, path = "/api/v1/channels", tag = "channels",
    responses((status = 200, description = "The channels", body = Vec<Channel>)))]
pub async fn api_list(
    state: web::Data<AppState>,
    ApiAuth(me): ApiAuth,
) -> Result<web::Json<Vec<Channel>>, AppError> {
    Ok(web::Json(app::list(&state.db, &me).await?))
}

/// `POST /api/v1/channels` → 201: connects a channel once its URL took a first post; 422
/// with `url` when the URL does not fit its kind or the webhook refused the post.
#[utoipa::path(post, path = "/api/v1/channels", tag = "channels", request_body = ChannelInput,
    responses((status = 201, description = "The channel", body = Channel)))]
pub async fn api_connect(
    state: web::Data<AppState>,
    ApiAuth(me): ApiAuth,
    body: web::Json<ChannelInput>,
) -> Result<HttpResponse, AppError> {
    let body = body.into_inner();
    let input = Connect {
        channel: NewChannel {
            team_id: body.team_id,
            kind: body.kind,
            name: body.name,
            posts_meetings: body.posts_meetings,
            posts_adoption: body.posts_adoption,
        },
        url: body.url,
    };
    let channel = app::connect(&state.db, &state.webhooks, &me, input).await?;
    Ok(HttpResponse::Created().json(channel))
}

/// `DELETE /api/v1/channels/{id}` → 204: disconnects a channel; its URL is forgotten.
#[utoipa::path(delete, path = "/api/v1/channels/{id}", tag = "channels",
    params(("id" = i32, Path)),
    responses((status = 204, description = "Disconnected")))]
pub async fn api_remove(
    state: web::Data<AppState>,
    ApiAuth(me): ApiAuth,
    id: web::Path<ChannelId>,
) -> Result<HttpResponse, AppError> {
    app::remove(&state.db, &me, id.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}
