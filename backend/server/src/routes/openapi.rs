//! The OpenAPI document, generated from the route annotations and the protocol types.

use axum::Router;
use axum::routing::get;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::http::ApiJson;
use crate::routes::{
    alerts, api_keys, approvals, audit, audit_export, auth, chat, conversations, health, history,
    hooks, hosts, incidents, memories, monitor, policy, runbooks, tasks, tools, users,
};
use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(
    info(title = "Warden API", description = "Warden's REST API. Errors are always `{\"error\":{\"code\",\"message\"}}` (under `/v1/`, OpenAI's shape `{\"error\":{\"message\",\"type\",\"param\",\"code\"}}`); security requirements name the scope each route needs."),
    paths(
        health::healthz, health::readyz, health::metrics,
        auth::login, auth::refresh, auth::logout, auth::me, auth::ws_ticket,
        users::list, users::create, users::show, users::update,
        api_keys::list, api_keys::create, api_keys::revoke,
        tools::list, tools::invoke,
        policy::explain,
        approvals::list, approvals::one, approvals::approve, approvals::deny,
        audit::list, audit::verify, audit_export::export,
        monitor::status, monitor::history, monitor::run,
        incidents::list, incidents::one, incidents::acknowledge, incidents::retry,
        alerts::alertmanager,
        tasks::list, tasks::run, hooks::deliver,
        hosts::list, hosts::calls, hosts::call,
        chat::chat, chat::run, chat::run_events, chat::cancel, chat::models, chat::usage,
        conversations::list, conversations::show, conversations::rename, conversations::remove,
        history::history,
        memories::list, memories::one, memories::create, memories::remove,
        runbooks::list, runbooks::accept, runbooks::reject,
        crate::openai::models, crate::openai::chat_completions,
        crate::mcp::endpoint,
        openapi_json,
    ),
    modifiers(&SecuritySchemes),
)]
pub struct ApiDoc;

struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT or wdn_ API key")
                    .build(),
            ),
        );
        components.add_security_scheme(
            "api_key",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::new("X-API-Key"))),
        );
    }
}

pub fn document() -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    doc.info.version = env!("CARGO_PKG_VERSION").to_owned();
    doc
}

pub fn router() -> Router<AppState> {
    Router::new().route("/api/v1/openapi.json", get(openapi_json))
}

/// This document.
#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "meta", responses((status = 200, description = "The OpenAPI 3.1 document")))]
pub async fn openapi_json() -> ApiJson<utoipa::openapi::OpenApi> {
    ApiJson(document())
}
