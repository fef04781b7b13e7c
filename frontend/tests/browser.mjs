// What every browser scenario shares: Debian's Chromium with the flags this machine needs, at a
// desktop (1280 px) or phone (390 px) width (VIEWPORT=desktop|phone), a logged-in page
// (WARDEN_URL, WARDEN_USER, WARDEN_PASSWORD), console errors and CSP violations collected as
// problems, and one JSON line of what was seen; the exit code says whether every step passed.
import { chromium } from "playwright-core";

export const shots = process.env.SCREENSHOTS;
export const phone = process.env.VIEWPORT === "phone";
export const width = phone ? 390 : 1280;
export const base = process.env.WARDEN_URL;

/** HTTP refusals the scenario provokes on purpose (the browser logs each as a console error). */
const refusals = [];

/** The next failed request answered with `status` is expected, not a problem. */
export function expectRefused(status) {
  refusals.push(status);
}

/** Statuses of which every refusal is expected while a window is open (see `expectRefusals`). */
const refusedWhile = new Map();

/**
 * Every failed request answered with `status` is expected until the returned function is called:
 * a session the scenario ends while the app's reads are in flight has each of them refused (the
 * page's polls and the socket's token refresh may all learn of it at once), and the browser logs
 * each. Close the window once the app has settled on its login page.
 */
export function expectRefusals(status) {
  refusedWhile.set(status, (refusedWhile.get(status) ?? 0) + 1);
  return () => {
    const open = (refusedWhile.get(status) ?? 1) - 1;
    if (open > 0) refusedWhile.set(status, open);
    else refusedWhile.delete(status);
  };
}

/** Network failures the scenario provokes on purpose, by Chromium's name (net::ERR_...). */
const drops = [];

/**
 * Drops the connection of the next request to `path` (a read the app must retry by itself);
 * the browser's console line for it is expected, not a problem.
 */
export async function dropNextRead(page, path) {
  drops.push("net::ERR_CONNECTION_RESET");
  let dropped = false;
  await page.route((url) => url.pathname === path, async (route) => {
    if (dropped || route.request().method() !== "GET") return route.continue();
    dropped = true;
    await route.abort("connectionreset");
  });
}

/** Screenshot under SCREENSHOTS as NAME-desktop.png or NAME-phone.png. */
export async function shot(page, name, options = {}) {
  if (shots) await page.screenshot({ path: `${shots}/${name}-${phone ? "phone" : "desktop"}.png`, ...options });
}

export async function login(page, user = process.env.WARDEN_USER, password = process.env.WARDEN_PASSWORD) {
  await page.getByLabel("Username").fill(user);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByRole("button", { name: "Log out" }).waitFor({ timeout: 15000 });
}

/** Opens a page from the navigation (through the menu on a phone). */
export async function go(page, label) {
  const toggle = page.getByRole("button", { name: /^Menu/ });
  if (await toggle.isVisible()) await toggle.click();
  await page.getByRole("navigation", { name: "Pages" }).getByRole("link", { name: new RegExp(`^${label}`) }).click();
}

/** Fails when the document is wider than the viewport (something runs off-screen). */
export async function fits(page, where) {
  const wide = await page.evaluate(() => {
    const limit = document.documentElement.clientWidth;
    const offenders = [];
    for (const el of document.querySelectorAll("body *")) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      // Inside a box that scrolls sideways on purpose, running past the screen is the point.
      if (el.closest(".table-scroll, pre, .chart-box, .conversations:not(.open)")) continue;
      if (box.right > limit + 1 || box.left < -1) offenders.push(`${el.tagName.toLowerCase()}.${el.className} (${Math.round(box.left)}..${Math.round(box.right)})`);
    }
    return { scroll: document.documentElement.scrollWidth, limit, offenders: offenders.slice(0, 5) };
  });
  if (wide.scroll > wide.limit + 1 || wide.offenders.length > 0) throw new Error(`${where}: wider than the screen (${wide.scroll} > ${wide.limit}): ${wide.offenders.join(", ")}`);
}

