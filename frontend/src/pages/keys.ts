// API keys: the caller's keys, a new key shown once, revoking.
import { useEffect, useState } from "preact/hooks";

import { ApiError, api } from "../api";
import type { ApiKey, ApiKeyList, CreatedApiKey, Scope } from "../generated/protocol";
import { html, when } from "../html";

const SCOPES: Scope[] = ["read", "write", "execute", "approve", "admin"];

export function Keys() {
  const [keys, setKeys] = useState<ApiKey[]>([]);
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [error, setError] = useState("");
  const load = async () => setKeys((await api<ApiKeyList>("GET", "/api/v1/api-keys")).api_keys);
  useEffect(() => void load(), []);
  const create = async (e: Event) => {
    e.preventDefault();
    const form = new FormData(e.target as HTMLFormElement);
    const scopes = SCOPES.filter((s) => form.get(`scope-${s}`) === "on");
    try {
      setCreated(await api<CreatedApiKey>("POST", "/api/v1/api-keys", { name: String(form.get("name")), scopes, expires_in_seconds: null }));
      setError("");
      await load();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
  };
  const revoke = async (id: string) => {
    await api("DELETE", `/api/v1/api-keys/${id}`);
    await load();
  };
  return html`<section class="page keys" aria-label="API keys">
    <h2>API keys</h2>
    <form class="inline" onSubmit=${create} aria-label="New API key">
      <label>Name <input name="name" required /></label>
      <fieldset><legend>Scopes</legend>
        ${SCOPES.map((s) => html`<label key=${s}><input type="checkbox" name=${`scope-${s}`} /> ${s}</label>`)}
      </fieldset>
      <button type="submit">Create</button>
    </form>
    ${error && html`<p role="alert" class="error">${error}</p>`}
    ${created &&
    html`<div class="created" role="status">
      <p>Copy the key now: it is not shown again.</p>
      <code class="secret">${created.key}</code>
    </div>`}
    <table>
      <thead><tr><th>name</th><th>prefix</th><th>scopes</th><th>created</th><th>state</th><th></th></tr></thead>
      <tbody>
        ${keys.map(
          (k) => html`<tr key=${k.id} data-key=${k.name}>
            <td>${k.name}</td><td><code>${k.prefix}</code></td><td>${k.scopes.join(", ")}</td><td>${when(k.created_at)}</td>
            <td class="key-state">${k.revoked_at ? "revoked" : "active"}</td>
            <td>${!k.revoked_at && html`<button type="button" onClick=${() => revoke(k.id)}>Revoke</button>`}</td>
          </tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}
