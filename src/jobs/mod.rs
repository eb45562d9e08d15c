//! Background work beside the server: the mail worker and the scheduler (reminders,
//! clean-up, unfinished adoption recomputes) each run on their own thread (their queries
//! block) and stop when their handle is dropped; the adoption recompute a request queues runs
//! as a task on the server's runtime ([`recompute::work`]).

pub mod channel_posts;
pub mod channels;
pub mod mail;
pub mod recompute;
pub mod scheduler;
