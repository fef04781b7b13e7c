// A conversation as shown: items built from a run's events, the same way whether they arrive
// live, are replayed after a reconnect, or come from the stored history of a reopened (or
// reloaded) conversation. Unchanged items keep their identity, so only what changed re-renders.
import type { Approval, ServerEvent, Turn } from "../generated/protocol";

export type Item =
  | { kind: "user"; key: string; text: string; at: number }
  | { kind: "thinking"; key: string; run: string; text: string }
  | { kind: "memories"; key: string; run: string; contents: string[]; note: string | null }
  | {
      kind: "tool";
      key: string;
      run: string;
      callId: string;
      name: string;
      args: string;
      risk: string;
      route: string;
      output?: string;
      ok?: boolean;
      code?: string | null;
      truncated?: boolean;
    }
  | {
      kind: "approval";
      key: string;
      run: string;
      approvalId: string;
      tool: string;
      args: string;
      risk: string;
      justification: string;
      expiresAt: number;
      hash: string;
      decision?: string;
      decidedBy?: string | null;
      decidedAt?: number | null;
      reason?: string | null;
    }
  | { kind: "answer"; key: string; run: string; text: string; done: boolean; model?: string | null; at?: number }
  | { kind: "error"; key: string; run: string; text: string };

const now = () => Math.floor(Date.now() / 1000);

/** The items after one event of a run. */
export function apply(items: Item[], event: ServerEvent): Item[] {
  const run = event.run_id;
  const key = `${run}:${event.seq}`;
  switch (event.type) {
    case "run_started":
      return items;
    case "memories_recalled":
      return [...items, { kind: "memories", key, run, contents: event.memories.map((m) => m.content), note: event.note }];
    case "thinking": {
      // The step's text was streamed as answer; it turned out to be reasoning before a tool call.
      const last = items[items.length - 1];
      const rest = last?.kind === "answer" && last.run === run && !last.done ? items.slice(0, -1) : items;
      return [...rest, { kind: "thinking", key, run, text: event.text }];
    }
    case "tool_call":
      return [
        ...items,
        { kind: "tool", key, run, callId: event.call_id, name: event.name, args: JSON.stringify(event.arguments, null, 2), risk: event.risk, route: event.route },
      ];
    case "tool_result":
      return items.map((item) =>
        item.kind === "tool" && item.run === run && item.callId === event.call_id
          ? { ...item, output: event.output, ok: event.ok, code: event.error_code, truncated: event.truncated }
          : item,
      );
    case "approval_required":
      return [
        ...items,
        {
          kind: "approval",
          key,
          run,
          approvalId: event.approval_id,
          tool: event.tool,
          args: JSON.stringify(event.arguments, null, 2),
          risk: event.risk,
          justification: event.justification,
          expiresAt: event.expires_at,
          hash: event.arguments_hash,
        },
      ];
    case "approval_resolved":
      return items.map((item) =>
        item.kind === "approval" && item.approvalId === event.approval_id
          ? { ...item, decision: event.decision, decidedBy: event.decided_by, reason: event.reason, decidedAt: item.decidedAt ?? now() }
          : item,
      );
    case "answer_delta": {
      const last = items[items.length - 1];
      if (last?.kind === "answer" && last.run === run && !last.done) {
        return [...items.slice(0, -1), { ...last, text: last.text + event.text }];
      }
      return [...items, { kind: "answer", key, run, text: event.text, done: false }];
    }
    case "complete": {
      const at = now();
      const has = items.some((i) => i.kind === "answer" && i.run === run);
      const done = items.map((i) => (i.kind === "answer" && i.run === run ? { ...i, text: event.answer, done: true, model: event.model, at: i.at ?? at } : i));
      return has ? done : [...done, { kind: "answer", key, run, text: event.answer, done: true, model: event.model, at }];
    }
    case "error":
      return [...items.filter((i) => !(i.kind === "answer" && i.run === run && !i.done)), { kind: "error", key, run, text: `${event.code}: ${event.message}` }];
    case "cancelled":
      return [...items, { kind: "error", key, run, text: "cancelled" }];
  }
}

/** Who decided each approval and when, from the stored approvals. */
function decided(items: Item[], approvals: Approval[]): Item[] {
  return items.map((item) => {
    if (item.kind !== "approval") return item;
    const stored = approvals.find((a) => a.id === item.approvalId);
    if (!stored) return item;
    const settled = stored.status !== "pending";
    return {
      ...item,
      decision: settled ? stored.status : item.decision,
      decidedBy: stored.decided_by ?? item.decidedBy,
      decidedAt: stored.decided_at ?? item.decidedAt,
      reason: stored.reason ?? item.reason,
    };
  });
}

/** The items of a stored conversation, with the runs still going and their last sequence numbers. */
export function fromHistory(turns: Turn[]): { items: Item[]; running: { run: string; seq: number }[] } {
  let items: Item[] = [];
  const running: { run: string; seq: number }[] = [];
  for (const turn of turns) {
    if (turn.question !== null) items.push({ kind: "user", key: `${turn.run.id}:q`, text: turn.question, at: turn.run.created_at });
    let seq = 0;
    for (const event of turn.events) {
      items = apply(items, event);
      seq = Math.max(seq, event.seq);
    }
    items = decided(items, turn.approvals);
    items = items.map((i) => (i.kind === "answer" && i.run === turn.run.id && i.done ? { ...i, at: turn.run.finished_at ?? i.at } : i));
    if (turn.run.status === "running") running.push({ run: turn.run.id, seq });
    else if (turn.run.status === "interrupted" && !turn.events.some((e) => e.type === "error")) {
      items.push({ kind: "error", key: `${turn.run.id}:interrupted`, run: turn.run.id, text: "interrupted: the server stopped during this run" });
    }
  }
  return { items, running };
}
