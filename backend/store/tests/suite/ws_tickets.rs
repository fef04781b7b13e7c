use warden_store::WsTicketRecord;

use super::{Fixture, new_user};
use crate::both_backends;

both_backends!(
    tickets_are_single_use_and_expire,
    |fx: Fixture| async move {
        let store = fx.store;
        let user = store.create_user(new_user("alice"), 1).await.unwrap();
        let ticket = WsTicketRecord {
            user_id: user.id.clone(),
            session_id: Some("s1".to_owned()),
            api_key_id: None,
            scopes: "read".to_owned(),
            expires_at: 100,
        };
        store.create_ws_ticket("t1", &ticket).await.unwrap();
        store.create_ws_ticket("t2", &ticket).await.unwrap();
        assert_eq!(
            store.consume_ws_ticket("t1", 50).await.unwrap(),
            Some(ticket)
        );
        assert_eq!(
            store.consume_ws_ticket("t1", 51).await.unwrap(),
            None,
            "second use"
        );
        assert_eq!(
            store.consume_ws_ticket("t2", 100).await.unwrap(),
            None,
            "expired"
        );
    }
);
