use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Value, json};
use warden_protocol::Scope;
use warden_store::{MemoryRecord, NewMemory, Store, StoreError};
use warden_tool_api::{Actor, Effect, ToolContext, ToolError, ToolOutput, TypedTool};

use crate::rank::score;

const MAX_CONTENT_CHARS: usize = 4000;
const MAX_TAGS: usize = 10;
/// How many of the newest visible memories recall considers.
const RECALL_WINDOW: i64 = 2000;

fn store_error(e: StoreError) -> ToolError {
    match e {
        StoreError::NotFound(what) => ToolError::NotFound(format!("no such {what}")),
        other @ (StoreError::Conflict(_)
        | StoreError::InvalidUrl(_)
        | StoreError::Migration(_)
        | StoreError::Unavailable { .. }
        | StoreError::Database(_)) => {
            ToolError::Unavailable(format!("the memory store failed: {other}"))
        }
    }
}

fn view(memory: &MemoryRecord) -> Value {
    json!({
        "id": memory.id,
        "kind": memory.kind,
        "content": memory.content,
        "tags": memory.tags.split_whitespace().collect::<Vec<_>>(),
        "shared": memory.owner_id.is_none(),
        "created_at": memory.created_at,
    })
}

fn line(memory: &MemoryRecord) -> String {
    format!(
        "[{}] ({}{}) {}\n",
        &memory.id[..8.min(memory.id.len())],
        memory.kind,
        if memory.owner_id.is_none() {
            ", shared"
        } else {
            ""
        },
        memory.content
    )
}

/// Who may write shared knowledge: the monitor, or an admin.
fn may_share(context: &ToolContext) -> bool {
    matches!(context.actor, Actor::Monitor) || context.allows(Scope::Admin)
}

#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Something true about the infrastructure ("backups run at 02:00").
    Fact,
    /// A free note.
    Note,
    /// How to do something, or what fixed something.
    Procedure,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::Fact => "fact",
            Kind::Note => "note",
            Kind::Procedure => "procedure",
        }
    }
}

pub struct MemoryStore(pub Store);

/// Arguments of `memory_store`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StoreArgs {
    /// What to remember (at most 4000 characters).
    pub content: String,
    /// `fact`, `note` (default) or `procedure`.
    pub kind: Option<Kind>,
    /// Up to 10 short tags, e.g. ["disk", "nginx"].
    #[serde(default)]
    pub tags: Vec<String>,
    /// Share with every user (needs the admin scope); default private to the caller.
    #[serde(default)]
    pub shared: bool,
}

impl TypedTool for MemoryStore {
    type Args = StoreArgs;
    const NAME: &'static str = "memory_store";
    const DESCRIPTION: &'static str = "Remember something for later conversations: private to the caller, or shared with everyone (admins only).";
    const SCOPE: Scope = Scope::Write;
    const EFFECT: Effect = Effect::Mutating;
    const SANDBOXABLE: bool = false;

    async fn run(&self, args: StoreArgs, context: &ToolContext) -> Result<ToolOutput, ToolError> {
        let content = args.content.trim();
        if content.is_empty() || content.chars().count() > MAX_CONTENT_CHARS {
            return Err(ToolError::InvalidArguments(format!(
                "content must be 1 to {MAX_CONTENT_CHARS} characters"
            )));
        }
        if args.tags.len() > MAX_TAGS
            || args
                .tags
                .iter()
                .any(|t| t.is_empty() || t.len() > 40 || t.contains(char::is_whitespace))
        {
            return Err(ToolError::InvalidArguments(format!(
                "tags: at most {MAX_TAGS}, each 1 to 40 characters without spaces"
            )));
        }
        let owner = if args.shared {
            if !may_share(context) {
                return Err(ToolError::Refused(
                    "shared memories reach every user's agent; storing one needs the admin scope"
                        .to_owned(),
                ));
            }
            None
        } else {
            Some(
                context
                    .user_id()
                    .ok_or_else(|| {
                        ToolError::InvalidArguments(
                            "the monitor stores shared memories only (shared: true)".to_owned(),
                        )
                    })?
                    .to_owned(),
            )
        };
        let created_by = context.user_id().unwrap_or("monitor").to_owned();
        let kind = args.kind.unwrap_or(Kind::Note);
        let record = self
            .0
            .insert_memory(
                NewMemory {
                    owner_id: owner,
                    kind: kind.as_str().to_owned(),
                    content: content.to_owned(),
                    tags: args.tags.join(" "),
                    created_by,
                },
                now(),
            )
            .await
            .map_err(store_error)?;
        Ok(ToolOutput::new(
            format!("remembered {}", line(&record).trim_end()),
            view(&record),
        ))
    }
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

pub struct MemoryRecall(pub Store);

/// Arguments of `memory_recall`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RecallArgs {
    /// What to look for, in words.
    pub query: String,
    /// Most memories to return (default 5, at most 50).
    pub limit: Option<usize>,
}

