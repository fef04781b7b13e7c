// API keys: the caller's keys, a new key shown once (with a copy button), revoking; every action
// says how it went.
import { useEffect, useState } from "preact/hooks";

import { api, can, message } from "../api";
import type { ApiKey, ApiKeyList, CreatedApiKey, Scope } from "../generated/protocol";
import { Time, html } from "../html";
import { Confirm, CopyButton, Outcome, Scroll, useAction } from "../ui";

const SCOPES: Scope[] = ["read", "write", "execute", "approve", "admin"];

export function Keys() {
  const [keys, setKeys] = useState<ApiKey[]>([]);
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [error, setError] = useState("");
  const action = useAction();
  const load = () =>
    api<ApiKeyList>("GET", "/api/v1/api-keys").then(
      (list) => setKeys(list.api_keys),
      (e) => setError(`The keys could not be loaded: ${message(e)}`),
    );
  useEffect(() => void load(), []);
  const create = (e: Event) => {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const scopes = SCOPES.filter((s) => data.get(`scope-${s}`) === "on");
    void action.run(async () => {
      setCreated(await api<CreatedApiKey>("POST", "/api/v1/api-keys", { name: String(data.get("name")), scopes, expires_in_seconds: null }));
      form.reset();
      await load();
    });
  };
  const revoke = (key: ApiKey) =>
    void action.run(async () => {
      await api("DELETE", `/api/v1/api-keys/${key.id}`);
      await load();
    }, `Key ${key.name} revoked.`);
  return html`<section class="page keys" aria-labelledby="keys-title">
    <h2 id="keys-title">API keys</h2>
    ${can("write") &&
    html`<form class="inline" onSubmit=${create} aria-label="New API key">
      <label>Name <input name="name" required maxlength="100" /></label>
      <fieldset><legend>Scopes</legend>
        ${SCOPES.filter((s) => can(s)).map((s) => html`<label key=${s} class="check"><input type="checkbox" name=${`scope-${s}`} /> ${s}</label>`)}
      </fieldset>
      <button type="submit" class="primary" disabled=${action.busy}>Create</button>
    </form>`}
    <${Outcome} outcome=${action.outcome} />
    ${error && html`<p role="alert" class="error">${error}</p>`}
    ${created &&
    html`<div class="created" role="status">
      <p>Copy the key now: it is not shown again.</p>
      <p class="secret-line"><code class="secret">${created.key}</code> <${CopyButton} text=${created.key} label="Copy the key" /></p>
    </div>`}
    <${Scroll} label="API keys">
      <table class="cards">
        <thead><tr><th>name</th><th>prefix</th><th>scopes</th><th>created</th><th>last used</th><th>state</th><th></th></tr></thead>
        <tbody>
          ${keys.map(
            (k) => html`<tr key=${k.id} data-key=${k.name}>
              <td data-label="name">${k.name}</td><td data-label="prefix"><code>${k.prefix}</code></td><td data-label="scopes">${k.scopes.join(", ")}</td>
              <td data-label="created"><${Time} at=${k.created_at} /></td><td data-label="last used"><${Time} at=${k.last_used_at} /></td>
              <td data-label="state" class="key-state">${k.revoked_at ? "revoked" : "active"}</td>
              <td data-label="actions">${!k.revoked_at && can("write") && html`<${Confirm} label="Revoke" confirm="Revoke for good" onConfirm=${() => revoke(k)} />`}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    <//>
  </section>`;
}
