//! Hverdag: makes OKRs part of everyday work. One binary serves the HTML interface, the
//! JSON API under `/api/v1` and (later) live workshop rooms, on SQLite or PostgreSQL.

pub mod app;
pub mod cli;
pub mod config;
pub mod db;
pub mod domain;
pub mod jobs;
pub mod live;
pub mod mail;
pub mod simulate_cli;
pub mod text;
pub mod web;

pub use config::Config;
pub use web::Application;
