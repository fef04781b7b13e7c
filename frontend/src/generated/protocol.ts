// Generated from the warden-protocol crate by its typescript test. Do not edit by hand.

export type JsonValue = number | string | boolean | Array<JsonValue> | { [key in string]: JsonValue } | null;

export type Scope = "read" | "write" | "execute" | "approve" | "admin";

export type ScopeSet = Array<Scope>;

export type ErrorCode = "invalid_json" | "validation_failed" | "unsupported_media_type" | "invalid_parameter" | "unauthenticated" | "invalid_credentials" | "forbidden" | "refused" | "not_found" | "method_not_allowed" | "conflict" | "payload_too_large" | "uri_too_long" | "headers_too_large" | "malformed_request" | "rate_limited" | "login_locked" | "token_budget_exceeded" | "timeout" | "unavailable" | "internal";

export type ErrorDetail = { code: ErrorCode, 
/**
 * A sentence for people: what was wrong and, where it helps, what to do.
 */
message: string, };

export type ErrorBody = { error: ErrorDetail, };

export type Risk = "low" | "medium" | "high" | "forbidden" | "unknown";

export type Route = "run" | "sandbox" | "approval" | "refused";

export type RunStatus = "running" | "awaiting_approval" | "complete" | "error" | "cancelled" | "interrupted";

export type RunErrorCode = "llm_unreachable" | "llm_timeout" | "llm_error_status" | "llm_protocol" | "llm_context_overflow" | "llm_empty_answer" | "llm_not_configured" | "llm_circuit_open" | "unknown_model" | "stuck" | "max_iterations" | "run_deadline" | "token_budget_exceeded" | "interrupted" | "storage_unavailable" | "internal" | "session_ended";

export type ToolErrorCode = "invalid_arguments" | "not_found" | "refused" | "unavailable" | "timeout" | "failed" | "unknown_tool" | "forbidden" | "denied" | "expired" | "approvals_unavailable" | "audit_unavailable" | "cancelled" | "llm_unreachable" | "llm_timeout" | "llm_error_status" | "llm_protocol" | "llm_context_overflow" | "llm_empty_answer" | "llm_not_configured" | "llm_circuit_open" | "unknown_model" | "stuck" | "max_iterations" | "run_deadline" | "token_budget_exceeded" | "interrupted" | "storage_unavailable" | "internal" | "session_ended";

export type ApprovalStatus = "pending" | "approved" | "denied" | "expired" | "withdrawn";

export type Execution = "running" | "done" | "interrupted";

export type Role = "user" | "assistant" | "tool";

export type Severity = "warning" | "critical";

export type SweepStatus = "ok" | "warning" | "critical" | "unknown";

export type TaskKind = "tool" | "steps" | "prompt";

export type RunbookState = "proposed" | "accepted" | "rejected";

export type TaskOutcome = "running" | "done" | "failed" | "refused" | "denied" | "skipped" | "interrupted";

export type HookOutcome = "accepted" | "ignored" | "pong";

export type FindingKind = "host_unreachable" | "disk_full" | "load_high" | "memory_low" | "gpu_hot" | "gpu_memory_full" | "gpu_ecc" | "gpu_throttled" | "gpu_lost" | "gpu_fault" | "docker_unreachable" | "container_exited" | "container_unhealthy" | "container_restarting" | "process_runaway" | "ollama_stuck" | "alert";

export type IncidentState = "open" | "repairing" | "awaiting_approval" | "resolved" | "failed" | "escalated";

export type IncidentEventKind = "detected" | "action" | "approval" | "verification" | "outcome" | "escalated" | "acknowledged" | "note";

export type MemoryKind = "fact" | "note" | "procedure" | "preference" | "summary" | "repair";

export type MemorySourceKind = "tool" | "chat" | "summary" | "repair" | "api" | "import";

export type RecallMethod = "semantic" | "lexical" | "unavailable";

export type AuditEvent = "decision" | "execution" | "approval_requested" | "approval_decided" | "approval_expired" | "approval_withdrawn" | "task_run" | "hook_delivery" | "incident_acknowledged" | "incident_retry";

