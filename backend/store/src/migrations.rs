//! The schema, embedded in the binary so a fresh data directory needs nothing beside it.

use sqlx::SqlSafeStr;
use sqlx::migrate::{Migration, MigrationType, Migrator};

const MIGRATIONS: &[(i64, &str, &str)] = &[
    (1, "auth", include_str!("../migrations/0001_auth.sql")),
    (
        2,
        "memories",
        include_str!("../migrations/0002_memories.sql"),
    ),
    (3, "chat", include_str!("../migrations/0003_chat.sql")),
    (4, "guard", include_str!("../migrations/0004_guard.sql")),
    (5, "monitor", include_str!("../migrations/0005_monitor.sql")),
    (
        6,
        "automation",
        include_str!("../migrations/0006_automation.sql"),
    ),
];

pub(crate) fn migrator() -> Migrator {
    Migrator::with_migrations(
        MIGRATIONS
            .iter()
            .map(|(version, description, sql)| {
                Migration::new(
                    *version,
                    (*description).into(),
                    MigrationType::Simple,
                    sql.into_sql_str(),
                    false,
                )
            })
            .collect(),
    )
}
