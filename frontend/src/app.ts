// The views: login, and the chat with streamed steps (each tool call with the guard's risk and
// route, its output folded, approvals decided inline) and markdown answers, sanitised.
import DOMPurify from "dompurify";
import { marked } from "marked";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";

import { ApiError, api, loggedIn, login, logout } from "./api";
import type { Conversation, ConversationDetail, ConversationList, ModelList, ServerEvent } from "./generated/protocol";
import { html } from "./html";
import { Approvals } from "./pages/approvals";
import { Audit } from "./pages/audit";
import { Dashboard } from "./pages/dashboard";
import { Keys } from "./pages/keys";
import { Memory } from "./pages/memory";
import { Users } from "./pages/users";
import { ChatSocket, type Incoming } from "./socket";

function markdown(text: string): string {
  return DOMPurify.sanitize(marked.parse(text, { async: false }));
}

const PAGES = [
  ["chat", "Chat"],
  ["monitor", "Monitor"],
  ["approvals", "Approvals"],
  ["memory", "Memory"],
  ["keys", "API keys"],
  ["audit", "Audit"],
  ["users", "Users"],
] as const;
type Page = (typeof PAGES)[number][0];

function currentPage(): Page {
  const hash = location.hash.replace("#/", "");
  return (PAGES.find(([name]) => name === hash)?.[0] ?? "chat") as Page;
}

export function App() {
  const [authenticated, setAuthenticated] = useState(loggedIn());
  const [page, setPage] = useState<Page>(currentPage());
  useEffect(() => {
    const follow = () => setPage(currentPage());
    addEventListener("hashchange", follow);
    return () => removeEventListener("hashchange", follow);
  }, []);
  if (!authenticated) return html`<${Login} onDone=${() => setAuthenticated(true)} />`;
  const leave = () => {
    logout();
    setAuthenticated(false);
  };
  return html`<div class="shell">
    <header>
      <h1>Warden</h1>
      <nav aria-label="Pages">
        ${PAGES.map(([name, label]) => html`<a key=${name} href=${`#/${name}`} aria-current=${page === name ? "page" : undefined}>${label}</a>`)}
      </nav>
      <button type="button" onClick=${leave}>Log out</button>
    </header>
    ${page === "chat" && html`<${Chat} />`}
    ${page === "monitor" && html`<${Dashboard} />`}
    ${page === "approvals" && html`<${Approvals} />`}
    ${page === "memory" && html`<${Memory} />`}
    ${page === "keys" && html`<${Keys} />`}
    ${page === "audit" && html`<${Audit} />`}
    ${page === "users" && html`<${Users} />`}
  </div>`;
}

function Login({ onDone }: { onDone: () => void }) {
  const [error, setError] = useState("");
  const submit = async (e: Event) => {
    e.preventDefault();
    const form = new FormData(e.target as HTMLFormElement);
    try {
      await login(String(form.get("username")), String(form.get("password")));
      onDone();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : "Warden does not answer");
    }
  };
  return html`<main class="login">
    <h1>Warden</h1>
    <form onSubmit=${submit} aria-label="Log in">
      <label>Username <input name="username" autocomplete="username" required /></label>
      <label>Password <input name="password" type="password" autocomplete="current-password" required /></label>
      <button type="submit">Log in</button>
      ${error && html`<p role="alert" class="error">${error}</p>`}
    </form>
  </main>`;
}

/** One line of the conversation as shown. */
type Item =
  | { kind: "user"; text: string }
  | { kind: "thinking"; run: string; text: string }
  | { kind: "memories"; run: string; contents: string[]; note: string | null }
  | { kind: "tool"; run: string; callId: string; name: string; args: string; risk: string; route: string; output?: string; ok?: boolean; code?: string | null }
  | { kind: "approval"; run: string; approvalId: string; tool: string; args: string; justification: string; decision?: string }
  | { kind: "answer"; run: string; text: string; done: boolean }
  | { kind: "error"; run: string; text: string };