export type AuditOutcome = "run" | "sandbox" | "approval" | "refused" | "pending" | "approved" | "denied" | "expired" | "withdrawn" | "ok" | "failed" | "invalid_arguments" | "not_found" | "unavailable" | "timeout" | "unknown_tool" | "forbidden" | "approvals_unavailable" | "audit_unavailable" | "cancelled" | "llm_unreachable" | "llm_timeout" | "llm_error_status" | "llm_protocol" | "llm_context_overflow" | "llm_empty_answer" | "llm_not_configured" | "llm_circuit_open" | "unknown_model" | "stuck" | "max_iterations" | "run_deadline" | "token_budget_exceeded" | "interrupted" | "storage_unavailable" | "internal" | "session_ended" | "started" | "running" | "done" | "skipped" | "accepted" | "ignored" | "pong" | "replayed";

export type AlertStatus = "firing" | "resolved";

export type HealthStatus = "ok";

export type LoginRequest = { username: string, password: string, };

export type TokenResponse = { access_token: string, 
/**
 * Always `Bearer`.
 */
token_type: string, 
/**
 * Seconds until the access token expires.
 */
expires_in: number, 
/**
 * Single use: every refresh returns a new one and retires this one.
 */
refresh_token: string, 
/**
 * Seconds until the refresh token expires.
 */
refresh_expires_in: number, scopes: ScopeSet, };

export type RefreshRequest = { refresh_token: string, };

export type AuthMethod = "session" | "api_key";

export type MeResponse = { user_id: string, username: string, 
/**
 * The scopes this credential carries (an API key's may be fewer than its owner's).
 */
scopes: ScopeSet, auth_method: AuthMethod, 
/**
 * Set when the caller authenticated with an API key.
 */
api_key_id: string | null, };

export type WsTicketResponse = { ticket: string, 
/**
 * Seconds until the ticket expires unused.
 */
expires_in: number, };

export type User = { id: string, username: string, scopes: ScopeSet, disabled: boolean, 
/**
 * Unix seconds.
 */
created_at: number, };

export type UserList = { users: Array<User>, };

export type CreateUserRequest = { username: string, password: string, scopes: ScopeSet, };

export type UpdateUserRequest = { password: string | null, scopes: ScopeSet | null, 
/**
 * Disabling a user ends every session and API key of theirs at once.
 */
disabled: boolean | null, };

export type ApiKey = { id: string, name: string, 
/**
 * `wdn_` and the first characters of the secret.
 */
prefix: string, scopes: ScopeSet, 
/**
 * Unix seconds.
 */
created_at: number, expires_at: number | null, last_used_at: number | null, revoked_at: number | null, };

export type ApiKeyList = { api_keys: Array<ApiKey>, };

export type CreateApiKeyRequest = { name: string, 
/**
 * Must be a subset of the caller's own scopes.
 */
scopes: ScopeSet, 
/**
 * Lifetime in seconds; absent means the key never expires.
 */
expires_in_seconds: number | null, };

export type CreatedApiKey = { id: string, 
/**
 * `wdn_` followed by 43 characters; store it now, it cannot be shown again.
 */
key: string, api_key: ApiKey, };

export type ToolInfo = { name: string, description: string, 
/**
 * JSON Schema of the arguments.
 */
parameters: JsonValue, 
/**
 * The scope needed to run it.
 */
scope: Scope, 
/**
 * `read_only`, `mutating` or `destructive`: the base of its risk.
 */
effect: string, 
/**
 * Whether it can run inside the gVisor sandbox.
 */
sandboxable: boolean, timeout_secs: number, };

export type ToolList = { tools: Array<ToolInfo>, };

export type Health = { status: HealthStatus, version: string, };

export type CheckResult = { name: string, ok: boolean, 
/**
 * Whether readiness depends on it (in `warden doctor`: whether its failure fails the
 * report). The sandbox is not required for readiness: without it medium-risk calls wait for
 * approval instead (fail closed), and the check says so.
 */
required: boolean, 
/**
 * What the check saw, in one line.
 */
detail: string, };

export type DoctorReport = { 
/**
 * No required check failed.
 */
ok: boolean, checks: Array<CheckResult>, };

export type Readiness = { ready: boolean, checks: Array<CheckResult>, 
/**
 * The preflight checks of `warden doctor`, for a caller with the `admin` scope; `null` for
 * everyone else. They do not decide `ready`.
 */
doctor: DoctorReport | null, };

export type ModelList = { models: Array<string>, };

export type ChatRequest = { 
/**
 * What the operator asks (1 to 32,000 characters).
 */
message: string, 
/**
 * Continue this conversation; absent starts a new one.
 */
conversation_id: string | null, 
/**
 * A model of the catalogue, or `auto` (the default).
 */
model: string | null, };

