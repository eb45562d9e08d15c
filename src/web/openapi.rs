//! The OpenAPI document of `/api/v1`, generated from the handlers' `#[utoipa::path]`
//! annotations and the types' `ToSchema` derives, and served at `/api/v1/openapi.json`.
//! The error responses every operation may give are added here in one place.

use std::sync::LazyLock;

use actix_web::HttpResponse;
use utoipa::openapi::path::Operation;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{Ref, ResponseBuilder};
use utoipa::{Modify, OpenApi};

use super::errors::ApiError;
use super::handlers::{
    agendas, api, api_adoption, api_meetings, api_okrs, api_rollouts, api_surveys, audit, cases,
    channels, meeting_files, settings,
};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Hverdag API",
        description = "The JSON API of Hverdag. Authenticate with a leader's API token \
                       (`Authorization: Bearer …`, made under /settings/api-tokens). Every \
                       call is scoped to the token's organisation. Errors come as \
                       `{\"error\": {\"code\", \"message\", \"fields\"?}}`."
    ),
    paths(
        openapi_json,
        api::me,
        api::list_people,
        api::create_person,
        api::get_person,
        api::update_person,
        api::list_teams,
        api::create_team,
        api::get_team,
        api::update_team,
        api::add_member,
        api::end_membership,
        api::add_ambassador,
        api::remove_ambassador,
        api_adoption::teams,
        api_adoption::weeks,
        api_adoption::alerts,
        api_adoption::acknowledge,
        api_adoption::recompute,
        settings::api_follow_up,
        settings::api_save_follow_up,
        api_surveys::list,
        api_surveys::get,
        api_surveys::results,
        api_surveys::comparison,
        cases::api_list,
        cases::api_get,
        api_meetings::list,
        api_meetings::create_series,
        api_meetings::get,
        api_meetings::record,
        api_meetings::cancel,
        api_okrs::register,
        api_okrs::create_objective,
        api_okrs::get_objective,
        api_okrs::update_objective,
        api_okrs::create_key_result,
        api_okrs::update_key_result,
        api_okrs::list_check_ins,
        api_okrs::create_check_in,
        api_okrs::organisation,
        api_okrs::create_org_objective,
        api_okrs::align,
        api_rollouts::list,
        api_rollouts::create,
        api_rollouts::get,
        api_rollouts::update,
        api_rollouts::add_item,
        api_rollouts::update_item,
        api_rollouts::delete_item,
        audit::api_list,
        channels::api_list,
        channels::api_connect,
        channels::api_remove,
        agendas::api_org,
        meeting_files::api_invitations,
        agendas::api_save_org,
        agendas::api_team,
        agendas::api_save_team,
        agendas::api_reset_team,
    ),
    components(schemas(ApiError)),
    modifiers(&BearerToken, &ErrorResponses),
    security(("bearer" = [])),
)]
struct ApiDoc;

/// The `bearer` security scheme the document's `security` names.
struct BearerToken;

impl Modify for BearerToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        );
    }
}

/// The error responses (all with an [`ApiError`] body) that any authenticated operation may
/// give: malformed input, no or a wrong token, a missing role (or, for a browser session, a
/// missing CSRF header), something missing or in another organisation, input that fails
/// validation, and a body over the size limit.
struct ErrorResponses;

const ERRORS: [(&str, &str); 5] = [
    (
        "400",
        "Malformed input: a JSON body or query that cannot be read",
    ),
    ("401", "No valid API token or session"),
    (
        "403",
        "The caller lacks the role, or a browser session sent no CSRF header",
    ),
    (
        "404",
        "Not found, in another organisation, or an id that is no number",
    ),
    ("422", "The input fails validation; `fields` tells which"),
];

/// Adds the error responses to an operation, unless it is public (`security(())`, as the
/// document itself is).
fn add_errors(op: &mut Operation) {
    let public = op
        .security
        .as_ref()
        .is_some_and(|s| s.iter().all(|r| *r == SecurityRequirement::default()));
    if public {
        return;
    }
    let with_body = op.request_body.is_some();
    let mut codes: Vec<(&str, &str)> = ERRORS.to_vec();
    if with_body {
        codes.push(("413", "The body is larger than 256 KiB"));
    }
    for (status, description) in codes {
        op.responses
            .responses
            .entry(status.to_owned())
            .or_insert_with(|| {
                ResponseBuilder::new()
                    .description(description)
                    .content(
                        "application/json",
                        utoipa::openapi::ContentBuilder::new()
                            .schema(Some(Ref::from_schema_name("ApiError")))
                            .build(),
                    )
                    .build()
                    .into()
            });
    }
}

impl Modify for ErrorResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for item in openapi.paths.paths.values_mut() {
            for op in [
                &mut item.get,
                &mut item.post,
                &mut item.put,
                &mut item.patch,
                &mut item.delete,
            ]
            .into_iter()
            .flatten()
            {
                add_errors(op);
            }
        }
    }
}

/// Timestamps are naive (`2027-01-04T09:30:00`, no offset), so not RFC 3339 `date-time`s:
/// each such format becomes a pattern that says what is really sent.
fn naive_timestamps(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            if map.get("format").and_then(|f| f.as_str()) == Some("date-time") {
                map.remove("format");
                map.insert(
                    "pattern".to_owned(),
                    r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$".into(),
                );
            }
            map.values_mut().for_each(naive_timestamps);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(naive_timestamps),
        _ => {}
    }
}

/// The document, built once.
static DOCUMENT: LazyLock<serde_json::Value> = LazyLock::new(|| {
    let mut doc = serde_json::to_value(ApiDoc::openapi()).unwrap_or_default();
    naive_timestamps(&mut doc);
    doc
});

/// The OpenAPI document as JSON.
pub fn document() -> &'static serde_json::Value {
    &DOCUMENT
}

/// `GET /api/v1/openapi.json`: this document (no sign-in needed).
#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    tag = "meta",
    security(()),
    responses((status = 200, description = "The OpenAPI document", content_type = "application/json", body = Object)),
)]
pub async fn openapi_json() -> HttpResponse {
    HttpResponse::Ok().json(document())
}
