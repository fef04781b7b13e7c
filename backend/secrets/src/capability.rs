//! Capability URLs: addresses whose path is the credential, so that whoever holds the URL
//! pings, pushes or posts as its owner. Health checks (`https://hc-ping.com/<uuid>`, a
//! self-hosted Healthchecks' `/ping/<uuid>`, Dead Man's Snitch, Cronitor, Better Stack's
//! heartbeats), Uptime Kuma's push monitors (`/api/push/<token>`), Home Assistant's webhooks
//! (`/api/webhook/<id>`), IFTTT's (`/with/key/<key>`), Rocket.Chat's and other chat servers'
//! incoming hooks (`/hooks/<id>/<token>`), every topic on ntfy's public server (anyone who
//! knows one there reads and posts to it: `ntfy.sh/alerts` goes too) and a self-hosted ntfy's
//! topic under a variable naming it (`NTFY_URL=https://ntfy.example/<topic>`), Telegram's bot API
//! (`api.telegram.org/bot<token>/`, whatever the token's shape). The host and the path up to the token stay, so the
//! text still says what the URL was; the query stays (`?status=up&msg=OK`, its secrets are the
//! query pass's). Slack's, Discord's, Teams' and Mattermost's hooks are in `text.rs`.
//!
//! Also the access tokens of services reached so: Matrix's (`syt_...`, `mat_...`) and ntfy's
//! (`tk_...`).

use std::sync::LazyLock;

use regex::Captures;

use crate::pattern::Gated;

use crate::REDACTED;
use crate::names::is_secret_name;

/// A capability URL: `keep` is the scheme, host and path up to the token (`host` marks the
/// services whose whole path is one), `token` its first segment, `path` the rest of the path.
static CAPABILITY_URL: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(concat!(
        r"(?P<keep>\bhttps?://(?:",
        r"(?P<host>hc-ping\.com|nosnch\.in|cronitor\.link/p|cronitor\.link)/",
        r"|(?P<bot>api\.telegram\.org/(?:file/)?bot)",
        r"|[A-Za-z0-9.-]+(?::[0-9]+)?(?:/[A-Za-z0-9._~%-]+)*?/(?:ping|api/push|api/webhook|heartbeat|with/key|hooks)/",
        r")|(?P<ntfy>\bntfys?://[A-Za-z0-9.-]+(?::[0-9]+)?/))(?P<token>[A-Za-z0-9_-]+)(?P<path>[A-Za-z0-9._~%/:@!$&'()*+,;=-]*)",
    ))
    .ok()
});

/// A topic on ntfy's public server (`https://ntfy.sh/mytopic`, `ntfy.sh/backups/json` as curl
/// takes it without a scheme) or on a server named for ntfy (`https://ntfy.example.com/alerts`,
/// `ntfy.home.lan:8080/backups`, as self-hosted ones are): anyone who knows a topic there reads
/// and posts to it, so every topic is a capability, whatever word it is. The server's own pages
/// stay ([`NTFY_PAGES`]); a host whose first label is not `ntfy` (`docs.ntfy.sh`) is another
/// site.
static PUBLIC_NTFY: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(
        r"(?P<lead>(?m:^)|[^A-Za-z0-9.\-/@])(?P<keep>(?i:https?://)?(?i:ntfy)(?:\.[A-Za-z0-9-]+)+(?::[0-9]+)?/)(?P<topic>[A-Za-z0-9_-]+)",
    )
    .ok()
});

/// What ntfy's server serves under names no topic may take (its web app, documents, API and
/// static files).
const NTFY_PAGES: &[&str] = &[
    "app", "docs", "static", "file", "metrics", "account", "settings", "signup", "login", "v1",
    "config", "manifest", "sw", "_matrix",
];

