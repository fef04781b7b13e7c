//! Memory tools over Warden's memory service (the embedded backend or ChromaDB): store, recall,
//! list, delete. A user's memories are private to them; shared memories (operational knowledge
//! every caller's agent may recall) can be written only by the monitor or a holder of `admin`,
//! since whatever is shared reaches everyone's prompts. Recall is semantic when an embedder is
//! there (paraphrases are found) and by words otherwise.

mod access;
mod tools;

use warden_tool_api::{RegistryBuilder, typed};

pub use access::{MemoryAccess, Opener};

pub fn register(builder: &mut RegistryBuilder, memory: MemoryAccess) {
    builder
        .add(typed(tools::MemoryStore(memory.clone())))
        .add(typed(tools::MemoryRecall(memory.clone())))
        .add(typed(tools::MemoryList(memory.clone())))
        .add(typed(tools::MemoryDelete(memory)));
}
