// Users (administrators): who may log in, with which scopes; new users; disabling.
import { useEffect, useState } from "preact/hooks";

import { ApiError, api } from "../api";
import type { Scope, User, UserList } from "../generated/protocol";
import { html, when } from "../html";

const SCOPES: Scope[] = ["read", "write", "execute", "approve", "admin"];

export function Users() {
  const [users, setUsers] = useState<User[]>([]);
  const [error, setError] = useState("");
  const load = () =>
    api<UserList>("GET", "/api/v1/users")
      .then((list) => setUsers(list.users))
      .catch((err) => setError(err instanceof ApiError ? err.message : String(err)));
  useEffect(() => void load(), []);
  const create = async (e: Event) => {
    e.preventDefault();
    const form = new FormData(e.target as HTMLFormElement);
    try {
      await api("POST", "/api/v1/users", {
        username: String(form.get("username")),
        password: String(form.get("password")),
        scopes: SCOPES.filter((s) => form.get(`user-scope-${s}`) === "on"),
      });
      setError("");
      (e.target as HTMLFormElement).reset();
      await load();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
  };
  const toggle = async (user: User) => {
    await api("PATCH", `/api/v1/users/${user.id}`, { disabled: !user.disabled });
    await load();
  };
  return html`<section class="page users" aria-label="Users">
    <h2>Users</h2>
    <form class="inline" onSubmit=${create} aria-label="New user">
      <label>Username <input name="username" required /></label>
      <label>Password <input name="password" type="password" minlength="12" required autocomplete="new-password" /></label>
      <fieldset><legend>Scopes</legend>
        ${SCOPES.map((s) => html`<label key=${s}><input type="checkbox" name=${`user-scope-${s}`} /> ${s}</label>`)}
      </fieldset>
      <button type="submit">Add user</button>
    </form>
    ${error && html`<p role="alert" class="error">${error}</p>`}
    <table>
      <thead><tr><th>username</th><th>scopes</th><th>created</th><th>state</th><th></th></tr></thead>
      <tbody>
        ${users.map(
          (u) => html`<tr key=${u.id} data-user=${u.username}>
            <td>${u.username}</td><td>${u.scopes.join(", ")}</td><td>${when(u.created_at)}</td>
            <td class="user-state">${u.disabled ? "disabled" : "active"}</td>
            <td><button type="button" onClick=${() => toggle(u)}>${u.disabled ? "Enable" : "Disable"}</button></td>
          </tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}