function apply(items: Item[], event: ServerEvent): Item[] {
  const run = event.run_id;
  switch (event.type) {
    case "run_started":
      return items;
    case "memories_recalled":
      return [...items, { kind: "memories", run, contents: event.memories.map((m) => m.content), note: event.note }];
    case "thinking": {
      // The step's text was streamed as answer; it turned out to be reasoning before a tool call.
      const last = items[items.length - 1];
      const rest = last?.kind === "answer" && last.run === run && !last.done ? items.slice(0, -1) : items;
      return [...rest, { kind: "thinking", run, text: event.text }];
    }
    case "tool_call":
      return [...items, { kind: "tool", run, callId: event.call_id, name: event.name, args: JSON.stringify(event.arguments), risk: event.risk, route: event.route }];
    case "tool_result":
      return items.map((item) =>
        item.kind === "tool" && item.run === run && item.callId === event.call_id
          ? { ...item, output: event.output, ok: event.ok, code: event.error_code }
          : item,
      );
    case "approval_required":
      return [...items, { kind: "approval", run, approvalId: event.approval_id, tool: event.tool, args: JSON.stringify(event.arguments), justification: event.justification }];
    case "approval_resolved":
      return items.map((item) =>
        item.kind === "approval" && item.approvalId === event.approval_id ? { ...item, decision: event.decision } : item,
      );
    case "answer_delta": {
      const last = items[items.length - 1];
      if (last?.kind === "answer" && last.run === run && !last.done) {
        return [...items.slice(0, -1), { ...last, text: last.text + event.text }];
      }
      return [...items, { kind: "answer", run, text: event.text, done: false }];
    }
    case "complete": {
      const has = items.some((i) => i.kind === "answer" && i.run === run);
      const done = items.map((i) => (i.kind === "answer" && i.run === run ? { ...i, text: event.answer, done: true } : i));
      return has ? done : [...done, { kind: "answer", run, text: event.answer, done: true }];
    }
    case "error":
      return [...items, { kind: "error", run, text: `${event.code}: ${event.message}` }];
    case "cancelled":
      return [...items, { kind: "error", run, text: "cancelled" }];
  }
}

function Chat() {
  const [items, setItems] = useState<Item[]>([]);
  const [connected, setConnected] = useState(false);
  const [conversation, setConversation] = useState<string | null>(null);
  const [notice, setNotice] = useState("");
  const [conversations, setConversations] = useState<Conversation[]>([]);
  const [models, setModels] = useState<string[]>([]);
  const [model, setModel] = useState("auto");
  const [running, setRunning] = useState<string | null>(null);
  const socketRef = useRef<ChatSocket | null>(null);
  const loadConversations = async () =>
    setConversations((await api<ConversationList>("GET", "/api/v1/conversations")).conversations);
  useEffect(() => {
    void loadConversations();
    void api<ModelList>("GET", "/api/v1/models").then((list) => setModels(list.models));
  }, []);
  const open = async (id: string) => {
    const detail = await api<ConversationDetail>("GET", `/api/v1/conversations/${id}`);
    setConversation(id);
    setItems(
      detail.messages
        .filter((m) => (m.role === "user" || m.role === "assistant") && m.content)
        .map((m, index): Item =>
          m.role === "user" ? { kind: "user", text: m.content } : { kind: "answer", run: m.run_id ?? `stored-${index}`, text: m.content, done: true },
        ),
    );
  };
  const chatRef = useRef<HTMLElement | null>(null);
  // Follow the conversation as steps arrive.
  useEffect(() => {
    chatRef.current?.scrollTo({ top: chatRef.current.scrollHeight });
  }, [items]);

  useEffect(() => {
    const socket = new ChatSocket((incoming: Incoming) => {
      if (incoming.kind === "status") setConnected(incoming.connected);
      else if (incoming.kind === "event") {
        const event = incoming.event;
        if (event.type === "run_started") {
          setConversation(event.conversation_id);
          setRunning(event.run_id);
        }
        if (event.type === "complete" || event.type === "error" || event.type === "cancelled") {
          setRunning(null);
          void loadConversations();
        }
        setItems((current) => apply(current, event));
      } else if (incoming.message.type === "error") setNotice(incoming.message.message);
      else if (incoming.message.type === "approval_decided") setNotice(`approval ${incoming.message.status}`);
    });
    socketRef.current = socket;
    // Playwright drops the socket through this hook to check that the run resumes.
    (window as unknown as { wardenDropSocket?: () => void }).wardenDropSocket = () => socket.drop();
    return () => socket.close();
  }, []);

  const send = (e: Event) => {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const input = form.elements.namedItem("message") as HTMLTextAreaElement;
    const text = input.value.trim();
    if (!text) return;
    setItems((current) => [...current, { kind: "user", text }]);
    socketRef.current?.send({ type: "message", conversation_id: conversation, message: text, model: model === "auto" ? null : model });
    input.value = "";
  };
  const decide = (approvalId: string, approve: boolean) =>
    socketRef.current?.send({ type: approve ? "approve" : "deny", approval_id: approvalId, reason: null });

  const rendered = useMemo(() => items.map((item, index) => html`<${Step} key=${index} item=${item} decide=${decide} />`), [items]);
  const fresh = () => {
    setConversation(null);
    setItems([]);
  };
  return html`<div class="chat-layout">
    <aside class="conversations" aria-label="Conversations">
      <button type="button" onClick=${fresh}>New conversation</button>
      <ul>
        ${conversations.map(
          (c) => html`<li key=${c.id}><button type="button" class=${c.id === conversation ? "link current" : "link"} onClick=${() => open(c.id)}>${c.title}</button></li>`,
        )}
      </ul>
    </aside>
    <div class="chat-page">
      <p class="connection">
        <span class=${connected ? "status on" : "status off"} aria-live="polite">${connected ? "connected" : "reconnecting…"}</span>
        <label>Model <select value=${model} onChange=${(e: Event) => setModel((e.target as HTMLSelectElement).value)}>
          <option value="auto">auto</option>
          ${models.map((m) => html`<option key=${m} value=${m}>${m}</option>`)}
        </select></label>
        ${running && html`<button type="button" onClick=${() => socketRef.current?.send({ type: "cancel", run_id: running })}>Cancel</button>`}
      </p>
      <main class="chat" ref=${chatRef} aria-label="Conversation" aria-live="polite">${rendered}</main>
      ${notice && html`<p class="notice" role="status">${notice}</p>`}
      <form class="composer" onSubmit=${send}>
        <label class="visually-hidden" for="message">Message</label>
        <textarea id="message" name="message" rows="2" placeholder="Ask Warden…"></textarea>
        <button type="submit">Send</button>
      </form>
    </div>
  </div>`;
}

