//! `GET /api/v1/audit/export/{format}`: the audit rows a filter selects, as a CSV or JSON file to
//! download (administrators). Bounded: at most 10,000 rows, newest first, read in pages.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use warden_protocol::guard::{AuditEntry, AuditPage};
use warden_protocol::{Risk, Route};

use crate::auth::Require;
use crate::auth::principal::scopes;
use crate::http::ApiError;
use crate::http::ApiQuery;
use crate::routes::audit::{AuditParams, entry_view};
use crate::state::AppState;

/// The most rows one export holds.
pub const MAX_EXPORT_ROWS: i64 = 10_000;
const PAGE: i64 = 1000;

/// The CSV header, in the column order of every row.
const COLUMNS: [&str; 13] = [
    "seq",
    "at",
    "actor",
    "event",
    "tool",
    "arguments",
    "risk",
    "route",
    "approval_id",
    "outcome",
    "detail",
    "duration_ms",
    "hash",
];

/// A cell a spreadsheet would read as a formula gets a leading apostrophe, so opening the file
/// never runs what an actor put in a tool's arguments or a detail.
fn cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

fn csv_file(entries: &[AuditEntry]) -> Result<Vec<u8>, ApiError> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(COLUMNS).map_err(ApiError::internal)?;
    for e in entries {
        writer
            .write_record([
                e.seq.to_string(),
                e.at.to_string(),
                cell(&e.actor),
                cell(e.event.as_str()),
                cell(&e.tool),
                cell(&e.arguments.to_string()),
                cell(e.risk.map_or("", Risk::as_str)),
                cell(e.route.map_or("", Route::as_str)),
                cell(e.approval_id.as_deref().unwrap_or_default()),
                cell(e.outcome.as_str()),
                cell(&e.detail),
                e.duration_ms.to_string(),
                e.hash.clone(),
            ])
            .map_err(ApiError::internal)?;
    }
    writer.into_inner().map_err(ApiError::internal)
}

/// The rows the filters select as a file: `csv` (a header, then one row per entry; times in
/// Unix seconds, arguments as JSON) or `json` (`{"entries": [...]}` as `GET /api/v1/audit`
/// answers). `limit` defaults to and is at most 10,000.
#[utoipa::path(get, path = "/api/v1/audit/export/{format}", tag = "audit",
    params(("format" = String, Path, description = "`csv` or `json`"), AuditParams),
    security(("bearer" = ["admin"]), ("api_key" = ["admin"])),
    responses((status = 200, description = "The file, with Content-Disposition: attachment"),
        (status = 403, body = warden_protocol::ErrorBody), (status = 404, body = warden_protocol::ErrorBody),
        (status = 422, body = warden_protocol::ErrorBody)))]
pub async fn export(
    State(state): State<AppState>,
    Require(..): Require<scopes::Admin>,
    Path(format): Path<String>,
    ApiQuery(params): ApiQuery<AuditParams>,
) -> Result<Response, ApiError> {
    if format != "csv" && format != "json" {
        return Err(ApiError::not_found("export format (csv or json)"));
    }
    let mut query = params.query(MAX_EXPORT_ROWS, MAX_EXPORT_ROWS)?;
    let mut left = query.limit;
    let mut entries = Vec::new();
    while left > 0 {
        query.limit = left.min(PAGE);
        let page = state.store.list_audit(&query).await?;
        let full = i64::try_from(page.len()).unwrap_or(0) == query.limit;
        left -= i64::try_from(page.len()).unwrap_or(left);
        query.before_seq = page.last().map(|r| r.seq);
        entries.extend(page.into_iter().map(entry_view));
        if !full {
            break;
        }
    }
    let (body, content_type) = if format == "csv" {
        (csv_file(&entries)?, "text/csv; charset=utf-8")
    } else {
        (
            serde_json::to_vec(&AuditPage { entries }).map_err(ApiError::internal)?,
            "application/json",
        )
    };
    let disposition = format!("attachment; filename=\"warden-audit.{format}\"");
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused_and_fields_quoted() {
        let entry = AuditEntry {
            seq: 7,
            at: 1_700_000_000,
            actor: "user:ops".to_owned(),
            event: warden_protocol::AuditEvent::Execution,
            tool: "run_command".to_owned(),
            arguments: serde_json::json!({"command": "echo \"a,b\""}),
            risk: Some(warden_protocol::Risk::Low),
            route: Some(warden_protocol::Route::Run),
            approval_id: None,
            outcome: warden_protocol::AuditOutcome::Ok,
            detail: "=HYPERLINK(\"x\")".to_owned(),
            duration_ms: 12,
            hash: "ab".to_owned(),
        };
        let text = String::from_utf8(csv_file(&[entry]).unwrap()).unwrap();
        assert_eq!(
            text,
            "seq,at,actor,event,tool,arguments,risk,route,approval_id,outcome,detail,duration_ms,hash\n\
             7,1700000000,user:ops,execution,run_command,\"{\"\"command\"\":\"\"echo \\\"\"a,b\\\"\"\"\"}\",low,run,,ok,\"'=HYPERLINK(\"\"x\"\")\",12,ab\n"
        );
    }
}
