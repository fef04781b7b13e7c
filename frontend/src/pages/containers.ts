// Containers, as Portainer's core shows them: image, state, ports, restarts, uptime and health,
// searched by name; logs with a tail length and follow; restart, stop and start. Everything goes
// through the guard as tool calls (`docker_ps`, `docker_logs`, `docker_restart`...), so an action
// the policy holds waits for an approval like any other, and each one is audited.
import { useEffect, useRef, useState } from "preact/hooks";

import { api, can, message } from "../api";
import type { Approval, InvokeResult } from "../generated/protocol";
import { duration, html } from "../html";
import { href } from "../router";
import { CopyButton, Scroll } from "../ui";

interface Row {
  name: string;
  id: string;
  image: string;
  state: string;
  status: string;
  health: string | null;
  ports?: string[];
  restart_count?: number;
  started_at?: string;
}

/** What an invocation came to: it ran (200) or waits for a human (202, the approval). */
async function invoke(tool: string, args: Record<string, unknown>): Promise<InvokeResult | Approval> {
  return api<InvokeResult | Approval>("POST", `/api/v1/tools/${tool}/invoke`, { args });
}

function isApproval(result: InvokeResult | Approval): result is Approval {
  return "status" in result && "arguments_hash" in result;
}

function uptime(row: Row): string {
  if (row.state !== "running" || !row.started_at) return "";
  const started = Date.parse(row.started_at);
  return Number.isFinite(started) && started > 0 ? duration((Date.now() - started) / 1000) : "";
}

const TAILS = [50, 200, 1000];
const FOLLOW_EVERY_MS = 3000;

export function Containers() {
  const [rows, setRows] = useState<Row[]>([]);
  const [query, setQuery] = useState("");
  const [error, setError] = useState("");
  const [notice, setNotice] = useState<{ text: string; approval?: string; error?: boolean } | null>(null);
  const [logsOf, setLogsOf] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const load = async () => {
    try {
      const result = await invoke("docker_ps", { all: true, details: true, limit: 500 });
      if (isApproval(result)) throw new Error("listing containers waits for an approval");
      if (!result.ok) throw new Error(result.output);
      setRows(((result.data as { containers?: Row[] }).containers ?? []) as Row[]);
      setError("");
    } catch (e) {
      setError(`The containers could not be listed: ${message(e)}`);
    } finally {
      setLoading(false);
    }
  };
  useEffect(() => void load(), []);
  const act = async (tool: "docker_restart" | "docker_stop" | "docker_start", container: string) => {
    const verb = tool.replace("docker_", "");
    setNotice({ text: `${verb} ${container}…` });
    try {
      const result = await invoke(tool, { container });
      if (isApproval(result)) {
        setNotice({ text: `${verb} ${container} waits for an approval (${result.risk} risk: ${result.justification}).`, approval: result.id });
      } else if (result.ok) {
        setNotice({ text: `${verb} ${container}: done.` });
      } else {
        setNotice({ text: `${verb} ${container} failed: ${result.output}`, error: true });
      }
      await load();
    } catch (e) {
      setNotice({ text: `${verb} ${container} was not done: ${message(e)}`, error: true });
    }
  };
  const shown = rows.filter((r) => r.name.toLowerCase().includes(query.trim().toLowerCase()));
  const execute = can("execute");
  return html`<section class="page containers-page" aria-labelledby="containers-title">
    <div class="toolbar">
      <h2 id="containers-title">Containers</h2>
      <label class="search">Search <input type="search" value=${query} onInput=${(e: Event) => setQuery((e.target as HTMLInputElement).value)} placeholder="name" /></label>
      <button type="button" onClick=${() => void load()}>Refresh</button>
    </div>
    ${error && html`<p role="alert" class="error">${error}</p>`}
    ${notice &&
    html`<p role=${notice.error ? "alert" : "status"} class=${notice.error ? "error" : "notice"}>${notice.text}
      ${notice.approval && html` <a href=${href("approvals", null, { id: notice.approval })}>Open the approval</a>`}</p>`}
    <${Scroll} label="Containers">
      <table class="containers cards">
        <thead><tr><th>name</th><th>image</th><th>state</th><th>ports</th><th>restarts</th><th>uptime</th><th>health</th><th>actions</th></tr></thead>
        <tbody>
          ${shown.map(
            (c) => html`<tr key=${c.id} data-container=${c.name}>
              <td data-label="name"><strong>${c.name}</strong></td>
              <td data-label="image" class="image">${c.image}</td>
              <td data-label="state"><span class=${`state-badge state-${c.state}`}>${c.state}</span> <span class="muted">${c.status}</span></td>
              <td data-label="ports" class="ports">${(c.ports ?? []).join(", ")}</td>
              <td data-label="restarts" class="restarts">${c.restart_count ?? ""}</td>
              <td data-label="uptime" class="uptime">${uptime(c)}</td>
              <td data-label="health">${c.health ?? ""}</td>
              <td data-label="actions" class="row-actions">
                <button type="button" class="small" onClick=${() => setLogsOf(c.name)} aria-label=${`Logs of ${c.name}`}>Logs</button>
                ${execute && c.state === "running" &&
                html`<button type="button" class="small" onClick=${() => act("docker_restart", c.name)} aria-label=${`Restart ${c.name}`}>Restart</button>
                  <button type="button" class="small" onClick=${() => act("docker_stop", c.name)} aria-label=${`Stop ${c.name}`}>Stop</button>`}
                ${execute && c.state !== "running" &&
                html`<button type="button" class="small" onClick=${() => act("docker_start", c.name)} aria-label=${`Start ${c.name}`}>Start</button>`}
              </td>
            </tr>`,
          )}
        </tbody>
      </table>
    <//>
    ${!loading && shown.length === 0 && html`<p class="muted">${query ? "No container matches." : "No containers."}</p>`}
    ${logsOf && html`<${Logs} key=${logsOf} container=${logsOf} onClose=${() => setLogsOf(null)} />`}
  </section>`;
}

