// Incident history: every incident of a time range (resolved and failed ones included), filtered
// by state and severity, how many incidents each target opened (a flapping one stands out), and
// one incident's timeline in readable times with repeated notes collapsed, its approvals and
// the audit rows of its repairs one click away; acknowledge and retry.
import { useEffect, useState } from "preact/hooks";

import { api, can, message } from "../api";
import type { Incident, IncidentDetail, IncidentEventView, IncidentList, IncidentState } from "../generated/protocol";
import { Time, duration, html, readableTimes } from "../html";
import { type Route, href, navigate } from "../router";
import { Outcome, Scroll, useAction } from "../ui";

const RANGES: [string, string, number | null][] = [
  ["1h", "last hour", 3600],
  ["24h", "last 24 hours", 86_400],
  ["7d", "last 7 days", 604_800],
  ["30d", "last 30 days", 2_592_000],
  ["all", "all time", null],
];
const STATES: IncidentState[] = ["open", "repairing", "awaiting_approval", "escalated", "resolved", "failed"];
/** Incidents of one target in the range from which it counts as flapping here. */
const FLAPPING = 3;

/** One line of a timeline: consecutive events saying the same thing are shown once, counted. */
export interface Line {
  first: IncidentEventView;
  last: IncidentEventView;
  count: number;
}

export function collapse(timeline: IncidentEventView[]): Line[] {
  const lines: Line[] = [];
  for (const event of timeline) {
    const previous = lines[lines.length - 1];
    if (previous && previous.last.kind === event.kind && previous.last.detail === event.detail) {
      previous.last = event;
      previous.count += 1;
    } else {
      lines.push({ first: event, last: event, count: 1 });
    }
  }
  return lines;
}

function since(range: string): number | null {
  const seconds = RANGES.find(([key]) => key === range)?.[2];
  return seconds ? Math.floor(Date.now() / 1000) - seconds : null;
}

export function Incidents({ route }: { route: Route }) {
  const range = route.params.get("range") ?? "7d";
  const state = route.params.get("state") ?? "";
  const severity = route.params.get("severity") ?? "";
  const [list, setList] = useState<IncidentList | null>(null);
  const [error, setError] = useState("");
  const [version, setVersion] = useState(0);
  const filters = { range, state, severity };
  const go = (changes: Partial<typeof filters>) => navigate(href("incidents", route.id, { ...filters, ...changes }));
  useEffect(() => {
    const query = new URLSearchParams({ limit: "200" });
    const from = since(range);
    if (from) query.set("since", String(from));
    if (state) query.set("state", state);
    if (severity) query.set("severity", severity);
    // Filters changed quickly send several reads: only the latest one's answer is shown, so an
    // earlier read answering last cannot put back a list the filters no longer ask for.
    let latest = true;
    api<IncidentList>("GET", `/api/v1/incidents?${query}`).then(
      (found) => {
        if (!latest) return;
        setList(found);
        setError("");
      },
      (e) => latest && setError(`The incidents could not be loaded: ${message(e)}`),
    );
    return () => {
      latest = false;
    };
  }, [range, state, severity, version]);
  const select = (name: keyof typeof filters, label: string, options: [string, string][]) =>
    html`<label>${label} <select value=${filters[name]} onChange=${(e: Event) => go({ [name]: (e.target as HTMLSelectElement).value })}>
      ${options.map(([value, text]) => html`<option key=${value} value=${value}>${text}</option>`)}
    </select></label>`;
  const flapping = (list?.targets ?? []).filter((t) => t.incidents >= FLAPPING);
  return html`<section class="page incidents-page" aria-labelledby="incidents-title">
    <h2 id="incidents-title">Incidents</h2>
    <form class="filters" aria-label="Filter incidents" onSubmit=${(e: Event) => e.preventDefault()}>
      ${select("range", "Time", RANGES.map(([key, text]) => [key, text]))}
      ${select("state", "State", [["", "any"], ...STATES.map((s): [string, string] => [s, s.replace("_", " ")])])}
      ${select("severity", "Severity", [["", "any"], ["warning", "warning"], ["critical", "critical"]])}
    </form>
    ${error && html`<p role="alert" class="error">${error}</p>`}
    ${route.id && html`<${Detail} id=${route.id} onChanged=${() => setVersion((v) => v + 1)} close=${href("incidents", null, filters)} />`}
    <h3>By target</h3>
    ${flapping.length > 0 &&
    html`<p class="notice" role="note">Flapping: ${flapping.map((t) => `${t.target} (${t.incidents} incidents)`).join(", ")}</p>`}
    <${Scroll} label="Incidents per target">
      <table class="targets">
        <thead><tr><th>target</th><th>kind</th><th>incidents</th><th>last opened</th></tr></thead>
        <tbody>
          ${(list?.targets ?? []).map(
            (t) => html`<tr key=${t.fingerprint} data-target=${t.target} class=${t.incidents >= FLAPPING ? "flapping" : ""}>
              <td>${t.target}</td><td>${t.kind}</td><td class="count">${t.incidents}${t.incidents >= FLAPPING ? " (flapping)" : ""}</td><td><${Time} at=${t.last_opened_at} /></td>
            </tr>`,
          )}
        </tbody>
      </table>
    <//>
    <h3>History</h3>
    <ul class="incident-list">
      ${(list?.incidents ?? []).map((i) => html`<${Row} key=${i.id} incident=${i} link=${href("incidents", i.id, filters)} current=${i.id === route.id} />`)}
      ${list && list.incidents.length === 0 && html`<li class="muted">No incident matches.</li>`}
    </ul>
  </section>`;
}

