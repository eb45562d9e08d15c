//! A small SMTP server on loopback that stores what it receives, for testing the SMTP path
//! of the mail worker against a real protocol exchange. Shared by the `api` and `crash` test
//! binaries, each of which uses part of it.
#![allow(dead_code)]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

#[derive(Clone)]
pub struct SmtpSink {
    pub port: u16,
    received: Arc<Mutex<Vec<Vec<u8>>>>,
    open: Arc<AtomicUsize>,
}

impl SmtpSink {
    /// Starts the sink. With `refuse_with`, every `MAIL FROM` gets that reply (e.g. a 451).
    pub async fn start(refuse_with: Option<&'static str>) -> SmtpSink {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the sink");
        let port = listener.local_addr().expect("sink address").port();
        let received = Arc::new(Mutex::new(Vec::new()));
        let open = Arc::new(AtomicUsize::new(0));
        let (store, count) = (received.clone(), open.clone());
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                count.fetch_add(1, Ordering::SeqCst);
                let (store, count) = (store.clone(), count.clone());
                tokio::spawn(async move {
                    serve(stream, store, refuse_with).await;
                    count.fetch_sub(1, Ordering::SeqCst);
                });
            }
        });
        SmtpSink {
            port,
            received,
            open,
        }
    }

    pub fn messages(&self) -> Vec<Vec<u8>> {
        self.received.lock().expect("sink lock").clone()
    }

    /// Connections not yet closed.
    pub fn open_connections(&self) -> usize {
        self.open.load(Ordering::SeqCst)
    }

    /// Waits up to 10 s until at least `n` messages arrived.
    pub async fn wait_for(&self, n: usize) -> Vec<Vec<u8>> {
        for _ in 0..200 {
            let got = self.messages();
            if got.len() >= n {
                return got;
            }
            // The poll interval of this wait. (This file is shared with the crash tests,
            // which do not have `helpers::eventually`.)
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!(
            "the SMTP sink got {} messages, expected {n}",
            self.messages().len()
        )
    }
}

async fn serve(stream: TcpStream, store: Arc<Mutex<Vec<Vec<u8>>>>, refuse: Option<&str>) {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read).lines();
    if write.write_all(b"220 sink ESMTP\r\n").await.is_err() {
        return;
    }
    while let Ok(Some(line)) = lines.next_line().await {
        let command = line.to_ascii_uppercase();
        let answer = if command.starts_with("EHLO") || command.starts_with("HELO") {
            "250 sink".to_owned()
        } else if command.starts_with("MAIL FROM") {
            refuse.unwrap_or("250 OK").to_owned()
        } else if command == "DATA" {
            if write.write_all(b"354 go ahead\r\n").await.is_err() {
                return;
            }
            let mut message = Vec::new();
            let mut complete = false;
            while let Ok(Some(data)) = lines.next_line().await {
                if data == "." {
                    complete = true;
                    break;
                }
                // Undo dot-stuffing.
                let data = data
                    .strip_prefix('.')
                    .filter(|_| data.starts_with(".."))
                    .unwrap_or(&data);
                message.extend_from_slice(data.as_bytes());
                message.extend_from_slice(b"\r\n");
            }
            // Like a real server, keep a message only once its final dot has arrived: one cut
            // off by a dropped connection was never accepted.
            if !complete {
                return;
            }
            store.lock().expect("sink lock").push(message);
            "250 queued".to_owned()
        } else if command == "QUIT" {
            let _ = write.write_all(b"221 bye\r\n").await;
            return;
        } else {
            "250 OK".to_owned()
        };
        if write
            .write_all(format!("{answer}\r\n").as_bytes())
            .await
            .is_err()
        {
            return;
        }
    }
}
