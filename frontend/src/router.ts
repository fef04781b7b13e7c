// Where the app is, kept in the URL's hash so a reload (or a link) comes back to the same place:
// `#/chat/CONVERSATION`, `#/incidents/ID?state=open`, `#/audit?actor=monitor`...
import { useEffect, useState } from "preact/hooks";

export interface Route {
  page: string;
  /** The item the page shows (a conversation, an incident), if any. */
  id: string | null;
  params: URLSearchParams;
}

export function parse(hash: string = location.hash): Route {
  const [path = "", query = ""] = hash.replace(/^#\/?/, "").split("?", 2);
  const [page = "", id = null] = path.split("/").map(decodeURIComponent);
  return { page, id: id || null, params: new URLSearchParams(query) };
}

export function href(page: string, id?: string | null, params?: Record<string, string | number | boolean | null | undefined>): string {
  let out = `#/${page}`;
  if (id) out += `/${encodeURIComponent(id)}`;
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params ?? {})) {
    if (value !== null && value !== undefined && value !== "" && value !== false) query.set(key, String(value));
  }
  const text = query.toString();
  return text ? `${out}?${text}` : out;
}

const listeners = new Set<() => void>();

/** Goes to `target` (a hash); `replace` keeps the history entry (a run naming its conversation). */
export function navigate(target: string, replace = false) {
  if (location.hash === target) return;
  if (replace) history.replaceState(null, "", target);
  else history.pushState(null, "", target);
  for (const listener of listeners) listener();
}

/** The current route, following links, the back button and `navigate`. */
export function useRoute(): Route {
  const [route, setRoute] = useState(parse());
  useEffect(() => {
    const follow = () => setRoute(parse());
    addEventListener("hashchange", follow);
    addEventListener("popstate", follow);
    listeners.add(follow);
    return () => {
      removeEventListener("hashchange", follow);
      removeEventListener("popstate", follow);
      listeners.delete(follow);
    };
  }, []);
  return route;
}