export type ApprovalRequired = { approval_id: string, call_id: string, tool: string, arguments: JsonValue, 
/**
 * The hash the approval is bound to (tool and canonical arguments).
 */
arguments_hash: string, risk: Risk, rule: string, justification: string, expires_at: number, };

export type ApprovalResolved = { approval_id: string, call_id: string, 
/**
 * `approved` (the call runs next), `denied`, `expired` or `withdrawn`.
 */
decision: ApprovalStatus, decided_by: string | null, reason: string | null, };

export type RunEvent = { "type": "run_started", conversation_id: string, } | { "type": "memories_recalled", memories: Array<RecalledMemoryView>, note: string | null, } | { "type": "thinking", text: string, } | { "type": "tool_call", call_id: string, name: string, arguments: JsonValue, risk: Risk, route: Route, } | { "type": "tool_result", call_id: string, name: string, ok: boolean, output: string, truncated: boolean, error_code: ToolErrorCode | null, } | { "type": "approval_required" } & ApprovalRequired | { "type": "approval_resolved" } & ApprovalResolved | { "type": "answer_delta", text: string, } | { "type": "complete", answer: string, model: string | null, } | { "type": "error", code: RunErrorCode, message: string, } | { "type": "cancelled", };

export type ServerEvent = { run_id: string, seq: number, } & ({ "type": "run_started", conversation_id: string, } | { "type": "memories_recalled", memories: Array<RecalledMemoryView>, note: string | null, } | { "type": "thinking", text: string, } | { "type": "tool_call", call_id: string, name: string, arguments: JsonValue, risk: Risk, route: Route, } | { "type": "tool_result", call_id: string, name: string, ok: boolean, output: string, truncated: boolean, error_code: ToolErrorCode | null, } | { "type": "approval_required" } & ApprovalRequired | { "type": "approval_resolved" } & ApprovalResolved | { "type": "answer_delta", text: string, } | { "type": "complete", answer: string, model: string | null, } | { "type": "error", code: RunErrorCode, message: string, } | { "type": "cancelled", });

export type ChatReply = { conversation_id: string, run_id: string, 
/**
 * `complete`, `error`, `cancelled` or `interrupted` once the run has ended; `running` or
 * `awaiting_approval` while it goes on (then follow it with `GET /api/v1/runs/{id}`).
 */
status: RunStatus, answer: string | null, 
/**
 * The error code when the run ended with an error.
 */
error_code: RunErrorCode | null, events: Array<ServerEvent>, 
/**
 * Approvals the run waits for: decide them with `POST /api/v1/approvals/{id}/approve`.
 */
pending_approvals: Array<ApprovalRequired>, 
/**
 * Tokens the run's model calls used so far.
 */
usage: RunUsage, };

export type RunUsage = { model_calls: number, prompt_tokens: number, completion_tokens: number, 
/**
 * Calls whose usage is Warden's estimate.
 */
estimated_calls: number, };

export type TokenUsage = { 
/**
 * Unix seconds of the day's start (UTC midnight); budgets renew at the next one.
 */
day_start: number, 
/**
 * Everything the user spent today, in chats and through their API keys.
 */
user_tokens: number, 
/**
 * The user's daily budget, if any.
 */
user_budget: number | null, 
/**
 * What the calling API key spent today (absent for session callers).
 */
api_key_tokens: number | null, api_key_budget: number | null, };

export type RunEvents = { run_id: string, status: RunStatus, events: Array<ServerEvent>, };

export type Conversation = { id: string, title: string, 
/**
 * Unix seconds.
 */
created_at: number, updated_at: number, };

export type ConversationList = { conversations: Array<Conversation>, };

export type Message = { 
/**
 * `user`, `assistant` or `tool`.
 */
role: Role, content: string, 
/**
 * The calls an assistant message made.
 */
tool_calls: JsonValue, tool_call_id: string | null, tool_name: string | null, run_id: string | null, created_at: number, };

export type Run = { id: string, 
/**
 * `running`, `complete`, `error`, `cancelled` or `interrupted` (the server stopped mid-run).
 */
status: RunStatus, model: string | null, answer: string | null, error_code: RunErrorCode | null, created_at: number, finished_at: number | null, };

export type ConversationDetail = { conversation: Conversation, messages: Array<Message>, runs: Array<Run>, };

