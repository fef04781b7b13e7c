//! HTTPS served by Warden itself: the certificate and key files can be read, parse, belong
//! together, and the certificate is valid now and for a while yet.

use super::Verdict;
use crate::clock::now;
use crate::config::TlsFiles;

/// A certificate that expires sooner than this is reported (still ok) so it is renewed in time.
pub const RENEW_WITHIN_SECS: i64 = 14 * 86_400;

pub async fn check(files: TlsFiles) -> Verdict {
    tokio::task::spawn_blocking(move || inspect(&files, now()))
        .await
        .unwrap_or_else(|e| Verdict::failed(format!("the check stopped: {e}")))
}

fn inspect(files: &TlsFiles, now: i64) -> Verdict {
    let loaded = match crate::tls::load(files) {
        Ok(loaded) => loaded,
        Err(e) => return Verdict::failed(e.to_string()),
    };
    let Some(leaf) = loaded.certs.first() else {
        return Verdict::failed(format!(
            "http.tls_cert (WARDEN_TLS_CERT) {}: holds no certificate",
            files.cert.display()
        ));
    };
    let (not_before, not_after) = match crate::tls::validity(files, leaf) {
        Ok(validity) => validity,
        Err(e) => return Verdict::failed(e.to_string()),
    };
    let until = crate::cli::timestamp(not_after);
    let head = format!(
        "http.tls_cert (WARDEN_TLS_CERT) {} with http.tls_key (WARDEN_TLS_KEY) {}",
        files.cert.display(),
        files.key.display()
    );
    if now < not_before {
        return Verdict::failed(format!(
            "{head}: the certificate is not valid before {}: clients refuse it until then (or the clock is behind)",
            crate::cli::timestamp(not_before)
        ));
    }
    if now >= not_after {
        return Verdict::failed(format!(
            "{head}: the certificate expired at {until}: clients refuse it; renew it and restart Warden"
        ));
    }
    let days = (not_after - now) / 86_400;
    if not_after - now < RENEW_WITHIN_SECS {
        Verdict::ok(format!(
            "{head}: the key matches; the certificate expires at {until}, in {days} day(s): renew it soon"
        ))
    } else {
        Verdict::ok(format!(
            "{head}: the key matches; the certificate is valid until {until} ({days} days)"
        ))
    }
}
