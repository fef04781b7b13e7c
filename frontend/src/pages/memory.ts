// Memories: search (semantic when Warden has embeddings), the newest by kind, where each came
// from, remember something, forget; and the runbooks proposed from fixes that held, accepted or
// rejected here.
import { useEffect, useState } from "preact/hooks";

import { ApiError, api } from "../api";
import type { CreateMemoryRequest, MemoryItem, MemoryKind, MemoryList, MemorySourceKind, MemoryWrite, RunbookProposal, RunbookProposalList } from "../generated/protocol";
import { html, when } from "../html";
import { Scroll } from "../ui";

const KINDS: MemoryKind[] = ["fact", "note", "procedure", "preference", "summary", "repair"];
/** The kinds a person may store (the others are Warden's own). */
const CREATABLE: MemoryKind[] = ["note", "fact", "procedure", "preference"];

function source(m: MemoryItem): string {
  const from: Record<MemorySourceKind, string> = {
    tool: "stored by the agent",
    chat: "learned from a conversation",
    summary: "summary of a conversation",
    repair: "a repair by the monitor",
    api: "stored by hand",
    import: "imported",
  };
  const what = from[m.source.kind];
  return m.source.reference ? `${what} (${m.source.reference})` : what;
}

export function Memory() {
  const [memories, setMemories] = useState<MemoryItem[]>([]);
  const [query, setQuery] = useState("");
  const [kind, setKind] = useState("");
  const [info, setInfo] = useState("");
  const [error, setError] = useState("");
  const [proposals, setProposals] = useState<RunbookProposal[]>([]);
  const fail = (err: unknown) => setError(err instanceof ApiError ? err.message : String(err));
  const load = async (q = query, k = kind) => {
    try {
      const params = new URLSearchParams();
      if (q.trim()) params.set("query", q.trim());
      else if (k) params.set("kind", k);
      const list = await api<MemoryList>("GET", `/api/v1/memories?${params}`);
      setMemories(list.memories);
      setInfo(list.method ? `${list.method} search${list.note ? `: ${list.note}` : ""}` : "");
      setError("");
    } catch (err) {
      fail(err);
    }
  };
  const loadProposals = async () => {
    try {
      setProposals((await api<RunbookProposalList>("GET", "/api/v1/runbooks/proposals")).proposals);
    } catch (err) {
      fail(err);
    }
  };
  useEffect(() => {
    void load();
    void loadProposals();
  }, []);
  const search = (e: Event) => {
    e.preventDefault();
    void load();
  };
  const remember = async (e: Event) => {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    try {
      const request: CreateMemoryRequest = {
        content: String(data.get("content")),
        kind: CREATABLE.find((k) => k === data.get("kind")) ?? "note",
        tags: [],
        shared: data.get("shared") === "on",
      };
      const written = await api<MemoryWrite>("POST", "/api/v1/memories", request);
      form.reset();
      if (written.note) setInfo(written.note);
      await load();
    } catch (err) {
      fail(err);
    }
  };
  const forget = async (id: string) => {
    try {
      await api("DELETE", `/api/v1/memories/${id}`);
      await load();
    } catch (err) {
      fail(err);
    }
  };
  const decide = async (id: string, verb: "accept" | "reject") => {
    try {
      await api("POST", `/api/v1/runbooks/proposals/${id}/${verb}`, { reason: null });
      await loadProposals();
    } catch (err) {
      fail(err);
    }
  };
  return html`<section class="page memory" aria-label="Memory">
    <h2>Memory</h2>
    <form class="inline" onSubmit=${search} aria-label="Search memories">
      <label>Search <input name="query" value=${query} onInput=${(e: Event) => setQuery((e.target as HTMLInputElement).value)} /></label>
      <label>Kind <select value=${kind} onChange=${(e: Event) => {
        const k = (e.target as HTMLSelectElement).value;
        setKind(k);
        void load(query, k);
      }}>
        <option value="">all</option>
        ${KINDS.map((k) => html`<option key=${k} value=${k}>${k}</option>`)}
      </select></label>
      <button type="submit">Search</button>
    </form>
    ${info && html`<p class="muted" role="status">${info}</p>`}
    ${error && html`<p role="alert" class="error">${error}</p>`}
    <${Scroll} label="Memories">
      <table class="cards">
        <thead><tr><th>memory</th><th>kind</th><th>where it came from</th><th>when</th><th></th></tr></thead>
        <tbody>
          ${memories.map(
            (m) => html`<tr key=${m.id} data-memory=${m.id}>
              <td data-label="memory" class="memory-content">${m.content}${m.shared ? html` <span class="badge">shared</span>` : ""}
                ${m.score !== null && html` <span class="muted">(${m.score.toFixed(2)})</span>`}</td>
              <td data-label="kind">${m.kind}</td><td data-label="source" class="memory-source">${source(m)}</td><td data-label="when">${when(m.created_at)}</td>
              <td data-label="actions"><button type="button" onClick=${() => forget(m.id)}>Forget</button></td>
            </tr>`,
          )}
          ${memories.length === 0 && html`<tr><td colspan="5" class="muted">Nothing remembered${query ? ` about "${query}"` : ""}.</td></tr>`}
        </tbody>
      </table>
    <//>
    <form class="inline" onSubmit=${remember} aria-label="Remember">
      <label>Remember <input name="content" required maxlength="4000" /></label>
      <label>Kind <select name="kind">${CREATABLE.map((k) => html`<option key=${k} value=${k}>${k}</option>`)}</select></label>
      <label><input type="checkbox" name="shared" /> shared with everyone</label>
      <button type="submit">Save</button>
    </form>
    <h3>Runbooks proposed from fixes that held</h3>
    <ul class="proposals">
      ${proposals.map(
        (p) => html`<li key=${p.id} class="step" data-proposal=${p.id}>
          <p><strong>${p.kind}</strong>: held ${p.held_count} times; <span class="proposal-state">${p.state}</span>
            <span class="muted">(proposed ${when(p.proposed_at)})</span></p>
          <pre class="args">${p.steps.map((s) => `${s.tool} ${JSON.stringify(s.arguments)}`).join("\n")}</pre>
          ${p.state === "proposed" &&
          html`<div class="actions">
            <button type="button" class="approve" onClick=${() => decide(p.id, "accept")}>Accept</button>
            <button type="button" class="deny" onClick=${() => decide(p.id, "reject")}>Reject</button>
          </div>`}
        </li>`,
      )}
      ${proposals.length === 0 && html`<li class="muted">No fix has held often enough to become a runbook yet.</li>`}
    </ul>
  </section>`;
}
