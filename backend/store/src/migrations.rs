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
        "identity_keys",
        include_str!("../migrations/0006_identity_keys.sql"),
    ),
    (
        7,
        "write_checks",
        include_str!("../migrations/0007_write_checks.sql"),
    ),
    (8, "tokens", include_str!("../migrations/0008_tokens.sql")),
    (
        9,
        "automation",
        include_str!("../migrations/0009_automation.sql"),
    ),
    (10, "memory", include_str!("../migrations/0010_memory.sql")),
    (
        11,
        "fleet_calls",
        include_str!("../migrations/0011_fleet_calls.sql"),
    ),
    (
        12,
        "approval_starter",
        include_str!("../migrations/0012_approval_starter.sql"),
    ),
    (
        13,
        "alert_episodes",
        include_str!("../migrations/0013_alert_episodes.sql"),
    ),
    (
        14,
        "early_alert_resolutions",
        include_str!("../migrations/0014_early_alert_resolutions.sql"),
    ),
    (
        15,
        "early_resolution_identity",
        include_str!("../migrations/0015_early_resolution_identity.sql"),
    ),
];

/// The newest migration in [`MIGRATIONS`] (they are listed in order, which a test checks).
pub(crate) const KNOWN_SCHEMA_VERSION: i64 = MIGRATIONS[MIGRATIONS.len() - 1].0;

pub(crate) fn migrator() -> Migrator {
    migrator_up_to(KNOWN_SCHEMA_VERSION)
}

/// The migrations up to and including `version`, for building older databases in upgrade tests.
pub(crate) fn migrator_up_to(version: i64) -> Migrator {
    Migrator::with_migrations(
        MIGRATIONS
            .iter()
            .filter(|(v, _, _)| *v <= version)
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

#[cfg(test)]
mod tests {
    #[test]
    fn the_known_version_is_the_newest_migration() {
        let newest = super::MIGRATIONS.iter().map(|(v, _, _)| *v).max();
        assert_eq!(newest, Some(super::KNOWN_SCHEMA_VERSION));
        let versions: Vec<i64> = super::MIGRATIONS.iter().map(|(v, _, _)| *v).collect();
        let numbered: Vec<i64> = (1..=versions.len() as i64).collect();
        assert_eq!(
            versions, numbered,
            "migrations are numbered 1, 2, 3... in order"
        );
    }
}
