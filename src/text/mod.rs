//! What people read, below the transports: translations and formatting ([`i18n`]), the
//! template engine ([`templates`]) and mail composition ([`mail`]). Pages (`web`) and
//! scheduled work (`jobs`) both use it; it knows nothing of HTTP.

pub mod agendas;
pub mod channels;
#[cfg(test)]
mod glossary;
pub mod i18n;
pub mod mail;
pub mod templates;