/** An API token for the scenario's own REST calls (setting up what the page should show). */
export async function token(user = process.env.WARDEN_USER, password = process.env.WARDEN_PASSWORD) {
  const response = await fetch(`${base}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: user, password }),
  });
  if (!response.ok) throw new Error(`login as ${user}: ${response.status}`);
  return (await response.json()).access_token;
}

export async function rest(method, path, access, body) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${access}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/**
 * Text whose contrast with what is behind it is under 4.5:1 (WCAG AA), computed from the
 * computed styles of every visible element that holds text: its colour against the first opaque
 * background of it or its ancestors (translucent ones blended in). Disabled controls are exempt,
 * as WCAG exempts inactive ones.
 */
export async function lowContrast(page) {
  return page.evaluate(() => {
    const parse = (text) => {
      const m = text.match(/rgba?\(([^)]+)\)/);
      if (!m) return null;
      const [r, g, b, a = 1] = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
      return { r, g, b, a };
    };
    const over = (top, bottom) => ({
      r: top.r * top.a + bottom.r * (1 - top.a),
      g: top.g * top.a + bottom.g * (1 - top.a),
      b: top.b * top.a + bottom.b * (1 - top.a),
      a: 1,
    });
    const background = (el) => {
      const layers = [];
      for (let node = el; node; node = node.parentElement) {
        const bg = parse(getComputedStyle(node).backgroundColor);
        if (bg && bg.a > 0) {
          layers.push(bg);
          if (bg.a >= 1) break;
        }
      }
      let color = { r: 255, g: 255, b: 255, a: 1 };
      const root = parse(getComputedStyle(document.documentElement).backgroundColor);
      if (root && root.a > 0) color = root;
      for (const layer of layers.reverse()) color = over(layer, color);
      return color;
    };
    const luminance = ({ r, g, b }) => {
      const channel = (v) => {
        const c = v / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    const failures = [];
    let checked = 0;
    for (const el of document.querySelectorAll("body *")) {
      const own = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
      if (!own) continue;
      const style = getComputedStyle(el);
      const box = el.getBoundingClientRect();
      if (style.visibility === "hidden" || style.display === "none" || box.width === 0 || box.height === 0) continue;
      if (el.closest(":disabled, [aria-hidden='true'], .visually-hidden")) continue;
      const fg = parse(style.color);
      if (!fg) continue;
      const bg = background(el);
      const text = over(fg, bg);
      const [light, dark] = [luminance(text), luminance(bg)].sort((a, b) => b - a);
      const ratio = (light + 0.05) / (dark + 0.05);
      checked += 1;
      if (ratio < 4.5) failures.push(`${el.tagName.toLowerCase()}.${el.className}: "${el.textContent.trim().slice(0, 30)}" ${ratio.toFixed(2)}:1`);
    }
    return { checked, failures };
  });
}

/** Contrast failures of the page as it is, in both themes (then back to light). */
export async function contrastBothThemes(page) {
  const failures = {};
  let checked = 0;
  for (const scheme of ["light", "dark"]) {
    await page.emulateMedia({ colorScheme: scheme });
    const found = await lowContrast(page);
    checked += found.checked;
    if (found.failures.length) failures[scheme] = found.failures;
  }
  await page.emulateMedia({ colorScheme: "light" });
  return { checked, failures };
}

export async function run(scenario, { user, password, permissions = [] } = {}) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
    ],
  });
  const seen = { viewport: phone ? "phone" : "desktop" };
  const problems = [];
  try {
    const context = await browser.newContext({
      viewport: { width, height: phone ? 844 : 900 },
      isMobile: phone,
      hasTouch: phone,
      permissions: ["clipboard-read", "clipboard-write", ...permissions],
      acceptDownloads: true,
    });
    const page = await context.newPage();
    const watch = (p) => {
      p.on("console", (m) => {
        if (m.type() !== "error") return;
        const refused = m.text().match(/^Failed to load resource: the server responded with a status of (\d+)/);
        const expected = refused ? refusals.indexOf(Number(refused[1])) : -1;
        const drop = drops.findIndex((name) => m.text().includes(name));
        if (refused && refusedWhile.has(Number(refused[1]))) return;
        if (expected >= 0) refusals.splice(expected, 1);
        else if (drop >= 0) drops.splice(drop, 1);
        // Chromium drops requests in flight when the machine's interfaces change, which
        // containers that other tests start do; the app must cope (reads are retried, the
        // scenario's own checks still have to pass), so it is counted, not failed.
        else if (m.text().includes("net::ERR_NETWORK_CHANGED")) seen.networkChanged = (seen.networkChanged ?? 0) + 1;
        else problems.push(`console: ${m.text()}`);
      });
      p.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    };
    watch(page);
    context.on("page", (p) => { if (p !== page) watch(p); });
    // CSP violations reach the console as errors too; these make them impossible to miss.
    await context.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
    });
    await page.goto(`${base}/`);
    await login(page, user, password);
    await scenario(page, seen, context);
  } catch (error) {
    problems.push(String(error?.stack ?? error));
  } finally {
    await browser.close();
  }
  console.log(JSON.stringify({ seen, problems }));
  process.exit(problems.length === 0 ? 0 : 1);
}
