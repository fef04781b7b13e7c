// The audit log (administrators): every decision and execution, and the chain's verification.
import { useEffect, useState } from "preact/hooks";

import { ApiError, api } from "../api";
import type { AuditEntry, AuditPage, AuditVerification } from "../generated/protocol";
import { html, when } from "../html";

export function Audit() {
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [verified, setVerified] = useState<AuditVerification | null>(null);
  const [error, setError] = useState("");
  useEffect(() => {
    api<AuditPage>("GET", "/api/v1/audit?limit=200")
      .then((page) => setEntries(page.entries))
      .catch((err) => setError(err instanceof ApiError ? err.message : String(err)));
  }, []);
  const verify = async () => setVerified(await api<AuditVerification>("GET", "/api/v1/audit/verify"));
  return html`<section class="page audit" aria-label="Audit log">
    <div class="toolbar">
      <h2>Audit log</h2>
      <button type="button" onClick=${verify}>Verify the chain</button>
      ${verified &&
      html`<span role="status" class=${verified.ok ? "ok" : "error"}>
        ${verified.ok ? `intact: ${verified.rows} rows` : `broken at row ${verified.broken_at}: ${verified.reason}`}
      </span>`}
    </div>
    ${error && html`<p role="alert" class="error">${error}</p>`}
    <table>
      <thead><tr><th>#</th><th>when</th><th>actor</th><th>event</th><th>tool</th><th>risk</th><th>route</th><th>outcome</th></tr></thead>
      <tbody>
        ${entries.map(
          (e) => html`<tr key=${e.seq}><td>${e.seq}</td><td>${when(e.at)}</td><td>${e.actor}</td><td>${e.event}</td><td>${e.tool}</td>
            <td>${e.risk}</td><td>${e.route}</td><td>${e.outcome}</td></tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}
