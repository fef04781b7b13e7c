//! The redactions of one tool chat, repeated: what the server asks of the redaction per chat, to
//! be counted under `valgrind --tool=callgrind` (instructions do not depend on the machine's load).
//!
//! Each chat redacts, as a chat with one tool step does on its way through Warden: the call's
//! arguments when assessed and in its two audit rows, the tool's output when the guard returns
//! it and again when it becomes a run event, and the answer once. Every chat's texts differ (the
//! chat's number is in each), so no chat finds another's texts already redacted.
//!
//! `cargo build --release -p warden-secrets --example chat`, then
//! `valgrind --tool=callgrind target/release/examples/chat [CHATS] [ascii]` (200 chats by default;
//! `ascii` writes `docker ps`'s `…` as `...`, for a text of ASCII alone).

use std::io::Write;

const OUTPUT: &str = "CONTAINER ID   IMAGE          COMMAND                  CREATED       STATUS                 PORTS                  NAMES\n\
3f2a9c1d7e44   nginx:1.27     \"/docker-entrypoint.…\"   3 hours ago   Up 3 hours (healthy)   0.0.0.0:8080->80/tcp   web\n\
a81b2c3d4e5f   postgres:16    \"docker-entrypoint.s…\"   3 hours ago   Up 3 hours             5432/tcp               db\n\
9e8d7c6b5a49   redis:7        \"docker-entrypoint.s…\"   3 hours ago   Up 3 hours             6379/tcp               cache";

fn main() {
    let chats: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(200);
    let table = if std::env::args().nth(2).as_deref() == Some("ascii") {
        OUTPUT.replace('…', "...")
    } else {
        OUTPUT.to_owned()
    };
    let mut out = 0usize;
    for chat in 0..chats {
        let arguments = format!("{{\"all\":true,\"filter\":\"name=web-{chat}\"}}");
        let output = format!("{table}\nchat {chat}");
        let answer = format!(
            "Three containers are running (chat {chat}): web, db and cache, all up for 3 hours."
        );
        for text in [
            &arguments, &arguments, &arguments, &output, &output, &answer,
        ] {
            out += warden_secrets::redact_text(text).len();
        }
    }
    std::io::stdout()
        .write_all(format!("{chats} chats, {out} bytes redacted\n").as_bytes())
        .ok();
}
