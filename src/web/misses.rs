//! The client's address, and an allowance of misses per address: a WebSocket join code that
//! names no room counts as one, and an address that has used up its allowance waits for the
//! next window, so codes cannot be found by trying thousands.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use actix_web::HttpRequest;

/// The client's address for throttling: the connection's peer, or — behind a trusted proxy
/// (`--trust-proxy`) — the address the proxy reports in `X-Forwarded-For`/`Forwarded`.
pub fn client_ip(req: &HttpRequest, trust_proxy: bool) -> String {
    if trust_proxy && let Some(ip) = req.connection_info().realip_remote_addr() {
        return ip.to_owned();
    }
    req.peer_addr()
        .map(|a| a.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}

/// Addresses remembered at most; past this, windows that have passed are forgotten.
const REMEMBERED: usize = 10_000;

pub struct Misses {
    allowed: u32,
    window: Duration,
    /// Per address: when its window began, and its misses in it.
    by_address: Mutex<HashMap<String, (Instant, u32)>>,
}

impl Misses {
    pub fn new(allowed: u32, window: Duration) -> Misses {
        Misses {
            allowed,
            window,
            by_address: Mutex::default(),
        }
    }

    /// Whether this address has used up its misses for now.
    pub fn exhausted(&self, address: &str) -> bool {
        let now = Instant::now();
        crate::live::hub::lock(&self.by_address)
            .get(address)
            .is_some_and(|(since, n)| {
                now.duration_since(*since) < self.window && *n >= self.allowed
            })
    }

    /// Counts a miss.
    pub fn record(&self, address: &str) {
        let now = Instant::now();
        let mut by_address = crate::live::hub::lock(&self.by_address);
        if by_address.len() >= REMEMBERED {
            by_address.retain(|_, (since, _)| now.duration_since(*since) < self.window);
        }
        let (since, n) = by_address.entry(address.to_owned()).or_insert((now, 0));
        if now.duration_since(*since) >= self.window {
            (*since, *n) = (now, 0);
        }
        *n += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_that_used_up_its_misses_waits_for_the_next_window() {
        let misses = Misses::new(3, Duration::from_millis(50));
        for _ in 0..3 {
            assert!(!misses.exhausted("10.0.0.1"));
            misses.record("10.0.0.1");
        }
        assert!(misses.exhausted("10.0.0.1"));
        assert!(!misses.exhausted("10.0.0.2"), "each address has its own");
        std::thread::sleep(Duration::from_millis(60));
        assert!(!misses.exhausted("10.0.0.1"), "a new window");
    }
}
