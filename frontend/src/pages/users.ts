// Users (administrators): who may log in, with which scopes; new users; disabling and enabling.
// A refused change (disabling one's own account, a short password) says why.
import { useEffect, useState } from "preact/hooks";

import { api, message } from "../api";
import type { MeResponse, Scope, User, UserList } from "../generated/protocol";
import { Time, html } from "../html";
import { Outcome, Scroll, useAction } from "../ui";

const SCOPES: Scope[] = ["read", "write", "execute", "approve", "admin"];

export function Users() {
  const [users, setUsers] = useState<User[]>([]);
  const [error, setError] = useState("");
  const [me, setMe] = useState("");
  const action = useAction();
  const load = () =>
    api<UserList>("GET", "/api/v1/users").then(
      (list) => setUsers(list.users),
      (e) => setError(`The users could not be loaded: ${message(e)}`),
    );
  useEffect(() => {
    void load();
    api<MeResponse>("GET", "/api/v1/auth/me").then(
      (who) => setMe(who.user_id),
      () => {},
    );
  }, []);
  const create = (e: Event) => {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    void action.run(async () => {
      await api("POST", "/api/v1/users", {
        username: String(data.get("username")),
        password: String(data.get("password")),
        scopes: SCOPES.filter((s) => data.get(`user-scope-${s}`) === "on"),
      });
      form.reset();
      await load();
    }, "User added.");
  };
  const toggle = (user: User) =>
    void action.run(async () => {
      await api("PATCH", `/api/v1/users/${user.id}`, { disabled: !user.disabled });
      await load();
    }, `${user.username} ${user.disabled ? "enabled" : "disabled"}.`);
  return html`<section class="page users" aria-labelledby="users-title">
    <h2 id="users-title">Users</h2>
    <form class="inline" onSubmit=${create} aria-label="New user">
      <label>Username <input name="username" required maxlength="64" /></label>
      <label>Password <input name="password" type="password" minlength="12" required autocomplete="new-password" /></label>
      <fieldset><legend>Scopes</legend>
        ${SCOPES.map((s) => html`<label key=${s} class="check"><input type="checkbox" name=${`user-scope-${s}`} /> ${s}</label>`)}
      </fieldset>
      <button type="submit" class="primary" disabled=${action.busy}>Add user</button>
    </form>
    <${Outcome} outcome=${action.outcome} />
    ${error && html`<p role="alert" class="error">${error}</p>`}
    <${Scroll} label="Users">
      <table class="cards">
        <thead><tr><th>username</th><th>scopes</th><th>created</th><th>state</th><th></th></tr></thead>
        <tbody>
          ${users.map(
            (u) => html`<tr key=${u.id} data-user=${u.username}>
              <td data-label="username">${u.username}</td><td data-label="scopes">${u.scopes.join(", ")}</td><td data-label="created"><${Time} at=${u.created_at} /></td>
              <td data-label="state" class="user-state">${u.disabled ? "disabled" : "active"}</td>
              <td data-label="actions">${u.id === me
                ? html`<button type="button" disabled title="You cannot disable your own account">Disable</button> <span class="muted">(you)</span>`
                : html`<button type="button" onClick=${() => toggle(u)} disabled=${action.busy}>${u.disabled ? "Enable" : "Disable"}</button>`}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    <//>
  </section>`;
}
