//! The TypeScript the web app imports (`frontend/src/generated/protocol.ts`) is generated from
//! these types, never written by hand. This test fails when the committed file differs from what
//! the code generates; `make typescript` (UPDATE_TYPESCRIPT=1) regenerates it.

#![allow(clippy::expect_used)]

use std::path::PathBuf;

use ts_rs::{Config, TS};
use warden_protocol::api_keys::{ApiKey, ApiKeyList, CreateApiKeyRequest, CreatedApiKey};
use warden_protocol::auth::{
    AuthMethod, LoginRequest, MeResponse, RefreshRequest, TokenResponse, WsTicketResponse,
};
use warden_protocol::automation::{HookReceipt, Task, TaskList, TaskRun};
use warden_protocol::chat::{
    ApprovalNotice, ApprovalRequired, ApprovalResolved, ChatReply, ChatRequest, ClientMessage,
    ConnectionMessage, Conversation, ConversationDetail, ConversationHistory, ConversationList,
    Message, ModelList, RenameConversation, Run, RunEvent, RunEvents, RunUsage, ServerEvent,
    TokenUsage, Turn,
};
use warden_protocol::fleet::{
    FleetCall, FleetCallError, FleetCallList, FleetCallResult, FleetCallState, Host, HostDisk,
    HostFacts, HostList, HostState,
};
use warden_protocol::guard::{
    Approval, ApprovalList, AuditEntry, AuditPage, AuditVerification, DecideRequest,
    ExplainRequest, Explanation, InvokeRequest, InvokeResult,
};
use warden_protocol::health::{CheckResult, DoctorReport, Health, Readiness};
use warden_protocol::memory::{
    CreateMemoryRequest, MemoryItem, MemoryList, MemorySource, MemoryWrite, RecalledMemoryView,
    RunbookDecision, RunbookProposal, RunbookProposalList, RunbookStep,
};
use warden_protocol::monitor::{
    AlertIntake, FindingView, HistoryPoint, Incident, IncidentDetail, IncidentEventView,
    IncidentList, Levels, MonitorHistory, MonitorStatus, SweepView, TargetHistory, Thresholds,
};
use warden_protocol::readings::{
    AgentReadings, ContainerReading, DiskReading, DockerReading, GpuProcessReading, GpuReading,
    HealthCheckData, HostReading, OllamaModelReading, ProcessReading, RemoteReading, SweepReadings,
};
use warden_protocol::tools::{ToolInfo, ToolList};
use warden_protocol::users::{CreateUserRequest, UpdateUserRequest, User, UserList};
use warden_protocol::{
    AlertStatus, ApprovalStatus, AuditEvent, AuditOutcome, ErrorBody, ErrorCode, ErrorDetail,
    Execution, FindingKind, HealthStatus, HookOutcome, IncidentEventKind, IncidentState,
    MemoryKind, MemorySourceKind, RecallMethod, Risk, Role, Route, RunErrorCode, RunStatus,
    RunbookState, Scope, ScopeSet, Severity, SweepStatus, TaskKind, TaskOutcome, ToolErrorCode,
};

