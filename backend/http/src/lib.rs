//! HTTP clients for every part of Warden (model backends, network checks, tests, benchmarks).
//!
//! reqwest is built without a default TLS crypto provider (aws-lc needs a long C build); rustls
//! with ring is installed here. Cargo unifies features across a build, so any crate that builds a
//! reqwest client without the provider installed panics at run time: build clients only through
//! [`client_builder`] (or call [`install_tls_provider`] first).

/// Installs ring as the process-wide rustls provider; later calls do nothing.
pub fn install_tls_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// A reqwest client builder, with the TLS provider installed.
pub fn client_builder() -> reqwest::ClientBuilder {
    install_tls_provider();
    reqwest::Client::builder()
}

/// A default client, with the TLS provider installed.
pub fn client() -> reqwest::Client {
    // Building fails only when the TLS backend cannot start, which the provider above prevents.
    client_builder().build().unwrap_or_default()
}
