// The conversations beside the chat (a drawer on a phone): searched, opened, renamed, deleted.
import { useEffect, useRef, useState } from "preact/hooks";

import { api, can } from "../api";
import type { Conversation, ConversationList } from "../generated/protocol";
import { html, relative } from "../html";
import { href } from "../router";
import { Confirm, Outcome, useAction } from "../ui";

export interface ConversationsProps {
  current: string | null;
  /** Bumped when the list should be read again (a run ended, a title changed). */
  version: number;
  open: boolean;
  onClose: () => void;
  onFresh: () => void;
  onDeleted: (id: string) => void;
  onRenamed: (id: string, title: string) => void;
  /** Told of each list read, for the open conversation's title. */
  onListed: (conversations: Conversation[]) => void;
}

export function Conversations({ current, version, open, onClose, onFresh, onDeleted, onRenamed, onListed }: ConversationsProps) {
  const [conversations, setConversations] = useState<Conversation[]>([]);
  const [query, setQuery] = useState("");
  const [renaming, setRenaming] = useState<string | null>(null);
  const [local, setLocal] = useState(0);
  const action = useAction();
  const search = useRef<HTMLInputElement | null>(null);
  useEffect(() => {
    let stale = false;
    // Typing pauses a moment before the search runs.
    const timer = setTimeout(() => {
      const path = query.trim() ? `/api/v1/conversations?q=${encodeURIComponent(query.trim())}` : "/api/v1/conversations";
      api<ConversationList>("GET", path).then(
        (list) => {
          if (stale) return;
          setConversations(list.conversations);
          if (!query.trim()) onListed(list.conversations);
        },
        () => {},
      );
    }, query ? 250 : 0);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [query, version, local]);
  useEffect(() => {
    if (open) search.current?.focus();
  }, [open]);
  const rename = (id: string) => (e: Event) => {
    e.preventDefault();
    const title = String(new FormData(e.target as HTMLFormElement).get("title") ?? "").trim();
    void action.run(async () => {
      await api("PATCH", `/api/v1/conversations/${id}`, { title });
      setRenaming(null);
      onRenamed(id, title);
      setLocal((n) => n + 1);
    }, "Renamed.");
  };
  const remove = (id: string) =>
    void action.run(async () => {
      await api("DELETE", `/api/v1/conversations/${id}`);
      setLocal((n) => n + 1);
      onDeleted(id);
    }, "Deleted.");
  const writable = can("write");
  return html`<aside id="conversations" class=${open ? "conversations open" : "conversations"} aria-label="Conversations">
    <div class="drawer-head">
      <button type="button" class="primary" onClick=${onFresh}>New conversation</button>
      <button type="button" class="drawer-close" onClick=${onClose} aria-label="Close the conversations">×</button>
    </div>
    <label class="search">Search conversations
      <input ref=${search} type="search" value=${query} onInput=${(e: Event) => setQuery((e.target as HTMLInputElement).value)} placeholder="title, question or answer" />
    </label>
    <${Outcome} outcome=${action.outcome} />
    <ul>
      ${conversations.map(
        (c) => html`<li key=${c.id} class=${c.id === current ? "current" : ""} data-conversation=${c.id}>
          ${renaming === c.id
            ? html`<form class="rename" onSubmit=${rename(c.id)} aria-label="Rename the conversation">
                <label class="visually-hidden" for=${`title-${c.id}`}>Title</label>
                <input id=${`title-${c.id}`} name="title" value=${c.title} maxlength="200" required />
                <button type="submit">Save</button>
                <button type="button" onClick=${() => setRenaming(null)}>Cancel</button>
              </form>`
            : html`<a class="conversation-link" href=${href("chat", c.id)} aria-current=${c.id === current ? "page" : undefined} onClick=${onClose}>
                  <span class="title">${c.title}</span>
                  <span class="muted when">${relative(c.updated_at)}</span>
                </a>
                ${writable &&
                html`<span class="row-actions">
                  <button type="button" class="small" onClick=${() => setRenaming(c.id)} aria-label=${`Rename ${c.title}`}>Rename</button>
                  <${Confirm} label="Delete" confirm="Delete for good" small=${true} onConfirm=${() => remove(c.id)} />
                </span>`}`}
        </li>`,
      )}
      ${conversations.length === 0 && html`<li class="muted">${query ? "No conversation matches." : "No conversations yet."}</li>`}
    </ul>
  </aside>`;
}
