//! The whole URL map in one place.

use actix_web::web;

use super::handlers::{
    api, assets, home, import, locale, outbox, people, session, teams, tokens,
};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(home::index))
        .route("/health", web::get().to(home::health))
        .route("/static/{path:.*}", web::get().to(assets::file))
        .route("/locale", web::post().to(locale::switch))
        // Signing in and out
        .route("/login", web::get().to(session::login_page))
        .route("/login", web::post().to(session::login))
        .route("/login/link", web::post().to(session::request_link))
        .route("/login/link/confirm", web::post().to(session::confirm_link))
        .route("/login/link/{token}", web::get().to(session::link_page))
        .route("/logout", web::post().to(session::logout))
        // Organisation
        .route("/org", web::get().to(home::overview))
        // People
        .route("/people", web::get().to(people::list))
        .route("/people", web::post().to(people::create))
        .route("/people/new", web::get().to(people::new_form))
        .route("/people/import", web::get().to(import::form))
        .route("/people/import", web::post().to(import::apply))
        .route("/people/import/preview", web::post().to(import::preview))
        .route("/people/{id}", web::get().to(people::show))
        .route("/people/{id}", web::post().to(people::update))
        .route("/people/{id}/edit", web::get().to(people::edit_form))
        .route(
            "/people/{id}/deactivate",
            web::get().to(people::confirm_deactivate),
        )
        .route(
            "/people/{id}/deactivate",
            web::post().to(people::deactivate),
        )
        .route("/people/{id}/activate", web::post().to(people::activate))
        // Teams
        .route("/teams", web::get().to(teams::list))
        .route("/teams", web::post().to(teams::create))
        .route("/teams/new", web::get().to(teams::new_form))
        .route("/teams/{id}", web::get().to(teams::show))
        .route("/teams/{id}", web::post().to(teams::update))
        .route("/teams/{id}/edit", web::get().to(teams::edit_form))
        .route("/teams/{id}/members", web::post().to(teams::add_member))
        .route(
            "/teams/{id}/members/{membership}/end",
            web::post().to(teams::end_membership),
        )
        .route(
            "/teams/{id}/ambassadors",
            web::post().to(teams::add_ambassador),
        )
        .route(
            "/teams/{id}/ambassadors/{person}/remove",
            web::post().to(teams::remove_ambassador),
        )
        // Settings
        .route("/settings/api-tokens", web::get().to(tokens::list))
        .route("/settings/api-tokens", web::post().to(tokens::create))
        .route(
            "/settings/api-tokens/{id}/revoke",
            web::post().to(tokens::revoke),
        )
        .route("/settings/outbox", web::get().to(outbox::list))
        .route("/settings/outbox/{id}/retry", web::post().to(outbox::retry))
        // JSON API
        .service(
            web::scope("/api/v1")
                .route("/me", web::get().to(api::me))
                .route("/people", web::get().to(api::list_people))
                .route("/people", web::post().to(api::create_person))
                .route("/people/{id}", web::get().to(api::get_person))
                .route("/people/{id}", web::patch().to(api::update_person))
                .route("/teams", web::get().to(api::list_teams))
                .route("/teams", web::post().to(api::create_team))
                .route("/teams/{id}", web::get().to(api::get_team))
                .route("/teams/{id}", web::patch().to(api::update_team))
                .route("/teams/{id}/members", web::post().to(api::add_member))
                .route(
                    "/teams/{id}/members/{membership}/end",
                    web::post().to(api::end_membership),
                )
                .route(
                    "/teams/{id}/ambassadors",
                    web::post().to(api::add_ambassador),
                )
                .route(
                    "/teams/{id}/ambassadors/{person}",
                    web::delete().to(api::remove_ambassador),
                ),
        )
        .default_service(web::to(home::not_found));
}
