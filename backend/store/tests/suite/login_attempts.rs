use warden_store::FailureWindow;

use super::Fixture;
use crate::both_backends;

both_backends!(
    failures_count_per_user_and_address_since_success,
    |fx: Fixture| async move {
        let store = fx.store;
        for at in [10, 20, 30] {
            store
                .record_login_attempt("alice", "1.1.1.1", false, at)
                .await
                .unwrap();
        }
        store
            .record_login_attempt("alice", "2.2.2.2", false, 25)
            .await
            .unwrap();
        store
            .record_login_attempt("bob", "1.1.1.1", false, 25)
            .await
            .unwrap();
        assert_eq!(
            store.login_failures("alice", "1.1.1.1", 0).await.unwrap(),
            FailureWindow {
                failures: 3,
                oldest_at: Some(10)
            }
        );
        // The window start excludes older failures.
        assert_eq!(
            store
                .login_failures("alice", "1.1.1.1", 15)
                .await
                .unwrap()
                .failures,
            2
        );
        // A success resets the count.
        store
            .record_login_attempt("alice", "1.1.1.1", true, 40)
            .await
            .unwrap();
        store
            .record_login_attempt("alice", "1.1.1.1", false, 50)
            .await
            .unwrap();
        assert_eq!(
            store.login_failures("alice", "1.1.1.1", 0).await.unwrap(),
            FailureWindow {
                failures: 1,
                oldest_at: Some(50)
            }
        );
        assert_eq!(store.prune_login_attempts(26).await.unwrap(), 4);
    }
);
