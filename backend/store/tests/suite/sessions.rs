use warden_store::RefreshOutcome;

use super::{Fixture, new_user};
use crate::both_backends;

both_backends!(
    rotation_then_reuse_revokes_the_family,
    |fx: Fixture| async move {
        let store = fx.store;
        let user = store.create_user(new_user("alice"), 1).await.unwrap();
        let session = store
            .create_session(&user.id, "127.0.0.1", "h1", 10, 1000)
            .await
            .unwrap();

        let first = store.rotate_refresh_token("h1", "h2", 20).await.unwrap();
        assert_eq!(
            first,
            RefreshOutcome::Rotated {
                session_id: session.id.clone(),
                user_id: user.id.clone(),
                expires_at: 1000
            }
        );
        let second = store.rotate_refresh_token("h2", "h3", 30).await.unwrap();
        assert!(
            matches!(second, RefreshOutcome::Rotated { .. }),
            "{second:?}"
        );

        // h1 was retired at the first rotation: presenting it again is a replay.
        let replay = store.rotate_refresh_token("h1", "h4", 40).await.unwrap();
        assert_eq!(
            replay,
            RefreshOutcome::ReuseDetected {
                session_id: session.id.clone()
            }
        );
        // The family is gone: even the newest token no longer works.
        assert_eq!(
            store.rotate_refresh_token("h3", "h5", 50).await.unwrap(),
            RefreshOutcome::Revoked
        );
        let principal = store.session_principal(&session.id).await.unwrap().unwrap();
        assert_eq!(principal.session.revoked_at, Some(40));
        assert_eq!(
            principal.session.revoke_reason.as_deref(),
            Some("refresh token reuse")
        );
        assert_eq!(principal.user.id, user.id);
    }
);

both_backends!(unknown_and_expired_tokens, |fx: Fixture| async move {
    let store = fx.store;
    let user = store.create_user(new_user("alice"), 1).await.unwrap();
    store
        .create_session(&user.id, "10.0.0.1", "h1", 10, 100)
        .await
        .unwrap();
    assert_eq!(
        store.rotate_refresh_token("nope", "x", 20).await.unwrap(),
        RefreshOutcome::Unknown
    );
    assert_eq!(
        store.rotate_refresh_token("h1", "h2", 100).await.unwrap(),
        RefreshOutcome::Expired
    );
});

both_backends!(revoking_all_sessions_of_a_user, |fx: Fixture| async move {
    let store = fx.store;
    let user = store.create_user(new_user("alice"), 1).await.unwrap();
    let a = store
        .create_session(&user.id, "ip", "ha", 10, 1000)
        .await
        .unwrap();
    let b = store
        .create_session(&user.id, "ip", "hb", 10, 1000)
        .await
        .unwrap();
    store.revoke_session(&a.id, "logout", 20).await.unwrap();
    assert_eq!(
        store
            .revoke_user_sessions(&user.id, "disabled", 30)
            .await
            .unwrap(),
        1
    );
    let a = store
        .session_principal(&a.id)
        .await
        .unwrap()
        .unwrap()
        .session;
    let b = store
        .session_principal(&b.id)
        .await
        .unwrap()
        .unwrap()
        .session;
    assert_eq!(
        (a.revoked_at, a.revoke_reason.as_deref()),
        (Some(20), Some("logout"))
    );
    assert_eq!(
        (b.revoked_at, b.revoke_reason.as_deref()),
        (Some(30), Some("disabled"))
    );
    assert!(store.session_principal("missing").await.unwrap().is_none());
});
