// The monitor dashboard: live gauges for load, memory, each disk and GPU; charts of the sweep
// history over a chosen time range (updated in place every 15 seconds); the live incidents and
// the containers at a glance, each leading to its own page; a sweep on demand.
import { useEffect, useMemo, useState } from "preact/hooks";

import { api, can, message } from "../api";
import type { HistoryPoint, MonitorHistory, MonitorStatus, SweepReadings, SweepView } from "../generated/protocol";
import { Time, html } from "../html";
import { href } from "../router";
import { Outcome, useAction } from "../ui";
import { Chart } from "./chart";

// A sweep's readings as the server declares them; `{}` before the first sweep.
type Readings = Partial<SweepReadings>;

const RANGES = [
  [1, "1 hour"],
  [6, "6 hours"],
  [24, "24 hours"],
  [168, "7 days"],
] as const;

function Gauge({ label, value, max, unit, warning, critical }: { label: string; value: number; max: number; unit: string; warning: number; critical: number }) {
  const level = value >= critical ? "critical" : value >= warning ? "warning" : "ok";
  return html`<div class=${`gauge gauge-${level}`} data-gauge=${label}>
    <span class="gauge-label" title=${label}>${label}</span>
    <span class="gauge-value">${value.toFixed(1)}${unit}</span>
    <meter min="0" max=${max} low=${warning} high=${critical} optimum="0" value=${value} aria-label=${label}></meter>
  </div>`;
}

function series(points: HistoryPoint[], pick: (r: Readings) => number | null): [number[], (number | null)[]] {
  return [points.map((p) => p.at), points.map((p) => pick(p.readings as Readings))];
}

export function Dashboard() {
  const [status, setStatus] = useState<MonitorStatus | null>(null);
  const [history, setHistory] = useState<HistoryPoint[]>([]);
  const [hours, setHours] = useState(24);
  const [error, setError] = useState("");
  const sweep = useAction();
  const load = async () => {
    try {
      const [now, past] = await Promise.all([
        api<MonitorStatus>("GET", "/api/v1/monitor/status"),
        api<MonitorHistory>("GET", `/api/v1/monitor/history?hours=${hours}`),
      ]);
      setStatus(now);
      setHistory(past.points);
      setError("");
    } catch (e) {
      setError(`The monitor's readings could not be loaded: ${message(e)}`);
    }
  };
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), 15_000);
    return () => clearInterval(timer);
  }, [hours]);
  const sweepNow = () =>
    sweep.run(async () => {
      await api<SweepView>("POST", "/api/v1/monitor/run");
      await load();
    }, "Sweep done.");
  const readings = (status?.readings ?? {}) as Readings;
  const t = status?.thresholds;
  const charts = useMemo(
    () => ({
      memory: series(history, (r) => r.host?.memory_used_percent ?? null),
      load: series(history, (r) => r.host?.load_per_core ?? null),
      disk: series(history, (r) => ((r.disks ?? []).length ? Math.max(...(r.disks ?? []).map((d) => d.used_percent)) : null)),
      gpu: series(history, (r) => ((r.gpus ?? []).length ? Math.max(...(r.gpus ?? []).map((g) => g.temperature_c ?? 0)) : null)),
    }),
    [history],
  );
  const containers = readings.docker?.containers ?? [];
  const running = containers.filter((c) => c.state === "running").length;
  return html`<section class="page dashboard" aria-labelledby="monitor-title">
    <div class="toolbar">
      <h2 id="monitor-title">Monitor: <span class=${`state state-${status?.status ?? "unknown"}`}>${status?.status ?? "…"}</span></h2>
      <span class="muted">last sweep <${Time} at=${status?.last_sweep_at} /></span>
      ${can("write") && html`<button type="button" onClick=${sweepNow} disabled=${sweep.busy}>${sweep.busy ? "Sweeping…" : "Sweep now"}</button>`}
    </div>
    <${Outcome} outcome=${sweep.outcome} />
    ${error && html`<p role="alert" class="error">${error}</p>`}
    <div class="gauges">
      ${readings.host && t &&
      html`<${Gauge} label="load per core" value=${readings.host.load_per_core} max=${Math.max(t.load_per_core.critical * 1.25, readings.host.load_per_core)} unit="" warning=${t.load_per_core.warning} critical=${t.load_per_core.critical} />
        <${Gauge} label="memory" value=${readings.host.memory_used_percent} max=${100} unit="%" warning=${t.memory_percent.warning} critical=${t.memory_percent.critical} />`}
      ${t && (readings.disks ?? []).map((d) => html`<${Gauge} key=${d.mount_point} label=${`disk ${d.mount_point}`} value=${d.used_percent} max=${100} unit="%" warning=${t.disk_percent.warning} critical=${t.disk_percent.critical} />`)}
      ${t && (readings.gpus ?? []).map((g) => html`<${Gauge} key=${g.index} label=${`gpu${g.index} °C`} value=${g.temperature_c ?? 0} max=${110} unit="°" warning=${t.gpu_temperature_c.warning} critical=${t.gpu_temperature_c.critical} />`)}
    </div>
    <div class="toolbar">
      <h3>History</h3>
      <label>Time range <select value=${hours} onChange=${(e: Event) => setHours(Number((e.target as HTMLSelectElement).value))}>
        ${RANGES.map(([value, label]) => html`<option key=${value} value=${value}>${label}</option>`)}
      </select></label>
    </div>
    <div class="charts">
      <${Chart} title="memory %" xs=${charts.memory[0]} ys=${charts.memory[1]} percent=${true} unit="%" levels=${t?.memory_percent} />
      <${Chart} title="load per core" xs=${charts.load[0]} ys=${charts.load[1]} levels=${t?.load_per_core} />
      <${Chart} title="fullest disk %" xs=${charts.disk[0]} ys=${charts.disk[1]} percent=${true} unit="%" levels=${t?.disk_percent} />
      ${(readings.gpus ?? []).length > 0 &&
      html`<${Chart} title="gpu °C" xs=${charts.gpu[0]} ys=${charts.gpu[1]} unit="°" levels=${t?.gpu_temperature_c} />`}
    </div>
    <div class="toolbar"><h3>Live incidents</h3><a href=${href("incidents")}>History and filters</a></div>
    <ul class="incidents">
      ${(status?.incidents ?? []).map(
        (i) => html`<li key=${i.id}>
          <a href=${href("incidents", i.id)}><span class=${`severity severity-${i.severity}`}>${i.severity}</span> ${i.summary}</a>
          <span class="muted"> ${i.state.replace("_", " ")}, ${i.occurrences}×</span>
        </li>`,
      )}
      ${(status?.incidents ?? []).length === 0 && html`<li class="muted">No live incidents.</li>`}
    </ul>
    <div class="toolbar"><h3>Containers</h3><a href=${href("containers")}>Logs and actions</a></div>
    <p class="containers-summary">
      ${readings.docker?.reachable === false
        ? html`<span class="error">The Docker daemon does not answer.</span>`
        : html`${running} running of ${containers.length}${containers.some((c) => c.state !== "running")
            ? html`: <span class="muted">${containers.filter((c) => c.state !== "running").map((c) => `${c.name} (${c.state})`).join(", ")}</span>`
            : null}`}
    </p>
  </section>`;
}
