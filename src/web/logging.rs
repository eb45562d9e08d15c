//! One tracing span per request that names the route pattern (`/login/link/{token}`), never
//! the actual path or query, so tokens and search terms stay out of the logs; and one log line
//! per finished request with its status.

use actix_web::Error;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use tracing::Span;
use tracing_actix_web::RootSpanBuilder;

pub struct RedactedSpans;

impl RootSpanBuilder for RedactedSpans {
    fn on_request_start(request: &ServiceRequest) -> Span {
        let route = request
            .match_pattern()
            .unwrap_or_else(|| "(no route)".to_owned());
        tracing::info_span!(
            "request",
            method = %request.method(),
            route = %route,
            status = tracing::field::Empty,
        )
    }

    fn on_request_end<B: MessageBody>(span: Span, outcome: &Result<ServiceResponse<B>, Error>) {
        let status = match outcome {
            Ok(response) => response.status(),
            Err(error) => error.as_response_error().status_code(),
        };
        span.record("status", status.as_u16());
        let _entered = span.enter();
        if status.is_server_error() {
            tracing::error!("request failed");
        } else {
            tracing::info!("request finished");
        }
    }
}
