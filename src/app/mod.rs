//! The use cases: one typed function for each thing a person does, under both the HTML
//! pages and the JSON API, so that a rule lives in one place.
//!
//! A use case takes the database, the acting person ([`Identity`]: organisation, roles) and
//! input already parsed into domain types. It checks that the person may do it, runs in
//! **one** transaction (a write in [`Db::write`], a read in [`Db::run`]), and returns a typed
//! result or a [`domain::Error`](crate::domain::Error): `NotFound` for anything outside the
//! caller's organisation, `Forbidden`, or `Invalid` with the fields at fault. Parsing a form
//! or a JSON body, and rendering the result, stay in `web`; the rules stay in `domain`.
//!
//! Every area is here. A live room's commands and welcome, which work on the node's board
//! under the room's lock, store and read the event log through the domain (`live` and
//! `web::handlers::live`); its `hello` (taking a seat) is [`workshops::rooms`].

pub mod account;
pub mod adoption;
pub mod api_tokens;
pub mod audit;
pub mod calendar;
pub mod cases;
pub mod channels;
pub mod home;
pub mod import;
pub mod invites;
pub mod meetings;
pub mod okrs;
pub mod outbox;
pub mod people;
pub mod rollouts;
pub mod settings;
pub mod sign_in;
pub mod sso;
pub mod surveys;
pub mod teams;
pub mod workshops;

pub use crate::db::Db;
pub use crate::domain::identity::Identity;
pub use crate::domain::{Error, Result};

/// Where mail is composed: the templates, and the address its links point to.
#[derive(Clone)]
pub struct Mail {
    pub tera: std::sync::Arc<tera::Tera>,
    pub base_url: String,
}

#[cfg(test)]
pub(crate) mod testing;
