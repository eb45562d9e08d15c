//! Crash tests: the real server binary under load, killed with SIGKILL at random moments and
//! restarted on the same data directory and port. A workshop room must keep every event it
//! acknowledged, with `seq` gapless, and its clients must resume; the mail outbox must lose
//! no mail and send one twice only when the kill fell between the relay accepting it and the
//! outbox recording that. SQLite by default; PostgreSQL when `HVERDAG_TEST_POSTGRES_URL` is
//! set. `HVERDAG_CRASH_CYCLES` (default 20) and `HVERDAG_CRASH_SEED` (printed on each run)
//! adjust and replay a run; `--nocapture` shows the figures.

mod outbox;
mod server;
#[path = "../api/smtp_sink.rs"]
mod smtp_sink;
mod workshop;
