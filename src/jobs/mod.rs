//! Background work beside the server: the mail worker and the scheduler (reminders,
//! clean-up). Each runs on
//! its own thread (their queries block) and stops when its handle is dropped.

pub mod mail;
pub mod scheduler;
