use warden_store::{Store, StoreError, Unavailable};

use super::{Fixture, new_user};
use crate::both_backends;

both_backends!(create_read_update_users, |fx: Fixture| async move {
    let store = fx.store;
    assert_eq!(store.count_users().await.unwrap(), 0);
    let alice = store.create_user(new_user("alice"), 100).await.unwrap();
    let by_name = store.user_by_username("alice").await.unwrap().unwrap();
    assert_eq!(by_name, alice);
    assert_eq!(
        store.user_by_id(&alice.id).await.unwrap(),
        Some(alice.clone())
    );
    assert_eq!(store.user_by_username("bob").await.unwrap(), None);

    store
        .set_user_scopes(&alice.id, "read write", 101)
        .await
        .unwrap();
    store
        .set_password_hash(&alice.id, "new-hash", 102)
        .await
        .unwrap();
    store.set_user_disabled(&alice.id, true, 103).await.unwrap();
    let changed = store.user_by_id(&alice.id).await.unwrap().unwrap();
    assert_eq!(
        (
            changed.scopes.as_str(),
            changed.password_hash.as_str(),
            changed.disabled,
            changed.updated_at
        ),
        ("read write", "new-hash", true, 103)
    );
    store.create_user(new_user("bob"), 104).await.unwrap();
    let names: Vec<String> = store
        .list_users()
        .await
        .unwrap()
        .into_iter()
        .map(|u| u.username)
        .collect();
    assert_eq!(names, vec!["alice".to_owned(), "bob".to_owned()]);
});

both_backends!(duplicate_username_is_a_conflict, |fx: Fixture| async move {
    fx.store.create_user(new_user("alice"), 1).await.unwrap();
    let err = fx
        .store
        .create_user(new_user("alice"), 2)
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict("user")), "{err:?}");
});

both_backends!(
    updating_a_missing_user_is_not_found,
    |fx: Fixture| async move {
        let err = fx
            .store
            .set_user_disabled("no-such-id", true, 1)
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::NotFound("user")), "{err:?}");
    }
);

both_backends!(data_survives_reconnecting, |fx: Fixture| async move {
    let alice = fx.store.create_user(new_user("alice"), 1).await.unwrap();
    fx.store.close().await;
    let reopened = Store::connect(&fx.url).await.unwrap();
    assert_eq!(reopened.user_by_id(&alice.id).await.unwrap(), Some(alice));
    reopened.ping().await.unwrap();
});

both_backends!(
    writes_after_closing_fail_at_once_and_say_why,
    |fx: Fixture| async move {
        fx.store.close().await;
        // The write connection is held outside the pool on SQLite: closing must close it too, and
        // a later write must fail at once (not wait out the 10 s turn) and name the cause.
        let started = std::time::Instant::now();
        let err = fx.store.create_user(new_user("late"), 1).await.unwrap_err();
        assert_eq!(err.unavailable(), Some(Unavailable::Closed), "{err:?}");
        assert!(
            err.to_string().contains(Unavailable::Closed.describe()),
            "{err}"
        );
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        let err = fx.store.check_writable(2).await.unwrap_err();
        assert_eq!(err.unavailable(), Some(Unavailable::Closed), "{err:?}");
    }
);
