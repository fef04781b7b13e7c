//! Memory tools over the embedded store (the database). A user's memories are private to them;
//! shared memories (operational knowledge every caller's agent may recall) can be written only by
//! the monitor or a holder of `admin`, since whatever is shared reaches everyone's prompts.
//! Recall ranks by the query's words; semantic recall with embeddings is a later addition.

mod rank;
mod tools;

use warden_store::Store;
use warden_tool_api::{RegistryBuilder, typed};

pub use rank::{score, words};

pub fn register(builder: &mut RegistryBuilder, store: Store) {
    builder
        .add(typed(tools::MemoryStore(store.clone())))
        .add(typed(tools::MemoryRecall(store.clone())))
        .add(typed(tools::MemoryList(store.clone())))
        .add(typed(tools::MemoryDelete(store)));
}
