//! HTTPS served by Warden itself (`http.tls_cert` and `http.tls_key`), with rustls over ring.
//!
//! TLS handshakes run in their own tasks, each bounded in time and in number, and only
//! connections that completed one reach the HTTP server: a client that opens a connection and
//! never speaks (or speaks plain HTTP to the HTTPS port) holds up nobody else. The certificate is
//! read at start-up; a renewed one takes a restart.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Semaphore, mpsc};
use tokio_rustls::TlsAcceptor;
use tokio_rustls::server::TlsStream;

use crate::config::TlsFiles;

/// How long a client may take to complete its handshake.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);
/// Handshakes in progress at once; more connections wait to be accepted.
const MAX_HANDSHAKES: usize = 256;

#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    #[error("http.tls_cert (WARDEN_TLS_CERT) {path}: {message}")]
    Cert { path: String, message: String },
    #[error("http.tls_key (WARDEN_TLS_KEY) {path}: {message}")]
    Key { path: String, message: String },
    /// The key is a valid private key, but not the one the certificate was issued for.
    #[error(
        "http.tls_key (WARDEN_TLS_KEY) {key} is not the private key of the certificate in http.tls_cert (WARDEN_TLS_CERT) {cert}: \
         the certificate's public key differs from the key's; give the key the certificate was issued for"
    )]
    Mismatch { cert: String, key: String },
    #[error(
        "the certificate in http.tls_cert (WARDEN_TLS_CERT) {cert} and the key in http.tls_key (WARDEN_TLS_KEY) {key} do not make a TLS configuration: {message}"
    )]
    Config {
        cert: String,
        key: String,
        message: String,
    },
}

/// What the certificate and key files hold, read and checked against each other.
pub struct Loaded {
    pub certs: Vec<CertificateDer<'static>>,
    pub key: PrivateKeyDer<'static>,
}

/// Reads the certificate chain and key, and checks that the key belongs to the leaf certificate
/// (rustls only says "key mismatch"; this names both files).
pub fn load(files: &TlsFiles) -> Result<Loaded, TlsError> {
    let certs = read_certs(&files.cert)?;
    let key = PrivateKeyDer::from_pem_file(&files.key).map_err(|e| TlsError::Key {
        path: files.key.display().to_string(),
        message: format!("no private key could be read ({e}); expected a PEM file"),
    })?;
    let provider = rustls::crypto::ring::default_provider();
    let signing_key = provider
        .key_provider
        .load_private_key(key.clone_key())
        .map_err(|e| TlsError::Key {
            path: files.key.display().to_string(),
            message: format!("is not a usable private key ({e})"),
        })?;
    let certified = rustls::sign::CertifiedKey::new(certs.clone(), signing_key);
    match certified.keys_match() {
        Ok(()) | Err(rustls::Error::InconsistentKeys(rustls::InconsistentKeys::Unknown)) => {}
        Err(rustls::Error::InconsistentKeys(rustls::InconsistentKeys::KeyMismatch)) => {
            return Err(TlsError::Mismatch {
                cert: files.cert.display().to_string(),
                key: files.key.display().to_string(),
            });
        }
        Err(e) => return Err(config_error(files, e)),
    }
    Ok(Loaded { certs, key })
}

fn config_error(files: &TlsFiles, e: impl std::fmt::Display) -> TlsError {
    TlsError::Config {
        cert: files.cert.display().to_string(),
        key: files.key.display().to_string(),
        message: e.to_string(),
    }
}

/// Reads the certificate chain and key and builds the acceptor (HTTP/1.1 over TLS 1.2 and 1.3).
pub fn acceptor(files: &TlsFiles) -> Result<TlsAcceptor, TlsError> {
    let Loaded { certs, key } = load(files)?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| config_error(files, e))?
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .map_err(|e| config_error(files, e))?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(TlsAcceptor::from(Arc::new(config)))
}

/// The leaf certificate's validity as seconds since the Unix epoch: (not before, not after).
pub fn validity(files: &TlsFiles, leaf: &CertificateDer<'_>) -> Result<(i64, i64), TlsError> {
    use x509_cert::der::Decode;
    let error = |message: String| TlsError::Cert {
        path: files.cert.display().to_string(),
        message,
    };
    let cert = x509_cert::Certificate::from_der(leaf.as_ref())
        .map_err(|e| error(format!("the first certificate cannot be parsed ({e})")))?;
    let validity = &cert.tbs_certificate.validity;
    let seconds = |time: &x509_cert::time::Time| {
        i64::try_from(time.to_unix_duration().as_secs()).unwrap_or(i64::MAX)
    };
    Ok((seconds(&validity.not_before), seconds(&validity.not_after)))
}

fn read_certs(path: &Path) -> Result<Vec<CertificateDer<'static>>, TlsError> {
    let error = |message: String| TlsError::Cert {
        path: path.display().to_string(),
        message,
    };
    let certs = CertificateDer::pem_file_iter(path)
        .map_err(|e| error(format!("cannot be read ({e})")))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| error(format!("is not a PEM certificate chain ({e})")))?;
    if certs.is_empty() {
        return Err(error("holds no certificate".to_owned()));
    }
    Ok(certs)
}

/// Connections that completed a TLS handshake, as axum's server takes them.
pub struct TlsListener {
    ready: mpsc::Receiver<(TlsStream<TcpStream>, SocketAddr)>,
    local_addr: SocketAddr,
    accepting: tokio::task::JoinHandle<()>,
}

impl Drop for TlsListener {
    fn drop(&mut self) {
        self.accepting.abort();
    }
}

impl TlsListener {
    pub fn new(listener: TcpListener, acceptor: TlsAcceptor) -> std::io::Result<Self> {
        let local_addr = listener.local_addr()?;
        let (sender, ready) = mpsc::channel(64);
        let accepting = tokio::spawn(accept_loop(listener, acceptor, sender));
        Ok(Self {
            ready,
            local_addr,
            accepting,
        })
    }
}

async fn accept_loop(
    listener: TcpListener,
    acceptor: TlsAcceptor,
    sender: mpsc::Sender<(TlsStream<TcpStream>, SocketAddr)>,
) {
    let permits = Arc::new(Semaphore::new(MAX_HANDSHAKES));
    loop {
        let Ok(permit) = permits.clone().acquire_owned().await else {
            return;
        };
        let (stream, peer) = match listener.accept().await {
            Ok(accepted) => accepted,
            Err(e) => {
                // Out of file descriptors and the like: wait a little rather than spin.
                tracing::warn!(error = %e, "accepting a connection failed");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        if sender.is_closed() {
            return;
        }
        // As for plain TCP (see `server::start`): small writes go out without waiting for an ACK.
        if let Err(e) = stream.set_nodelay(true) {
            tracing::debug!(%peer, error = %e, "setting TCP_NODELAY failed");
        }
        let (acceptor, ready) = (acceptor.clone(), sender.clone());
        tokio::spawn(async move {
            let _permit = permit;
            match tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(stream)).await {
                Ok(Ok(tls)) => {
                    let _ = ready.send((tls, peer)).await;
                }
                Ok(Err(e)) => tracing::debug!(%peer, error = %e, "TLS handshake failed"),
                Err(_) => tracing::debug!(%peer, "TLS handshake timed out"),
            }
        });
    }
}

impl axum::serve::Listener for TlsListener {
    type Io = TlsStream<TcpStream>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        match self.ready.recv().await {
            Some(ready) => ready,
            // The accept loop only ends once this listener is gone.
            None => std::future::pending().await,
        }
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        Ok(self.local_addr)
    }
}
