// Answers as markdown: a model's answer is untrusted text, so raw HTML in it is shown as the text
// it is (never parsed: even a sanitiser's parse of a style attribute trips the page's CSP), images
// become links (nothing is fetched), and what markdown itself makes is sanitised to an allowlist
// of text, structure, links and code; code blocks get a copy button.
import DOMPurify from "dompurify";
import { Marked, type Tokens } from "marked";

const ALLOWED_TAGS = [
  "a", "blockquote", "br", "button", "code", "del", "div", "em", "h1", "h2", "h3", "h4", "h5", "h6",
  "hr", "input", "li", "ol", "p", "pre", "s", "span", "strong", "sub", "sup", "table", "tbody", "td",
  "th", "thead", "tr", "ul",
];
const ALLOWED_ATTR = ["href", "title", "class", "type", "checked", "disabled", "start", "align", "data-copy", "aria-label"];

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const marked = new Marked({
  gfm: true,
  renderer: {
    // Code in a styled block with a copy button (wired by the answer's click handler).
    code({ text, lang }: Tokens.Code) {
      const language = lang ? ` language-${escape(lang.split(/\s/)[0] ?? "")}` : "";
      return `<div class="code-block"><button type="button" class="copy" data-copy="code" aria-label="Copy code">Copy</button><pre><code class="code${language}">${escape(text)}</code></pre></div>`;
    },
    // Raw HTML, in a block or inline: shown as written.
    html({ text }: Tokens.HTML | Tokens.Tag) {
      return escape(text);
    },
    // An image would be fetched from wherever its URL points: a link says where instead.
    image({ href, text }: Tokens.Image) {
      return `<a href="${escape(href)}">${escape(text || href)}</a>`;
    },
  },
});

let hooked = false;

function hook() {
  if (hooked) return;
  hooked = true;
  DOMPurify.addHook("afterSanitizeAttributes", (node) => {
    if (node.tagName === "A") {
      node.setAttribute("target", "_blank");
      node.setAttribute("rel", "noopener noreferrer");
    }
    if (node.tagName === "INPUT") node.setAttribute("disabled", "");
  });
}

/** Sanitised HTML for a markdown text. */
export function markdown(text: string): string {
  hook();
  const rendered = marked.parse(text, { async: false });
  return DOMPurify.sanitize(rendered, { ALLOWED_TAGS, ALLOWED_ATTR: [...ALLOWED_ATTR, "target", "rel"], ALLOW_DATA_ATTR: false });
}

/** The click handler of a rendered answer: its copy buttons copy their block's code. */
export function copyFromAnswer(event: MouseEvent) {
  const button = (event.target as HTMLElement | null)?.closest("button[data-copy]");
  const code = button?.parentElement?.querySelector("pre code");
  if (!button || !code) return;
  navigator.clipboard.writeText(code.textContent ?? "").then(
    () => (button.textContent = "Copied"),
    () => (button.textContent = "Copy failed"),
  );
  setTimeout(() => (button.textContent = "Copy"), 2500);
}
