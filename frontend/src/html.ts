// One `html` tag for every view: htm templates over Preact's `h`, no JSX transform needed.
import htm from "htm";
import { h } from "preact";

export const html = htm.bind(h);

export function when(at: number | null | undefined): string {
  return at ? new Date(at * 1000).toLocaleString() : "";
}
