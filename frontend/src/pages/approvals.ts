// Approvals waiting for a human, decided here as well as inline in the chat.
import { useEffect, useState } from "preact/hooks";

import { ApiError, api } from "../api";
import type { Approval, ApprovalList } from "../generated/protocol";
import { html, when } from "../html";

export function Approvals() {
  const [approvals, setApprovals] = useState<Approval[]>([]);
  const [error, setError] = useState("");
  const load = async () => setApprovals((await api<ApprovalList>("GET", "/api/v1/approvals?limit=100")).approvals);
  useEffect(() => void load(), []);
  const decide = async (a: Approval, verb: "approve" | "deny") => {
    try {
      await api("POST", `/api/v1/approvals/${a.id}/${verb}`, { reason: null, arguments_hash: a.arguments_hash });
      await load();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
  };
  return html`<section class="page approvals" aria-label="Approvals">
    <h2>Approvals</h2>
    ${error && html`<p role="alert" class="error">${error}</p>`}
    <ul>
      ${approvals.map(
        (a) => html`<li key=${a.id} class="step">
          <p><strong>${a.tool}</strong> <span class=${`risk risk-${a.risk}`}>${a.risk}</span> by ${a.requested_by}, ${a.status}
            <span class="muted">(expires ${when(a.expires_at)})</span></p>
          <p>${a.justification}</p>
          <pre class="args">${JSON.stringify(a.arguments)}</pre>
          ${a.status === "pending" &&
          html`<div class="actions">
            <button type="button" class="approve" onClick=${() => decide(a, "approve")}>Approve</button>
            <button type="button" class="deny" onClick=${() => decide(a, "deny")}>Deny</button>
          </div>`}
        </li>`,
      )}
      ${approvals.length === 0 && html`<li class="muted">Nothing waits for approval.</li>`}
    </ul>
  </section>`;
}
