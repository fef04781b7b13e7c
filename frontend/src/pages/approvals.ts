// Approvals: pending or decided, kept current over the WebSocket (a new one appears without a
// reload), each with its tool, risk, requester, exact arguments, who decided it and when, and a
// link to the run or incident that asked; decided here as well as inline in the chat; browser
// notifications for new ones, when turned on.
import { useEffect, useState } from "preact/hooks";

import { api, can, message } from "../api";
import type { Notifications } from "../app";
import type { Approval, ApprovalList } from "../generated/protocol";
import { Time, html } from "../html";
import { type Route, href, navigate } from "../router";
import type { ChatSocket } from "../socket";
import { Outcome, useAction } from "../ui";

const FILTERS: [string, string][] = [
  ["pending", "Pending"],
  ["decided", "Decided"],
  ["all", "All"],
];

export function Approvals({ route, socket, notify }: { route: Route; socket: ChatSocket; notify: Notifications }) {
  const filter = route.params.get("status") ?? "pending";
  const focus = route.params.get("id");
  const [approvals, setApprovals] = useState<Approval[]>([]);
  const [focused, setFocused] = useState<Approval | null>(null);
  const [version, setVersion] = useState(0);
  const [error, setError] = useState("");
  const action = useAction();
  useEffect(() => {
    const path = filter === "pending" ? "/api/v1/approvals?status=pending&limit=200" : "/api/v1/approvals?limit=200";
    // Only the latest reads' answers are shown: an earlier read answering last (the filter
    // changed meanwhile) cannot put back what is no longer asked for.
    let latest = true;
    api<ApprovalList>("GET", path).then(
      (list) => {
        if (!latest) return;
        setApprovals(filter === "decided" ? list.approvals.filter((a) => a.status !== "pending") : list.approvals);
        setError("");
      },
      (e) => latest && setError(`The approvals could not be loaded: ${message(e)}`),
    );
    if (focus)
      api<Approval>("GET", `/api/v1/approvals/${encodeURIComponent(focus)}`).then(
        (approval) => latest && setFocused(approval),
        (e) => latest && setError(`That approval could not be loaded: ${message(e)}`),
      );
    else setFocused(null);
    return () => {
      latest = false;
    };
  }, [filter, focus, version]);
  // Asked for or settled anywhere: read again.
  useEffect(
    () =>
      socket.listen((incoming) => {
        if (incoming.kind === "control" && incoming.message.type === "approvals") setVersion((v) => v + 1);
      }),
    [socket],
  );
  const decide = (a: Approval, verb: "approve" | "deny", reason: string) =>
    action.run(async () => {
      await api("POST", `/api/v1/approvals/${a.id}/${verb}`, { reason: reason || null, arguments_hash: a.arguments_hash });
      setVersion((v) => v + 1);
    }, verb === "approve" ? "Approved: the call runs now." : "Denied: the call does not run.");
  const shown = focused ? [focused, ...approvals.filter((a) => a.id !== focused.id)] : approvals;
  return html`<section class="page approvals" aria-labelledby="approvals-title">
    <div class="toolbar">
      <h2 id="approvals-title">Approvals</h2>
      <div class="segmented" role="group" aria-label="Show">
        ${FILTERS.map(
          ([value, label]) => html`<button key=${value} type="button" aria-pressed=${filter === value} onClick=${() => navigate(href("approvals", null, { status: value }))}>${label}</button>`,
        )}
      </div>
      ${notify.permission === "unsupported"
        ? null
        : notify.enabled
          ? html`<button type="button" onClick=${notify.disable}>Stop notifications</button>`
          : html`<button type="button" onClick=${() => void notify.enable()} disabled=${notify.permission === "denied"}
              title=${notify.permission === "denied" ? "The browser blocks notifications for this site" : ""}>Notify me of new approvals</button>`}
    </div>
    ${error && html`<p role="alert" class="error">${error}</p>`}
    <${Outcome} outcome=${action.outcome} />
    <ul class="approval-list">
      ${shown.map((a) => html`<${Card} key=${a.id} approval=${a} highlighted=${a.id === focus} decide=${decide} busy=${action.busy} />`)}
      ${shown.length === 0 && html`<li class="muted">${filter === "pending" ? "Nothing waits for approval." : "No approvals yet."}</li>`}
    </ul>
  </section>`;
}

function Card({ approval: a, highlighted, decide, busy }: { approval: Approval; highlighted: boolean; decide: (a: Approval, verb: "approve" | "deny", reason: string) => void; busy: boolean }) {
  const [reason, setReason] = useState("");
  const origin = a.incident_id
    ? html`<a href=${href("incidents", a.incident_id)}>the incident</a>`
    : a.conversation_id
      ? html`<a href=${href("chat", a.conversation_id)}>the conversation</a>`
      : null;
  return html`<li class=${highlighted ? "step approval-card highlighted" : "step approval-card"} data-approval=${a.id} data-status=${a.status}>
    <p><strong>${a.tool}</strong> <span class=${`risk risk-${a.risk}`}>${a.risk}</span> asked by <span class="requested-by">${a.requested_by}</span>,${" "}
      <${Time} at=${a.created_at} />${origin && html` from ${origin}`}</p>
    <p>${a.justification}</p>
    <pre class="args">${JSON.stringify(a.arguments, null, 2)}</pre>
    ${a.status === "pending"
      ? can("approve")
        ? html`<div class="actions">
            <label class="reason">Reason (optional) <input value=${reason} maxlength="1000" onInput=${(e: Event) => setReason((e.target as HTMLInputElement).value)} /></label>
            <button type="button" class="approve" disabled=${busy} onClick=${() => decide(a, "approve", reason)}>Approve</button>
            <button type="button" class="deny" disabled=${busy} onClick=${() => decide(a, "deny", reason)}>Deny</button>
            <span class="muted">expires <${Time} at=${a.expires_at} /></span>
          </div>`
        : html`<p class="muted">Waits for someone who may approve; expires <${Time} at=${a.expires_at} />.</p>`
      : html`<p class="decision-line"><span class=${`decision decision-${a.status}`}>${a.status}</span>
          ${a.decided_by && html` by <span class="decided-by">${a.decided_by}</span>`}
          ${a.decided_at && html`, <${Time} at=${a.decided_at} />`}
          ${a.reason && html` (${a.reason})`}
          ${a.execution && html`; execution ${a.execution}`}</p>`}
  </li>`;
}
