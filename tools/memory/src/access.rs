//! How the tools reach the memory service: the server hands them the one it runs; one-shot
//! commands (`warden approvals approve` may run an approved call) open it on first use, so a
//! command that never touches memory never loads the embedding model.

use std::sync::Arc;

use tokio::sync::OnceCell;
use warden_memory::{MemoryError, MemoryService};
use warden_tool_api::{BoxFuture, ToolError};

/// Opens the memory service when it is first needed.
pub type Opener =
    Arc<dyn Fn() -> BoxFuture<'static, Result<MemoryService, MemoryError>> + Send + Sync>;

/// The memory service, ready or opened on first use. Cheap to clone.
#[derive(Clone)]
pub struct MemoryAccess {
    cell: Arc<OnceCell<MemoryService>>,
    opener: Option<Opener>,
}

impl MemoryAccess {
    pub fn ready(memory: MemoryService) -> Self {
        Self {
            cell: Arc::new(OnceCell::new_with(Some(memory))),
            opener: None,
        }
    }

    pub fn lazy(opener: Opener) -> Self {
        Self {
            cell: Arc::new(OnceCell::new()),
            opener: Some(opener),
        }
    }

    pub(crate) async fn get(&self) -> Result<&MemoryService, ToolError> {
        self.cell
            .get_or_try_init(|| async {
                match &self.opener {
                    Some(open) => open().await.map_err(|e| {
                        ToolError::Unavailable(format!("the memory cannot be opened: {e}"))
                    }),
                    None => Err(ToolError::Unavailable(
                        "the memory is not configured".to_owned(),
                    )),
                }
            })
            .await
    }
}
