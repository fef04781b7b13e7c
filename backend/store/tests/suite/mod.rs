mod api_keys;
mod automation;
mod chat;
mod fleet_calls;
mod group_commit;
mod guard;
mod identity;
mod incidents;
mod login_attempts;
mod maintenance;
mod memories;
mod reading;
mod runs;
mod sessions;
mod stats;
mod tokens;
mod users;
mod ws_tickets;

use warden_store::Store;

/// A store on a fresh database of one backend.
pub struct Fixture {
    pub store: Store,
    pub url: String,
}

/// The SQLite fixture and the guard of its directory. The guard is returned apart: a test body's
/// `async move` block captures only the fields it uses, so a guard inside the fixture would be
/// dropped, and the database deleted, before the body ran.
pub async fn sqlite() -> (Fixture, Option<tempfile::TempDir>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("warden.db").display()
    );
    let store = Store::connect(&url).await.expect("sqlite store");
    (Fixture { store, url }, Some(dir))
}

pub async fn postgres() -> (Fixture, Option<tempfile::TempDir>) {
    let url = warden_store::testing::fresh_postgres_database()
        .await
        .expect("PostgreSQL for the store suite");
    let store = Store::connect(&url).await.expect("postgres store");
    (Fixture { store, url }, None)
}

/// Declares `NAME::sqlite` and `NAME::postgres` tests running the same async body.
#[macro_export]
macro_rules! both_backends {
    ($name:ident, $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            #[allow(unused_imports)]
            use pretty_assertions::assert_eq;
            #[tokio::test]
            async fn sqlite() {
                let (fx, _dir) = $crate::suite::sqlite().await;
                ($body)(fx).await;
            }
            #[tokio::test]
            async fn postgres() {
                let (fx, _dir) = $crate::suite::postgres().await;
                ($body)(fx).await;
            }
        }
    };
}

pub fn new_user(name: &str) -> warden_store::NewUser {
    warden_store::NewUser {
        username: name.to_owned(),
        password_hash: format!("hash-of-{name}"),
        scopes: "read".to_owned(),
    }
}
