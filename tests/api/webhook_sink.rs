//! A local HTTP sink standing in for a Teams or Slack webhook: it answers each request as
//! the test scripts it (200, 429 with `Retry-After`, 500, 410, no answer at all, or the
//! connection dropped before the body is read) and records what it was sent. Raw HTTP/1.1
//! over a TCP listener, so that it can misbehave in ways a web framework would not.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// How the sink answers one request.
#[derive(Debug, Clone)]
pub enum Reply {
    Status(u16, &'static str),
    /// 429 with `Retry-After: <seconds>`.
    RetryAfter(u64),
    /// Reads the request and never answers (the client times out).
    Hang,
    /// Reads the headers and closes the connection before the body.
    Die,
}

#[derive(Default)]
struct State {
    script: VecDeque<Reply>,
    /// The JSON bodies received in full, in order, and the path each was posted to.
    received: Vec<(String, Value)>,
    /// Every request begun, answered or not.
    attempts: usize,
}

#[derive(Clone)]
pub struct Sink {
    pub url: String,
    state: Arc<Mutex<State>>,
}

impl Sink {
    /// A sink on a free port; it answers 200 once its script is used up.
    pub async fn start() -> Sink {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the sink");
        let port = listener.local_addr().expect("the sink's address").port();
        let sink = Sink {
            url: format!("http://127.0.0.1:{port}/services/T0/B0/sink"),
            state: Arc::default(),
        };
        let state = sink.state.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(serve(stream, state.clone()));
            }
        });
        sink
    }

    /// Answers the next requests this way, in order.
    pub fn script(&self, replies: &[Reply]) {
        self.state
            .lock()
            .unwrap()
            .script
            .extend(replies.iter().cloned());
    }

    pub fn received(&self) -> Vec<Value> {
        let state = self.state.lock().unwrap();
        state.received.iter().map(|(_, v)| v.clone()).collect()
    }

    pub fn attempts(&self) -> usize {
        self.state.lock().unwrap().attempts
    }
}

async fn serve(mut stream: TcpStream, state: Arc<Mutex<State>>) {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
    let path = head.split_whitespace().nth(1).unwrap_or("").to_owned();
    let length: usize = head
        .lines()
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().ok())
                .flatten()
        })
        .unwrap_or(0);
    let reply = {
        let mut s = state.lock().unwrap();
        s.attempts += 1;
        s.script.pop_front().unwrap_or(Reply::Status(200, "ok"))
    };
    if matches!(reply, Reply::Die) {
        return;
    }
    while buf.len() < head_end + length {
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
    let body: Value =
        serde_json::from_slice(&buf[head_end..head_end + length]).unwrap_or(Value::Null);
    let (status, extra, text) = match reply {
        Reply::Status(code, text) => (code, String::new(), text),
        Reply::RetryAfter(seconds) => (429, format!("Retry-After: {seconds}\r\n"), "rate_limited"),
        Reply::Hang => {
            tokio::time::sleep(Duration::from_secs(60)).await;
            return;
        }
        Reply::Die => return,
    };
    if (200..300).contains(&status) {
        state.lock().unwrap().received.push((path, body));
    }
    let response = format!(
        "HTTP/1.1 {status} X\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n{extra}\r\n{text}",
        text.len()
    );
    let _ = stream.write_all(response.as_bytes()).await;
    let _ = stream.shutdown().await;
}
