use warden_store::{NewApiKey, StoreError};

use super::{Fixture, new_user};
use crate::both_backends;

fn key(user_id: &str, name: &str, hash: &str) -> NewApiKey {
    NewApiKey {
        user_id: user_id.to_owned(),
        name: name.to_owned(),
        prefix: "wdn_abcd".to_owned(),
        key_hash: hash.to_owned(),
        scopes: "read".to_owned(),
        expires_at: Some(5000),
    }
}

both_backends!(create_find_touch_revoke, |fx: Fixture| async move {
    let store = fx.store;
    let user = store.create_user(new_user("ci"), 1).await.unwrap();
    let created = store
        .create_api_key(key(&user.id, "deploy", "hash-1"), 10)
        .await
        .unwrap();
    let (found, owner) = store.api_key_by_hash("hash-1").await.unwrap().unwrap();
    assert_eq!(found, created);
    assert_eq!(owner.username, "ci");
    assert!(store.api_key_by_hash("hash-2").await.unwrap().is_none());

    store.touch_api_key(&created.id, 100).await.unwrap();
    // Within a minute of the last recorded use nothing is written.
    store.touch_api_key(&created.id, 130).await.unwrap();
    assert_eq!(
        store
            .api_key_by_id(&created.id)
            .await
            .unwrap()
            .unwrap()
            .last_used_at,
        Some(100)
    );
    store.touch_api_key(&created.id, 200).await.unwrap();
    assert_eq!(
        store
            .api_key_by_id(&created.id)
            .await
            .unwrap()
            .unwrap()
            .last_used_at,
        Some(200)
    );

    store.revoke_api_key(&created.id, 300).await.unwrap();
    store.revoke_api_key(&created.id, 400).await.unwrap();
    let listed = store.list_api_keys(&user.id).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(
        listed[0].revoked_at,
        Some(300),
        "the first revocation time is kept"
    );
    assert_eq!(store.list_all_api_keys().await.unwrap(), listed);
});

both_backends!(duplicate_hash_and_missing_key, |fx: Fixture| async move {
    let store = fx.store;
    let user = store.create_user(new_user("ci"), 1).await.unwrap();
    store
        .create_api_key(key(&user.id, "a", "same"), 10)
        .await
        .unwrap();
    let err = store
        .create_api_key(key(&user.id, "b", "same"), 11)
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict("api key")), "{err:?}");
    let err = store.revoke_api_key("missing", 12).await.unwrap_err();
    assert!(matches!(err, StoreError::NotFound("api key")), "{err:?}");
});