/// An ntfy topic's URL under a variable naming it (`NTFY_URL=https://ntfy.example/backups`,
/// `ntfy_topic_url: https://push.example.org/alerts`): the topic is the credential, the server
/// is not. The name is checked by [`is_secret_name`] (so `NTFY_BASE_URL` is not one).
static NAMED_NTFY_URL: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(concat!(
        r#"(?P<keep>\b(?P<name>(?i:ntfy)[A-Za-z0-9_-]*(?i:url))["']?\s*[:=]\s*["']?"#,
        r"(?i:https?)://[A-Za-z0-9.-]+(?::[0-9]+)?/)(?P<topic>[A-Za-z0-9_-]+)",
    ))
    .ok()
});

/// A conda channel's URL with its access token (`https://conda.anaconda.org/t/<token>/channel`,
/// a mirror's `channel_alias: https://repo.example.com/t/<token>/conda`, as `.condarc` and
/// `conda config --show` print them): the token goes, the channel stays. On Anaconda's hosts
/// any segment after `/t/` is one; elsewhere only one of a generated token's shape (a forum's
/// `/t/topic-title/123` stays).
static CONDA_TOKEN_URL: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(
        r"(?P<keep>\bhttps?://(?P<host>[A-Za-z0-9.-]+)(?::[0-9]+)?(?:/[A-Za-z0-9._~%-]+)*?/t/)(?P<token>[A-Za-z0-9_-]+)",
    )
    .ok()
});

/// Whether `value`, under an ntfy topic's name (`NTFY_URL`), is only the server's address
/// (`https://ntfy.example`, `https://ntfy.example:8080/`): no topic, no login, nothing secret.
pub(crate) fn ntfy_server_only(name: &str, value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    let Some(rest) = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
    else {
        return false;
    };
    let host = rest.strip_suffix('/').unwrap_or(rest);
    crate::names::parts(name)
        .first()
        .is_some_and(|p| p == "ntfy")
        && !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':'))
}

/// `value`, under an ntfy topic's name (`NTFY_URL`), with its topic hidden and its server kept
/// (`https://ntfy.example/[redacted]`, `.../[redacted]/json`), when it is such a URL without a
/// login; `None` for anything else, which is hidden whole.
pub(crate) fn ntfy_url_topic_hidden(name: &str, value: &str) -> Option<String> {
    let scheme_end = value.find("://")? + 3;
    let (scheme, rest) = value.split_at(scheme_end);
    let (server, path) = rest.split_at(rest.find('/')?);
    let path = &path[1..];
    let topic_end = path.find('/').unwrap_or(path.len());
    let (topic, after) = path.split_at(topic_end);
    let candidate = format!("{scheme}{server}/{REDACTED}{after}");
    (!topic.is_empty()
        && topic
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
        && ntfy_topic_hidden(name, &candidate))
    .then_some(candidate)
}

/// Whether `value`, under an ntfy topic's name, is the server's address with the topic hidden
/// (`https://ntfy.example/[redacted]`, `.../[redacted]/json`): what is left names no secret.
pub(crate) fn ntfy_topic_hidden(name: &str, value: &str) -> bool {
    value.split_once(REDACTED).is_some_and(|(server, after)| {
        server.ends_with('/')
            && ntfy_server_only(name, server)
            && after.chars().all(|c| c.is_ascii_alphanumeric() || c == '/')
    })
}

/// Pipedream's and RequestBin's endpoints (`https://eo1a2b3c4d5e6f7.m.pipedream.net`): the
/// host's first label is the capability, whoever knows it posts events into the workflow.
static PIPEDREAM_HOST: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(r"\b[A-Za-z0-9]{8,64}(?P<domain>\.[mx]\.pipedream\.net)\b").ok()
});

/// Notification services' URLs as Apprise and Shoutrrr write them (`gotify://host/TOKEN`,
/// `discord://ID/TOKEN`, `slack://A/B/C`, `pover://USER@TOKEN`, `pbul://TOKEN`): the scheme
/// names the service, and the parts after it are its credentials wherever they stand (host,
/// user or path).
static NOTIFY_URL: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(concat!(
        r"(?i)\b(?P<scheme>(?:gotify|discord|slack|msteams|teams|pover|pushover|pbul|pushbullet",
        r"|join|mmost|mattermost|zulip|ifttt|lametric|opsgenie|pagerduty|apprise|bark|rocket",
        r"|googlechat|gchat|spush|kumulos|pushed|pushsafer|ryver|twist|flock|gitter|guilded",
        r"|notica|prowl|pushjet|revolt|simplepush|streamlabs|wxteams|webexteams|signal|pushy",
        r")s?://)(?P<rest>[^\s'\x22<>`]+)",
    ))
    .ok()
});