fn generate() -> String {
    // JSON numbers reach a browser as numbers, whatever their width in Rust.
    let cfg = Config::new().with_large_int("number");
    let declarations = [
        // Free-form JSON (tool arguments and outputs).
        <serde_json::Value as TS>::decl(&cfg),
        Scope::decl(&cfg),
        ScopeSet::decl(&cfg),
        ErrorCode::decl(&cfg),
        ErrorDetail::decl(&cfg),
        ErrorBody::decl(&cfg),
        Risk::decl(&cfg),
        Route::decl(&cfg),
        RunStatus::decl(&cfg),
        RunErrorCode::decl(&cfg),
        ToolErrorCode::decl(&cfg),
        ApprovalStatus::decl(&cfg),
        Execution::decl(&cfg),
        Role::decl(&cfg),
        Severity::decl(&cfg),
        SweepStatus::decl(&cfg),
        TaskKind::decl(&cfg),
        RunbookState::decl(&cfg),
        TaskOutcome::decl(&cfg),
        HookOutcome::decl(&cfg),
        FindingKind::decl(&cfg),
        IncidentState::decl(&cfg),
        IncidentEventKind::decl(&cfg),
        MemoryKind::decl(&cfg),
        MemorySourceKind::decl(&cfg),
        RecallMethod::decl(&cfg),
        AuditEvent::decl(&cfg),
        AuditOutcome::decl(&cfg),
        AlertStatus::decl(&cfg),
        HealthStatus::decl(&cfg),
        LoginRequest::decl(&cfg),
        TokenResponse::decl(&cfg),
        RefreshRequest::decl(&cfg),
        AuthMethod::decl(&cfg),
        MeResponse::decl(&cfg),
        WsTicketResponse::decl(&cfg),
        User::decl(&cfg),
        UserList::decl(&cfg),
        CreateUserRequest::decl(&cfg),
        UpdateUserRequest::decl(&cfg),
        ApiKey::decl(&cfg),
        ApiKeyList::decl(&cfg),
        CreateApiKeyRequest::decl(&cfg),
        CreatedApiKey::decl(&cfg),
        ToolInfo::decl(&cfg),
        ToolList::decl(&cfg),
        Health::decl(&cfg),
        CheckResult::decl(&cfg),
        DoctorReport::decl(&cfg),
        Readiness::decl(&cfg),
        ModelList::decl(&cfg),
        ChatRequest::decl(&cfg),
        ApprovalRequired::decl(&cfg),
        ApprovalResolved::decl(&cfg),
        RunEvent::decl(&cfg),
        ServerEvent::decl(&cfg),
        ChatReply::decl(&cfg),
        RunUsage::decl(&cfg),
        TokenUsage::decl(&cfg),
        RunEvents::decl(&cfg),
        Conversation::decl(&cfg),
        ConversationList::decl(&cfg),
        Message::decl(&cfg),
        Run::decl(&cfg),
        ConversationDetail::decl(&cfg),
        Turn::decl(&cfg),
        ConversationHistory::decl(&cfg),
        RenameConversation::decl(&cfg),
        ClientMessage::decl(&cfg),
        ApprovalNotice::decl(&cfg),
        ConnectionMessage::decl(&cfg),
        InvokeRequest::decl(&cfg),
        InvokeResult::decl(&cfg),
        ExplainRequest::decl(&cfg),
        Explanation::decl(&cfg),
        Approval::decl(&cfg),
        ApprovalList::decl(&cfg),
        DecideRequest::decl(&cfg),
        AuditEntry::decl(&cfg),
        AuditPage::decl(&cfg),
        AuditVerification::decl(&cfg),
        FindingView::decl(&cfg),
        SweepView::decl(&cfg),
        Incident::decl(&cfg),
        IncidentEventView::decl(&cfg),
        IncidentDetail::decl(&cfg),
        TargetHistory::decl(&cfg),
        IncidentList::decl(&cfg),
        Levels::decl(&cfg),
        Thresholds::decl(&cfg),
        MonitorStatus::decl(&cfg),
        HistoryPoint::decl(&cfg),
        SweepReadings::decl(&cfg),
        HostReading::decl(&cfg),
        DiskReading::decl(&cfg),
        DockerReading::decl(&cfg),
        ContainerReading::decl(&cfg),
        HealthCheckData::decl(&cfg),
        GpuReading::decl(&cfg),
        GpuProcessReading::decl(&cfg),
        RemoteReading::decl(&cfg),
        ProcessReading::decl(&cfg),
        OllamaModelReading::decl(&cfg),
        MonitorHistory::decl(&cfg),
        AlertIntake::decl(&cfg),
        MemorySource::decl(&cfg),
        MemoryItem::decl(&cfg),
        MemoryList::decl(&cfg),
        CreateMemoryRequest::decl(&cfg),
        MemoryWrite::decl(&cfg),
        RecalledMemoryView::decl(&cfg),
        RunbookStep::decl(&cfg),
        RunbookProposal::decl(&cfg),
        RunbookProposalList::decl(&cfg),
        RunbookDecision::decl(&cfg),
        TaskRun::decl(&cfg),
        Task::decl(&cfg),
        TaskList::decl(&cfg),
        HookReceipt::decl(&cfg),
        HostState::decl(&cfg),
        Host::decl(&cfg),
        HostList::decl(&cfg),
        AgentReadings::decl(&cfg),
        HostFacts::decl(&cfg),
        HostDisk::decl(&cfg),
        FleetCallState::decl(&cfg),
        FleetCallError::decl(&cfg),
        FleetCallResult::decl(&cfg),
        FleetCall::decl(&cfg),
        FleetCallList::decl(&cfg),
    ];
    let mut out = String::from(
        "// Generated from the warden-protocol crate by its typescript test. Do not edit by hand.\n\n",
    );
    for declaration in declarations {
        out.push_str("export ");
        out.push_str(&declaration);
        out.push_str("\n\n");
    }
    out.trim_end().to_owned() + "\n"
}

#[test]
fn committed_typescript_matches_the_protocol() {
    let generated = generate();
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../frontend/src/generated/protocol.ts");
    if std::env::var("UPDATE_TYPESCRIPT").is_ok_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().expect("parent"))
            .expect("create the generated directory");
        std::fs::write(&path, &generated).expect("write protocol.ts");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "frontend/src/generated/protocol.ts is out of date: run `make typescript` and commit it"
    );
}
