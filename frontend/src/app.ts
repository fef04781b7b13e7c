// The shell: login, then the pages the session's scopes can use, a navigation that shows how
// many approvals wait (live, over the WebSocket, with optional browser notifications), a skip
// link, and logging out on the server. A session ended on the server returns here to the login
// page with the reason.
import { useEffect, useRef, useState } from "preact/hooks";

import { ApiError, can, loggedIn, login, logout, onSessionEnded } from "./api";
import { Chat } from "./chat/view";
import type { Scope } from "./generated/protocol";
import { html } from "./html";
import { Approvals } from "./pages/approvals";
import { Audit } from "./pages/audit";
import { Containers } from "./pages/containers";
import { Dashboard } from "./pages/dashboard";
import { Hosts } from "./pages/hosts";
import { Incidents } from "./pages/incidents";
import { Keys } from "./pages/keys";
import { Memory } from "./pages/memory";
import { Users } from "./pages/users";
import { type Route, href, navigate, useRoute } from "./router";
import { ChatSocket } from "./socket";

/** Pages, in the navigation's order, with the scope that opens each. */
const PAGES: { name: string; label: string; scope: Scope }[] = [
  { name: "chat", label: "Chat", scope: "read" },
  { name: "monitor", label: "Monitor", scope: "read" },
  { name: "incidents", label: "Incidents", scope: "read" },
  { name: "containers", label: "Containers", scope: "read" },
  { name: "hosts", label: "Hosts", scope: "read" },
  { name: "approvals", label: "Approvals", scope: "read" },
  { name: "memory", label: "Memory", scope: "read" },
  { name: "keys", label: "API keys", scope: "read" },
  { name: "audit", label: "Audit", scope: "admin" },
  { name: "users", label: "Users", scope: "admin" },
];

export function App() {
  const [authenticated, setAuthenticated] = useState(loggedIn());
  const [reason, setReason] = useState("");
  useEffect(
    () =>
      onSessionEnded((why) => {
        setReason(why);
        setAuthenticated(false);
      }),
    [],
  );
  if (!authenticated)
    return html`<${Login}
      reason=${reason}
      onDone=${() => {
        setReason("");
        setAuthenticated(true);
      }}
    />`;
  return html`<${Shell} onLogout=${() => setAuthenticated(false)} />`;
}

function Shell({ onLogout }: { onLogout: () => void }) {
  const route = useRoute();
  const [socket] = useState(() => new ChatSocket());
  const [pending, setPending] = useState(0);
  const [menu, setMenu] = useState(false);
  const notify = useNotifications();
  useEffect(() => {
    // Playwright drops the socket through this hook to check that runs resume.
    (window as unknown as { wardenDropSocket?: () => void }).wardenDropSocket = () => socket.drop();
    const stop = socket.listen((incoming) => {
      if (incoming.kind === "control" && incoming.message.type === "approvals") {
        setPending(incoming.message.pending);
        for (const added of incoming.message.added) notify.show(`Approval needed: ${added.tool}`, `${added.requested_by}: ${added.justification}`);
      }
    });
    return () => {
      stop();
      socket.close();
    };
  }, []);
  const pages = PAGES.filter((p) => can(p.scope));
  const page = pages.find((p) => p.name === route.page)?.name ?? "chat";
  useEffect(() => setMenu(false), [route]);
  const leave = async () => {
    socket.close();
    await logout();
    onLogout();
  };
  return html`<div class="shell">
    <a class="skip" href="#main" onClick=${(e: Event) => { e.preventDefault(); document.getElementById("main")?.focus(); }}>Skip to content</a>
    <header class="top">
      <h1><a href=${href("chat")}>Warden</a></h1>
      <button type="button" class="menu-toggle" aria-expanded=${menu} aria-controls="pages" onClick=${() => setMenu(!menu)}>
        Menu${pending > 0 ? html` <span class="badge" aria-hidden="true">${pending}</span>` : null}
      </button>
      <nav id="pages" class=${menu ? "pages open" : "pages"} aria-label="Pages">
        ${pages.map(
          (p) => html`<a key=${p.name} href=${href(p.name)} aria-current=${page === p.name ? "page" : undefined}>
            ${p.label}${p.name === "approvals" && pending > 0
              ? html` <span class="badge" data-pending=${pending} aria-label=${`${pending} waiting`}>${pending}</span>`
              : null}
          </a>`,
        )}
      </nav>
      <button type="button" class="logout" onClick=${leave}>Log out</button>
    </header>
    <main id="main" tabindex="-1">
      <${Page} page=${page} route=${route} socket=${socket} notify=${notify} />
    </main>
  </div>`;
}