/// The parts of a notification URL after its scheme with every generated one hidden: its
/// separators (`/`, `@`, `:`, `?`, `&`, `=`, `#`) and words, numbers, host names (with a dot)
/// and query keys stay.
fn hide_notify_parts(rest: &str) -> String {
    let mut out = String::with_capacity(rest.len());
    let mut part = String::new();
    // A host's name or address (`gotify2.example.com`, `10.0.0.5`): labels of small letters,
    // digits and hyphens; Pushbullet's `o.AbC...` is a token.
    let host = |part: &str| {
        part.contains('.')
            && part.split('.').all(|label| {
                !label.is_empty()
                    && label
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            })
    };
    let flush = |part: &mut String, out: &mut String| {
        if generated(part) && !host(part) {
            out.push_str(REDACTED);
        } else {
            out.push_str(part);
        }
        part.clear();
    };
    for c in rest.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '%' | '~' | '+') {
            part.push(c);
        } else {
            flush(&mut part, &mut out);
            out.push(c);
        }
    }
    flush(&mut part, &mut out);
    out
}

/// Matrix's access and refresh tokens (`syt_<user in base64>_<random>_<checksum>`, the
/// authentication service's `mat_`/`mar_`), ntfy's access tokens (`tk_` and 29 characters).
static SERVICE_TOKEN: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(concat!(
        r"\b(?:sy[tr]_[A-Za-z0-9+/=-]{2,}_[A-Za-z0-9]{20}_[A-Za-z0-9]{6}",
        r"|ma[tr]_[A-Za-z0-9]{30}_[A-Za-z0-9]{6}",
        r"|tk_[a-z0-9]{29})\b",
    ))
    .ok()
});