export type Turn = { run: Run, 
/**
 * What the operator asked (absent if the message could not be found).
 */
question: string | null, 
/**
 * The run's events in order. A run that has ended leaves out its `answer_delta` pieces
 * (its `thinking` and `complete` events hold the same text whole); a running run has them
 * all, so a client follows it on with `subscribe` after the last `seq`.
 */
events: Array<ServerEvent>, 
/**
 * The approvals the run asked for, with who decided them and when.
 */
approvals: Array<Approval>, };

export type ConversationHistory = { conversation: Conversation, turns: Array<Turn>, 
/**
 * True when older turns were left out (the history holds the latest `limit`).
 */
truncated: boolean, };

export type RenameConversation = { title: string, };

export type ClientMessage = { "type": "message", conversation_id: string | null, message: string, model: string | null, } | { "type": "cancel", run_id: string, } | { "type": "approve", approval_id: string, reason: string | null, } | { "type": "deny", approval_id: string, reason: string | null, } | { "type": "subscribe", run_id: string, after_seq: number | null, } | { "type": "ping", } | { "type": "watch_approvals", };

export type ApprovalNotice = { id: string, tool: string, risk: Risk, 
/**
 * `user:NAME`, `api_key:ID`, `monitor` or `monitor:model`.
 */
requested_by: string, justification: string, expires_at: number, };

export type ConnectionMessage = { "type": "pong", } | { "type": "approval_decided", approval_id: string, 
/**
 * `approved` or `denied`.
 */
status: ApprovalStatus, } | { "type": "approvals", pending: number, added: Array<ApprovalNotice>, } | { "type": "error", code: string, message: string, };

export type InvokeRequest = { 
/**
 * The tool's arguments, matching its schema.
 */
args: JsonValue, };

export type InvokeResult = { tool: string, risk: Risk, 
/**
 * `run` or `sandbox`.
 */
route: Route, ok: boolean, output: string, data: JsonValue, truncated: boolean, 
/**
 * Set when the tool failed or refused its arguments (`invalid_arguments`, `not_found`...).
 */
error_code: ToolErrorCode | null, duration_ms: number, };

export type ExplainRequest = { tool: string, args: JsonValue, };

export type Explanation = { tool: string, 
/**
 * `low`, `medium`, `high`, `forbidden`, or `unknown` for a tool that does not exist.
 */
risk: Risk, 
/**
 * `run`, `sandbox`, `approval` or `refused`.
 */
route: Route, 
/**
 * The rule that decided: a policy rule's id, `tools.NAME`, `effects.EFFECT`,
 * `command-classifier`, `model-request`, `scope` or `unknown-tool`.
 */
rule: string, justification: string, 
/**
 * For refusals: what to do instead.
 */
alternative: string | null, 
/**
 * Why the route differs from the level's usual one.
 */
notes: Array<string>, };

export type Approval = { id: string, tool: string, 
/**
 * Exactly what runs once approved (secrets redacted here).
 */
arguments: JsonValue, 
/**
 * SHA-256 of the tool and its canonical arguments; an approval may echo it back.
 */
arguments_hash: string, risk: Risk, rule: string, justification: string, 
/**
 * `user:NAME`, `api_key:ID` or `monitor`.
 */
requested_by: string, 
/**
 * `pending`, `approved`, `denied`, `expired` or `withdrawn`.
 */
status: ApprovalStatus, created_at: number, expires_at: number, decided_by: string | null, decided_at: number | null, reason: string | null, 
/**
 * After approval: `running`, `done` or `interrupted`.
 */
execution: Execution | null, 
/**
 * What the approved call produced: `{ok, output, error_code, duration_ms}`.
 */
outcome: JsonValue | null, 
/**
 * The chat run that asked, if one did.
 */
run_id: string | null, 
/**
 * That run's conversation (only its owner can open it).
 */
conversation_id: string | null, 
/**
 * The incident whose repair asked, if one did.
 */
incident_id: string | null, };

export type ApprovalList = { approvals: Array<Approval>, };

export type DecideRequest = { reason: string | null, arguments_hash: string | null, };