function Row({ incident: i, link, current }: { incident: Incident; link: string; current: boolean }) {
  return html`<li class=${current ? "incident current" : "incident"} data-incident=${i.id} data-state=${i.state}>
    <a href=${link} aria-current=${current ? "true" : undefined}><span class=${`severity severity-${i.severity}`}>${i.severity}</span> ${i.summary}</a>
    <span class=${`state-badge state-${i.state}`}>${i.state.replace("_", " ")}</span>
    <span class="muted">${i.target}, ${i.occurrences}×, opened <${Time} at=${i.opened_at} />${i.closed_at ? html`, closed <${Time} at=${i.closed_at} />` : null}</span>
    ${i.acknowledged_by && html`<span class="ack">acknowledged by ${i.acknowledged_by}</span>`}
  </li>`;
}

function Detail({ id, onChanged, close }: { id: string; onChanged: () => void; close: string }) {
  const [detail, setDetail] = useState<IncidentDetail | null>(null);
  const [error, setError] = useState("");
  const action = useAction();
  useEffect(() => {
    setDetail(null);
    let latest = true;
    api<IncidentDetail>("GET", `/api/v1/incidents/${encodeURIComponent(id)}`).then(
      (found) => latest && setDetail(found),
      (e) => latest && setError(message(e)),
    );
    return () => {
      latest = false;
    };
  }, [id]);
  if (error) return html`<p role="alert" class="error">This incident could not be loaded: ${error}</p>`;
  if (!detail) return html`<p class="muted">Loading the incident…</p>`;
  const i = detail.incident;
  const act = (verb: "acknowledge" | "retry", done: string) =>
    action.run(async () => {
      setDetail(await api<IncidentDetail>("POST", `/api/v1/incidents/${encodeURIComponent(i.id)}/${verb}`));
      onChanged();
    }, done);
  const until = i.closed_at ?? Math.floor(Date.now() / 1000);
  const audit = href("audit", null, { actor: "monitor", since: i.opened_at, until });
  return html`<article class="incident-detail" aria-labelledby="incident-title" data-incident=${i.id}>
    <div class="toolbar">
      <h3 id="incident-title">${i.summary}</h3>
      <a href=${close}>Close</a>
    </div>
    <p><span class=${`severity severity-${i.severity}`}>${i.severity}</span> <span class=${`state-badge state-${i.state}`}>${i.state.replace("_", " ")}</span>
      <span class="muted"> ${i.kind} on ${i.target}; ${i.occurrences}×; open for ${duration(until - i.opened_at)}</span></p>
    ${i.acknowledged_by && html`<p class="ack">Acknowledged by ${i.acknowledged_by}, <${Time} at=${i.acknowledged_at} /></p>`}
    <div class="actions">
      ${can("write") && html`<button type="button" onClick=${() => act("acknowledge", "Acknowledged.")} disabled=${action.busy}>Acknowledge</button>`}
      ${can("write") && (i.state === "escalated" || i.state === "open") && !i.closed_at &&
      html`<button type="button" onClick=${() => act("retry", "Retry asked: a sweep repairs it now.")} disabled=${action.busy}>Retry the repair</button>`}
      ${can("admin") && html`<a href=${audit}>Audit rows of its repairs</a>`}
    </div>
    <${Outcome} outcome=${action.outcome} />
    <ol class="timeline" aria-label="Timeline">
      ${collapse(detail.timeline).map(
        (line) => html`<li key=${line.first.seq} data-kind=${line.first.kind}>
          <span class="muted"><${Time} at=${line.first.at} /></span>${" "}<strong>${line.first.kind}</strong>${" "}${line.first.kind === "approval" ? html`<a href=${href("approvals", null, { id: line.first.detail })}>approval ${line.first.detail}</a>` : readableTimes(line.first.detail)}
          ${line.count > 1 && html` <span class="repeat">(${line.count}×, last <${Time} at=${line.last.at} />)</span>`}
        </li>`,
      )}
    </ol>
  </article>`;
}
