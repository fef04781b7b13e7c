// Incidents, containers and approvals in Debian's Chromium (VIEWPORT=desktop or phone), run by
// tests/e2e/web.rs after it opened incidents (a flapping alert, another one) and started a
// container (CONTAINER) that logs a line a second on a published port. Prints one JSON line of
// what it saw; exits non-zero with the reason when a step fails.
import { contrastBothThemes, fits, go, rest, run, shot, token } from "./browser.mjs";

const container = process.env.CONTAINER;
const notePath = process.env.NOTE_PATH;

await run(
  async (page, seen, context) => {
    // Browser notifications: granted, and each one the app shows is recorded.
    await context.addInitScript(() => {
      window.shownNotifications = [];
      const Real = window.Notification;
      class Recorded extends Real {
        constructor(title, options) {
          super(title, options);
          window.shownNotifications.push(title);
        }
      }
      Object.defineProperty(window, "Notification", { value: Recorded });
    });
    await page.reload();
    await page.getByRole("button", { name: "Log out" }).waitFor({ timeout: 15000 });

    // Incidents: the history with resolved ones, the flapping target counted, filters in the URL.
    await go(page, "Incidents");
    await page.locator(".incident-list .incident").first().waitFor({ timeout: 10000 });
    seen.incidents = await page.locator(".incident-list .incident").count();
    const flapping = page.locator("tr.flapping");
    seen.flapping = { target: await flapping.locator("td").first().innerText(), count: await flapping.locator(".count").innerText() };
    seen.flappingNote = await page.getByRole("note").innerText();
    await page.getByLabel("State").selectOption("resolved");
    await page.waitForFunction(() => [...document.querySelectorAll(".incident-list .incident")].every((i) => i.dataset.state === "resolved"), null, { timeout: 10000 });
    seen.resolved = await page.locator(".incident-list .incident").count();
    seen.stateInUrl = new URL(page.url()).hash.includes("state=resolved");
    await page.getByLabel("State").selectOption("");
    await page.getByLabel("Severity").selectOption("warning");
    await page.waitForFunction(() => document.querySelectorAll(".incident-list .incident").length === 1, null, { timeout: 10000 });
    seen.warnings = await page.locator(".incident-list .incident").innerText();
    await page.getByLabel("Severity").selectOption("");
    await page.waitForFunction(() => document.querySelectorAll(".incident-list .incident").length === 4, null, { timeout: 10000 });
    await page.locator(".incident-list .incident[data-state='open']", { hasText: "web:9100" }).getByRole("link").click();
    const detail = page.locator(".incident-detail");
    await detail.waitFor({ timeout: 10000 });
    const timeline = await detail.locator(".timeline li").allInnerTexts();
    seen.collapsed = timeline.filter((t) => t.includes("(3×")).length;
    seen.rawUnixTimes = timeline.filter((t) => /\b1[5-9]\d{8}\b/.test(t)).length;
    seen.timelineTimes = await detail.locator(".timeline time").count();
    await detail.getByRole("button", { name: "Acknowledge" }).click();
    await detail.locator("p.ack").waitFor({ timeout: 10000 });
    seen.acknowledged = await detail.locator("p.ack").innerText();
    await detail.getByRole("button", { name: "Retry the repair" }).click();
    await page.getByRole("status").filter({ hasText: "Retry asked" }).waitFor({ timeout: 10000 });
    seen.retryNote = (await detail.locator(".timeline li").allInnerTexts()).some((t) => t.includes("retry asked by user:admin"));
    seen.auditLink = await detail.getByRole("link", { name: "Audit rows of its repairs" }).getAttribute("href");
    seen.contrast = [await contrastBothThemes(page)];
    await fits(page, "incidents");
    await shot(page, "incidents", { fullPage: true });

    // Containers: image, ports, restarts and uptime; searched; logs followed; a restart asked
    // through the guard, which holds it for an approval.
    await go(page, "Containers");
    const row = page.locator(`tr[data-container='${container}']`);
    await row.waitFor({ timeout: 15000 });
    seen.container = {
      image: await row.locator(".image").innerText(),
      ports: await row.locator(".ports").innerText(),
      restarts: await row.locator(".restarts").innerText(),
      uptime: await row.locator(".uptime").innerText(),
    };
    await page.getByLabel("Search").fill(container);
    await page.waitForFunction(() => document.querySelectorAll("tr[data-container]").length === 1, null, { timeout: 5000 });
    seen.searched = await page.locator("tr[data-container]").count();
    await row.getByRole("button", { name: `Logs of ${container}` }).click();
    const logs = page.locator(".logs pre");
    await page.waitForFunction(() => document.querySelector(".logs pre")?.textContent?.includes("tick"), null, { timeout: 10000 });
    await page.getByLabel("Lines").selectOption("50");
    const first = await logs.innerText();
    await page.getByLabel("Follow").check();
    await page.waitForFunction((before) => {
      const text = document.querySelector(".logs pre")?.textContent ?? "";
      return text !== before && text.includes("tick");
    }, first, { timeout: 15000 });
    seen.followed = true;
    await page.getByLabel("Follow").uncheck();
    seen.contrast.push(await contrastBothThemes(page));
    await fits(page, "containers");
    await shot(page, "containers");
    await row.getByRole("button", { name: `Restart ${container}` }).click();
    const held = page.getByRole("status").filter({ hasText: "waits for an approval" });
    await held.waitFor({ timeout: 15000 });
    seen.restartHeld = await held.innerText();
    await held.getByRole("link", { name: "Open the approval" }).click();

    // Approvals: the held restart shown first; decided here with a reason.
    const card = page.locator(".approval-card.highlighted");
    await card.waitFor({ timeout: 10000 });
    seen.highlighted = await card.locator("strong").innerText();
    seen.badge = await page.locator("nav .badge").innerText();
    await card.getByLabel("Reason (optional)").fill("not now");
    await card.getByRole("button", { name: "Deny" }).click();
    await page.getByRole("status").filter({ hasText: "Denied" }).waitFor({ timeout: 10000 });
    await page.waitForFunction(() => document.querySelector("nav .badge") === null, null, { timeout: 10000 });
    seen.badgeGone = true;

    // Live: one asked for elsewhere appears without a reload, counted in the navigation, notified.
    await page.getByRole("button", { name: "Pending" }).click();
    await page.getByRole("button", { name: "Notify me of new approvals" }).click();
    await page.getByRole("button", { name: "Stop notifications" }).waitFor({ timeout: 5000 });
    const admin = await token();
    const asked = await rest("POST", "/api/v1/tools/file_write/invoke", admin, { args: { path: notePath, content: "x" } });
    seen.askedStatus = asked.status;
    await page.locator(`.approval-card[data-approval='${asked.body.id}']`).waitFor({ timeout: 10000 });
    seen.liveBadge = await page.locator("nav .badge").innerText();
    await page.waitForFunction(() => window.shownNotifications.length > 0, null, { timeout: 10000 });
    seen.notified = await page.evaluate(() => window.shownNotifications);
    seen.contrast.push(await contrastBothThemes(page));
    await fits(page, "approvals");
    await shot(page, "approvals");
    await page.locator(`.approval-card[data-approval='${asked.body.id}']`).getByRole("button", { name: "Approve" }).click();
    await page.getByRole("status").filter({ hasText: "Approved" }).waitFor({ timeout: 10000 });
    // Decided: who and when, with the reason.
    await page.getByRole("button", { name: "Decided" }).click();
    const denied = page.locator(".approval-card[data-status='denied']").first();
    await denied.waitFor({ timeout: 10000 });
    seen.decidedLine = await denied.locator(".decision-line").innerText();
    seen.decidedTime = await denied.locator(".decision-line time").count();
  },
  { permissions: ["notifications"] },
);
