use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Value, json};
use warden_memory::{Kind, Memory, MemoryError, NewMemory, RecallMethod, SourceKind};
use warden_protocol::Scope;
use warden_tool_api::{Actor, Effect, ToolContext, ToolError, ToolOutput, TypedTool};

use crate::access::MemoryAccess;

fn memory_error(e: MemoryError) -> ToolError {
    match e {
        MemoryError::Invalid(message) | MemoryError::Full(message) => {
            ToolError::InvalidArguments(message)
        }
        MemoryError::NotFound(id) => ToolError::NotFound(format!("no memory with id '{id}'")),
        MemoryError::Forbidden(message) => ToolError::Refused(message),
        MemoryError::Exists(id) => {
            ToolError::InvalidArguments(format!("memory '{id}' exists already"))
        }
        other @ (MemoryError::Chroma(_) | MemoryError::Embed(_) | MemoryError::Store(_)) => {
            ToolError::Unavailable(format!("the memory store failed: {other}"))
        }
    }
}

fn view(memory: &Memory) -> Value {
    json!({
        "id": memory.id,
        "kind": memory.kind,
        "content": memory.content,
        "tags": memory.tags,
        "shared": memory.is_shared(),
        "created_at": memory.created_at,
        "source": {"kind": memory.source_kind, "reference": memory.source_ref},
    })
}

fn line(memory: &Memory) -> String {
    format!(
        "[{}] ({}{}) {}\n",
        &memory.id[..8.min(memory.id.len())],
        memory.kind,
        if memory.is_shared() { ", shared" } else { "" },
        memory.content
    )
}

/// Who may write shared knowledge: the monitor, or an admin.
fn may_share(context: &ToolContext) -> bool {
    matches!(context.actor, Actor::Monitor) || context.allows(Scope::Admin)
}

/// The kinds a caller may store (summaries and repairs are Warden's own).
#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum StoredKind {
    /// Something true about the infrastructure ("backups run at 02:00").
    Fact,
    /// A free note.
    Note,
    /// How to do something, or what fixed something.
    Procedure,
    /// How the user likes things done.
    Preference,
}

impl StoredKind {
    fn kind(self) -> Kind {
        match self {
            StoredKind::Fact => Kind::Fact,
            StoredKind::Note => Kind::Note,
            StoredKind::Procedure => Kind::Procedure,
            StoredKind::Preference => Kind::Preference,
        }
    }
}

pub struct MemoryStore(pub MemoryAccess);

/// Arguments of `memory_store`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StoreArgs {
    /// What to remember (at most 4000 characters).
    pub content: String,
    /// `fact`, `note` (default), `procedure` or `preference`.
    pub kind: Option<StoredKind>,
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
        let memory = self.0.get().await?;
        let stored = memory
            .store(NewMemory {
                id: None,
                owner_id: owner,
                kind: args.kind.unwrap_or(StoredKind::Note).kind(),
                content: args.content,
                tags: args.tags,
                created_by: context.user_id().unwrap_or("monitor").to_owned(),
                source_kind: SourceKind::Tool,
                source_ref: None,
                created_at: None,
            })
            .await
            .map_err(memory_error)?;
        let mut text = format!("remembered {}", line(&stored.memory).trim_end());
        if let Some(note) = &stored.note {
            text.push_str(&format!(" ({note})"));
        }
        let mut data = view(&stored.memory);
        data["note"] = json!(stored.note);
        Ok(ToolOutput::new(text, data))
    }
}

pub struct MemoryRecall(pub MemoryAccess);

/// Arguments of `memory_recall`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RecallArgs {
    /// What to look for, in words (paraphrases are found when embeddings are on).
    pub query: String,
    /// Most memories to return (default 5, at most 50).
    pub limit: Option<usize>,
}

impl TypedTool for MemoryRecall {
    type Args = RecallArgs;
    const NAME: &'static str = "memory_recall";
    const DESCRIPTION: &'static str = "Find remembered facts, preferences, notes, procedures, conversation summaries and repairs relevant to a query, among the caller's own and the shared ones, best first.";
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
        if args.query.trim().is_empty() || args.query.chars().count() > 1000 {
            return Err(ToolError::InvalidArguments(
                "query must be 1 to 1000 characters".to_owned(),
            ));
        }
        let memory = self.0.get().await?;
        let recall = memory.recall(context.user_id(), &args.query, limit).await;
        if recall.method == RecallMethod::Unavailable {
            return Err(ToolError::Unavailable(
                recall
                    .note
                    .unwrap_or_else(|| "the memory cannot be read now".to_owned()),
            ));
        }
        let mut text = if recall.memories.is_empty() {
            format!("nothing remembered about \"{}\"\n", args.query)
        } else {
            recall.memories.iter().map(|s| line(&s.memory)).collect()
        };
        if let Some(note) = &recall.note {
            text.push_str(&format!("(note: {note})\n"));
        }
        let memories: Vec<Value> = recall
            .memories
            .iter()
            .map(|s| {
                let mut v = view(&s.memory);
                v["score"] = json!((f64::from(s.score) * 100.0).round() / 100.0);
                v
            })
            .collect();
        let method = recall.method.as_str();
        Ok(ToolOutput::new(
            text,
            json!({"query": args.query, "method": method, "note": recall.note, "memories": memories}),
        ))
    }
}

pub struct MemoryList(pub MemoryAccess);

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
        let memory = self.0.get().await?;
        let memories = memory
            .list(context.user_id(), None, None, limit as i64)
            .await
            .map_err(memory_error)?;
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

pub struct MemoryDelete(pub MemoryAccess);

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
        let memory = self.0.get().await?;
        // Another user's memory is reported as absent: its existence is not the caller's business.
        let deleted = memory
            .delete(context.user_id(), may_share(context), &args.id)
            .await
            .map_err(memory_error)?;
        let mut text = format!("forgot {}", line(&deleted.memory).trim_end());
        if let Some(note) = &deleted.note {
            text.push_str(&format!(" ({note})"));
        }
        Ok(ToolOutput::new(
            text,
            json!({"id": deleted.memory.id, "deleted": true, "note": deleted.note}),
        ))
    }
}
