// One item of a conversation on screen. Each is memoised on its item: a new event re-renders only
// the item it changed, so an answer's HTML is set again only when its text changes.
import { memo } from "preact/compat";
import { useMemo } from "preact/hooks";

import { Time, html, when } from "../html";
import { copyFromAnswer, markdown } from "../markdown";
import { CopyButton } from "../ui";
import type { Item } from "./model";

export interface StepProps {
  item: Item;
  decide: (approvalId: string, approve: boolean) => void;
  canApprove: boolean;
}

function Answer({ item }: { item: Extract<Item, { kind: "answer" }> }) {
  const rendered = useMemo(() => markdown(item.text), [item.text]);
  return html`<div class=${item.done ? "step answer" : "step answer streaming"} data-run=${item.run}>
    <div class="answer-body" onClick=${copyFromAnswer} dangerouslySetInnerHTML=${{ __html: rendered }}></div>
    ${item.done
      ? html`<p class="meta">${item.model && html`<span>${item.model}</span> `}<${Time} at=${item.at} /></p>`
      : html`<p class="meta working" aria-hidden="true">writing…</p>`}
  </div>`;
}

function Tool({ item }: { item: Extract<Item, { kind: "tool" }> }) {
  const state = item.output === undefined ? "running…" : item.ok ? "output" : `failed (${item.code ?? "error"})`;
  return html`<div class="step tool" data-tool=${item.name}>
    <div class="call">
      <code>${item.name}</code>
      <span class=${`risk risk-${item.risk}`} title="risk the guard judged">${item.risk}</span>
      <span class="route" title="how the guard routed it">${item.route}</span>
    </div>
    <details>
      <summary>${state}</summary>
      <div class="box-head"><span class="muted">arguments</span><${CopyButton} text=${item.args} label="Copy arguments" /></div>
      <pre class="args">${item.args}</pre>
      ${item.output !== undefined &&
      html`<div class="box-head"><span class="muted">${item.truncated ? "output (cut)" : "output"}</span><${CopyButton} text=${item.output} label="Copy output" /></div>
        <pre class="output" tabindex="0">${item.output}</pre>`}
    </details>
  </div>`;
}

function Approval({ item, decide, canApprove }: { item: Extract<Item, { kind: "approval" }> } & Omit<StepProps, "item">) {
  return html`<div class="step approval" data-approval=${item.approvalId}>
    <p><strong>${item.tool}</strong> <span class=${`risk risk-${item.risk}`}>${item.risk}</span> waits for approval: ${item.justification}</p>
    <pre class="args">${item.args}</pre>
    ${item.decision
      ? html`<p class="decision-line"><span class=${`decision decision-${item.decision}`}>${item.decision}</span>
          ${item.decidedBy && html` by <span class="decided-by">${item.decidedBy}</span>`}
          ${item.decidedAt && html`, <${Time} at=${item.decidedAt} />`}
          ${item.reason && html` (${item.reason})`}</p>`
      : canApprove
        ? html`<div class="actions">
            <button type="button" class="approve" onClick=${() => decide(item.approvalId, true)}>Approve</button>
            <button type="button" class="deny" onClick=${() => decide(item.approvalId, false)}>Deny</button>
            <span class="muted">expires ${when(item.expiresAt)}</span>
          </div>`
        : html`<p class="muted">waits for someone who may approve (expires ${when(item.expiresAt)})</p>`}
  </div>`;
}

function StepView({ item, decide, canApprove }: StepProps) {
  switch (item.kind) {
    case "user":
      return html`<div class="step user"><p class="user-text">${item.text}</p><p class="meta"><${Time} at=${item.at} /></p></div>`;
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
      return html`<${Tool} item=${item} />`;
    case "approval":
      return html`<${Approval} item=${item} decide=${decide} canApprove=${canApprove} />`;
    case "answer":
      return html`<${Answer} item=${item} />`;
    case "error":
      return html`<div class="step error" role="alert">${item.text}</div>`;
  }
}

export const Step = memo(StepView, (before, after) => before.item === after.item && before.canApprove === after.canApprove);
