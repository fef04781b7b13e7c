// The chat WebSocket, one for the whole app: authenticated with a single-use ticket, reconnected
// with backoff, resumed from the last event seen of each run (the server replays what was
// missed), and told about approvals. A session the server ended (close code 4401, or a ticket
// refused) ends here too: the app returns to its login page instead of reconnecting forever.
import { api, loggedIn, sessionEnded } from "./api";
import type { ClientMessage, ConnectionMessage, ServerEvent, WsTicketResponse } from "./generated/protocol";

export type Incoming =
  | { kind: "event"; event: ServerEvent }
  | { kind: "control"; message: ConnectionMessage }
  | { kind: "status"; connected: boolean };

/** The close code of a connection whose session ended (see docs/api.md). */
const SESSION_ENDED = 4401;

export class ChatSocket {
  private socket: WebSocket | null = null;
  private attempt = 0;
  private closed = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** The last sequence number seen per run, to resume after a reconnect. */
  private lastSeq = new Map<string, number>();
  private unfinished = new Set<string>();
  private queue: ClientMessage[] = [];
  private listeners = new Set<(incoming: Incoming) => void>();
  connected = false;

  constructor() {
    void this.connect();
  }

  /** Calls `listener` with everything that arrives; the returned function stops it. */
  listen(listener: (incoming: Incoming) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(incoming: Incoming) {
    for (const listener of [...this.listeners]) listener(incoming);
  }

  private async connect() {
    this.timer = null;
    if (this.closed) return;
    try {
      const { ticket } = await api<WsTicketResponse>("POST", "/api/v1/auth/ws-ticket");
      if (this.closed) return;
      const scheme = location.protocol === "https:" ? "wss" : "ws";
      const socket = new WebSocket(`${scheme}://${location.host}/ws/chat?ticket=${encodeURIComponent(ticket)}`);
      this.socket = socket;
      socket.onopen = () => {
        this.attempt = 0;
        this.connected = true;
        this.emit({ kind: "status", connected: true });
        this.sendRaw({ type: "watch_approvals" });
        // Runs that were still going when the connection dropped: ask for what was missed.
        for (const run_id of this.unfinished) {
          this.sendRaw({ type: "subscribe", run_id, after_seq: this.lastSeq.get(run_id) ?? 0 });
        }
        for (const message of this.queue.splice(0)) this.sendRaw(message);
      };
      socket.onmessage = (frame) => this.receive(String(frame.data));
      socket.onclose = (close) => {
        if (this.socket !== socket) return;
        this.socket = null;
        this.connected = false;
        this.emit({ kind: "status", connected: false });
        if (close.code === SESSION_ENDED) {
          this.closed = true;
          sessionEnded("Your session has ended; log in again.");
          return;
        }
        this.retry();
      };
    } catch {
      // A refused ticket has already ended the session (api() saw the 401).
      if (!loggedIn()) this.closed = true;
      this.retry();
    }
  }

  private retry() {
    if (this.closed || this.timer) return;
    // 0.5 s, 1 s, 2 s ... up to 15 s.
    const delay = Math.min(15_000, 500 * 2 ** this.attempt++);
    this.timer = setTimeout(() => void this.connect(), delay);
  }

  private receive(text: string) {
    let data: ServerEvent | ConnectionMessage;
    try {
      data = JSON.parse(text) as ServerEvent | ConnectionMessage;
    } catch {
      return;
    }
    if ("run_id" in data && "seq" in data) {
      const seen = this.lastSeq.get(data.run_id) ?? 0;
      if (data.seq <= seen) return; // replayed twice
      this.lastSeq.set(data.run_id, data.seq);
      if (data.type === "complete" || data.type === "error" || data.type === "cancelled") {
        this.unfinished.delete(data.run_id);
      } else {
        this.unfinished.add(data.run_id);
      }
      this.emit({ kind: "event", event: data });
    } else {
      this.emit({ kind: "control", message: data as ConnectionMessage });
    }
  }

  private sendRaw(message: ClientMessage) {
    this.socket?.send(JSON.stringify(message));
  }

  send(message: ClientMessage) {
    if (this.socket?.readyState === WebSocket.OPEN) this.sendRaw(message);
    else this.queue.push(message);
  }

  /**
   * Follows a run (after a reload, or reopening its conversation) from the event after
   * `afterSeq`: events after it are delivered again even if this socket saw them already, since
   * the view that asks starts again from the stored history up to `afterSeq`.
   */
  follow(runId: string, afterSeq: number) {
    this.lastSeq.set(runId, afterSeq);
    this.unfinished.add(runId);
    this.send({ type: "subscribe", run_id: runId, after_seq: afterSeq });
  }

  /** For tests and the reconnect button: drops the connection; it comes back by itself. */
  drop() {
    this.socket?.close();
  }

  close() {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    const socket = this.socket;
    this.socket = null;
    socket?.close();
  }
}
