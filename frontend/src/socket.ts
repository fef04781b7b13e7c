// The chat WebSocket: authenticated with a single-use ticket, reconnected with backoff, and
// resumed from the last event seen of each run (the server replays what was missed).
import { api } from "./api";
import type { ClientMessage, ConnectionMessage, ServerEvent, WsTicketResponse } from "./generated/protocol";

export type Incoming =
  | { kind: "event"; event: ServerEvent }
  | { kind: "control"; message: ConnectionMessage }
  | { kind: "status"; connected: boolean };

export class ChatSocket {
  private socket: WebSocket | null = null;
  private attempt = 0;
  private closed = false;
  /** The last sequence number seen per run, to resume after a reconnect. */
  private lastSeq = new Map<string, number>();
  private unfinished = new Set<string>();
  private queue: ClientMessage[] = [];

  constructor(private onIncoming: (incoming: Incoming) => void) {
    void this.connect();
  }

  private async connect() {
    if (this.closed) return;
    try {
      const { ticket } = await api<WsTicketResponse>("POST", "/api/v1/auth/ws-ticket");
      const scheme = location.protocol === "https:" ? "wss" : "ws";
      const socket = new WebSocket(`${scheme}://${location.host}/ws/chat?ticket=${encodeURIComponent(ticket)}`);
      this.socket = socket;
      socket.onopen = () => {
        this.attempt = 0;
        this.onIncoming({ kind: "status", connected: true });
        // Runs that were still going when the connection dropped: ask for what was missed.
        for (const run_id of this.unfinished) {
          this.sendRaw({ type: "subscribe", run_id, after_seq: this.lastSeq.get(run_id) ?? 0 });
        }
        for (const message of this.queue.splice(0)) this.sendRaw(message);
      };
      socket.onmessage = (frame) => this.receive(String(frame.data));
      socket.onclose = () => {
        this.onIncoming({ kind: "status", connected: false });
        this.retry();
      };
    } catch {
      this.retry();
    }
  }

  private retry() {
    if (this.closed) return;
    // 0.5 s, 1 s, 2 s ... up to 15 s.
    const delay = Math.min(15_000, 500 * 2 ** this.attempt++);
    setTimeout(() => void this.connect(), delay);
  }

  private receive(text: string) {
    const data = JSON.parse(text) as ServerEvent | ConnectionMessage;
    if ("run_id" in data && "seq" in data) {
      const seen = this.lastSeq.get(data.run_id) ?? 0;
      if (data.seq <= seen) return; // replayed twice
      this.lastSeq.set(data.run_id, data.seq);
      if (data.type === "complete" || data.type === "error" || data.type === "cancelled") {
        this.unfinished.delete(data.run_id);
      } else {
        this.unfinished.add(data.run_id);
      }
      this.onIncoming({ kind: "event", event: data });
    } else {
      this.onIncoming({ kind: "control", message: data as ConnectionMessage });
    }
  }

  private sendRaw(message: ClientMessage) {
    this.socket?.send(JSON.stringify(message));
  }

  send(message: ClientMessage) {
    if (this.socket?.readyState === WebSocket.OPEN) this.sendRaw(message);
    else this.queue.push(message);
  }

  /** For tests and the reconnect button: drops the connection; it comes back by itself. */
  drop() {
    this.socket?.close();
  }

  close() {
    this.closed = true;
    this.socket?.close();
  }
}