function Page({ page, route, socket, notify }: { page: string; route: Route; socket: ChatSocket; notify: Notifications }) {
  switch (page) {
    case "monitor":
      return html`<${Dashboard} />`;
    case "incidents":
      return html`<${Incidents} route=${route} />`;
    case "containers":
      return html`<${Containers} />`;
    case "hosts":
      return html`<${Hosts} selected=${route.id} />`;
    case "approvals":
      return html`<${Approvals} route=${route} socket=${socket} notify=${notify} />`;
    case "memory":
      return html`<${Memory} />`;
    case "keys":
      return html`<${Keys} />`;
    case "audit":
      return html`<${Audit} route=${route} />`;
    case "users":
      return html`<${Users} />`;
    default:
      return html`<${Chat} socket=${socket} conversation=${route.page === "chat" ? route.id : null} />`;
  }
}

export interface Notifications {
  /** Whether the browser shows them: `default` until asked, `granted`, `denied`, or `unsupported`. */
  permission: string;
  enabled: boolean;
  enable: () => Promise<void>;
  disable: () => void;
  show: (title: string, body: string) => void;
}

const NOTIFY_KEY = "warden.notify";

/** Optional browser notifications for new approvals, off until the user turns them on. */
function useNotifications(): Notifications {
  const supported = typeof Notification !== "undefined";
  const [permission, setPermission] = useState(supported ? Notification.permission : "unsupported");
  const [enabled, setEnabled] = useState(localStorage.getItem(NOTIFY_KEY) === "on");
  const state = useRef({ enabled, permission });
  state.current = { enabled, permission };
  return {
    permission,
    enabled: enabled && permission === "granted",
    enable: async () => {
      if (!supported) return;
      const answer = await Notification.requestPermission();
      setPermission(answer);
      setEnabled(answer === "granted");
      localStorage.setItem(NOTIFY_KEY, answer === "granted" ? "on" : "off");
    },
    disable: () => {
      setEnabled(false);
      localStorage.setItem(NOTIFY_KEY, "off");
    },
    show: (title, body) => {
      if (!supported || !state.current.enabled || Notification.permission !== "granted") return;
      try {
        const shown = new Notification(title, { body, tag: "warden-approval" });
        shown.onclick = () => {
          focus();
          navigate(href("approvals", null, { status: "pending" }));
        };
      } catch {
        // Some browsers only notify from a service worker; the count in the navigation remains.
      }
    },
  };
}

function Login({ onDone, reason }: { onDone: () => void; reason: string }) {
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const user = useRef<HTMLInputElement | null>(null);
  useEffect(() => user.current?.focus(), []);
  const submit = async (e: Event) => {
    e.preventDefault();
    const form = new FormData(e.target as HTMLFormElement);
    setBusy(true);
    try {
      await login(String(form.get("username")), String(form.get("password")));
      onDone();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : "Warden does not answer");
    } finally {
      setBusy(false);
    }
  };
  return html`<main class="login" id="main">
    <h1>Warden</h1>
    ${reason && html`<p role="alert" class="notice">${reason}</p>`}
    <form onSubmit=${submit} aria-label="Log in">
      <label>Username <input ref=${user} name="username" autocomplete="username" required /></label>
      <label>Password <input name="password" type="password" autocomplete="current-password" required /></label>
      <button type="submit" class="primary" disabled=${busy}>Log in</button>
      ${error && html`<p role="alert" class="error">${error}</p>`}
    </form>
  </main>`;
}
