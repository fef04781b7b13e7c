// One `html` tag for every view: htm templates over Preact's `h`, no JSX transform needed; and
// how times read for people.
import htm from "htm";
import { h } from "preact";

export const html = htm.bind(h);

/** A Unix time as a local date and time ("" for none). */
export function when(at: number | null | undefined): string {
  return at ? new Date(at * 1000).toLocaleString() : "";
}

/** A Unix time as an ISO 8601 string, for `<time datetime>`. */
export function iso(at: number): string {
  return new Date(at * 1000).toISOString();
}

/** How long ago (or how far ahead) a Unix time is, in words: "3 min ago", "in 2 h". */
export function relative(at: number, now = Date.now() / 1000): string {
  const delta = Math.round(now - at);
  const size = Math.abs(delta);
  const text =
    size < 60 ? `${size} s` : size < 7200 ? `${Math.round(size / 60)} min` : size < 172_800 ? `${Math.round(size / 3600)} h` : `${Math.round(size / 86_400)} d`;
  return delta >= 0 ? `${text} ago` : `in ${text}`;
}

/** A duration in seconds in words: "3 min", "2 h 5 min", "4 d 1 h". */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  return `${Math.floor(s / 86_400)} d ${Math.floor((s % 86_400) / 3600)} h`;
}

/** Unix times written inside a text (the monitor's notes say "not before 1767225600") as local times. */
export function readableTimes(text: string): string {
  return text.replace(/\b(1[5-9]\d{8})\b/g, (unix) => new Date(Number(unix) * 1000).toLocaleString());
}

/** A `<time>` element: local time shown, the exact instant in its title and datetime. */
export function Time({ at }: { at: number | null | undefined }) {
  if (!at) return null;
  return html`<time datetime=${iso(at)} title=${iso(at)}>${when(at)}</time>`;
}
