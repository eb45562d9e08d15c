//! The whole URL map in one place.

use actix_web::web;

use super::handlers::api_adoption;
use super::handlers::api_meetings;
use super::handlers::api_okrs;
use super::handlers::api_rollouts;
use super::handlers::calendar;
use super::handlers::cases;
use super::handlers::editor;
use super::handlers::{
    account, adoption, agendas, answer, api, api_surveys, assets, audit, channels, checklist, home,
    import, invites, key_results, live, locale, meeting_files, meetings, okrs, org_objectives,
    outbox, people, rollouts, session, settings, sso, survey_questions, survey_results, surveys,
    teams, tokens, workshop_outcome, workshop_rooms, workshops,
};
use super::handlers::{
    cases::CaseEditor, checklist::ItemEditor, key_results::KeyResultEditor, okrs::ObjectiveEditor,
    rollouts::RolloutEditor, survey_questions::QuestionEditor, surveys::SurveyEditor,
    teams::TeamEditor,
};
use super::handlers::{check_in_links, check_ins};
use super::openapi;

pub fn configure(cfg: &mut web::ServiceConfig) {
    // The JSON API before the pages: routes are tried in order, most with a regex, and API
    // check-ins come in bulk. The scope takes every path under `/api/v1`, so no page route
    // may start with it.
    cfg.service(
        web::scope("/api/v1")
            // Check-ins first: the API's busiest route.
            .route(
                "/key-results/{id}/check-ins",
                web::post().to(api_okrs::create_check_in),
            )
            .route(
                "/key-results/{id}/check-ins",
                web::get().to(api_okrs::list_check_ins),
            )
            .route("/openapi.json", web::get().to(openapi::openapi_json))
            .route("/me", web::get().to(api::me))
            .route("/adoption/teams", web::get().to(api_adoption::teams))
            .route("/adoption/weeks", web::get().to(api_adoption::weeks))
            .route("/adoption/alerts", web::get().to(api_adoption::alerts))
            .route(
                "/adoption/recompute",
                web::get().to(api_adoption::recompute),
            )
            .route(
                "/adoption/alerts/{id}/acknowledge",
                web::post().to(api_adoption::acknowledge),
            )
            .route(
                "/settings/follow-up",
                web::get().to(settings::api_follow_up),
            )
            .route(
                "/settings/follow-up",
                web::patch().to(settings::api_save_follow_up),
            )
            .route("/audit", web::get().to(audit::api_list))
            .route("/channels", web::get().to(channels::api_list))
            .route("/channels", web::post().to(channels::api_connect))
            .route("/channels/{id}", web::delete().to(channels::api_remove))
            .route("/surveys", web::get().to(api_surveys::list))
            .route("/surveys/{id}", web::get().to(api_surveys::get))
            .route("/surveys/{id}/results", web::get().to(api_surveys::results))
            .route(
                "/surveys/{id}/comparison",
                web::get().to(api_surveys::comparison),
            )
            .route("/cases", web::get().to(cases::api_list))
            .route("/cases/{ref}", web::get().to(cases::api_get))
            .route("/people", web::get().to(api::list_people))
            .route("/people", web::post().to(api::create_person))
            .route("/people/{id}", web::get().to(api::get_person))
            .route("/people/{id}", web::patch().to(api::update_person))
            .route("/teams", web::get().to(api::list_teams))
            .route("/teams", web::post().to(api::create_team))
            .route("/teams/{id}", web::get().to(api::get_team))
            .route("/teams/{id}", web::patch().to(api::update_team))
            .route("/teams/{id}/agendas", web::get().to(agendas::api_team))
            .route(
                "/teams/{id}/agendas/{kind}/{locale}",
                web::put().to(agendas::api_save_team),
            )
            .route(
                "/teams/{id}/agendas/{kind}/{locale}",
                web::delete().to(agendas::api_reset_team),
            )
            .route(
                "/series/{id}/invitations",
                web::post().to(meeting_files::api_invitations),
            )
            .route("/agendas", web::get().to(agendas::api_org))
            .route(
                "/agendas/{kind}/{locale}",
                web::put().to(agendas::api_save_org),
            )
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
            )
            .route("/teams/{id}/meetings", web::get().to(api_meetings::list))
            .route(
                "/teams/{id}/meeting-series",
                web::post().to(api_meetings::create_series),
            )
            .route("/meetings/{id}", web::get().to(api_meetings::get))
            .route(
                "/meetings/{id}/record",
                web::post().to(api_meetings::record),
            )
            .route(
                "/meetings/{id}/cancel",
                web::post().to(api_meetings::cancel),
            )
            .route("/okrs", web::get().to(api_okrs::register))
            .route("/objectives", web::post().to(api_okrs::create_objective))
            .route(
                "/organisation-objectives",
                web::get().to(api_okrs::organisation),
            )
            .route(
                "/organisation-objectives",
                web::post().to(api_okrs::create_org_objective),
            )
            .route("/objectives/{id}/alignment", web::put().to(api_okrs::align))
            .route("/objectives/{id}", web::get().to(api_okrs::get_objective))
            .route(
                "/objectives/{id}",
                web::patch().to(api_okrs::update_objective),
            )
            .route(
                "/objectives/{id}/key-results",
                web::post().to(api_okrs::create_key_result),
            )
            .route(
                "/key-results/{id}",
                web::patch().to(api_okrs::update_key_result),
            )
            .route("/rollouts", web::get().to(api_rollouts::list))
            .route("/rollouts", web::post().to(api_rollouts::create))
            .route("/rollouts/{id}", web::get().to(api_rollouts::get))
            .route("/rollouts/{id}", web::patch().to(api_rollouts::update))
            .route(
                "/rollouts/{id}/items",
                web::post().to(api_rollouts::add_item),
            )
            .route(
                "/rollouts/{id}/items/{item}",
                web::patch().to(api_rollouts::update_item),
            )
            .route(
                "/rollouts/{id}/items/{item}",
                web::delete().to(api_rollouts::delete_item),
            ),
    );
    // Pages
    cfg.route("/", web::get().to(home::index))
        .route("/health", web::get().to(home::health))
        .route("/static/{path:.*}", web::get().to(assets::file))
        .route("/locale", web::post().to(locale::switch))
        // Signing in and out
        .route("/login", web::get().to(session::login_page))
        .route("/login", web::post().to(session::login))
        .route("/login/link", web::post().to(session::request_link))
        .route("/login/sso", web::post().to(sso::start))
        .route("/login/sso/callback", web::get().to(sso::callback))
        .route("/login/link/confirm", web::post().to(session::confirm_link))
        .route("/login/link/{token}", web::get().to(session::link_page))
        .route("/invite/accept", web::post().to(invites::accept))
        .route("/invite/{token}", web::get().to(invites::show))
        .route("/logout", web::post().to(session::logout))
        // Organisation
        .route("/home", web::get().to(home::mine))
        .route("/org", web::get().to(home::overview))
        // People
        .route("/people", web::get().to(people::list))
        .route("/people", web::post().to(people::create))
        .route("/people/new", web::get().to(people::new_form))
        .route("/people/import", web::get().to(import::form))
        .route("/people/import", web::post().to(import::apply))
        .route("/people/import/preview", web::post().to(import::preview))
        .route("/people/invites", web::get().to(invites::list))
        .route("/people/invites", web::post().to(invites::create))
        .route(
            "/people/invites/{id}/resend",
            web::post().to(invites::resend),
        )
        .route(
            "/people/invites/{id}/withdraw",
            web::post().to(invites::withdraw),
        )
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
        .route("/teams", web::post().to(editor::create::<TeamEditor>))
        .route("/teams/new", web::get().to(editor::new_form::<TeamEditor>))
        .route("/teams/{id}", web::get().to(teams::show))
        .route("/teams/{id}", web::post().to(editor::update::<TeamEditor>))
        .route("/teams/{id}/agenda", web::get().to(agendas::team))
        .route("/teams/{id}/agenda", web::post().to(agendas::save_team))
        .route(
            "/teams/{id}/agenda/reset",
            web::post().to(agendas::reset_team),
        )
        .route(
            "/teams/{id}/edit",
            web::get().to(editor::edit_form::<TeamEditor>),
        )
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
        // OKR basics and practice cases (`/cases/new` before `/cases/{key}`)
        .route("/basics", web::get().to(cases::basics))
        .route("/cases", web::get().to(cases::list))
        .route("/cases", web::post().to(editor::create::<CaseEditor>))
        .route("/cases/new", web::get().to(cases::new_form))
        .route("/cases/custom/{id}", web::get().to(cases::show_custom))
        .route(
            "/cases/custom/{id}",
            web::post().to(editor::update::<CaseEditor>),
        )
        .route(
            "/cases/custom/{id}/edit",
            web::get().to(editor::edit_form::<CaseEditor>),
        )
        .route(
            "/cases/custom/{id}/archive",
            web::get().to(cases::confirm_archive),
        )
        .route("/cases/custom/{id}/archive", web::post().to(cases::archive))
        .route("/cases/{key}", web::get().to(cases::show_builtin))
        // Rollouts and their checklists
        .route("/rollouts", web::get().to(rollouts::list))
        .route("/rollouts", web::post().to(editor::create::<RolloutEditor>))
        .route(
            "/rollouts/new",
            web::get().to(editor::new_form::<RolloutEditor>),
        )
        .route("/rollouts/{id}", web::get().to(rollouts::show))
        .route(
            "/rollouts/{id}",
            web::post().to(editor::update::<RolloutEditor>),
        )
        .route(
            "/rollouts/{id}/edit",
            web::get().to(editor::edit_form::<RolloutEditor>),
        )
        .route(
            "/rollouts/{id}/items",
            web::post().to(editor::create::<ItemEditor>),
        )
        .route(
            "/rollouts/{id}/items/{item}",
            web::post().to(editor::update::<ItemEditor>),
        )
        .route(
            "/rollouts/{id}/items/{item}/edit",
            web::get().to(editor::edit_form::<ItemEditor>),
        )
        .route(
            "/rollouts/{id}/items/{item}/toggle",
            web::post().to(checklist::toggle_item),
        )
        .route(
            "/rollouts/{id}/items/{item}/move",
            web::post().to(checklist::move_item),
        )
        .route(
            "/rollouts/{id}/items/{item}/delete",
            web::get().to(checklist::confirm_delete_item),
        )
        .route(
            "/rollouts/{id}/items/{item}/delete",
            web::post().to(checklist::delete_item),
        )
        // Surveys (leaders) and answering them (anyone with a personal link)
        .route("/surveys", web::get().to(surveys::list))
        .route("/surveys", web::post().to(editor::create::<SurveyEditor>))
        .route(
            "/surveys/new",
            web::get().to(editor::new_form::<SurveyEditor>),
        )
        .route("/surveys/{id}", web::get().to(surveys::show))
        .route(
            "/surveys/{id}",
            web::post().to(editor::update::<SurveyEditor>),
        )
        .route(
            "/surveys/{id}/edit",
            web::get().to(editor::edit_form::<SurveyEditor>),
        )
        .route("/surveys/{id}/close", web::post().to(surveys::close))
        .route("/surveys/{id}/invitations", web::post().to(surveys::invite))
        .route("/surveys/{id}/remind", web::post().to(surveys::remind))
        .route("/surveys/{id}/results", web::get().to(survey_results::show))
        .route(
            "/surveys/{id}/compare",
            web::get().to(survey_results::compare),
        )
        .route("/surveys/{id}/pulse", web::post().to(surveys::create_pulse))
        .route(
            "/surveys/{id}/results.csv",
            web::get().to(survey_results::csv),
        )
        .route(
            "/surveys/{id}/texts.csv",
            web::get().to(survey_results::texts_csv),
        )
        .route(
            "/surveys/{id}/questions",
            web::post().to(editor::create::<QuestionEditor>),
        )
        .route(
            "/surveys/{id}/questions/{question}",
            web::post().to(editor::update::<QuestionEditor>),
        )
        .route(
            "/surveys/{id}/questions/{question}/edit",
            web::get().to(editor::edit_form::<QuestionEditor>),
        )
        .route(
            "/surveys/{id}/questions/{question}/move",
            web::post().to(survey_questions::move_question),
        )
        .route(
            "/surveys/{id}/questions/{question}/delete",
            web::post().to(survey_questions::delete_question),
        )
        .route("/live/{code}", web::get().to(live::connect))
        // Meetings
        .route("/teams/{id}/meetings", web::get().to(meetings::team))
        .route(
            "/teams/{id}/meetings",
            web::post().to(meetings::create_series),
        )
        .route(
            "/teams/{id}/meetings/import",
            web::get().to(meeting_files::history_form),
        )
        .route(
            "/teams/{id}/meetings/import",
            web::post().to(meeting_files::import_history),
        )
        .route(
            "/meetings/series/{id}/end",
            web::post().to(meetings::end_series),
        )
        .route(
            "/meetings/series/{id}/feed",
            web::post().to(meeting_files::new_feed),
        )
        .route(
            "/meetings/series/{id}/feed/revoke",
            web::post().to(meeting_files::revoke_feed),
        )
        .route(
            "/meetings/series/{id}/invitations",
            web::post().to(meeting_files::invitations),
        )
        .route("/calendar/{token}", web::get().to(meeting_files::calendar))
        .route("/meetings/export.csv", web::get().to(meeting_files::export))
        .route("/adoption", web::get().to(adoption::dashboard))
        .route("/adoption/teams/{id}", web::get().to(adoption::team))
        .route("/adoption/export.csv", web::get().to(adoption::export))
        .route("/adoption/cohorts", web::get().to(adoption::cohorts))
        .route("/adoption/digest", web::post().to(adoption::set_digest))
        .route("/adoption/people/{id}", web::get().to(adoption::person))
        .route(
            "/adoption/alerts/{id}/acknowledge",
            web::post().to(adoption::acknowledge),
        )
        .route("/meetings/{id}", web::get().to(meetings::meeting))
        .route("/meetings/{id}", web::post().to(meetings::save_meeting))
        .route("/meetings/{id}/cancel", web::post().to(meetings::cancel))
        .route(
            "/meetings/{id}/move",
            web::post().to(meetings::move_meeting),
        )
        // The OKR register and check-ins
        .route("/check-ins", web::get().to(check_ins::week))
        .route("/check-ins", web::post().to(check_ins::save_week))
        .route("/check-ins/nudges", web::post().to(check_ins::set_nudges))
        .route("/check-ins/no-change", web::post().to(check_ins::no_change))
        .route("/c/{token}", web::get().to(check_in_links::show))
        .route("/c/{token}", web::post().to(check_in_links::save_week))
        .route(
            "/c/{token}/no-change",
            web::post().to(check_in_links::no_change),
        )
        .route("/c/{token}/revoke", web::post().to(check_in_links::revoke))
        .route(
            "/okrs/key-results/{id}",
            web::get().to(check_ins::key_result),
        )
        .route(
            "/okrs/key-results/{id}/check-ins",
            web::post().to(check_ins::check_in),
        )
        .route("/okrs", web::get().to(okrs::register))
        .route("/okrs", web::post().to(editor::create::<ObjectiveEditor>))
        .route(
            "/okrs/new",
            web::get().to(editor::new_form::<ObjectiveEditor>),
        )
        .route(
            "/okrs/organisation",
            web::get().to(org_objectives::organisation),
        )
        .route(
            "/okrs/organisation",
            web::post().to(org_objectives::create_org_objective),
        )
        .route(
            "/okrs/organisation/{id}/archive",
            web::post().to(org_objectives::archive_org_objective),
        )
        .route("/okrs/objectives/{id}", web::get().to(okrs::show_objective))
        .route(
            "/okrs/objectives/{id}",
            web::post().to(editor::update::<ObjectiveEditor>),
        )
        .route(
            "/okrs/objectives/{id}/edit",
            web::get().to(editor::edit_form::<ObjectiveEditor>),
        )
        .route(
            "/okrs/objectives/{id}/status",
            web::post().to(okrs::set_status),
        )
        .route(
            "/okrs/objectives/{id}/move",
            web::post().to(okrs::move_objective),
        )
        .route(
            "/okrs/objectives/{id}/archive",
            web::get().to(okrs::confirm_archive),
        )
        .route(
            "/okrs/objectives/{id}/archive",
            web::post().to(okrs::archive_objective),
        )
        .route(
            "/okrs/objectives/{id}/key-results/new",
            web::get().to(editor::new_form::<KeyResultEditor>),
        )
        .route(
            "/okrs/objectives/{id}/key-results",
            web::post().to(editor::create::<KeyResultEditor>),
        )
        .route(
            "/okrs/key-results/{id}/edit",
            web::get().to(editor::edit_form::<KeyResultEditor>),
        )
        .route(
            "/okrs/key-results/{id}",
            web::post().to(editor::update::<KeyResultEditor>),
        )
        .route(
            "/okrs/key-results/{id}/archive",
            web::post().to(key_results::archive_key_result),
        )
        // Workshops
        .route("/join", web::get().to(workshop_rooms::join))
        .route("/w/{code}", web::get().to(workshop_rooms::room))
        .route("/workshops", web::get().to(workshops::list))
        .route("/workshops", web::post().to(workshops::create))
        .route("/workshops/new", web::get().to(workshops::new_form))
        .route("/workshops/{id}", web::get().to(workshops::show))
        .route("/workshops/{id}", web::post().to(workshops::update))
        .route("/workshops/{id}/edit", web::get().to(workshops::edit_form))
        .route("/workshops/{id}/qr.svg", web::get().to(workshops::qr))
        .route(
            "/workshops/{id}/delete",
            web::get().to(workshops::confirm_delete),
        )
        .route("/workshops/{id}/delete", web::post().to(workshops::delete))
        .route("/workshops/{id}/run", web::get().to(workshop_rooms::run))
        .route(
            "/workshops/{id}/projector",
            web::get().to(workshop_rooms::projector),
        )
        .route(
            "/workshops/{id}/outcome",
            web::get().to(workshop_outcome::outcome_form),
        )
        .route(
            "/workshops/{id}/outcome",
            web::post().to(workshop_outcome::save_outcome),
        )
        .route(
            "/workshops/{id}/summary",
            web::get().to(workshop_outcome::summary),
        )
        .route(
            "/workshops/{id}/export.{format}",
            web::get().to(workshop_outcome::export),
        )
        .route("/s/{token}", web::get().to(answer::open))
        .route("/s/{token}", web::post().to(answer::submit))
        // Settings
        .route("/settings/api-tokens", web::get().to(tokens::list))
        .route("/settings/api-tokens", web::post().to(tokens::create))
        .route(
            "/settings/api-tokens/{id}/revoke",
            web::post().to(tokens::revoke),
        )
        .route("/settings/follow-up", web::get().to(settings::follow_up))
        .route(
            "/settings/follow-up",
            web::post().to(settings::save_follow_up),
        )
        .route("/settings/adoption", web::get().to(settings::adoption))
        .route(
            "/settings/adoption",
            web::post().to(settings::save_adoption),
        )
        .route(
            "/settings/adoption/reset",
            web::post().to(settings::reset_adoption),
        )
        .route("/settings/calendar", web::get().to(calendar::show))
        .route("/settings/calendar", web::post().to(calendar::add))
        // Before `{id}`, which would take "country" as an id.
        .route(
            "/settings/calendar/country",
            web::post().to(calendar::save_country),
        )
        .route(
            "/settings/calendar/{id}/edit",
            web::get().to(calendar::edit),
        )
        .route("/settings/calendar/{id}", web::post().to(calendar::save))
        .route(
            "/settings/calendar/{id}/delete",
            web::post().to(calendar::remove),
        )
        .route("/account/sessions", web::get().to(account::sessions))
        .route(
            "/account/organisations",
            web::get().to(account::organisations),
        )
        .route(
            "/account/organisations/{person}",
            web::post().to(account::switch),
        )
        .route("/account/password", web::get().to(account::password_page))
        .route("/account/password", web::post().to(account::set_password))
        // Before `{id}`, which would take "end-others" as an id.
        .route(
            "/account/sessions/end-others",
            web::post().to(account::end_others),
        )
        .route("/account/sessions/{id}/end", web::post().to(account::end))
        .route(
            "/people/{id}/sessions/end",
            web::post().to(account::sign_out_everywhere),
        )
        .route("/settings/audit", web::get().to(audit::list))
        .route("/settings/sso", web::get().to(sso::settings))
        .route("/settings/sso", web::post().to(sso::save))
        .route("/settings/sso/remove", web::post().to(sso::remove))
        .route("/settings/agendas", web::get().to(agendas::settings))
        .route("/settings/agendas", web::post().to(agendas::save_settings))
        .route("/settings/channels", web::get().to(channels::settings))
        .route("/settings/channels", web::post().to(channels::connect))
        .route(
            "/settings/channels/{id}/remove",
            web::post().to(channels::remove),
        )
        .route("/settings/audit.csv", web::get().to(audit::export))
        .route("/settings/outbox", web::get().to(outbox::list))
        .route("/settings/outbox/{id}/retry", web::post().to(outbox::retry))
        .default_service(web::to(home::not_found));
}
