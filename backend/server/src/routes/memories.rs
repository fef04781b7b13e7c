//! `/api/v1/memories`: the caller's memories and the shared ones. Search (semantic when an
//! embedder is there), list newest first, see where a memory came from, store, delete. No caller
//! ever sees another user's private memories, admins included: another user's memory is "not
//! found".

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::get;
use serde::Deserialize;
use warden_memory::{Kind, Memory, MemoryError, NewMemory, SourceKind};
use warden_protocol::ErrorCode;
use warden_protocol::Scope;
use warden_protocol::memory::{
    CreateMemoryRequest, MemoryItem, MemoryList, MemorySource, MemoryWrite,
};

use crate::auth::Require;
use crate::auth::principal::{Principal, scopes};
use crate::http::{ApiError, ApiJson, ApiQuery};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/memories", get(list).post(create))
        .route("/memories/{id}", get(one).delete(remove))
}

pub fn memory_item(memory: Memory, score: Option<f32>) -> MemoryItem {
    MemoryItem {
        shared: memory.is_shared(),
        id: memory.id,
        kind: memory.kind,
        content: memory.content,
        tags: memory.tags,
        created_by: memory.created_by,
        created_at: memory.created_at,
        source: MemorySource {
            kind: memory.source_kind,
            reference: memory.source_ref,
        },
        score: score.map(|s| (s * 1000.0).round() / 1000.0),
    }
}

/// The memory layer's errors as answers.
pub fn memory_error(error: MemoryError) -> ApiError {
    match error {
        MemoryError::Invalid(message) => ApiError::validation(message),
        MemoryError::NotFound(_) => ApiError::not_found("memory"),
        MemoryError::Forbidden(message) => ApiError::forbidden(message),
        MemoryError::Full(message) => ApiError::conflict(message),
        MemoryError::Exists(id) => ApiError::conflict(format!("memory '{id}' exists already")),
        MemoryError::Store(e) => ApiError::from(e),
        e @ (MemoryError::Chroma(_) | MemoryError::Embed(_)) => {
            tracing::warn!(error = %e, "memory unavailable");
            ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                ErrorCode::Unavailable,
                format!("the memory is not reachable now ({e}); retry shortly"),
            )
        }
    }
}

fn may_share(principal: &Principal) -> bool {
    principal.scopes.allows(Scope::Admin)
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct MemoryParams {
    /// Search: the most relevant first (semantic when an embedder is on). Absent: newest first.
    pub query: Option<String>,
    /// Only this kind: `fact`, `note`, `procedure`, `preference`, `summary` or `repair`
    /// (listing only).
    pub kind: Option<String>,
    /// At most this many (default 50; at most 200, and 50 when searching).
    pub limit: Option<i64>,
    /// Listing only: memories older than this id (the next page).
    pub before: Option<String>,
}

/// The caller's memories and the shared ones: newest first, or the most relevant to `query`.
#[utoipa::path(get, path = "/api/v1/memories", tag = "memories", params(MemoryParams),
    security(("bearer" = ["read"]), ("api_key" = ["read"])),
    responses((status = 200, body = MemoryList), (status = 422, body = warden_protocol::ErrorBody),
        (status = 503, body = warden_protocol::ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    Require(caller, ..): Require<scopes::Read>,
    ApiQuery(params): ApiQuery<MemoryParams>,
) -> Result<ApiJson<MemoryList>, ApiError> {
    let limit = params.limit.unwrap_or(50);
    let viewer = Some(caller.user_id.as_str());
    if let Some(query) = params.query.as_deref().filter(|q| !q.trim().is_empty()) {
        if !(1..=50).contains(&limit) {
            return Err(ApiError::validation(
                "limit must be between 1 and 50 when searching",
            ));
        }
        if query.chars().count() > 1000 {
            return Err(ApiError::validation(
                "query must be at most 1000 characters",
            ));
        }
        if params.kind.is_some() || params.before.is_some() {
            return Err(ApiError::validation(
                "kind and before apply to listings, not to searches",
            ));
        }
        let recall = state
            .memory
            .recall(viewer, query, usize::try_from(limit).unwrap_or(50))
            .await;
        return Ok(ApiJson(MemoryList {
            memories: recall
                .memories
                .into_iter()
                .map(|s| memory_item(s.memory, Some(s.score)))
                .collect(),
            method: Some(recall.method),
            note: recall.note,
        }));
    }
    if !(1..=200).contains(&limit) {
        return Err(ApiError::validation("limit must be between 1 and 200"));
    }
    let kind: Option<Kind> = match params.kind.as_deref() {
        None => None,
        Some(text) => Some(text.parse().map_err(|_| {
            ApiError::validation(format!(
                "kind must be one of: {}",
                Kind::all().map(Kind::as_str).collect::<Vec<_>>().join(", ")
            ))
        })?),
    };
    if let Some(before) = &params.before
        && !warden_memory::valid_id(before)
    {
        return Err(ApiError::validation("before must be a memory id"));
    }
    let memories = state
        .memory
        .list(viewer, kind, params.before, limit)
        .await
        .map_err(memory_error)?;
    Ok(ApiJson(MemoryList {
        memories: memories.into_iter().map(|m| memory_item(m, None)).collect(),
        method: None,
        note: None,
    }))
}

/// One memory, with where it came from.
#[utoipa::path(get, path = "/api/v1/memories/{id}", tag = "memories", params(("id" = String, Path)),
    security(("bearer" = ["read"]), ("api_key" = ["read"])),
    responses((status = 200, body = MemoryItem), (status = 404, body = warden_protocol::ErrorBody)))]
