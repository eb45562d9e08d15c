//! HTTP integration tests: each test starts the real server on a random port with its own
//! database (SQLite by default; PostgreSQL when `HVERDAG_TEST_POSTGRES_URL` is set) and talks
//! to it over HTTP like a browser or an API client would.

mod access;
mod adoption;
mod api_meetings;
mod api_okrs;
mod api_v1;
mod audit;
mod auth;
mod calendar;
mod cases;
mod check_ins;
mod closures;
mod errors;
mod helpers;
mod history;
mod home;
mod import;
mod insiders;
mod isolation;
mod layers;
mod live;
mod live_board;
mod live_race;
mod live_storm;
mod locale;
mod mail;
mod meetings;
mod okrs;
mod openapi;
mod outbox;
mod page;
mod people;
mod pulse;
mod recompute;
mod reminders;
mod rollouts;
mod security;
mod sessions;
mod settings;
mod signal;
mod smtp_sink;
mod survey_insiders;
mod surveys;
mod teams;
mod workshops;
