// The monitor dashboard: live gauges for disks, load, memory and GPUs, 24-hour charts (uPlot),
// the incidents with their timelines, and the containers, refreshed every 15 seconds.
import { useEffect, useRef, useState } from "preact/hooks";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

import { api } from "../api";
import type { HistoryPoint, IncidentDetail, MonitorHistory, MonitorStatus } from "../generated/protocol";
import { html, when } from "../html";

type Readings = {
  host?: { load_per_core: number; memory_used_percent: number } | null;
  disks?: { mount_point: string; used_percent: number }[];
  docker?: { reachable: boolean; containers: { name: string; state: string; status: string; health: string | null }[] };
  gpus?: { index: number; name: string; temperature_c: number | null; memory_used_percent: number | null }[];
};

function Gauge({ label, value, max, unit }: { label: string; value: number; max: number; unit: string }) {
  return html`<div class="gauge">
    <span class="gauge-label">${label}</span>
    <meter min="0" max=${max} low=${max * 0.85} high=${max * 0.95} value=${value} aria-label=${label}></meter>
    <span class="gauge-value">${value.toFixed(1)}${unit}</span>
  </div>`;
}

function Chart({ title, points, pick }: { title: string; points: HistoryPoint[]; pick: (r: Readings) => number | null }) {
  const box = useRef<HTMLDivElement | null>(null);
  useEffect(() => {
    if (!box.current || points.length === 0) return;
    const xs = points.map((p) => p.at);
    const ys = points.map((p) => pick(p.readings as Readings));
    const plot = new uPlot(
      { title, width: Math.min(560, box.current.clientWidth || 560), height: 180, series: [{}, { label: title, stroke: "#2456c9" }] },
      [xs, ys],
      box.current,
    );
    return () => plot.destroy();
  }, [points]);
  return html`<figure class="chart" data-chart=${title} ref=${box} aria-label=${`${title}, last 24 hours`}></figure>`;
}

export function Dashboard() {
  const [status, setStatus] = useState<MonitorStatus | null>(null);
  const [history, setHistory] = useState<HistoryPoint[]>([]);
  const [open, setOpen] = useState<IncidentDetail | null>(null);
  const [error, setError] = useState("");
  const load = async () => {
    try {
      setStatus(await api<MonitorStatus>("GET", "/api/v1/monitor/status"));
      setHistory((await api<MonitorHistory>("GET", "/api/v1/monitor/history?hours=24")).points);
    } catch (e) {
      setError(String(e));
    }
  };
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), 15_000);
    return () => clearInterval(timer);
  }, []);
  const sweep = async () => {
    await api("POST", "/api/v1/monitor/run");
    await load();
  };
  const readings = (status?.readings ?? {}) as Readings;
  return html`<section class="page dashboard" aria-label="Monitor">
    <div class="toolbar">
      <h2>Monitor: <span class=${`state state-${status?.status ?? "unknown"}`}>${status?.status ?? "…"}</span></h2>
      <span class="muted">last sweep ${when(status?.last_sweep_at)}</span>
      <button type="button" onClick=${sweep}>Sweep now</button>
    </div>
    ${error && html`<p role="alert" class="error">${error}</p>`}
    <div class="gauges">
      ${readings.host && html`<${Gauge} label="load per core" value=${readings.host.load_per_core} max=${4} unit="" />
        <${Gauge} label="memory" value=${readings.host.memory_used_percent} max=${100} unit="%" />`}
      ${(readings.disks ?? []).map((d) => html`<${Gauge} label=${`disk ${d.mount_point}`} value=${d.used_percent} max=${100} unit="%" />`)}
      ${(readings.gpus ?? []).map((g) => html`<${Gauge} label=${`gpu${g.index} °C`} value=${g.temperature_c ?? 0} max=${100} unit="°" />`)}
    </div>
    <div class="charts">
      <${Chart} title="memory %" points=${history} pick=${(r: Readings) => r.host?.memory_used_percent ?? null} />
      <${Chart} title="load per core" points=${history} pick=${(r: Readings) => r.host?.load_per_core ?? null} />
      <${Chart} title="fullest disk %" points=${history} pick=${(r: Readings) => Math.max(0, ...(r.disks ?? []).map((d) => d.used_percent))} />
      ${(readings.gpus ?? []).length > 0 &&
      html`<${Chart} title="gpu °C" points=${history} pick=${(r: Readings) => Math.max(0, ...(r.gpus ?? []).map((g) => g.temperature_c ?? 0))} />`}
    </div>
    <h3>Incidents</h3>
    <ul class="incidents">
      ${(status?.incidents ?? []).map(
        (i) => html`<li key=${i.id}>
          <button type="button" class="link" onClick=${async () => setOpen(await api<IncidentDetail>("GET", `/api/v1/incidents/${i.id}`))}>
            <span class=${`severity-${i.severity}`}>${i.severity}</span> ${i.summary} <span class="muted">(${i.state}, ${i.occurrences}×)</span>
          </button>
        </li>`,
      )}
      ${(status?.incidents ?? []).length === 0 && html`<li class="muted">No live incidents.</li>`}
    </ul>
    ${open &&
    html`<div class="timeline" aria-label="Incident timeline">
      <h4>${open.incident.summary} — ${open.incident.state}</h4>
      <ol>${open.timeline.map((e) => html`<li key=${e.seq}><span class="muted">${when(e.at)}</span> <strong>${e.kind}</strong> ${e.detail}</li>`)}</ol>
    </div>`}
    <h3>Containers</h3>
    <table class="containers">
      <thead><tr><th>name</th><th>state</th><th>status</th><th>health</th></tr></thead>
      <tbody>
        ${(readings.docker?.containers ?? []).map(
          (c) => html`<tr key=${c.name}><td>${c.name}</td><td>${c.state}</td><td>${c.status}</td><td>${c.health ?? ""}</td></tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}
