// The fleet's hosts: each edge agent (`warden agent`) with its state, when it was last heard
// from, what it registered (OS, cores, memory, GPUs, Docker) and its last readings (load,
// memory, disks), refreshed every 10 seconds. A host opens to its disks and the calls the hub
// sent it, with what each came to.
import { useEffect, useState } from "preact/hooks";

import { api, message } from "../api";
import type { AgentReadings, FleetCall, FleetCallList, Host, HostFacts, HostList } from "../generated/protocol";
import { Time, html, relative } from "../html";
import { href } from "../router";
import { Scroll } from "../ui";

// What an agent registered and its last readings, as the server declares them; `{}` before the
// agent's registration or first readings arrive.
type Facts = Partial<HostFacts>;
type Readings = Partial<AgentReadings>;

const REFRESH_MS = 10_000;

function bytes(n: number | undefined): string {
  if (n === undefined) return "";
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

function fullest(readings: Readings): string {
  const disks = readings.disks ?? [];
  if (disks.length === 0) return "";
  const top = disks.reduce((a, b) => (b.used_percent > a.used_percent ? b : a));
  return `${top.mount_point} ${top.used_percent.toFixed(0)}%`;
}

export function Hosts({ selected }: { selected: string | null }) {
  const [hosts, setHosts] = useState<Host[]>([]);
  const [error, setError] = useState("");
  const [loading, setLoading] = useState(true);
  const load = async () => {
    try {
      setHosts((await api<HostList>("GET", "/api/v1/hosts")).hosts);
      setError("");
    } catch (e) {
      setError(`The hosts could not be listed: ${message(e)}`);
    } finally {
      setLoading(false);
    }
  };
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, []);
  const online = hosts.filter((h) => h.state === "online").length;
  const shown = hosts.find((h) => h.name === selected) ?? null;
  return html`<section class="page hosts-page" aria-labelledby="hosts-title">
    <div class="toolbar">
      <h2 id="hosts-title">Hosts</h2>
      <span class="muted hosts-summary">${loading ? "…" : `${online} online of ${hosts.length}`}</span>
      <button type="button" onClick=${() => void load()}>Refresh</button>
    </div>
    ${error && html`<p role="alert" class="error">${error}</p>`}
    <${Scroll} label="Hosts">
      <table class="hosts cards">
        <thead><tr><th>name</th><th>state</th><th>last seen</th><th>system</th><th>cores</th><th>memory</th><th>GPUs</th><th>load per core</th><th>memory used</th><th>fullest disk</th></tr></thead>
        <tbody>
          ${hosts.map((h) => {
            const facts: Facts = h.facts ?? {};
            const readings: Readings = h.readings ?? {};
            return html`<tr key=${h.name} data-host=${h.name}>
              <td data-label="name"><a href=${href("hosts", h.name)} aria-current=${h.name === selected ? "true" : undefined}><strong class="host-name">${h.name}</strong></a></td>
              <td data-label="state"><span class=${`state-badge host-state state-${h.state === "online" ? "ok" : "critical"}`}>${h.state}</span></td>
              <td data-label="last seen" class="last-seen">${h.last_seen_at ? html`<span title=${new Date(h.last_seen_at * 1000).toISOString()}>${relative(h.last_seen_at)}</span>` : "never"}</td>
              <td data-label="system" class="system"><span>${facts.os ?? ""}${facts.kernel ? html` <span class="muted">${facts.kernel}</span>` : null}</span></td>
              <td data-label="cores" class="cores">${facts.cores ?? ""}</td>
              <td data-label="memory" class="memory">${bytes(facts.memory_bytes)}</td>
              <td data-label="GPUs" class="gpus"><span>${(facts.gpus ?? []).join(", ") || html`<span class="muted">none</span>`}${facts.docker ? html` <span class="muted">· Docker</span>` : null}</span></td>
              <td data-label="load per core" class="load">${readings.load_per_core != null ? readings.load_per_core.toFixed(2) : ""}</td>
              <td data-label="memory used" class="memory-used">${readings.memory_used_percent != null ? `${readings.memory_used_percent.toFixed(1)}%` : ""}</td>
              <td data-label="fullest disk" class="fullest">${fullest(readings)}</td>
            </tr>`;
          })}
        </tbody>
      </table>
    <//>
    ${!loading && hosts.length === 0 && html`<p class="muted">No agents yet. Start <code>warden agent</code> on a host (see docs/fleet.md).</p>`}
    ${shown && html`<${HostDetail} key=${shown.name} host=${shown} />`}
  </section>`;
}

function HostDetail({ host }: { host: Host }) {
  const [calls, setCalls] = useState<FleetCall[]>([]);
  const [error, setError] = useState("");
  const readings: Readings = host.readings ?? {};
  const facts: Facts = host.facts ?? {};
  useEffect(() => {
    const load = async () => {
      try {
        setCalls((await api<FleetCallList>("GET", `/api/v1/hosts/${encodeURIComponent(host.name)}/calls?limit=20`)).calls);
        setError("");
      } catch (e) {
        setError(`The calls could not be listed: ${message(e)}`);
      }
    };
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [host.name]);
  return html`<section class="host-detail" aria-label=${`Host ${host.name}`}>
    <div class="toolbar">
      <h3>${host.name}</h3>
      <span class="muted">${facts.hostname ?? ""} · agent ${host.agent_version ?? "?"}, started <${Time} at=${host.started_at} /></span>
      <a href=${href("hosts")}>Close</a>
    </div>
    <h4>Disks</h4>
    <ul class="host-disks">
      ${(readings.disks ?? []).map(
        (d) => html`<li key=${d.mount_point} data-disk=${d.mount_point}>
          <span>${d.mount_point}</span> <meter min="0" max="100" low="85" high="95" optimum="0" value=${d.used_percent} aria-label=${`disk ${d.mount_point}`}></meter>
          <span>${d.used_percent.toFixed(0)}% used</span> <span class="muted">${bytes(d.available_bytes)} free</span>
        </li>`,
      )}
      ${(readings.disks ?? []).length === 0 && html`<li class="muted">No readings yet.</li>`}
    </ul>
    <h4>Calls from the hub</h4>
    ${error && html`<p role="alert" class="error">${error}</p>`}
    <${Scroll} label=${`Calls to ${host.name}`}>
      <table class="host-calls cards">
        <thead><tr><th>sent</th><th>tool</th><th>requested by</th><th>state</th><th>result</th></tr></thead>
        <tbody>
          ${calls.map(
            (c) => html`<tr key=${c.id} data-call=${c.id}>
              <td data-label="sent"><${Time} at=${c.sent_at} /></td>
              <td data-label="tool">${c.tool}</td>
              <td data-label="requested by">${c.requested_by}</td>
              <td data-label="state">${c.state}</td>
              <td data-label="result" class="call-result">${c.result
                ? html`<span><span class=${`call-outcome ${c.result.ok ? "state-ok" : "error"}`}>${c.result.ok ? "ok" : c.result.error_code ?? "failed"}</span> <span class="muted">${c.result.output.slice(0, 160)}</span></span>`
                : html`<span class="muted">waiting</span>`}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    <//>
    ${calls.length === 0 && !error && html`<p class="muted">No calls sent to this host.</p>`}
  </section>`;
}
