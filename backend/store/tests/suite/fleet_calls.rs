use warden_store::{FleetCallRecord, NewFleetCall};

use super::Fixture;
use crate::both_backends;

fn call(id: &str, host: &str, sent_at: i64) -> NewFleetCall {
    NewFleetCall {
        id: id.to_owned(),
        host: host.to_owned(),
        tool: "system_info".to_owned(),
        requested_by: "user:alice".to_owned(),
        sent_at,
        expires_at: sent_at + 3600,
    }
}

both_backends!(
    a_fleet_call_is_recorded_then_completed_exactly_once,
    |fx: Fixture| async move {
        let store = fx.store;
        store
            .record_fleet_call(&call("c1", "alpha", 10))
            .await
            .unwrap();
        store
            .record_fleet_call(&call("c2", "alpha", 20))
            .await
            .unwrap();
        store
            .record_fleet_call(&call("c3", "beta", 30))
            .await
            .unwrap();
        // A second record of the same id is refused, not doubled.
        assert!(
            store
                .record_fleet_call(&call("c1", "alpha", 40))
                .await
                .is_err()
        );

        let pending: Vec<String> = store
            .pending_fleet_calls(15, 10)
            .await
            .unwrap()
            .into_iter()
            .map(|c| c.id)
            .collect();
        assert_eq!(pending, vec!["c2".to_owned(), "c3".to_owned()]);

        assert!(
            store
                .finish_fleet_call("c2", r#"{"ok":true}"#, 50)
                .await
                .unwrap()
        );
        assert!(
            !store
                .finish_fleet_call("c2", r#"{"ok":false}"#, 60)
                .await
                .unwrap()
        );
        assert!(!store.finish_fleet_call("nope", "{}", 60).await.unwrap());
        assert_eq!(
            store.fleet_call("alpha", "c2").await.unwrap(),
            Some(FleetCallRecord {
                id: "c2".to_owned(),
                host: "alpha".to_owned(),
                tool: "system_info".to_owned(),
                requested_by: "user:alice".to_owned(),
                sent_at: 20,
                expires_at: 3620,
                result_json: Some(r#"{"ok":true}"#.to_owned()),
                finished_at: Some(50),
            })
        );
        // Another host's call is not found under this one.
        assert_eq!(store.fleet_call("alpha", "c3").await.unwrap(), None);
        let listed: Vec<String> = store
            .fleet_calls("alpha", 10)
            .await
            .unwrap()
            .into_iter()
            .map(|c| c.id)
            .collect();
        assert_eq!(listed, vec!["c2".to_owned(), "c1".to_owned()]);
        let pending: Vec<String> = store
            .pending_fleet_calls(0, 10)
            .await
            .unwrap()
            .into_iter()
            .map(|c| c.id)
            .collect();
        assert_eq!(pending, vec!["c1".to_owned(), "c3".to_owned()]);
    }
);
