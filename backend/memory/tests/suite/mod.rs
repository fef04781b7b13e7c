//! Fixtures: a store on SQLite or PostgreSQL, the memory service over the embedded backend or a
//! real ChromaDB, the real MiniLM embedder (loaded once per test binary).

mod chroma_outage;
mod embedders;
mod learning;
mod moving;
mod operating;
mod recall;
mod scopes;

use std::path::PathBuf;
use std::sync::OnceLock;

use warden_memory::embed::{EmbedderSpec, EmbedderStatus};
use warden_memory::{BackendChoice, MemoryService, MemorySettings};
use warden_store::{NewUser, Store};

/// Where the built-in model's files are: `WARDEN_TEST_MINILM_DIR`, else where `make` puts them.
pub fn model_dir() -> PathBuf {
    if let Ok(dir) = std::env::var("WARDEN_TEST_MINILM_DIR") {
        return PathBuf::from(dir);
    }
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").unwrap()).join(".cache"));
    cache.join("warden/models/all-minilm-l6-v2")
}

/// The real all-MiniLM-L6-v2, loaded once. A suite that silently skipped it would claim a
/// coverage it does not have: without the files, it fails and says how to fetch them.
pub fn minilm() -> EmbedderStatus {
    static LOADED: OnceLock<EmbedderStatus> = OnceLock::new();
    LOADED
        .get_or_init(|| {
            let dir = model_dir();
            let status = EmbedderStatus::from_spec(&EmbedderSpec::MiniLm { dir: dir.clone() });
            assert!(
                status.embedder().is_some(),
                "the MiniLM files are not in {}: run tests/scripts/models.sh (make test does) ({status:?})",
                dir.display()
            );
            status
        })
        .clone()
}

/// The ChromaDB server the suite uses: `WARDEN_TEST_CHROMA_URL`, set by `make test`.
pub fn chroma_url() -> String {
    std::env::var("WARDEN_TEST_CHROMA_URL").unwrap_or_else(|_| {
        panic!(
            "WARDEN_TEST_CHROMA_URL is not set: run the suite through `make test`, or start ChromaDB \
             with `tests/scripts/services.sh start chroma` and export what `services.sh env` prints"
        )
    })
}

/// A collection prefix no other test uses.
pub fn unique_prefix() -> String {
    format!("t{}", uuid::Uuid::new_v4().simple())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    EmbeddedSqlite,
    EmbeddedPostgres,
    Chroma,
}

pub struct Fixture {
    pub store: Store,
    pub memory: MemoryService,
    pub alice: String,
    pub bob: String,
    /// Holds the SQLite file.
    _dir: Option<tempfile::TempDir>,
}

pub async fn store(kind: Kind) -> (Store, Option<tempfile::TempDir>) {
    match kind {
        Kind::EmbeddedSqlite | Kind::Chroma => {
            let dir = tempfile::tempdir().unwrap();
            let url = format!("sqlite://{}?mode=rwc", dir.path().join("w.db").display());
            (Store::connect(&url).await.unwrap(), Some(dir))
        }
        Kind::EmbeddedPostgres => {
            let url = warden_store::testing::fresh_postgres_database()
                .await
                .expect("PostgreSQL for the memory suite");
            (Store::connect(&url).await.unwrap(), None)
        }
    }
}

pub fn choice(kind: Kind) -> BackendChoice {
    match kind {
        Kind::EmbeddedSqlite | Kind::EmbeddedPostgres => BackendChoice::Embedded,
        Kind::Chroma => BackendChoice::Chroma {
            url: chroma_url(),
            prefix: unique_prefix(),
        },
    }
}

pub async fn user(store: &Store, name: &str) -> String {
    store
        .create_user(
            NewUser {
                username: name.to_owned(),
                password_hash: "x".to_owned(),
                scopes: "read".to_owned(),
            },
            1,
        )
        .await
        .unwrap()
        .id
}

pub async fn fixture_with(
    kind: Kind,
    embedder: EmbedderStatus,
    settings: MemorySettings,
) -> Fixture {
    let (store, dir) = store(kind).await;
    let alice = user(&store, "alice").await;
    let bob = user(&store, "bob").await;
    let memory = MemoryService::open(store.clone(), choice(kind), embedder, settings)
        .await
        .unwrap();
    Fixture {
        store,
        memory,
        alice,
        bob,
        _dir: dir,
    }
}

pub async fn fixture(kind: Kind) -> Fixture {
    fixture_with(kind, minilm(), MemorySettings::default()).await
}

/// A memory to store, private to `owner` (None: shared).
pub fn note(owner: Option<&str>, content: &str) -> warden_memory::NewMemory {
    warden_memory::NewMemory {
        id: None,
        owner_id: owner.map(str::to_owned),
        kind: warden_memory::Kind::Fact,
        content: content.to_owned(),
        tags: Vec::new(),
        created_by: owner.unwrap_or("monitor").to_owned(),
        source_kind: warden_memory::SourceKind::Tool,
        source_ref: None,
        created_at: None,
    }
}

/// Declares `NAME::embedded_sqlite`, `NAME::embedded_postgres` and `NAME::chroma`, running the
/// same async body.
#[macro_export]
macro_rules! every_backend {
    ($name:ident, $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            #[allow(unused_imports)]
            use pretty_assertions::assert_eq;
            #[tokio::test]
            async fn embedded_sqlite() {
                ($body)($crate::suite::Kind::EmbeddedSqlite).await;
            }
            #[tokio::test]
            async fn embedded_postgres() {
                ($body)($crate::suite::Kind::EmbeddedPostgres).await;
            }
            #[tokio::test]
            async fn chroma() {
                ($body)($crate::suite::Kind::Chroma).await;
            }
        }
    };
}
