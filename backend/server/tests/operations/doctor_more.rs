//! `warden doctor` on what deployments get wrong beyond the host: the TLS files (a key that is
//! not the certificate's, an expired certificate, a file that is no certificate), a data
//! directory that is a file or on a read-only mount, a Docker daemon that accepts but never
//! answers (bounded by `tools.docker_timeout_secs`), and the memory (an embedder that answers,
//! one that does not, one whose dimension changed under the stored vectors, ChromaDB present,
//! away, or holding the model's memories at another dimension). Each fails once, named.

use std::path::{Path, PathBuf};
use std::process::Command;

use pretty_assertions::assert_eq;
use serde_json::json;
use warden_store::{NewMemory, Store, StoredVector};
use warden_test_llm::ScriptedLlm;

use crate::doctor_support::{check, detail, doctor, failing, prepared, sqlite_url, write_config};
use crate::text;

fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("openssl");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        text(&out.stderr)
    );
}

/// A self-signed certificate and its key, valid from `start` to `end` (`YYYYMMDDHHMMSSZ`),
/// made with `openssl ca` (which takes explicit dates) as a version 3 certificate: (cert, key).
fn certificate(dir: &Path, name: &str, start: &str, end: &str) -> (PathBuf, PathBuf) {
    let work = dir.join(format!("{name}-ca"));
    std::fs::create_dir_all(work.join("db")).unwrap();
    std::fs::write(work.join("db/index"), "").unwrap();
    std::fs::write(work.join("db/serial"), "01\n").unwrap();
    std::fs::write(
        work.join("ca.cnf"),
        "[ca]\ndefault_ca = d\n[d]\ndatabase = db/index\nserial = db/serial\nnew_certs_dir = db\ndefault_md = sha256\npolicy = p\nx509_extensions = ext\n[p]\ncommonName = supplied\n[ext]\nbasicConstraints = CA:FALSE\nsubjectAltName = DNS:localhost,IP:127.0.0.1\n",
    )
    .unwrap();
    openssl(
        &work,
        &[
            "req",
            "-new",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            "key.pem",
            "-out",
            "req.csr",
            "-subj",
            "/CN=localhost",
        ],
    );
    openssl(
        &work,
        &[
            "ca",
            "-batch",
            "-config",
            "ca.cnf",
            "-selfsign",
            "-keyfile",
            "key.pem",
            "-in",
            "req.csr",
            "-out",
            "cert.pem",
            "-startdate",
            start,
            "-enddate",
            end,
        ],
    );
    (work.join("cert.pem"), work.join("key.pem"))
}

