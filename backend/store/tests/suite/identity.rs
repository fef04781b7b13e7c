//! Identity keys: usernames unique without regard to case and Unicode compatibility forms, and
//! approvals findable by the user who asked; both filled in for rows that predate them.

use sqlx::Connection;
use warden_store::{ApprovalRecord, Store, StoreError, username_key};

use super::{Fixture, new_user};
use crate::both_backends;

fn approval(id: &str, actor: &str, created_at: i64) -> ApprovalRecord {
    ApprovalRecord {
        id: id.to_owned(),
        tool: "docker_restart".to_owned(),
        arguments: r#"{"container":"web"}"#.to_owned(),
        arguments_hash: "h".to_owned(),
        risk: warden_protocol::Risk::High,
        rule: "effects.mutating".to_owned(),
        justification: "changes a container".to_owned(),
        actor: actor.to_owned(),
        scopes: "execute".to_owned(),
        run_id: None,
        call_id: None,
        status: warden_protocol::ApprovalStatus::Pending,
        created_at,
        expires_at: created_at + 1000,
        decided_by: None,
        decided_at: None,
        reason: None,
        execution: None,
        outcome: None,
        executed_at: None,
        started_by: None,
    }
}

#[test]
fn the_key_folds_case_and_compatibility_forms() {
    for same in [
        "admin",
        "Admin",
        "ADMIN",
        "ａｄｍｉｎ",
        "Ａｄｍｉｎ",
        "ᵃdmin",
    ] {
        assert_eq!(username_key(same), "admin", "{same}");
    }
    assert_eq!(username_key("Straße"), username_key("STRASSE"));
    assert_eq!(username_key("ﬁle"), username_key("FILE"));
    assert_eq!(username_key("\u{212A}elvin"), username_key("kelvin"));
    assert_ne!(username_key("admin"), username_key("admin1"));
}

both_backends!(
    names_differing_only_by_case_or_form_are_one_name,
    |fx: Fixture| async move {
        fx.store.create_user(new_user("admin"), 1).await.unwrap();
        for clash in ["Admin", "ADMIN", "ａｄｍｉｎ"] {
            let err = fx.store.create_user(new_user(clash), 2).await.unwrap_err();
            assert!(
                matches!(err, StoreError::Conflict("user")),
                "{clash}: {err:?}"
            );
        }
        fx.store.create_user(new_user("admin2"), 3).await.unwrap();
        assert_eq!(fx.store.count_users().await.unwrap(), 2);
    }
);

both_backends!(
    rows_from_before_the_keys_keep_working,
    |fx: Fixture| async move {
        let store = fx.store;
        let admin = store.create_user(new_user("admin"), 1).await.unwrap();
        let alice = store.create_user(new_user("alice"), 2).await.unwrap();
        store
            .create_approval(&approval(
                "a-user",
                &format!(
                    r#"{{"kind":"user","user_id":"{}","username":"alice"}}"#,
                    alice.id
                ),
                10,
            ))
            .await
            .unwrap();
        store
            .create_approval(&approval(
                "a-key",
                &format!(
                    r#"{{"key_id":"k1","kind":"api_key","user_id":"{}"}}"#,
                    alice.id
                ),
                11,
            ))
            .await
            .unwrap();
        store
            .create_approval(&approval("a-monitor", r#"{"kind":"monitor"}"#, 12))
            .await
            .unwrap();
        store.close().await;

        // The database as an older Warden left it: no keys, no requesters, and an `Admin`
        // created beside `admin` back when case mattered.
        let mut raw = sqlx::AnyConnection::connect(&fx.url).await.unwrap();
        for sql in [
            "DROP INDEX users_folded_name",
            "UPDATE users SET username_key = NULL",
            "UPDATE approvals SET requester_id = NULL",
            "INSERT INTO users (id, username, password_hash, scopes, disabled, created_at, updated_at) \
             VALUES ('legacy', 'Admin', 'h', 'read', 0, 5, 5)",
        ] {
            sqlx::query(sql).execute(&mut raw).await.unwrap();
        }
        raw.close().await.unwrap();

        let store = Store::connect(&fx.url).await.unwrap();
        assert_eq!(
            store.user_by_username("admin").await.unwrap().map(|u| u.id),
            Some(admin.id.clone())
        );
        assert_eq!(
            store.user_by_username("Admin").await.unwrap().map(|u| u.id),
            Some("legacy".to_owned())
        );
        let err = store.create_user(new_user("ADMIN"), 6).await.unwrap_err();
        assert!(matches!(err, StoreError::Conflict("user")), "{err:?}");
        let mine: Vec<String> = store
            .list_approvals_requested_by(&alice.id, None, 10)
            .await
            .unwrap()
            .into_iter()
            .map(|a| a.id)
            .collect();
        assert_eq!(mine, ["a-key", "a-user"]);
        let pending: Vec<String> = store
            .list_approvals_requested_by(
                &alice.id,
                Some(warden_protocol::ApprovalStatus::Approved),
                10,
            )
            .await
            .unwrap()
            .into_iter()
            .map(|a| a.id)
            .collect();
        assert_eq!(pending, Vec::<String>::new());
        assert_eq!(
            store
                .list_approvals_requested_by(&admin.id, None, 10)
                .await
                .unwrap(),
            Vec::new()
        );
        // Connecting again changes nothing.
        store.close().await;
        let again = Store::connect(&fx.url).await.unwrap();
        assert_eq!(again.count_users().await.unwrap(), 3);
    }
);
