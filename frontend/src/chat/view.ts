// The chat: the conversation named in the URL, read from its stored history (every step, with
// approvals decided and by whom), then followed live; a run still going when the page was
// reloaded is picked up again from its events. Streamed answers, a working indicator, Enter to
// send (Shift+Enter for a new line), cancel, the model choice, and the conversations beside it.
import { useEffect, useRef, useState } from "preact/hooks";

import { api, can, message } from "../api";
import type { Conversation, ConversationHistory, ModelList } from "../generated/protocol";
import { html } from "../html";
import { href, navigate } from "../router";
import type { ChatSocket, Incoming } from "../socket";
import { Conversations } from "./conversations";
import { type Item, apply, fromHistory } from "./model";
import { Step } from "./steps";

let sent = 0;

export function Chat({ socket, conversation }: { socket: ChatSocket; conversation: string | null }) {
  const [items, setItems] = useState<Item[]>([]);
  const [title, setTitle] = useState("");
  const [connected, setConnected] = useState(socket.connected);
  const [notice, setNotice] = useState("");
  const [models, setModels] = useState<string[]>([]);
  const [model, setModel] = useState("auto");
  const [running, setRunning] = useState<string[]>([]);
  const [version, setVersion] = useState(0);
  const [drawer, setDrawer] = useState(false);
  const [loading, setLoading] = useState(false);
  const [truncated, setTruncated] = useState(false);
  /** The runs shown here: events of other runs on the shared socket are not this view's. */
  const runs = useRef(new Set<string>());
  /** A message was sent from here and its run has not started yet (it names the conversation). */
  const awaiting = useRef(false);
  /** The conversation a run of ours just started: already on screen, not read again. */
  const adopted = useRef<string | null>(null);
  const current = useRef(conversation);
  current.current = conversation;
  const box = useRef<HTMLTextAreaElement | null>(null);
  const chatRef = useRef<HTMLElement | null>(null);

  useEffect(() => {
    api<ModelList>("GET", "/api/v1/models").then(
      (list) => setModels(list.models),
      () => {},
    );
    box.current?.focus();
  }, []);

  // The conversation in the URL, from its history; runs still going are followed from there.
  useEffect(() => {
    if (conversation !== null && conversation === adopted.current) return;
    adopted.current = null;
    runs.current = new Set();
    setRunning([]);
    setNotice("");
    if (conversation === null) {
      setItems([]);
      setTitle("");
      setTruncated(false);
      return;
    }
    let stale = false;
    setLoading(true);
    api<ConversationHistory>("GET", `/api/v1/conversations/${encodeURIComponent(conversation)}/history`).then(
      (history) => {
        if (stale) return;
        const { items, running } = fromHistory(history.turns);
        for (const turn of history.turns) runs.current.add(turn.run.id);
        setItems(items);
        setTitle(history.conversation.title);
        setTruncated(history.truncated);
        setRunning(running.map((r) => r.run));
        for (const { run, seq } of running) socket.follow(run, seq);
        setLoading(false);
      },
      (error) => {
        if (stale) return;
        setLoading(false);
        setItems([]);
        setNotice(`This conversation could not be opened: ${message(error)}`);
      },
    );
    return () => {
      stale = true;
    };
  }, [conversation]);

  useEffect(
    () =>
      socket.listen((incoming: Incoming) => {
        if (incoming.kind === "status") return setConnected(incoming.connected);
        if (incoming.kind === "control") {
          const m = incoming.message;
          if (m.type === "error") setNotice(m.message);
          else if (m.type === "approval_decided") setNotice(`Approval ${m.status}.`);
          return;
        }
        const event = incoming.event;
        if (event.type === "run_started") {
          const ours = event.conversation_id === current.current || (current.current === null && awaiting.current);
          if (!ours) return;
          awaiting.current = false;
          runs.current.add(event.run_id);
          setRunning((r) => [...r.filter((id) => id !== event.run_id), event.run_id]);
          if (current.current === null) {
            adopted.current = event.conversation_id;
            navigate(href("chat", event.conversation_id), true);
          }
          return;
        }
        if (!runs.current.has(event.run_id)) return;
        if (event.type === "complete" || event.type === "error" || event.type === "cancelled") {
          setRunning((r) => r.filter((id) => id !== event.run_id));
          setVersion((v) => v + 1);
        }
        setItems((now) => apply(now, event));
      }),
    [socket],
  );

  // Follow the conversation as steps arrive, unless the reader scrolled up.
  useEffect(() => {
    const el = chatRef.current;
    if (el && el.scrollHeight - el.scrollTop - el.clientHeight < 240) el.scrollTo({ top: el.scrollHeight });
  }, [items]);

  const send = (e?: Event) => {
    e?.preventDefault();
    const input = box.current;
    const text = input?.value.trim() ?? "";
    if (!input || !text) return;
    setItems((now) => [...now, { kind: "user", key: `local:${++sent}`, text, at: Math.floor(Date.now() / 1000) }]);
    if (conversation === null) awaiting.current = true;
    socket.send({ type: "message", conversation_id: conversation, message: text, model: model === "auto" ? null : model });
    input.value = "";
    setNotice("");
    input.focus();
  };
  const keys = (e: KeyboardEvent) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) send(e);
  };
  const decide = (approvalId: string, approve: boolean) =>
    socket.send({ type: approve ? "approve" : "deny", approval_id: approvalId, reason: null });
  const fresh = () => {
    setDrawer(false);
    navigate(href("chat"));
    box.current?.focus();
  };
  const deleted = (id: string) => {
    if (id === conversation) navigate(href("chat"), true);
  };
  const last = items[items.length - 1];
  const streaming = last?.kind === "answer" && !last.done;
  const working = running.length > 0;
  const canApprove = can("approve");
  return html`<div class="chat-layout">
    <${Conversations} current=${conversation} version=${version} open=${drawer} onClose=${() => setDrawer(false)} onFresh=${fresh} onDeleted=${deleted} onRenamed=${(id: string, renamed: string) => id === conversation && setTitle(renamed)}
      onListed=${(list: Conversation[]) => {
        const found = list.find((c) => c.id === conversation);
        if (found) setTitle(found.title);
      }} />
    ${drawer && html`<div class="scrim" onClick=${() => setDrawer(false)}></div>`}
    <div class="chat-page">
      <div class="chat-bar">
        <button type="button" class="drawer-toggle" aria-expanded=${drawer} aria-controls="conversations" onClick=${() => setDrawer(!drawer)}>Conversations</button>
        <button type="button" class="drawer-toggle" onClick=${fresh}>New</button>
        <h2 class="chat-title">${title || "New conversation"}</h2>
        <span class=${connected ? "status on" : "status off"} role="status">${connected ? "connected" : "reconnecting…"}</span>
        <label class="model">Model <select value=${model} onChange=${(e: Event) => setModel((e.target as HTMLSelectElement).value)}>
          <option value="auto">auto</option>
          ${models.map((m) => html`<option key=${m} value=${m}>${m}</option>`)}
        </select></label>
        ${working && html`<button type="button" class="cancel" onClick=${() => socket.send({ type: "cancel", run_id: running[running.length - 1] ?? "" })}>Cancel</button>`}
      </div>
      <section class="chat" ref=${chatRef} aria-label="Conversation" aria-live="polite" aria-busy=${working}>
        ${truncated && html`<p class="muted">Older turns are not shown.</p>`}
        ${loading && html`<p class="muted">Loading…</p>`}
        ${items.map((item) => html`<${Step} key=${item.key} item=${item} decide=${decide} canApprove=${canApprove} />`)}
        ${working && !streaming && html`<p class="working" role="status"><span class="dots" aria-hidden="true"></span> Working…</p>`}
      </section>
      ${notice && html`<p class="notice" role="status">${notice}</p>`}
      <form class="composer" onSubmit=${send}>
        <label class="visually-hidden" for="message">Message</label>
        <textarea id="message" ref=${box} name="message" rows="2" placeholder="Ask Warden… (Enter sends, Shift+Enter for a new line)" onKeyDown=${keys}></textarea>
        <button type="submit" class="primary">Send</button>
      </form>
    </div>
  </div>`;
}
