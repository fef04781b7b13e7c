//! `POST /api/v1/hooks/{name}`: inbound webhooks (GitHub, GitLab through a CI job, any CI). No
//! credential but the signature: an HMAC-SHA256 of the raw body under the hook's secret, in
//! GitHub's `X-Hub-Signature-256` or Warden's `X-Warden-Signature` (`sha256=HEX`). A delivery id
//! (`X-GitHub-Delivery` or `X-Warden-Delivery`) is accepted once, ever. An unknown hook, a
//! missing or wrong signature all get the same answer; the audit log has the reason.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::{Value, json};
use warden_core::automation::{Trigger, hooks};
use warden_protocol::ErrorCode;
use warden_protocol::automation::HookReceipt;
use warden_protocol::{AuditEvent, AuditOutcome, HookOutcome};
use warden_store::StoreError;

use crate::clock::now;
use crate::config::HookConfig;
use crate::http::{ApiError, ApiJson};
use crate::routes::tasks::run_view;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/hooks/{name}", post(deliver))
}

fn header(headers: &HeaderMap) -> impl Fn(&str) -> Option<String> + '_ {
    |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    }
}

/// The one answer to an unknown hook and to a signature that does not verify.
fn refused() -> ApiError {
    ApiError::new(
        StatusCode::UNAUTHORIZED,
        ErrorCode::InvalidCredentials,
        "the delivery's signature does not verify",
    )
}

async fn audit(
    state: &AppState,
    hook: &str,
    delivery: Option<&str>,
    outcome: AuditOutcome,
    detail: &str,
) {
    let actor = format!("hook:{hook}");
    if let Err(error) = state
        .guard
        .audit_event(
            &actor,
            AuditEvent::HookDelivery,
            &actor,
            &json!({ "delivery": delivery }),
            outcome,
            detail,
        )
        .await
    {
        tracing::error!(error = %error, hook, "a webhook delivery could not be audited");
    }
}

/// Receives a delivery: verified, recorded once, then the hook's task runs (in the background)
/// as its owner through the guard.
#[utoipa::path(post, path = "/api/v1/hooks/{name}", tag = "automation", params(("name" = String, Path)),
    request_body(content = String, description = "The raw body the signature covers (JSON for hooks with `when` conditions)"),
    responses(
        (status = 202, body = HookReceipt, description = "Accepted: the task's run started"),
        (status = 200, body = HookReceipt, description = "Ignored (the body does not meet the hook's conditions) or GitHub's ping"),
        (status = 401, body = warden_protocol::ErrorBody, description = "Unknown hook, or a missing or wrong signature"),
        (status = 409, body = warden_protocol::ErrorBody, description = "This delivery id, or this very body, was received before (a replay)"),
        (status = 413, body = warden_protocol::ErrorBody),
        (status = 400, body = warden_protocol::ErrorBody, description = "A body that is not UTF-8, holds a NUL, says it is JSON and is not, or is JSON with a key repeated in one object (invalid_json); nothing is recorded or run"),
        (status = 422, body = warden_protocol::ErrorBody, description = "No or a malformed delivery id; a body that is not JSON for a hook with conditions"),
    ))]