export type AuditEntry = { seq: number, at: number, 
/**
 * `user:NAME`, `api_key:ID` or `monitor`.
 */
actor: string, event: AuditEvent, tool: string, 
/**
 * Secrets redacted.
 */
arguments: JsonValue, 
/**
 * The call's risk; none for an event that is not a tool call (a task run, a webhook
 * delivery, an incident acknowledgement).
 */
risk: Risk | null, 
/**
 * The call's route; none for an event that is not a tool call.
 */
route: Route | null, approval_id: string | null, outcome: AuditOutcome, detail: string, duration_ms: number, hash: string, };

export type AuditPage = { entries: Array<AuditEntry>, };

export type AuditVerification = { ok: boolean, 
/**
 * Rows checked (all of them when `ok`).
 */
rows: number, broken_at: number | null, reason: string | null, };

export type FindingView = { fingerprint: string, kind: FindingKind, target: string, severity: Severity, summary: string, 
/**
 * Whether a runbook may repair it.
 */
repairable: boolean, };

export type SweepView = { id: string, at: number, 
/**
 * `interval`, `manual`, `alert`, `event:ACTION:CONTAINER` or `check`. A string, not an
 * enum: a Docker event's trigger carries the action and the container it names.
 */
trigger: string, 
/**
 * `ok`, `warning` or `critical`.
 */
status: SweepStatus, 
/**
 * Host, disks, Docker containers and GPUs as read.
 */
readings: JsonValue, findings: Array<FindingView>, 
/**
 * Incidents this sweep opened. Each incident the sweep acted on is also listed once, under
 * the state the sweep left it in (the lists below).
 */
opened: Array<string>, 
/**
 * A repair ran and is being verified (state `repairing`).
 */
repairing: Array<string>, 
/**
 * A repair waits for a human's approval (state `awaiting_approval`).
 */
awaiting_approval: Array<string>, 
/**
 * A repair failed or did not hold; retried on the backoff schedule (state `open`).
 */
retrying: Array<string>, 
/**
 * A repair verified as held: the incident is resolved (an alert's stays open until
 * Alertmanager resolves it).
 */
repaired: Array<string>, 
/**
 * Closed as `resolved`.
 */
resolved: Array<string>, 
/**
 * Closed as `failed` (the container is gone, not repaired).
 */
failed: Array<string>, 
/**
 * Escalated to a human (budget spent, repair forbidden or denied, flapping).
 */
escalated: Array<string>, duration_ms: number, };

export type Incident = { id: string, fingerprint: string, kind: FindingKind, target: string, severity: Severity, state: IncidentState, summary: string, occurrences: number, opened_at: number, updated_at: number, closed_at: number | null, 
/**
 * Who last acknowledged it (`user:NAME`), and when.
 */
acknowledged_by: string | null, acknowledged_at: number | null, };

export type IncidentEventView = { at: number, seq: number, kind: IncidentEventKind, detail: string, };

export type IncidentDetail = { incident: Incident, timeline: Array<IncidentEventView>, };

export type TargetHistory = { fingerprint: string, kind: FindingKind, target: string, incidents: number, last_opened_at: number, };

export type IncidentList = { incidents: Array<Incident>, 
/**
 * Incidents opened per fingerprint in the time range asked for (whatever the state and
 * severity filters), the most first, at most 100.
 */
targets: Array<TargetHistory>, };

export type Levels = { warning: number, critical: number, };

export type Thresholds = { 
/**
 * Percent of a filesystem used.
 */
disk_percent: Levels, 
/**
 * Five-minute load per core.
 */
load_per_core: Levels, 
/**
 * Percent of memory in use.
 */
memory_percent: Levels, gpu_temperature_c: Levels, gpu_memory_percent: Levels, };

export type MonitorStatus = { 
/**
 * `ok`, `warning`, `critical`, or `unknown` before the first sweep.
 */
status: SweepStatus, last_sweep_at: number | null, interval_secs: number, readings: JsonValue, incidents: Array<Incident>, 
/**
 * The levels findings are judged by, for drawing them on charts.
 */
thresholds: Thresholds, };

export type HistoryPoint = { at: number, status: SweepStatus, readings: JsonValue, };

export type SweepReadings = { host: HostReading | null, disks: Array<DiskReading>, docker: DockerReading, gpus: Array<GpuReading>, 
/**
 * Hosts reached over SSH, and fleet agents.
 */
remote: Array<RemoteReading>, 
/**
 * The busiest processes, when the runaway runbook is on.
 */
processes?: Array<ProcessReading>, 
/**
 * Models Ollama holds in memory, when the stuck-model runbook is on.
 */
ollama?: Array<OllamaModelReading>, 
/**
 * Probes that could not read, with why.
 */
errors: Array<string>, };