impl TypedTool for MemoryRecall {
    type Args = RecallArgs;
    const NAME: &'static str = "memory_recall";
    const DESCRIPTION: &'static str = "Find remembered facts, notes and procedures relevant to a query, among the caller's own and the shared ones, best first.";
    const SCOPE: Scope = Scope::Read;
    const EFFECT: Effect = Effect::ReadOnly;
    const SANDBOXABLE: bool = false;

    async fn run(&self, args: RecallArgs, context: &ToolContext) -> Result<ToolOutput, ToolError> {
        let limit = args.limit.unwrap_or(5);
        if limit == 0 || limit > 50 {
            return Err(ToolError::InvalidArguments(
                "limit must be between 1 and 50".to_owned(),
            ));
        }
        if args.query.trim().is_empty() || args.query.len() > 1000 {
            return Err(ToolError::InvalidArguments(
                "query must be 1 to 1000 characters".to_owned(),
            ));
        }
        let candidates = self
            .0
            .visible_memories(context.user_id(), RECALL_WINDOW)
            .await
            .map_err(store_error)?;
        let mut scored: Vec<(f64, &MemoryRecord)> = candidates
            .iter()
            .map(|m| (score(&args.query, &m.content, &m.tags), m))
            .filter(|(s, _)| *s > 0.0)
            .collect();
        // Best first; among equals, the newer one (candidates come newest first, the sort is stable).
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        scored.truncate(limit);
        let text = if scored.is_empty() {
            format!("nothing remembered about \"{}\"\n", args.query)
        } else {
            scored.iter().map(|(_, m)| line(m)).collect()
        };
        let memories: Vec<Value> = scored
            .iter()
            .map(|(s, m)| {
                let mut v = view(m);
                v["score"] = json!((s * 100.0).round() / 100.0);
                v
            })
            .collect();
        Ok(ToolOutput::new(
            text,
            json!({"query": args.query, "memories": memories}),
        ))
    }
}

pub struct MemoryList(pub Store);

/// Arguments of `memory_list`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ListArgs {
    /// Most memories to return, newest first (default 20, at most 200).
    pub limit: Option<usize>,
}

impl TypedTool for MemoryList {
    type Args = ListArgs;
    const NAME: &'static str = "memory_list";
    const DESCRIPTION: &'static str =
        "The newest memories the caller can see: their own and the shared ones.";
    const SCOPE: Scope = Scope::Read;
    const EFFECT: Effect = Effect::ReadOnly;
    const SANDBOXABLE: bool = false;

    async fn run(&self, args: ListArgs, context: &ToolContext) -> Result<ToolOutput, ToolError> {
        let limit = args.limit.unwrap_or(20);
        if limit == 0 || limit > 200 {
            return Err(ToolError::InvalidArguments(
                "limit must be between 1 and 200".to_owned(),
            ));
        }
        let memories = self
            .0
            .visible_memories(context.user_id(), limit as i64)
            .await
            .map_err(store_error)?;
        let text = if memories.is_empty() {
            "no memories yet\n".to_owned()
        } else {
            memories.iter().map(line).collect()
        };
        Ok(ToolOutput::new(
            text,
            json!({"memories": memories.iter().map(view).collect::<Vec<_>>()}),
        ))
    }
}

pub struct MemoryDelete(pub Store);

/// Arguments of `memory_delete`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DeleteArgs {
    /// The memory's id (as listed).
    pub id: String,
}

impl TypedTool for MemoryDelete {
    type Args = DeleteArgs;
    const NAME: &'static str = "memory_delete";
    const DESCRIPTION: &'static str =
        "Forget one memory: one of the caller's own, or a shared one (admins only).";
    const SCOPE: Scope = Scope::Write;
    const EFFECT: Effect = Effect::Destructive;
    const SANDBOXABLE: bool = false;

    async fn run(&self, args: DeleteArgs, context: &ToolContext) -> Result<ToolOutput, ToolError> {
        if args.id.is_empty() || args.id.len() > 64 {
            return Err(ToolError::InvalidArguments(
                "id must be a memory id as listed".to_owned(),
            ));
        }
        let memory = self.0.memory_by_id(&args.id).await.map_err(store_error)?;
        // Another user's memory is reported as absent: its existence is not the caller's business.
        let memory = memory
            .filter(|m| m.owner_id.is_none() || m.owner_id.as_deref() == context.user_id())
            .ok_or_else(|| ToolError::NotFound(format!("no memory with id '{}'", args.id)))?;
        if memory.owner_id.is_none() && !may_share(context) {
            return Err(ToolError::Refused(
                "deleting a shared memory needs the admin scope".to_owned(),
            ));
        }
        self.0
            .delete_memory(&memory.id)
            .await
            .map_err(store_error)?;
        Ok(ToolOutput::new(
            format!("forgot {}", line(&memory).trim_end()),
            json!({"id": memory.id, "deleted": true}),
        ))
    }
}