/// Whether a path's segment is a generated token rather than a word or a number: eight
/// characters or more, letters among them, and digits or capitals after the first character
/// (a UUID, `Ab3dE6gH9j`); `status`, `my-webhook` and `12345678` are not.
pub(crate) fn generated(segment: &str) -> bool {
    segment.len() >= 8
        && !camel_case_words(segment)
        && !constant_name(segment)
        && segment.chars().any(|c| c.is_ascii_alphabetic())
        && segment
            .chars()
            .skip(1)
            .any(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
}

/// Whether a segment is a constant's name (`PRE_RECEIVE`, `POST_UPDATE`): capitals in words of
/// two letters or more joined by `_`.
fn constant_name(segment: &str) -> bool {
    segment.contains('_')
        && segment
            .split('_')
            .all(|word| word.len() >= 2 && word.chars().all(|c| c.is_ascii_uppercase()))
}

/// Whether a segment is words run together in camel case (`PreReceive`, `postUpdate`,
/// `GitHubEvents`): letters alone, each capital opening a word of two small letters or more.
/// A hook named for its event is no token; a random run of letters of both cases is rarely so
/// regular.
fn camel_case_words(segment: &str) -> bool {
    let mut humps = segment.split(|c: char| c.is_ascii_uppercase());
    let first = humps.next().unwrap_or_default();
    segment.chars().all(|c| c.is_ascii_alphabetic())
        && (first.is_empty() || first.len() >= 2)
        && humps.all(|hump| hump.len() >= 2 && hump.chars().any(|c| "aeiouy".contains(c)))
}

/// Hides the tokens of capability URLs and of the services reached by them.
pub(crate) fn redact_capability_urls(text: &str) -> String {
    let (Some(urls), Some(tokens)) = (CAPABILITY_URL.as_ref(), SERVICE_TOKEN.as_ref()) else {
        return REDACTED.to_owned();
    };
    let text = urls.replace_all(text, |c: &Captures| {
        let whole = c.get(0).map_or("", |m| m.as_str());
        let keep = c.name("keep").map_or("", |m| m.as_str());
        let token = c.name("token").map_or("", |m| m.as_str());
        // A bot's token, `<id>:<secret>`, ends at its segment; the method after it stays.
        if c.name("bot").is_some() {
            let path = c.name("path").map_or("", |m| m.as_str());
            let method = path.find('/').map_or("", |at| &path[at..]);
            return format!("{keep}{REDACTED}{method}");
        }
        if !(c.name("host").is_some() || c.name("ntfy").is_some() || generated(token)) {
            return whole.to_owned();
        }
        format!("{keep}{REDACTED}")
    });
    let text = tokens.replace_all(&text, REDACTED);
    let (Some(public), Some(named), Some(conda)) = (
        PUBLIC_NTFY.as_ref(),
        NAMED_NTFY_URL.as_ref(),
        CONDA_TOKEN_URL.as_ref(),
    ) else {
        return REDACTED.to_owned();
    };
    let text = conda.replace_all(&text, |c: &Captures| {
        let whole = c.get(0).map_or("", |m| m.as_str());
        let host = c.name("host").map_or("", |m| m.as_str());
        let token = c.name("token").map_or("", |m| m.as_str());
        if !(host.to_ascii_lowercase().contains("anaconda") || crate::sessions::token_shaped(token))
        {
            return whole.to_owned();
        }
        let keep = c.name("keep").map_or("", |m| m.as_str());
        format!("{keep}{REDACTED}")
    });
    let text = public.replace_all(&text, |c: &Captures| {
        let whole = c.get(0).map_or("", |m| m.as_str());
        let topic = c.name("topic").map_or("", |m| m.as_str());
        if NTFY_PAGES.contains(&topic.to_ascii_lowercase().as_str()) {
            return whole.to_owned();
        }
        let lead = c.name("lead").map_or("", |m| m.as_str());
        let keep = c.name("keep").map_or("", |m| m.as_str());
        format!("{lead}{keep}{REDACTED}")
    });
    let text = named.replace_all(&text, |c: &Captures| {
        let whole = c.get(0).map_or("", |m| m.as_str());
        let name = c.name("name").map_or("", |m| m.as_str());
        if !is_secret_name(name) {
            return whole.to_owned();
        }
        let keep = c.name("keep").map_or("", |m| m.as_str());
        format!("{keep}{REDACTED}")
    });
    let text = match NOTIFY_URL.as_ref() {
        Some(notify) => notify.replace_all(&text, |c: &Captures| {
            let scheme = c.name("scheme").map_or("", |m| m.as_str());
            let rest = c.name("rest").map_or("", |m| m.as_str());
            format!("{scheme}{}", hide_notify_parts(rest))
        }),
        None => return REDACTED.to_owned(),
    };
    match PIPEDREAM_HOST.as_ref() {
        Some(hosts) => hosts
            .replace_all(&text, format!("{REDACTED}$domain").as_str())
            .into_owned(),
        None => REDACTED.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_compile_and_segments_by_shape() {
        assert!(
            CAPABILITY_URL.is_some()
                && PUBLIC_NTFY.is_some()
                && CONDA_TOKEN_URL.is_some()
                && NAMED_NTFY_URL.is_some()
                && SERVICE_TOKEN.is_some()
                && PIPEDREAM_HOST.is_some()
                && NOTIFY_URL.is_some()
        );
        for token in [
            "3f2a9c1d-7e44-4b1a-9e8d-7c6b5a493f2a",
            "Ab3dE6gH9j",
            "x7k2m9q4",
        ] {
            assert!(generated(token), "{token}");
        }
        for word in [
            "status",
            "my-webhook",
            "12345678",
            "Notifications",
            "PreReceive",
            "postUpdate",
            "PRE_RECEIVE",
        ] {
            assert!(!generated(word), "{word}");
        }
    }
}