export type HostReading = { cpus: number, 
/**
 * Five-minute load per core.
 */
load_per_core: number, 
/**
 * Percent of memory in use, one decimal.
 */
memory_used_percent: number, memory_total_bytes: number | null, };

export type DiskReading = { mount_point: string, 
/**
 * Percent used as `df` computes it: used / (used + available), rounded up.
 */
used_percent: number, available_bytes: number, 
/**
 * Percent of the filesystem's size that ordinary users cannot use, (size - available) /
 * size, when it differs from `used_percent` by a point or more (blocks reserved for root).
 */
unavailable_percent?: number, 
/**
 * The filesystem's type as the kernel names it (`ext4`, `xfs`, `tmpfs`), when the reading
 * has it: what fills the mount decides which repair fits (a full `tmpfs` frees nothing when
 * Docker is pruned).
 */
filesystem?: string, };

export type DockerReading = { reachable: boolean, error: string | null, containers: Array<ContainerReading>, };

export type ContainerReading = { name: string, 
/**
 * created, running, restarting, exited, paused, dead: Docker's own word, kept as Docker
 * spells it (a newer daemon may add one), so a `String`.
 */
state: string, 
/**
 * As `docker ps` writes it: free text.
 */
status: string, 
/**
 * healthy, unhealthy, starting, or None without a health check (Docker's word, a `String`).
 */
health: string | null, 
/**
 * The exit code of a stopped container (`Exited (N) ...`).
 */
exit_code: number | null, autoheal: boolean, 
/**
 * Whether the kernel killed its last run for memory (meaningful once it has stopped: Docker
 * keeps the flag while a restarted container runs).
 */
oom_killed: boolean, 
/**
 * Restarts by Docker's restart policy since the container was created.
 */
restart_count: number | null, 
/**
 * When its current (or last) run started, as Docker writes it (RFC 3339).
 */
started_at: string | null, 
/**
 * When its last run ended, as Docker writes it (RFC 3339), when it is stopped and that was
 * read: an exit long after the monitor began following Docker's events had its stop
 * signal, if any, seen.
 */
finished_at?: string, 
/**
 * The signal `docker stop` sends it (its `StopSignal`, `SIGINT`); None: SIGTERM.
 */
stop_signal?: string, 
/**
 * How long `docker stop` waits after its signal before SIGKILL, in seconds (its
 * `StopTimeout`; -1: forever), when it sets one and that was read (Docker waits 10 s
 * otherwise): a stop signal comes at most that long before the exit it causes.
 */
stop_timeout_secs?: number, 
/**
 * Whether it has a terminal (`docker run -t`), when that was read: Ctrl-C at its
 * terminal ends its program by SIGINT (exit 130) with no signal Docker records.
 */
tty?: boolean, 
/**
 * Docker's restart policy for it (`always`, `unless-stopped`, `on-failure`, `no`; with a
 * retry limit as `docker run` spells it, `on-failure:3`), when read: whether Docker
 * restarts it itself after an exit.
 */
restart_policy?: string, 
/**
 * Its health check's settings, when it has one and they were read: how long its health
 * may stay `starting` before that is a fault.
 */
health_check?: HealthCheckData, };

export type HealthCheckData = { 
/**
 * Between two checks (`--health-interval`).
 */
interval_secs?: number, 
/**
 * How long one check may run (`--health-timeout`).
 */
timeout_secs?: number, 
/**
 * How long after a start failures do not count (`--health-start-period`).
 */
start_period_secs?: number, 
/**
 * Failures in a row that make it unhealthy (`--health-retries`).
 */
retries?: number, };

export type GpuReading = { index: number, name: string, temperature_c: number | null, memory_used_percent: number | null, utilization_percent: number | null, ecc_uncorrected: number | null, throttle_reasons: Array<string>, power_w: number | null, 
/**
 * Processes using the GPU.
 */
processes: number, 
/**
 * The one using the most of its memory.
 */
top_process?: GpuProcessReading, 
/**
 * Why it is lost, when it is: NVML could not read it (`GPU is lost`, `Unable to determine
 * the device handle`), or a GPU an earlier sweep read is missing from NVML's count.
 */
lost?: string, 
/**
 * Critical XID errors since Warden began watching it, when NVML delivers them.
 */
xid_critical_errors?: number, 
/**
 * The code of the latest critical XID error.
 */
xid_last?: number, 
/**
 * Whether memory pages wait for a reset to be retired, when read.
 */
retired_pages_pending?: boolean, };