#[tokio::test]
async fn each_tls_file_fault_is_named() {
    let root = tempfile::tempdir().unwrap();
    let data = prepared(root.path()).await;
    let (cert, key) = certificate(root.path(), "good", "20250101000000Z", "20990101000000Z");
    let tls = |cert: &Path, key: &Path| {
        vec![
            ("WARDEN_TLS_CERT", cert.display().to_string()),
            ("WARDEN_TLS_KEY", key.display().to_string()),
        ]
    };
    let run = |vars: Vec<(&'static str, String)>| {
        let data = data.clone();
        async move {
            let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
            doctor(&data, &vars).await
        }
    };

    let (code, report) = run(tls(&cert, &key)).await;
    assert_eq!(code, Some(0), "{report}");
    assert_eq!(
        check(&report, "tls"),
        &json!({"name": "tls", "ok": true, "required": true, "detail": format!(
            "http.tls_cert (WARDEN_TLS_CERT) {} with http.tls_key (WARDEN_TLS_KEY) {}: the key matches; the certificate is valid until 2099-01-01 00:00:00 UTC ({} days)",
            cert.display(), key.display(),
            (4_070_908_800 - std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64) / 86_400
        )})
    );

    // Another certificate's key.
    let (_, other_key) = certificate(root.path(), "other", "20250101000000Z", "20990101000000Z");
    let (code, report) = run(tls(&cert, &other_key)).await;
    assert_eq!(code, Some(1), "{report}");
    assert_eq!(failing(&report), vec!["tls".to_owned()]);
    assert_eq!(
        detail(&report, "tls"),
        format!(
            "http.tls_key (WARDEN_TLS_KEY) {} is not the private key of the certificate in http.tls_cert (WARDEN_TLS_CERT) {}: the certificate's public key differs from the key's; give the key the certificate was issued for",
            other_key.display(),
            cert.display()
        )
    );

    // Expired.
    let (old_cert, old_key) = certificate(root.path(), "old", "20200101000000Z", "20200201000000Z");
    let (code, report) = run(tls(&old_cert, &old_key)).await;
    assert_eq!(code, Some(1), "{report}");
    assert_eq!(
        detail(&report, "tls"),
        format!(
            "http.tls_cert (WARDEN_TLS_CERT) {} with http.tls_key (WARDEN_TLS_KEY) {}: the certificate expired at 2020-02-01 00:00:00 UTC: clients refuse it; renew it and restart Warden",
            old_cert.display(),
            old_key.display()
        )
    );

    // Not valid yet, and close to its end.
    let (early_cert, early_key) =
        certificate(root.path(), "early", "20980101000000Z", "20990101000000Z");
    let (code, report) = run(tls(&early_cert, &early_key)).await;
    assert_eq!(code, Some(1), "{report}");
    assert_eq!(
        detail(&report, "tls"),
        format!(
            "http.tls_cert (WARDEN_TLS_CERT) {} with http.tls_key (WARDEN_TLS_KEY) {}: the certificate is not valid before 2098-01-01 00:00:00 UTC: clients refuse it until then (or the clock is behind)",
            early_cert.display(),
            early_key.display()
        )
    );
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let soon = now + 5 * 86_400 + 3_600;
    // "YYYY-MM-DD HH:MM:SS UTC" as openssl wants it: YYYYMMDDHHMMSSZ.
    let shown = warden_server::cli::timestamp(soon);
    let stamp: String = shown
        .trim_end_matches(" UTC")
        .chars()
        .filter(char::is_ascii_digit)
        .collect::<String>()
        + "Z";
    let (soon_cert, soon_key) = certificate(root.path(), "soon", "20250101000000Z", &stamp);
    let (code, report) = run(tls(&soon_cert, &soon_key)).await;
    assert_eq!(code, Some(0), "{report}");
    assert_eq!(
        detail(&report, "tls"),
        format!(
            "http.tls_cert (WARDEN_TLS_CERT) {} with http.tls_key (WARDEN_TLS_KEY) {}: the key matches; the certificate expires at {shown}, in 5 day(s): renew it soon",
            soon_cert.display(),
            soon_key.display()
        )
    );

    // Not a certificate at all, and a key file that is not there.
    let garbage = root.path().join("garbage.pem");
    std::fs::write(&garbage, "hello\n").unwrap();
    let (code, report) = run(tls(&garbage, &key)).await;
    assert_eq!(code, Some(1), "{report}");
    assert_eq!(
        detail(&report, "tls"),
        format!(
            "http.tls_cert (WARDEN_TLS_CERT) {}: holds no certificate",
            garbage.display()
        )
    );
    let absent = root.path().join("absent.key");
    let (code, report) = run(tls(&cert, &absent)).await;
    assert_eq!(code, Some(1), "{report}");
    let said = detail(&report, "tls");
    assert!(
        said.starts_with(&format!(
            "http.tls_key (WARDEN_TLS_KEY) {}: no private key could be read (",
            absent.display()
        )) && said.contains("No such file"),
        "{said}"
    );

    // `warden serve` refuses the mismatched pair the same way, naming both files.
    let out = crate::finish(
        crate::warden(
            &data,
            &[
                ("WARDEN_TLS_CERT", cert.to_str().unwrap()),
                ("WARDEN_TLS_KEY", other_key.to_str().unwrap()),
                ("WARDEN_LISTEN", "127.0.0.1:0"),
            ],
        )
        .arg("serve"),
    )
    .await;
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr).trim(),
        format!(
            "error: http.tls_key (WARDEN_TLS_KEY) {} is not the private key of the certificate in http.tls_cert (WARDEN_TLS_CERT) {}: the certificate's public key differs from the key's; give the key the certificate was issued for",
            other_key.display(),
            cert.display()
        )
    );
}

