//! HTTPS served by Warden itself, checked with curl against a certificate from a private CA
//! (made with openssl): the API and the web app over TLS with HSTS, ordinary client addresses
//! (login rate limits need them), plain HTTP and silent clients on the HTTPS port harming no one,
//! no HSTS over plain HTTP, and unusable certificates stopping start-up with their path named.

use std::path::{Path, PathBuf};
use std::process::Command;

use pretty_assertions::assert_eq;

use crate::{Served, finish, text, warden};

/// A CA and a certificate for 127.0.0.1 and localhost signed by it: (ca, cert, key).
fn certificates(dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
    let run = |args: &[&str]| {
        let out = Command::new("openssl")
            .args(args)
            .current_dir(dir)
            .output()
            .expect("openssl (tests/scripts/services.sh install)");
        assert!(
            out.status.success(),
            "openssl {args:?}: {}",
            text(&out.stderr)
        );
    };
    run(&[
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "2",
        "-subj",
        "/CN=Warden test CA",
    ]);
    run(&[
        "req",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
        "-subj",
        "/CN=localhost",
    ]);
    std::fs::write(
        dir.join("san.ext"),
        "subjectAltName=IP:127.0.0.1,DNS:localhost\n",
    )
    .unwrap();
    run(&[
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "server.pem",
        "-days",
        "2",
        "-extfile",
        "san.ext",
    ]);
    (
        dir.join("ca.pem"),
        dir.join("server.pem"),
        dir.join("server.key"),
    )
}

/// curl's answer: (exit code, status line and headers, body).
async fn curl(args: &[&str]) -> (Option<i32>, String, String) {
    let out = tokio::process::Command::new("curl")
        .args(["-sS", "--max-time", "10", "-D", "-", "-o", "-"])
        .args(args)
        .output()
        .await
        .expect("curl");
    let all = text(&out.stdout);
    let (head, body) = all.split_once("\r\n\r\n").unwrap_or((&all, ""));
    (out.status.code(), head.to_owned(), body.to_owned())
}

fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().find_map(|l| {
        let (key, value) = l.split_once(':')?;
        key.eq_ignore_ascii_case(name).then(|| value.trim())
    })
}

#[tokio::test(flavor = "multi_thread")]
async fn https_is_served_with_hsts_and_bad_clients_harm_no_one() {
    let root = tempfile::tempdir().unwrap();
    let (ca, cert, key) = certificates(root.path());
    let data = root.path().join("data");
    let served = Served::spawn(
        &data,
        &[
            ("WARDEN_ADMIN_PASSWORD", "tls-admin-password"),
            ("WARDEN_TLS_CERT", cert.to_str().unwrap()),
            ("WARDEN_TLS_KEY", key.to_str().unwrap()),
        ],
    );
    let https = format!("https://127.0.0.1:{}", served.port);
    let ca_arg = ca.to_str().unwrap().to_owned();
    served
        .wait_until(|| {
            let (url, ca) = (format!("{https}/healthz"), ca_arg.clone());
            async move { curl(&["--cacert", &ca, &url]).await.0 == Some(0) }
        })
        .await;

    // A client that connects and says nothing, and one that speaks plain HTTP.
    let silent = tokio::net::TcpStream::connect(("127.0.0.1", served.port))
        .await
        .unwrap();
    let (code, _, _) = curl(&[&format!("http://127.0.0.1:{}/readyz", served.port)]).await;
    assert_ne!(
        code,
        Some(0),
        "plain HTTP gets no answer from the HTTPS port"
    );

    let (code, head, body) = curl(&["--cacert", &ca_arg, &format!("{https}/readyz")]).await;
    assert_eq!(code, Some(0), "{head}");
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert_eq!(
        header(&head, "strict-transport-security"),
        Some("max-age=31536000")
    );
    assert!(body.contains("\"ready\":true"), "{body}");
    // Logging in needs the client's address (rate limits, lockouts): it arrives over TLS too.
    let (code, head, body) = curl(&[
        "--cacert",
        &ca_arg,
        "-H",
        "content-type: application/json",
        "--data",
        r#"{"username":"admin","password":"tls-admin-password"}"#,
        &format!("{https}/api/v1/auth/login"),
    ])
    .await;
    assert_eq!(code, Some(0));
    assert!(head.starts_with("HTTP/1.1 200"), "{head}{body}");
    assert!(body.contains("\"access_token\""), "{body}");
    assert_eq!(
        header(&head, "strict-transport-security"),
        Some("max-age=31536000")
    );
    // A client that does not trust the certificate is refused by its own TLS check.
    let (code, _, _) = curl(&[&format!("{https}/healthz")]).await;
    assert_eq!(
        code,
        Some(60),
        "curl: peer certificate cannot be authenticated"
    );
    drop(silent);
    served.stop().await;

    // Plain HTTP (TLS left to a proxy): no HSTS, which would be a promise it cannot keep.
    let plain = Served::start(&data, &[]).await;
    let (code, head, _) = curl(&[&format!("{}/readyz", plain.base)]).await;
    assert_eq!(code, Some(0));
    assert_eq!(header(&head, "strict-transport-security"), None, "{head}");
    plain.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn unusable_certificates_stop_start_up_by_name() {
    let root = tempfile::tempdir().unwrap();
    let (_, cert, key) = certificates(root.path());
    let data = root.path().join("data");
    let bad = root.path().join("not-a-cert.pem");
    std::fs::write(&bad, "hello\n").unwrap();
    let serve = |vars: Vec<(&'static str, String)>| {
        let data = data.clone();
        async move {
            let mut all: Vec<(&str, &str)> = vec![
                ("WARDEN_LISTEN", "127.0.0.1:0"),
                ("WARDEN_ADMIN_PASSWORD", "tls-admin-password"),
            ];
            all.extend(vars.iter().map(|(k, v)| (*k, v.as_str())));
            let out = finish(warden(&data, &all).arg("serve")).await;
            (out.status.code(), text(&out.stderr).trim().to_owned())
        }
    };
    let (code, stderr) = serve(vec![
        ("WARDEN_TLS_CERT", bad.display().to_string()),
        ("WARDEN_TLS_KEY", key.display().to_string()),
    ])
    .await;
    assert_eq!(
        (code, stderr),
        (
            Some(1),
            format!(
                "error: http.tls_cert (WARDEN_TLS_CERT) {}: holds no certificate",
                bad.display()
            )
        )
    );
    let (code, stderr) = serve(vec![
        ("WARDEN_TLS_CERT", cert.display().to_string()),
        ("WARDEN_TLS_KEY", cert.display().to_string()),
    ])
    .await;
    assert_eq!(code, Some(1));
    assert!(
        stderr.starts_with(&format!(
            "error: http.tls_key (WARDEN_TLS_KEY) {}: no private key could be read",
            cert.display()
        )),
        "{stderr}"
    );
    let (code, stderr) = serve(vec![("WARDEN_TLS_CERT", cert.display().to_string())]).await;
    assert_eq!(
        (code, stderr),
        (
            Some(2),
            "error: invalid configuration: http.tls_key: is needed with http.tls_cert (WARDEN_TLS_KEY): the certificate's private key, PEM".to_owned()
        )
    );
}
