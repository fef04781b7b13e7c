//! Stream keys in RTMP ingest URLs: OBS, ffmpeg and streaming services write the key as the
//! last part of the URL's path after the application (`rtmp://live.twitch.tv/app/KEY`,
//! `rtmp://a.rtmp.youtube.com/live2/KEY`, `rtmps://live-api-s.facebook.com:443/rtmp/KEY`), and
//! whoever holds it broadcasts as the channel. The host and the application stay.

use std::sync::LazyLock;

use regex::Captures;

use crate::pattern::Gated;

use crate::REDACTED;

/// An RTMP URL (`rtmp`, `rtmps`, `rtmpt`, `rtmpe`, `rtmpte`) with an application and a stream.
static STREAM_URL: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(
        r#"(?i)(?P<head>\brtmp(?:s|t|e|te)?://[^\s/'"<>]+/(?:[^\s/'"<>?#]+/)+)(?P<secret>[^\s/'"<>?&#]+)"#,
    )
    .ok()
});

/// `text` with the stream keys of RTMP URLs hidden.
pub(crate) fn redact_stream_keys(text: &str) -> String {
    let Some(pattern) = STREAM_URL.as_ref() else {
        return REDACTED.to_owned();
    };
    pattern
        .replace_all(text, |c: &Captures| {
            let head = c.name("head").map_or("", |m| m.as_str());
            let secret = c.name("secret").map_or("", |m| m.as_str());
            if secret.starts_with(REDACTED) {
                return format!("{head}{secret}");
            }
            format!("{head}{REDACTED}")
        })
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::redact_stream_keys as redact;

    #[test]
    fn stream_keys_go_hosts_and_applications_stay() {
        assert_eq!(
            redact("ffmpeg -i in.mp4 -f flv rtmp://live.twitch.tv/app/live_123456_AbCdEf"),
            "ffmpeg -i in.mp4 -f flv rtmp://live.twitch.tv/app/[redacted]"
        );
        assert_eq!(
            redact("server: rtmps://live-api-s.facebook.com:443/rtmp/FB-123-0-Ab1"),
            "server: rtmps://live-api-s.facebook.com:443/rtmp/[redacted]"
        );
        for text in [
            "rtmp://live.twitch.tv/app/",
            "rtmp://live.twitch.tv/app",
            "rtmp://host/live/[redacted]",
        ] {
            assert_eq!(redact(text), text);
        }
    }
}