export type GpuProcessReading = { pid: number, used_memory_bytes: number, };

export type RemoteReading = { host: string, 
/**
 * True for a fleet agent, whose runbooks run on it (its tool calls carry `host`); false for
 * a host read over SSH, whose faults are reported and escalated only.
 */
agent: boolean, reachable: boolean, error: string | null, load_per_core: number | null, memory_used_percent: number | null, disks: Array<DiskReading>, };

export type ProcessReading = { pid: number, name: string, 
/**
 * Percent of one core.
 */
cpu_percent: number, memory_bytes: number, };

export type OllamaModelReading = { name: string, size_vram: number, 
/**
 * When Ollama means to unload it (Unix seconds); None: kept loaded for good.
 */
expires_at: number | null, };

export type MonitorHistory = { points: Array<HistoryPoint>, };

export type AlertIntake = { opened: Array<string>, 
/**
 * Incidents that were open already (a repeated delivery).
 */
repeated: Array<string>, resolved: Array<string>, 
/**
 * The delivery's alerts that did not read, each as `alerts[INDEX]: why` or
 * `alerts[INDEX].FIELD: why` (index as sent): left out, while the others were taken.
 * Empty when every alert read.
 */
unread: Array<string>, 
/**
 * Fields of the delivery's alerts sent as another JSON type, each as
 * `alerts[INDEX].FIELD: ...`: read where the meaning is clear (a number as a fingerprint's
 * text, as a Unix time), left out otherwise (a label that is a list); the alert is taken
 * either way. Absent when there were none.
 */
notes?: Array<string>, };

export type MemorySource = { kind: MemorySourceKind, 
/**
 * The conversation (chat, summary) or incident (repair) it came from.
 */
reference: string | null, };

export type MemoryItem = { id: string, kind: MemoryKind, content: string, tags: Array<string>, 
/**
 * Shared operational knowledge (every user's agent may recall it) or the caller's own.
 */
shared: boolean, 
/**
 * A user id, or `monitor`.
 */
created_by: string, 
/**
 * Unix seconds.
 */
created_at: number, source: MemorySource, 
/**
 * Search results only: how close it is to the query (cosine, or a word score).
 */
score: number | null, };

export type MemoryList = { memories: Array<MemoryItem>, 
/**
 * Searches only: how the search ranked.
 */
method: RecallMethod | null, 
/**
 * Why the search could not do its best (no embeddings, ChromaDB unreachable).
 */
note: string | null, };

export type CreateMemoryRequest = { 
/**
 * What to remember (1 to `memory.max_content_chars` characters, 4,000 by default).
 */
content: string, 
/**
 * `fact`, `note` (default), `procedure` or `preference`; Warden's own kinds (`summary`,
 * `repair`) are refused.
 */
kind: MemoryKind | null, 
/**
 * Up to 10 tags of 1 to 40 characters without spaces.
 */
tags: Array<string>, 
/**
 * Shared with every user (needs `admin`); private to the caller by default.
 */
shared: boolean, };

export type MemoryWrite = { memory: MemoryItem, note: string | null, };

export type RecalledMemoryView = { id: string, kind: MemoryKind, content: string, shared: boolean, score: number, };

export type RunbookStep = { tool: string, arguments: JsonValue, };

export type RunbookProposal = { id: string, 
/**
 * The kind of incident it repairs.
 */
kind: FindingKind, steps: Array<RunbookStep>, summary: string, 
/**
 * How many times the fix held.
 */
held_count: number, 
/**
 * `proposed`, `accepted` (the monitor runs it, through the guard, within budgets) or
 * `rejected`.
 */
state: RunbookState, proposed_at: number, decided_by: string | null, decided_at: number | null, reason: string | null, };

export type RunbookProposalList = { proposals: Array<RunbookProposal>, };

export type RunbookDecision = { 
/**
 * Why (at most 1,000 characters).
 */
reason: string | null, };