pub async fn deliver(
    State(state): State<AppState>,
    Path(name): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let Some(hook) = state
        .config
        .automation
        .hooks
        .iter()
        .find(|h| h.name == name)
        .cloned()
    else {
        return Err(refused());
    };
    let declares_json = crate::http::json::declares_json(&headers);
    let headers = header(&headers);
    if let Err(why) = hooks::verify(hook.secret.expose().as_bytes(), &body, &headers) {
        audit(
            &state,
            &hook.name,
            None,
            AuditOutcome::Refused,
            &why.to_string(),
        )
        .await;
        return Err(refused());
    }
    // Judged before the delivery is recorded: a sender may correct the body and deliver again.
    if let Some(problem) = body_problem(&body, declares_json) {
        audit(&state, &hook.name, None, AuditOutcome::Refused, &problem).await;
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::InvalidJson,
            problem,
        ));
    }
    let delivery = match hooks::delivery_id(&headers) {
        Ok(delivery) => delivery,
        Err(why) => {
            audit(&state, &hook.name, None, AuditOutcome::Refused, &why).await;
            return Err(ApiError::validation(why));
        }
    };
    // The same signed body is refused too, whatever id it comes with: the id is not signed, so a
    // captured delivery sent again under a new id would otherwise run the task again.
    let digest = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&body));
    match state
        .store
        .record_hook_delivery(&hook.name, &format!("body:{digest}"), now())
        .await
    {
        Ok(()) => {}
        Err(StoreError::Conflict(_)) => {
            audit(
                &state,
                &hook.name,
                Some(&delivery),
                AuditOutcome::Replayed,
                "this body was delivered before (under another delivery id)",
            )
            .await;
            return Err(ApiError::conflict(format!(
                "delivery '{delivery}' repeats the body of an earlier delivery; it is not run again"
            )));
        }
        Err(error) => return Err(error.into()),
    }
    // Stored before anything runs: the same id is refused from now on, across restarts.
    match state
        .store
        .record_hook_delivery(&hook.name, &delivery, now())
        .await
    {
        Ok(()) => {}
        Err(StoreError::Conflict(_)) => {
            audit(
                &state,
                &hook.name,
                Some(&delivery),
                AuditOutcome::Replayed,
                "this delivery id was received before",
            )
            .await;
            return Err(ApiError::conflict(format!(
                "delivery '{delivery}' was received before; it is not run again"
            )));
        }
        Err(error) => return Err(error.into()),
    }
    let receipt = |outcome: HookOutcome| HookReceipt {
        hook: hook.name.clone(),
        delivery: delivery.clone(),
        outcome,
        task: Some(hook.task.clone()),
        run: None,
    };
    if headers("x-github-event").as_deref() == Some("ping") {
        let pong = HookOutcome::Pong;
        audit(
            &state,
            &hook.name,
            Some(&delivery),
            pong.into(),
            "GitHub's ping",
        )
        .await;
        return Ok(ApiJson(HookReceipt {
            task: None,
            ..receipt(pong)
        })
        .into_response());
    }
    if !conditions_hold(&hook, &body) {
        let detail = match serde_json::from_slice::<Value>(&body) {
            Ok(_) => "the body does not meet the hook's conditions",
            Err(_) => "the body is not JSON; the hook's conditions need JSON",
        };
        let ignored = HookOutcome::Ignored;
        audit(&state, &hook.name, Some(&delivery), ignored.into(), detail).await;
        if serde_json::from_slice::<Value>(&body).is_err() {
            return Err(ApiError::validation(detail));
        }
        return Ok(ApiJson(receipt(ignored)).into_response());
    }
    let trigger = Trigger::Hook {
        hook: hook.name.clone(),
        delivery: delivery.clone(),
        body: String::from_utf8_lossy(&body).into_owned(),
    };
    audit(
        &state,
        &hook.name,
        Some(&delivery),
        HookOutcome::Accepted.into(),
        &format!("runs task {}", hook.task),
    )
    .await;
    let (run, _) = state
        .automation
        .start(&hook.task, trigger)
        .await
        .map_err(|e| ApiError::internal(e.to_string()))?;
    Ok((
        StatusCode::ACCEPTED,
        ApiJson(HookReceipt {
            run: Some(run_view(run)),
            ..receipt(HookOutcome::Accepted)
        }),
    )
        .into_response())
}

/// Why a verified delivery's body is not taken, if it is not. The task's run reads the body as
/// text, so it is UTF-8 without a NUL (the text a lossy reading would have made of other bytes
/// is not what was signed); a JSON body (one that says so, or one that parses) passes the strict
/// reader every JSON body passes: a key twice (`{"ref": "refs/heads/main", "ref": "dev"}`) means
/// one thing to the sender's tools and another to the hook's conditions.
fn body_problem(body: &[u8], declares_json: bool) -> Option<String> {
    let Ok(text) = std::str::from_utf8(body) else {
        return Some("the delivery's body is not UTF-8 text".to_owned());
    };
    if text.contains('\0') {
        return Some("the delivery's body holds a NUL byte".to_owned());
    }
    let parses = serde_json::from_slice::<serde::de::IgnoredAny>(body).is_ok();
    if declares_json && !parses {
        let why = serde_json::from_slice::<serde::de::IgnoredAny>(body)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        return Some(format!(
            "the delivery's body says it is JSON (`Content-Type`) but is not: {why}"
        ));
    }
    if !parses {
        return None;
    }
    crate::http::json::holds_nul(body)
        .or_else(|| crate::http::json_keys::repeated_key(body))
        .map(|problem| format!("the delivery's body: {problem}"))
}

fn conditions_hold(hook: &HookConfig, body: &[u8]) -> bool {
    if hook.when.is_empty() {
        return true;
    }
    serde_json::from_slice::<Value>(body)
        .is_ok_and(|json| hooks::conditions_hold(&json, &hook.when))
}
