//! Background work beside the server: the mail worker and periodic maintenance. Each runs on
//! its own thread (their queries block) and stops when its handle is dropped.

pub mod mail;
pub mod maintenance;