export type TaskRun = { id: string, 
/**
 * When it started (Unix seconds).
 */
at: number, 
/**
 * `running`, `done`, `failed`, `refused` (the policy or the owner's scopes said no),
 * `denied` (an approval was denied or expired), `skipped` (a run was in flight) or
 * `interrupted` (the server stopped).
 */
outcome: TaskOutcome, 
/**
 * `schedule`, `manual:ACTOR` or `hook:NAME`. A string, not an enum: it carries who asked
 * or which hook delivered.
 */
trigger: string, 
/**
 * What each step did, or why the run ended so.
 */
detail: string, finished_at: number | null, };

export type Task = { name: string, 
/**
 * The cron schedule (five fields, or six with seconds first; UTC), or null for a task
 * that runs only on demand and from hooks.
 */
schedule: string | null, 
/**
 * The user it runs as.
 */
owner: string, 
/**
 * `tool` (one call), `steps` (calls in order) or `prompt`.
 */
kind: TaskKind, 
/**
 * The tools it calls, in order (none for a prompt).
 */
tools: Array<string>, 
/**
 * When the schedule runs it next (Unix seconds).
 */
next_at: number | null, 
/**
 * The latest runs, newest first (at most 10).
 */
runs: Array<TaskRun>, };

export type TaskList = { tasks: Array<Task>, };

export type HookReceipt = { hook: string, delivery: string, 
/**
 * `accepted` (the task's run started), `ignored` (the body does not meet the hook's `when`
 * conditions) or `pong` (GitHub's ping).
 */
outcome: HookOutcome, task: string | null, run: TaskRun | null, };

export type HostState = "online" | "offline";

export type Host = { 
/**
 * The agent's name; tools take it as `"host": NAME`.
 */
name: string, state: HostState, 
/**
 * Unix seconds of the agent's last message (heartbeat, registration or readings).
 */
last_seen_at: number | null, 
/**
 * What the agent registered; null until its registration arrives.
 */
facts: HostFacts | null, 
/**
 * The agent's Warden version.
 */
agent_version: string | null, 
/**
 * Unix seconds the agent started.
 */
started_at: number | null, 
/**
 * The agent's last readings; null before the first.
 */
readings: AgentReadings | null, };

export type HostList = { hosts: Array<Host>, };

export type AgentReadings = { 
/**
 * Unix seconds the agent read them.
 */
taken_at: number, 
/**
 * Five-minute load divided by cores.
 */
load_per_core: number | null, 
/**
 * Percent of memory in use (total less available).
 */
memory_used_percent: number | null, disks: Array<DiskReading>, };

export type HostFacts = { 
/**
 * `PRETTY_NAME` of `/etc/os-release`, or `linux`.
 */
os: string, 
/**
 * The kernel release (`/proc/sys/kernel/osrelease`).
 */
kernel: string, 
/**
 * The machine's host name.
 */
hostname: string, 
/**
 * CPU cores available to the agent.
 */
cores: number, 
/**
 * Physical memory in bytes (`MemTotal`).
 */
memory_bytes: number, 
/**
 * Mounted disks (real filesystems only).
 */
disks: Array<HostDisk>, 
/**
 * GPUs by name, empty when none.
 */
gpus: Array<string>, 
/**
 * Whether a Docker daemon socket is present.
 */
docker: boolean, };

export type HostDisk = { mount_point: string, 
/**
 * Bytes.
 */
total_bytes: number, 
/**
 * Bytes.
 */
available_bytes: number, };

export type FleetCallState = "queued" | "done";

export type FleetCallError = "refused" | "expired" | "duplicate" | "wrong_host" | "failed";

export type FleetCallResult = { ok: boolean, 
/**
 * The text the tool produced (at most 256 KiB).
 */
output: string, 
/**
 * Whether the agent cut the output.
 */
truncated: boolean, 
/**
 * The tool's structured data.
 */
data: JsonValue, error_code: FleetCallError | null, 
/**
 * How long it ran on the agent, in milliseconds.
 */
duration_ms: number, 
/**
 * Unix seconds the agent finished it.
 */
finished_at: number, };

export type FleetCall = { 
/**
 * The call's id on the fleet.
 */
id: string, 
/**
 * The agent it was sent to.
 */
host: string, tool: string, 
/**
 * Who asked, as the audit log names them (`user:alice`, `monitor`).
 */
requested_by: string, 
/**
 * Unix seconds.
 */
sent_at: number, 
/**
 * Unix seconds after which the agent refuses to run it.
 */
expires_at: number, state: FleetCallState, 
/**
 * Null while queued.
 */
result: FleetCallResult | null, };

export type FleetCallList = { calls: Array<FleetCall>, };
