//! Sending one notification to one channel, once. Retries are the queue's business; every send
//! is bounded in time, and an answer other than 2xx is a failure with its status.

use std::time::Duration;

use hmac::{Hmac, Mac};
use lettre::message::{Mailbox, header::ContentType};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use serde_json::json;
use sha2::Sha256;

use crate::channel::{ChannelKind, EmailConfig, SmtpTls};
use crate::event::{Notification, Severity};

/// The longest a single delivery may take.
pub const SEND_TIMEOUT: Duration = Duration::from_secs(10);
/// Discord refuses longer messages.
const DISCORD_MAX_CHARS: usize = 2000;
/// The header carrying the JSON body's HMAC-SHA256.
pub const SIGNATURE_HEADER: &str = "X-Warden-Signature";

#[derive(Debug, thiserror::Error)]
pub enum DeliveryError {
    #[error("the receiver answered {0}")]
    Status(reqwest::StatusCode),
    #[error("cannot reach the receiver: {0}")]
    Http(#[from] reqwest::Error),
    #[error("the email cannot be built: {0}")]
    Email(String),
    #[error("the notification cannot be encoded: {0}")]
    Encode(String),
    #[error("SMTP: {0}")]
    Smtp(#[from] lettre::transport::smtp::Error),
}

/// `sha256=HEX` of HMAC-SHA256 over `body` with `secret`, as sent in [`SIGNATURE_HEADER`].
pub fn signature(secret: &str, body: &[u8]) -> String {
    // HMAC takes keys of any length, so this never fails.
    let mut mac = match Hmac::<Sha256>::new_from_slice(secret.as_bytes()) {
        Ok(mac) => mac,
        Err(_) => return String::new(),
    };
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

fn plain(notification: &Notification) -> String {
    let mut text = notification.text.clone();
    if let Some(link) = &notification.link {
        text.push_str(&format!("\n{link}"));
    }
    text
}

/// The text for chat webhooks: a bold title line, then the body (Slack's bold is `*x*`).
/// The notification for a chat service, its text escaped by `escape` so that what callers wrote
/// (a command's arguments, a justification) shows as text: never a mention that pings a channel,
/// nor a link dressed up as Warden's own.
fn chat_text(notification: &Notification, bold: &str, escape: fn(&str) -> String) -> String {
    format!(
        "{bold}{}{bold}\n{}",
        escape(&notification.title),
        escape(&plain(notification))
    )
}

/// Slack's control characters (`<!channel>`, `<URL|text>`) as the entities Slack documents.
fn slack_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Markdown (Mattermost, Discord): its markup characters backslashed, and `@` kept from starting
/// a mention (`@channel`, `@everyone`) by a zero-width space.
fn markdown_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '*' | '_' | '~' | '`' | '[' | ']' | '(' | ')' | '<' | '>' | '|' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '@' => out.push_str("@\u{200B}"),
            other => out.push(other),
        }
    }
    out
}

fn cut_chars(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

fn ntfy_priority(level: Severity) -> (&'static str, &'static str) {
    match level {
        Severity::Info => ("default", "information_source"),
        Severity::Warning => ("high", "warning"),
        Severity::Critical => ("urgent", "rotating_light"),
    }
}

async fn post(request: reqwest::RequestBuilder) -> Result<(), DeliveryError> {
    let response = request.timeout(SEND_TIMEOUT).send().await?;
    if response.status().is_success() {
        Ok(())
    } else {
        Err(DeliveryError::Status(response.status()))
    }
}

/// Sends `notification` to the channel once.
pub async fn deliver(
    client: &reqwest::Client,
    kind: &ChannelKind,
    notification: &Notification,
) -> Result<(), DeliveryError> {
    match kind {
        ChannelKind::Ntfy { url, token } => {
            let (priority, tag) = ntfy_priority(notification.level);
            // ntfy reads headers as latin-1: keep the title to ASCII.
            let title: String = notification
                .title
                .chars()
                .map(|c| {
                    if c.is_ascii() && !c.is_ascii_control() {
                        c
                    } else {
                        '?'
                    }
                })
                .collect();
            let mut request = client
                .post(url)
                .header("Title", title)
                .header("Priority", priority)
                .header("Tags", format!("{tag},{}", notification.event.as_str()))
                .body(notification.text.clone());
            if let Some(link) = &notification.link {
                request = request.header("Click", link);
            }
            if let Some(token) = token {
                request = request.bearer_auth(token);
            }
            post(request).await
        }
        ChannelKind::Slack { url } => {
            post(
                client
                    .post(url)
                    .json(&json!({"text": chat_text(notification, "*", slack_escape)})),
            )
            .await
        }
        ChannelKind::Mattermost { url } => post(client.post(url).json(
            &json!({"text": chat_text(notification, "**", markdown_escape), "username": "Warden"}),
        ))
        .await,
        ChannelKind::Discord { url } => {
            let content = cut_chars(
                &chat_text(notification, "**", markdown_escape),
                DISCORD_MAX_CHARS,
            );
            // No mention in the text pings anyone, whatever escaping missed.
            post(client.post(url).json(&json!({
                "content": content,
                "username": "Warden",
                "allowed_mentions": {"parse": []},
            })))
            .await
        }
        ChannelKind::Json { url, secret } => {
            // Signed over the exact bytes sent.
            let body = serde_json::to_vec(notification)
                .map_err(|e| DeliveryError::Encode(e.to_string()))?;
            let mut request = client
                .post(url)
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .header("X-Warden-Event", notification.event.as_str())
                .header("X-Warden-Delivery", &notification.id);
            if let Some(secret) = secret {
                request = request.header(SIGNATURE_HEADER, signature(secret, &body));
            }
            post(request.body(body)).await
        }
        ChannelKind::Email(email) => send_email(email, notification).await,
    }
}

async fn send_email(email: &EmailConfig, notification: &Notification) -> Result<(), DeliveryError> {
    let parse = |address: &str| {
        address
            .parse::<Mailbox>()
            .map_err(|e| DeliveryError::Email(format!("'{address}': {e}")))
    };
    let mut message = Message::builder()
        .from(parse(&email.from)?)
        .subject(format!("[Warden] {}", notification.title))
        .header(ContentType::TEXT_PLAIN);
    for to in &email.to {
        message = message.to(parse(to)?);
    }
    let message = message
        .body(plain(notification))
        .map_err(|e| DeliveryError::Email(e.to_string()))?;
    let tls = match email.tls {
        SmtpTls::None => Tls::None,
        SmtpTls::StartTls => Tls::Required(TlsParameters::new(email.host.clone())?),
        SmtpTls::Tls => Tls::Wrapper(TlsParameters::new(email.host.clone())?),
    };
    let mut transport = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&email.host)
        .port(email.port)
        .tls(tls)
        .timeout(Some(SEND_TIMEOUT));
    if let (Some(user), Some(password)) = (&email.username, &email.password) {
        transport = transport.credentials(Credentials::new(user.clone(), password.clone()));
    }
    transport.build().send(message).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_is_hmac_sha256_of_the_body_in_hex() {
        // RFC 4231 test case 2.
        assert_eq!(
            signature("Jefe", b"what do ya want for nothing?"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn discord_text_is_cut_to_its_limit() {
        let long = "x".repeat(2500);
        let cut = cut_chars(&long, DISCORD_MAX_CHARS);
        assert_eq!(cut.chars().count(), DISCORD_MAX_CHARS);
        assert!(cut.ends_with('…'));
        assert_eq!(cut_chars("short", 10), "short");
    }
}
