//! One tracing span per request that names the route pattern (`/login/link/{token}`), never
//! the actual path or query, so tokens and search terms stay out of the logs; and one log line
//! per finished request with its route and status. The route is recorded when the request
//! finishes, from the router's match (matching the path again would double the routing work),
//! so events logged while the handler runs carry the method only. Every span carries the
//! request's id, which a server error's page and JSON body show as the reference to quote.

use actix_web::Error;
use actix_web::HttpMessage;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use tracing::Span;
use tracing_actix_web::{RequestId, RootSpanBuilder};

pub struct RedactedSpans;

impl RootSpanBuilder for RedactedSpans {
    fn on_request_start(request: &ServiceRequest) -> Span {
        let request_id = request.extensions().get::<RequestId>().copied();
        // At error level, so that the span (and its id) is there whenever an error is logged,
        // even with info switched off.
        tracing::error_span!(
            "request",
            request_id = tracing::field::display(
                request_id.map_or_else(String::new, |id| id.to_string())
            ),
            method = %request.method(),
            route = tracing::field::Empty,
            status = tracing::field::Empty,
        )
    }

    fn on_request_end<B: MessageBody>(span: Span, outcome: &Result<ServiceResponse<B>, Error>) {
        let (status, route) = match outcome {
            // Looked up from the resource the router took, without matching again (actix
            // matches again only when no route took the request: a 404).
            Ok(response) => (response.status(), response.request().match_pattern()),
            Err(error) => (error.as_response_error().status_code(), None),
        };
        let route = route.as_deref().unwrap_or("(no route)");
        span.record("route", tracing::field::display(route));
        span.record("status", status.as_u16());
        let _entered = span.enter();
        if status.is_server_error() {
            tracing::error!("request failed");
        } else {
            tracing::info!("request finished");
        }
    }
}