function Logs({ container, onClose }: { container: string; onClose: () => void }) {
  const [tail, setTail] = useState(200);
  const [follow, setFollow] = useState(false);
  const [text, setText] = useState("");
  const [error, setError] = useState("");
  const box = useRef<HTMLPreElement | null>(null);
  const read = async () => {
    try {
      const result = await invoke("docker_logs", { container, tail });
      if (isApproval(result)) throw new Error("reading logs waits for an approval");
      setText(result.output);
      setError(result.ok ? "" : result.output);
    } catch (e) {
      setError(`The logs could not be read: ${message(e)}`);
    }
  };
  useEffect(() => {
    void read();
    if (!follow) return;
    const timer = setInterval(() => void read(), FOLLOW_EVERY_MS);
    return () => clearInterval(timer);
  }, [tail, follow]);
  useEffect(() => {
    if (follow && box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [text]);
  return html`<section class="logs" aria-label=${`Logs of ${container}`}>
    <div class="toolbar">
      <h3>Logs of ${container}</h3>
      <label>Lines <select value=${tail} onChange=${(e: Event) => setTail(Number((e.target as HTMLSelectElement).value))}>
        ${TAILS.map((n) => html`<option key=${n} value=${n}>${n}</option>`)}
      </select></label>
      <label class="check"><input type="checkbox" checked=${follow} onChange=${(e: Event) => setFollow((e.target as HTMLInputElement).checked)} /> Follow</label>
      <${CopyButton} text=${text} label="Copy logs" />
      <button type="button" onClick=${onClose}>Close</button>
    </div>
    ${error && html`<p role="alert" class="error">${error}</p>`}
    <pre class="output log-text" ref=${box} tabindex="0">${text}</pre>
  </section>`;
}
