// Pieces every page shares: actions that say how they went (never a silent failure), copy
// buttons, tables that scroll in place on a phone, and a dialog-free confirmation.
import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";

import { message } from "./api";
import { html } from "./html";

export interface Outcome {
  error: string;
  info: string;
}

/**
 * Runs actions one at a time and keeps what came of the last one: an error to show in an alert,
 * or a short confirmation. `busy` is true while one runs.
 */
export function useAction(): {
  run: (action: () => Promise<unknown>, done?: string) => Promise<void>;
  busy: boolean;
  outcome: Outcome;
  clear: () => void;
} {
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>({ error: "", info: "" });
  const run = async (action: () => Promise<unknown>, done = "") => {
    setBusy(true);
    setOutcome({ error: "", info: "" });
    try {
      await action();
      setOutcome({ error: "", info: done });
    } catch (error) {
      setOutcome({ error: message(error), info: "" });
    } finally {
      setBusy(false);
    }
  };
  return { run, busy, outcome, clear: () => setOutcome({ error: "", info: "" }) };
}

/** What an action came to: an alert for an error, a status line otherwise. */
export function Outcome({ outcome }: { outcome: Outcome }) {
  return html`${outcome.error && html`<p role="alert" class="error">${outcome.error}</p>`}
  ${outcome.info && html`<p role="status" class="ok">${outcome.info}</p>`}`;
}

/** Copies `text`; says whether it worked. */
export function CopyButton({ text, label = "Copy" }: { text: string; label?: string }) {
  const [state, setState] = useState("");
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState("Copied");
    } catch {
      setState("Copy failed: select the text instead");
    }
    setTimeout(() => setState(""), 2500);
  };
  return html`<button type="button" class="copy" onClick=${copy} aria-label=${state || label}>${state || label}</button>`;
}

/** A table that scrolls sideways inside its own box instead of pushing the page. */
export function Scroll({ label, children }: { label: string; children: ComponentChildren }) {
  return html`<div class="table-scroll" role="region" aria-label=${label} tabindex="0">${children}</div>`;
}

/** A button that asks "sure?" in place before it acts. */
export function Confirm({ label, confirm, onConfirm, disabled, small }: { label: string; confirm: string; onConfirm: () => void; disabled?: boolean; small?: boolean }) {
  const [asking, setAsking] = useState(false);
  const size = small ? "small" : "";
  if (!asking) return html`<button type="button" class=${size} disabled=${disabled} onClick=${() => setAsking(true)}>${label}</button>`;
  return html`<span class="confirm">
    <button type="button" class=${`danger ${size}`} onClick=${() => { setAsking(false); onConfirm(); }}>${confirm}</button>
    <button type="button" class=${size} onClick=${() => setAsking(false)}>Keep</button>
  </span>`;
}
