// The audit log (administrators): filtered by actor, tool, risk, outcome and time, the monitor's
// routine reads hidden unless asked for, paged, each row opening to its arguments and detail,
// exported as CSV or JSON, and the chain verified.
import { useEffect, useRef, useState } from "preact/hooks";

import { api, download, message } from "../api";
import type { AuditEntry, AuditPage, AuditVerification, Risk } from "../generated/protocol";
import { Time, html } from "../html";
import { type Route, href, navigate } from "../router";
import { Outcome, Scroll, useAction } from "../ui";

const SIZES = [25, 100, 500];
const TEXT_FILTERS = ["actor", "tool", "risk", "outcome"] as const;
const RISKS: ("" | Risk)[] = ["", "low", "medium", "high", "forbidden", "unknown"];

/** A Unix time as a `datetime-local` value, in local time. */
function local(unix: string | null): string {
  if (!unix) return "";
  const date = new Date(Number(unix) * 1000);
  if (Number.isNaN(date.getTime())) return "";
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

function unix(value: FormDataEntryValue | null): string {
  const text = String(value ?? "");
  const ms = text ? new Date(text).getTime() : NaN;
  return Number.isNaN(ms) ? "" : String(Math.floor(ms / 1000));
}

export function Audit({ route }: { route: Route }) {
  const params = route.params;
  const showRoutine = params.get("routine") === "show";
  const size = SIZES.includes(Number(params.get("rows"))) ? Number(params.get("rows")) : 100;
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [more, setMore] = useState(false);
  const [open, setOpen] = useState<number | null>(null);
  const [verified, setVerified] = useState<AuditVerification | null>(null);
  const [error, setError] = useState("");
  const action = useAction();
  /** The query of the current filters (without paging). */
  const query = () => {
    const q = new URLSearchParams();
    for (const name of [...TEXT_FILTERS, "since", "until"]) {
      const value = params.get(name);
      if (value) q.set(name, value);
    }
    if (!showRoutine) q.set("hide_routine", "true");
    return q;
  };
  // Each read is numbered: only the latest one's answer is shown, so a read of filters changed
  // since (or older rows asked for before them) answering last cannot put back other rows.
  const reads = useRef(0);
  const load = async (before?: number) => {
    const read = ++reads.current;
    const q = query();
    q.set("limit", String(size));
    if (before !== undefined) q.set("before", String(before));
    try {
      const page = await api<AuditPage>("GET", `/api/v1/audit?${q}`);
      if (read !== reads.current) return;
      setEntries((now) => (before === undefined ? page.entries : [...now, ...page.entries]));
      setMore(page.entries.length === size);
      setError("");
    } catch (e) {
      if (read === reads.current) setError(`The audit log could not be read: ${message(e)}`);
    }
  };
  useEffect(() => {
    setOpen(null);
    void load();
  }, [route.params.toString()]);
  const apply = (e: Event) => {
    e.preventDefault();
    const form = new FormData(e.target as HTMLFormElement);
    const next: Record<string, string> = {};
    for (const name of TEXT_FILTERS) next[name] = String(form.get(name) ?? "").trim();
    next.since = unix(form.get("since"));
    next.until = unix(form.get("until"));
    if (form.get("routine") === "on") next.routine = "show";
    if (Number(form.get("rows")) !== 100) next.rows = String(form.get("rows"));
    navigate(href("audit", null, next));
  };
  const exportAs = (format: "csv" | "json") =>
    action.run(() => download(`/api/v1/audit/export/${format}?${query()}`, `warden-audit.${format}`), `Exported as ${format.toUpperCase()}.`);
  const verify = () =>
    action.run(async () => setVerified(await api<AuditVerification>("GET", "/api/v1/audit/verify")));
  return html`<section class="page audit" aria-labelledby="audit-title">
    <div class="toolbar">
      <h2 id="audit-title">Audit log</h2>
      <button type="button" onClick=${verify} disabled=${action.busy}>Verify the chain</button>
      <button type="button" onClick=${() => exportAs("csv")} disabled=${action.busy}>Export CSV</button>
      <button type="button" onClick=${() => exportAs("json")} disabled=${action.busy}>Export JSON</button>
      ${verified &&
      html`<span role="status" class=${verified.ok ? "ok" : "error"}>
        ${verified.ok ? `intact: ${verified.rows} rows` : `broken at row ${verified.broken_at}: ${verified.reason}`}
      </span>`}
    </div>
    <form class="filters" onSubmit=${apply} aria-label="Filter the audit log" key=${route.params.toString()}>
      <label>Actor <input name="actor" value=${params.get("actor") ?? ""} placeholder="user:NAME, monitor…" /></label>
      <label>Tool <input name="tool" value=${params.get("tool") ?? ""} placeholder="docker_restart" /></label>
      <label>Risk <select name="risk" value=${params.get("risk") ?? ""}>${RISKS.map((r) => html`<option key=${r} value=${r}>${r || "any"}</option>`)}</select></label>
      <label>Outcome <input name="outcome" value=${params.get("outcome") ?? ""} placeholder="ok, denied…" /></label>
      <label>From <input name="since" type="datetime-local" value=${local(params.get("since"))} /></label>
      <label>To <input name="until" type="datetime-local" value=${local(params.get("until"))} /></label>
      <label class="check"><input name="routine" type="checkbox" checked=${showRoutine} /> Show the monitor's routine reads</label>
      <label>Rows per page <select name="rows" value=${size}>${SIZES.map((n) => html`<option key=${n} value=${n}>${n}</option>`)}</select></label>
      <button type="submit" class="primary">Apply</button>
      <a href=${href("audit")}>Clear</a>
    </form>
    ${error && html`<p role="alert" class="error">${error}</p>`}
    <${Outcome} outcome=${action.outcome} />
    <${Scroll} label="Audit rows">
      <table class="audit-table">
        <thead><tr><th>#</th><th>when</th><th>actor</th><th>event</th><th>tool</th><th>risk</th><th>route</th><th>outcome</th></tr></thead>
        <tbody>
          ${entries.map(
            (e) => html`<tr key=${e.seq} data-seq=${e.seq} class=${open === e.seq ? "open" : ""}>
                <td><button type="button" class="link" aria-expanded=${open === e.seq} onClick=${() => setOpen(open === e.seq ? null : e.seq)}>${e.seq}</button></td>
                <td><${Time} at=${e.at} /></td><td>${e.actor}</td><td>${e.event}</td><td>${e.tool}</td>
                <td>${e.risk && html`<span class=${`risk risk-${e.risk}`}>${e.risk}</span>`}</td><td>${e.route ?? ""}</td><td>${e.outcome}</td>
              </tr>
              ${open === e.seq &&
              html`<tr key=${`${e.seq}-detail`} class="row-detail"><td colspan="8">
                <dl>
                  <dt>arguments</dt><dd><pre class="args">${JSON.stringify(e.arguments, null, 2)}</pre></dd>
                  ${e.detail && html`<dt>detail</dt><dd>${e.detail}</dd>`}
                  ${e.approval_id && html`<dt>approval</dt><dd><a href=${href("approvals", null, { id: e.approval_id, status: "all" })}>${e.approval_id}</a></dd>`}
                  <dt>duration</dt><dd>${e.duration_ms} ms</dd>
                  <dt>hash</dt><dd><code class="hash">${e.hash}</code></dd>
                </dl>
              </td></tr>`}`,
          )}
        </tbody>
      </table>
    <//>
    ${entries.length === 0 && !error && html`<p class="muted">No row matches.</p>`}
    ${more && html`<button type="button" onClick=${() => void load(entries[entries.length - 1]?.seq)}>Older rows</button>`}
  </section>`;
}
