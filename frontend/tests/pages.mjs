// The dashboard, API keys, users and the audit log in Debian's Chromium (VIEWPORT=desktop or
// phone), run by tests/e2e/web.rs after a few sweeps. Prints one JSON line of what it saw; exits
// non-zero with the reason when a step fails.
import { readFile } from "node:fs/promises";

import { dropNextRead, expectRefused, fits, go, phone, run, shot } from "./browser.mjs";

/** Pixels of `figure`'s canvas drawn in the CSS colour `variable` (threshold lines). */
async function pixelsOf(page, figure, variable) {
  return page.locator(`figure[data-chart='${figure}'] canvas`).first().evaluate((canvas, name) => {
    const probe = document.createElement("span");
    probe.style.color = getComputedStyle(document.documentElement).getPropertyValue(name);
    document.body.append(probe);
    const [r, g, b] = getComputedStyle(probe).color.match(/\d+/g).map(Number);
    probe.remove();
    const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
    let count = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (Math.abs(data[i] - r) < 8 && Math.abs(data[i + 1] - g) < 8 && Math.abs(data[i + 2] - b) < 8 && data[i + 3] > 200) count += 1;
    }
    return count;
  }, variable);
}

await run(async (page, seen) => {
  // The dashboard: a sweep on demand says it is done; gauges, charts and the containers.
  await go(page, "Monitor");
  await page.getByRole("button", { name: "Sweep now" }).click();
  await page.getByRole("status").filter({ hasText: "Sweep done." }).waitFor({ timeout: 30000 });
  await page.locator(".gauge meter").first().waitFor({ timeout: 20000 });
  seen.gauges = await page.locator(".gauge").count();
  seen.memoryGauge = await page.getByLabel("memory", { exact: true }).getAttribute("value");
  const canvas = page.locator("figure[data-chart='memory %'] canvas").first();
  await canvas.waitFor({ timeout: 20000 });
  seen.charts = await page.locator("figure.chart canvas").count();
  seen.containersSummary = await page.locator(".containers-summary").innerText();
  // Threshold lines: the memory chart's 0-100 scale reaches the critical line (97 %) whatever
  // the readings, and both lines are drawn in the theme's warning and critical colours.
  seen.thresholdPixels = [await pixelsOf(page, "memory %", "--warning"), await pixelsOf(page, "memory %", "--critical")];
  // New data in place: the same canvas after another sweep and another time range.
  await canvas.evaluate((el) => (window.memoryCanvas = el));
  await page.getByRole("button", { name: "Sweep now" }).click();
  await page.getByRole("status").filter({ hasText: "Sweep done." }).waitFor({ timeout: 30000 });
  await page.getByLabel("Time range").selectOption("168");
  await page.waitForLoadState("networkidle");
  seen.sameCanvas = await page.evaluate(() => document.querySelector("figure[data-chart='memory %'] canvas") === window.memoryCanvas);
  // The chart follows the page's width.
  const before = await canvas.evaluate((el) => el.getBoundingClientRect().width);
  await page.setViewportSize({ width: phone ? 340 : 900, height: 900 });
  await page.waitForFunction((w) => {
    const c = document.querySelector("figure[data-chart='memory %'] canvas");
    return c && Math.abs(c.getBoundingClientRect().width - w) > 20;
  }, before, { timeout: 5000 });
  seen.resized = true;
  await page.setViewportSize({ width: phone ? 390 : 1280, height: phone ? 844 : 900 });
  // A long mount name wraps inside its gauge.
  seen.longLabelFits = await page.locator(".gauge").first().evaluate((gauge) => {
    gauge.querySelector(".gauge-label").textContent = `disk /${"very-long-mount-name/".repeat(8)}`;
    return gauge.scrollWidth <= gauge.clientWidth + 1;
  });
  await page.reload();
  await page.locator(".gauge meter").first().waitFor({ timeout: 20000 });
  await fits(page, "dashboard");
  await shot(page, "dashboard", { fullPage: true });
  await page.locator("figure[data-chart='memory %'] canvas").first().evaluate((el) => (window.memoryCanvas = el));
  await page.emulateMedia({ colorScheme: "dark" });
  // The charts are drawn again in the dark theme's colours.
  await page.waitForFunction(() => {
    const canvas = document.querySelector("figure[data-chart='memory %'] canvas");
    return canvas && canvas !== window.memoryCanvas;
  }, null, { timeout: 5000 });
  await shot(page, "dashboard-dark", { fullPage: true });
  await page.emulateMedia({ colorScheme: "light" });

  // API keys: created, shown once with a copy button, revoked with a message.
  await go(page, "API keys");
  await page.getByLabel("Name").fill("ci-pipeline");
  await page.getByRole("form", { name: "New API key" }).getByLabel("read").check();
  await page.getByRole("button", { name: "Create" }).click();
  await page.locator(".secret").waitFor({ timeout: 10000 });
  seen.key = await page.locator(".secret").innerText();
  await page.getByRole("button", { name: "Copy the key" }).click();
  seen.copiedKey = (await page.evaluate(() => navigator.clipboard.readText())) === seen.key;
  const row = page.locator("tr[data-key='ci-pipeline']");
  await row.waitFor();
  seen.before = await row.locator(".key-state").innerText();
  await fits(page, "keys");
  await shot(page, "keys");
  await row.getByRole("button", { name: "Revoke" }).click();
  await row.getByRole("button", { name: "Revoke for good" }).click();
  await page.getByRole("status").filter({ hasText: "Key ci-pipeline revoked." }).waitFor({ timeout: 10000 });
  seen.after = await row.locator(".key-state").innerText();
  await page.reload();
  await page.locator("tr[data-key='ci-pipeline']").waitFor();
  seen.secretAfterReload = await page.locator(".secret").count();

  // Users: one added and disabled; disabling one's own account is refused, and says so.
  await go(page, "Users");
  const form = page.getByRole("form", { name: "New user" });
  await form.getByLabel("Username").fill("operator");
  await form.getByLabel("Password").fill("operator long password");
  await form.getByLabel("read").check();
  await form.getByRole("button", { name: "Add user" }).click();
  const user = page.locator("tr[data-user='operator']");
  await user.waitFor({ timeout: 10000 });
  await user.getByRole("button", { name: "Disable" }).click();
  await page.waitForFunction(() => document.querySelector("tr[data-user='operator'] .user-state")?.textContent === "disabled", null, { timeout: 10000 });
  seen.userDisabled = true;
  // One's own account cannot be disabled: not offered. A refused change says why (the
  // browser logs the refused request, which this scenario expects).
  seen.ownAccount = await page.locator("tr[data-user='admin']").getByRole("button", { name: "Disable" }).isDisabled();
  expectRefused(409);
  await form.getByLabel("Username").fill("Operator");
  await form.getByLabel("Password").fill("operator long password");
  await form.getByLabel("read").check();
  await form.getByRole("button", { name: "Add user" }).click();
  seen.refusedUser = await page.getByRole("alert").innerText({ timeout: 10000 });
  await fits(page, "users");
  await shot(page, "users");

  // The audit log: the monitor's routine reads hidden at first, shown on request, paged; a row
  // opened; a filter; both exports. Its first read loses its connection: the app reads again.
  await dropNextRead(page, "/api/v1/audit");
  await go(page, "Audit");
  await page.locator("tr[data-seq]").first().waitFor({ timeout: 10000 });
  seen.droppedReadRetried = true;
  const shownActors = await page.evaluate(() => [...document.querySelectorAll("tr[data-seq] td:nth-child(3)")].map((td) => td.textContent));
  seen.routineHidden = shownActors.length > 0 && !shownActors.includes("monitor");
  await page.getByLabel("Show the monitor's routine reads").check();
  await page.getByLabel("Rows per page").selectOption("25");
  await page.getByRole("button", { name: "Apply" }).click();
  await page.waitForFunction(() => [...document.querySelectorAll("tr[data-seq] td:nth-child(3)")].some((td) => td.textContent === "monitor"), null, { timeout: 10000 });
  seen.firstPage = await page.locator("tr[data-seq]").count();
  await page.getByRole("button", { name: "Older rows" }).click();
  await page.waitForFunction((n) => document.querySelectorAll("tr[data-seq]").length > n, seen.firstPage, { timeout: 10000 });
  seen.secondPage = await page.locator("tr[data-seq]").count();
  const seqs = (await page.locator("tr[data-seq]").evaluateAll((rows) => rows.map((r) => Number(r.dataset.seq))));
  seen.descending = seqs.every((s, i) => i === 0 || s < seqs[i - 1]);
  await page.locator("tr[data-seq]").first().getByRole("button").click();
  seen.detail = await page.locator(".row-detail dt").allInnerTexts();
  await fits(page, "audit");
  await shot(page, "audit");
  await page.getByLabel("Actor").fill("user:admin");
  await page.getByRole("button", { name: "Apply" }).click();
  await page.waitForFunction(() => [...document.querySelectorAll("tr[data-seq] td:nth-child(3)")].every((td) => td.textContent === "user:admin"), null, { timeout: 10000 });
  seen.filteredRows = await page.locator("tr[data-seq]").count();
  seen.filterInUrl = new URL(page.url()).hash.includes("actor=user%3Aadmin");
  const [csv] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export CSV" }).click()]);
  const csvText = await readFile(await csv.path(), "utf8");
  const lines = csvText.trim().split("\n");
  seen.csv = { name: csv.suggestedFilename(), header: lines[0], actors: [...new Set(lines.slice(1).map((l) => l.split(",")[2]))] };
  const [json] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export JSON" }).click()]);
  const exported = JSON.parse(await readFile(await json.path(), "utf8"));
  seen.json = { name: json.suggestedFilename(), rows: exported.entries.length, csvRows: lines.length - 1 };
  await page.getByRole("button", { name: "Verify the chain" }).click();
  seen.verified = await page.locator(".toolbar [role='status']").innerText({ timeout: 10000 });
});