function Step({ item, decide }: { item: Item; decide: (id: string, approve: boolean) => void }) {
  switch (item.kind) {
    case "user":
      return html`<div class="step user">${item.text}</div>`;
    case "thinking":
      return html`<div class="step thinking">${item.text}</div>`;
    case "memories":
      return html`<div class="step memories">
        <details>
          <summary>${item.contents.length === 1 ? "1 memory recalled" : `${item.contents.length} memories recalled`}</summary>
          <ul>${item.contents.map((c, i) => html`<li key=${i}>${c}</li>`)}</ul>
        </details>
        ${item.note && html`<p class="muted">${item.note}</p>`}
      </div>`;
    case "tool":
      return html`<div class="step tool" data-tool=${item.name}>
        <div class="call"><code>${item.name}</code> <span class=${`risk risk-${item.risk}`}>${item.risk}</span> <span class="route">${item.route}</span></div>
        <details>
          <summary>${item.output === undefined ? "running…" : item.ok ? "output" : `failed (${item.code ?? "error"})`}</summary>
          <pre class="args">${item.args}</pre>
          ${item.output !== undefined && html`<pre class="output">${item.output}</pre>`}
        </details>
      </div>`;
    case "approval":
      return html`<div class="step approval" data-approval=${item.approvalId}>
        <p><strong>${item.tool}</strong> waits for approval: ${item.justification}</p>
        <pre class="args">${item.args}</pre>
        ${item.decision
          ? html`<p class="decision">${item.decision}</p>`
          : html`<div class="actions">
              <button type="button" class="approve" onClick=${() => decide(item.approvalId, true)}>Approve</button>
              <button type="button" class="deny" onClick=${() => decide(item.approvalId, false)}>Deny</button>
            </div>`}
      </div>`;
    case "answer":
      return html`<div class="step answer" dangerouslySetInnerHTML=${{ __html: markdown(item.text) }}></div>`;
    case "error":
      return html`<div class="step error" role="alert">${item.text}</div>`;
  }
}