/// A tmpfs, unmounted however the test ends.
struct Mounted(PathBuf);

impl Drop for Mounted {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[tokio::test]
async fn a_data_directory_that_is_a_file_or_read_only_fails() {
    let root = tempfile::tempdir().unwrap();
    let file = root.path().join("data");
    std::fs::write(&file, "not a directory").unwrap();
    let (code, report) = doctor(&file, &[]).await;
    assert_eq!(code, Some(1), "{report}");
    assert_eq!(
        detail(&report, "data_dir"),
        format!(
            "{} is a regular file, not a directory: move it away, or set data_dir (WARDEN_DATA_DIR) to a directory",
            file.display()
        )
    );
    assert_eq!(
        detail(&report, "database"),
        format!(
            "cannot open the database: {} is a regular file, not a directory: {} cannot be created there",
            file.display(),
            file.join("warden.db").display()
        )
    );

    let mount = root.path().join("ro");
    std::fs::create_dir(&mount).unwrap();
    assert!(
        Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=16m", "tmpfs"])
            .arg(&mount)
            .status()
            .unwrap()
            .success(),
        "mounting a tmpfs needs root"
    );
    let _mounted = Mounted(mount.clone());
    let data = prepared(&mount).await;
    assert!(
        Command::new("mount")
            .args(["-o", "remount,ro"])
            .arg(&mount)
            .status()
            .unwrap()
            .success()
    );
    let (code, report) = doctor(&data, &[]).await;
    assert_eq!(code, Some(1), "{report}");
    assert_eq!(
        detail(&report, "data_dir"),
        format!(
            "{} is not writable (Read-only file system (os error 30)): the database and the signing key cannot be written; mount it read-write or free space on it",
            data.display()
        )
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn docker_is_given_the_configured_timeout() {
    let root = tempfile::tempdir().unwrap();
    let data = prepared(root.path()).await;
    // A daemon that accepts connections and never answers.
    let socket = root.path().join("silent.sock");
    let listener = tokio::net::UnixListener::bind(&socket).unwrap();
    let held = tokio::spawn(async move {
        let mut open = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            open.push(stream);
        }
    });
    let config = write_config(
        &data,
        &format!(
            "[tools]\ndocker_host = \"unix://{}\"\ndocker_timeout_secs = 1\n",
            socket.display()
        ),
    );
    let started = std::time::Instant::now();
    let (code, report) = doctor(&data, &[("WARDEN_CONFIG", &config)]).await;
    assert_eq!(code, Some(0), "Docker is not required: {report}");
    assert_eq!(failing(&report), vec!["docker".to_owned()]);
    assert_eq!(
        detail(&report, "docker"),
        format!(
            "the Docker daemon at unix://{} accepted the connection but did not answer within 1 s",
            socket.display()
        )
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
    held.abort();
}

async fn store_vector(data: &Path, model: &str, floats: usize) {
    let store = Store::connect(&sqlite_url(data)).await.unwrap();
    store
        .insert_memory(
            NewMemory {
                id: None,
                owner_id: None,
                kind: warden_protocol::MemoryKind::Fact,
                content: "the NAS backup runs at 02:00".to_owned(),
                tags: String::new(),
                created_by: "monitor".to_owned(),
                source_kind: warden_protocol::MemorySourceKind::Tool,
                source_ref: None,
                vector: Some(StoredVector {
                    model: model.to_owned(),
                    bytes: vec![0u8; floats * 4],
                }),
            },
            1_800_000_000,
        )
        .await
        .unwrap();
    store.close().await;
}

fn closed_url() -> String {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    url
}

#[tokio::test(flavor = "multi_thread")]
async fn the_embedder_is_asked_and_held_to_the_stored_dimension() {
    let root = tempfile::tempdir().unwrap();
    let data = prepared(root.path()).await;
    let ollama = ScriptedLlm::start().await;
    let vars = |url: &str| {
        vec![
            ("WARDEN_MEMORY_EMBEDDER", "ollama".to_owned()),
            ("WARDEN_EMBED_URL", url.to_owned()),
            ("WARDEN_EMBED_MODEL", "nomic-embed-text".to_owned()),
        ]
    };
    let run = |vars: Vec<(&'static str, String)>| {
        let data = data.clone();
        async move {
            let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
            doctor(&data, &vars).await
        }
    };
    let (code, report) = run(vars(&ollama.base_url)).await;
    assert_eq!(code, Some(0), "{report}");
    assert_eq!(
        check(&report, "embedder"),
        &json!({"name": "embedder", "ok": true, "required": false,
                "detail": "ollama/nomic-embed-text answers with 64 dimensions; no vectors of it stored yet"})
    );

    // An OpenAI-compatible server the same way.
    let openai = vec![
        ("WARDEN_MEMORY_EMBEDDER", "openai".to_owned()),
        ("WARDEN_EMBED_URL", ollama.base_url.clone()),
        ("WARDEN_EMBED_MODEL", "text-embedding-3-small".to_owned()),
    ];
    let (code, report) = run(openai).await;
    assert_eq!(code, Some(0), "{report}");
    assert_eq!(
        detail(&report, "embedder"),
        "openai/text-embedding-3-small answers with 64 dimensions; no vectors of it stored yet"
    );

    store_vector(&data, "ollama/nomic-embed-text", 64).await;
    let (_, report) = run(vars(&ollama.base_url)).await;
    assert_eq!(
        detail(&report, "embedder"),
        "ollama/nomic-embed-text answers with 64 dimensions, as the stored vectors of ollama/nomic-embed-text"
    );

    // The vectors stored under this name came from a model of another size.
    let other = root.path().join("other");
    std::fs::create_dir(&other).unwrap();
    let data = prepared(&other).await;
    store_vector(&data, "ollama/nomic-embed-text", 768).await;
    let vars_here: Vec<(&str, String)> = vars(&ollama.base_url);
    let vars_here: Vec<(&str, &str)> = vars_here.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (code, report) = doctor(&data, &vars_here).await;
    assert_eq!(code, Some(0), "the memory is not required: {report}");
    assert_eq!(failing(&report), vec!["embedder".to_owned()]);
    assert_eq!(
        detail(&report, "embedder"),
        "ollama/nomic-embed-text answers with 64 dimensions, but the stored vectors of ollama/nomic-embed-text have 768: the model behind the name changed, and recall cannot compare them; configure the model that made them, or export the memories and import them again (warden memory export, warden memory import)"
    );

    // A server that is not there.
    let gone = closed_url();
    let vars_gone = vars(&gone);
    let vars_gone: Vec<(&str, &str)> = vars_gone.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (code, report) = doctor(&data, &vars_gone).await;
    assert_eq!(code, Some(0), "{report}");
    let said = detail(&report, "embedder");
    assert!(
        said.starts_with(&format!(
            "the ollama embedder 'nomic-embed-text' at {gone}: the embedding server: "
        )) && said.ends_with("; recall ranks by words"),
        "{said}"
    );

    // The built-in model without its files.
    let (_, report) = doctor(
        &data,
        &[(
            "WARDEN_MEMORY_MODEL_DIR",
            root.path().join("no-model").to_str().unwrap(),
        )],
    )
    .await;
    assert_eq!(check(&report, "embedder")["ok"], json!(false));
    assert!(
        detail(&report, "embedder")
            .starts_with("no built-in embedder (the embedding model's files: "),
        "{report}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn chroma_is_asked_for_its_version_and_the_collection() {
    let url = std::env::var("WARDEN_TEST_CHROMA_URL")
        .expect("WARDEN_TEST_CHROMA_URL (tests/scripts/services.sh start chroma)");
    let root = tempfile::tempdir().unwrap();
    let data = prepared(root.path()).await;
    let ollama = ScriptedLlm::start().await;
    let prefix = format!("doctor{}", std::process::id());
    let config = write_config(
        &data,
        &format!("[memory]\nchroma_collection_prefix = \"{prefix}\"\n"),
    );
    let vars = |chroma: &str| {
        vec![
            ("WARDEN_CONFIG", config.clone()),
            ("WARDEN_MEMORY_BACKEND", "chroma".to_owned()),
            ("WARDEN_CHROMA_URL", chroma.to_owned()),
            ("WARDEN_MEMORY_EMBEDDER", "ollama".to_owned()),
            ("WARDEN_EMBED_URL", ollama.base_url.clone()),
            ("WARDEN_EMBED_MODEL", "nomic-embed-text".to_owned()),
        ]
    };
    let run = |vars: Vec<(&'static str, String)>| {
        let data = data.clone();
        async move {
            let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
            doctor(&data, &vars).await
        }
    };
    let version: String = warden_http::client()
        .get(format!("{url}/api/v2/version"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let (code, report) = run(vars(&url)).await;
    assert_eq!(code, Some(0), "{report}");
    assert_eq!(
        check(&report, "chroma"),
        &json!({"name": "chroma", "ok": true, "required": false, "detail": format!(
            "ChromaDB {version} at {url}: collection {prefix}-ollama-nomic-embed-text-64 does not exist yet; the first memory creates it"
        )})
    );

    // The collection there, with what it holds.
    let collections =
        format!("{url}/api/v2/tenants/default_tenant/databases/default_database/collections");
    let created = warden_http::client()
        .post(&collections)
        .json(&json!({"name": format!("{prefix}-ollama-nomic-embed-text-64")}))
        .send()
        .await
        .unwrap();
    assert!(created.status().is_success());
    let (_, report) = run(vars(&url)).await;
    assert_eq!(
        detail(&report, "chroma"),
        format!(
            "ChromaDB {version} at {url}: collection {prefix}-ollama-nomic-embed-text-64 holds 0 memories"
        )
    );
    let _ = warden_http::client()
        .delete(format!("{collections}/{prefix}-ollama-nomic-embed-text-64"))
        .send()
        .await;

    // The same model's memories at another dimension.
    let created = warden_http::client()
        .post(format!(
            "{url}/api/v2/tenants/default_tenant/databases/default_database/collections"
        ))
        .json(&json!({"name": format!("{prefix}-ollama-nomic-embed-text-768")}))
        .send()
        .await
        .unwrap();
    assert!(created.status().is_success());
    let (code, report) = run(vars(&url)).await;
    assert_eq!(code, Some(0), "{report}");
    assert_eq!(failing(&report), vec!["chroma".to_owned()]);
    assert_eq!(
        detail(&report, "chroma"),
        format!(
            "ChromaDB {version} at {url}: ollama/nomic-embed-text answers with 64 dimensions, but its memories are in {prefix}-ollama-nomic-embed-text-768 (another dimension): they would not be found; configure the model that made them"
        )
    );
    let _ = warden_http::client()
        .delete(format!(
            "{url}/api/v2/tenants/default_tenant/databases/default_database/collections/{prefix}-ollama-nomic-embed-text-768"
        ))
        .send()
        .await;

    // ChromaDB away.
    let gone = closed_url();
    let (code, report) = run(vars(&gone)).await;
    assert_eq!(code, Some(0), "{report}");
    let said = detail(&report, "chroma");
    assert!(
        said.starts_with(&format!(
            "ChromaDB at {gone}: chroma: {gone} is unreachable"
        )) || said.starts_with(&format!("ChromaDB at {gone}: ")),
        "{said}"
    );
    assert!(
        said.ends_with("; memory writes wait in the outbox"),
        "{said}"
    );
}