pub async fn one(
    State(state): State<AppState>,
    Require(caller, ..): Require<scopes::Read>,
    Path(id): Path<String>,
) -> Result<ApiJson<MemoryItem>, ApiError> {
    let memory = state
        .memory
        .get(Some(&caller.user_id), &id)
        .await
        .map_err(memory_error)?;
    Ok(ApiJson(memory_item(memory, None)))
}

/// Remembers something: private to the caller, or shared (needs `admin`).
#[utoipa::path(post, path = "/api/v1/memories", tag = "memories", request_body = CreateMemoryRequest,
    security(("bearer" = ["write"]), ("api_key" = ["write"])),
    responses((status = 201, body = MemoryWrite), (status = 403, body = warden_protocol::ErrorBody),
        (status = 409, body = warden_protocol::ErrorBody, description = "The owner has as many memories as allowed"),
        (status = 422, body = warden_protocol::ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    Require(caller, ..): Require<scopes::Write>,
    ApiJson(request): ApiJson<CreateMemoryRequest>,
) -> Result<(StatusCode, ApiJson<MemoryWrite>), ApiError> {
    let kind = match request.kind {
        None => Kind::Note,
        Some(kind) if Kind::CREATABLE.contains(&kind) => kind,
        Some(_) => {
            return Err(ApiError::validation(format!(
                "kind must be one of: {}",
                Kind::CREATABLE.map(Kind::as_str).join(", ")
            )));
        }
    };
    if request.shared && !may_share(&caller) {
        return Err(ApiError::forbidden(
            "shared memories reach every user's agent; storing one needs the admin scope",
        ));
    }
    let stored = state
        .memory
        .store(NewMemory {
            id: None,
            owner_id: (!request.shared).then(|| caller.user_id.clone()),
            kind,
            content: request.content,
            tags: request.tags,
            created_by: caller.user_id.clone(),
            source_kind: SourceKind::Api,
            source_ref: None,
            created_at: None,
        })
        .await
        .map_err(memory_error)?;
    Ok((
        StatusCode::CREATED,
        ApiJson(MemoryWrite {
            memory: memory_item(stored.memory, None),
            note: stored.note,
        }),
    ))
}

/// Forgets one of the caller's memories, or a shared one (needs `admin`).
#[utoipa::path(delete, path = "/api/v1/memories/{id}", tag = "memories", params(("id" = String, Path)),
    security(("bearer" = ["write"]), ("api_key" = ["write"])),
    responses((status = 200, body = MemoryWrite), (status = 403, body = warden_protocol::ErrorBody),
        (status = 404, body = warden_protocol::ErrorBody)))]
pub async fn remove(
    State(state): State<AppState>,
    Require(caller, ..): Require<scopes::Write>,
    Path(id): Path<String>,
) -> Result<ApiJson<MemoryWrite>, ApiError> {
    let deleted = state
        .memory
        .delete(Some(&caller.user_id), may_share(&caller), &id)
        .await
        .map_err(memory_error)?;
    Ok(ApiJson(MemoryWrite {
        memory: memory_item(deleted.memory, None),
        note: deleted.note,
    }))
}
