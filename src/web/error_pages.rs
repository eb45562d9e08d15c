//! Error pages: a middleware that replaces the body of every error response with a
//! translated page, or a JSON body under `/api/`, carrying the request id of a server
//! error. The error type itself is [`super::errors::AppError`].

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{HttpMessage, HttpResponse};
use tracing_actix_web::RequestId;

use super::context::RequestContext;
use super::errors::{ApiError, ApiErrorDetail, AppError, is_api_path, urlencode};
use super::i18n::t;
use super::render;
use crate::domain::FieldErrors;

fn generic_key(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 => "error-bad-request",
        401 => "error-unauthorized",
        403 => "error-forbidden",
        404 => "error-not-found",
        405 => "error-method",
        413 => "error-too-large",
        415 => "error-bad-request",
        422 => "error-invalid",
        429 => "error-too-many",
        _ => "error-internal",
    }
}

/// Middleware: replaces the body of every error response with a translated page or JSON.
pub async fn render_errors(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let res = next.call(req).await?;
    let Some(err) = res.response().error() else {
        return Ok(res.map_into_boxed_body());
    };
    let status = res.status();
    let app_err = err.as_error::<AppError>();
    let (code, key) = match app_err {
        Some(e) => (e.code(), e.message_key()),
        None => ("error", generic_key(status)),
    };
    let fields = match app_err {
        Some(AppError::Invalid(f)) => f.clone(),
        _ => FieldErrors::default(),
    };
    let unauthorized = matches!(app_err, Some(AppError::Unauthorized));
    let (req, _) = res.into_parts();
    // A server error gets a reference to quote: the id every log line of the request carries.
    let request_id = status
        .is_server_error()
        .then(|| req.extensions().get::<RequestId>().map(|id| id.to_string()))
        .flatten();
    let ctx = RequestContext::of(&req);
    let locale = ctx.as_ref().map(|c| c.locale).unwrap_or_default();

    if is_api_path(req.path()) {
        let field_messages: std::collections::BTreeMap<String, String> = fields
            .by_field()
            .into_iter()
            .map(|(f, k)| (f.to_owned(), t(locale, k)))
            .collect();
        let body = ApiError {
            error: ApiErrorDetail {
                code: code.to_owned(),
                message: t(locale, key),
                fields: (!field_messages.is_empty()).then_some(field_messages),
                request_id: request_id.clone(),
            },
        };
        let mut response = HttpResponse::build(status).json(body);
        with_request_id(&mut response, request_id.as_deref());
        if unauthorized {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"hverdag\""),
            );
        }
        return Ok(ServiceResponse::new(req, response));
    }

    if unauthorized {
        let target = req
            .uri()
            .path_and_query()
            .map(|pq| pq.as_str())
            .unwrap_or("/");
        let location = format!("/login?next={}", urlencode(target));
        let response = HttpResponse::SeeOther()
            .insert_header((header::LOCATION, location))
            .finish();
        return Ok(ServiceResponse::new(req, response));
    }

    let mut context = tera::Context::new();
    context.insert("status", &status.as_u16());
    context.insert("message_key", key);
    context.insert("request_id", &request_id);
    let mut response = match render::page_with_status(&req, status, "error.html", context) {
        Ok(r) => r,
        Err(e) => {
            tracing::error!(error = %e, "could not render the error page");
            HttpResponse::build(status)
                .content_type("text/plain; charset=utf-8")
                .body(t(locale, key))
        }
    };
    with_request_id(&mut response, request_id.as_deref());
    Ok(ServiceResponse::new(req, response))
}

/// Sends the request's reference as `X-Request-Id` too.
fn with_request_id(response: &mut HttpResponse, id: Option<&str>) {
    if let Some(value) = id.and_then(|id| HeaderValue::from_str(id).ok()) {
        response
            .headers_mut()
            .insert(header::HeaderName::from_static("x-request-id"), value);
    }
}
