// The hosts page in Debian's Chromium (VIEWPORT=desktop or phone), run by tests/e2e/web/hosts.rs
// with a hub and a real agent behind a real nats-server: the agent listed online with its facts
// and last readings, then opened to its disks and the calls the hub sent it. Prints one JSON
// line of what it saw; exits non-zero with the reason when a step fails.
import { fits, go, run, shot } from "./browser.mjs";

const agent = process.env.AGENT_NAME;

await run(async (page, seen) => {
  await go(page, "Hosts");
  const row = page.locator(`tr[data-host='${agent}']`);
  await row.locator(".host-state").filter({ hasText: "online" }).waitFor({ timeout: 30000 });
  await row.locator(".load").filter({ hasText: /\d/ }).waitFor({ timeout: 30000 });
  seen.summary = await page.locator(".hosts-summary").innerText();
  seen.state = await row.locator(".host-state").innerText();
  seen.cores = await row.locator(".cores").innerText();
  seen.memory = await row.locator(".memory").innerText();
  seen.lastSeen = await row.locator(".last-seen").innerText();
  seen.load = await row.locator(".load").innerText();
  seen.memoryUsed = await row.locator(".memory-used").innerText();
  seen.fullest = await row.locator(".fullest").innerText();
  await fits(page, "hosts");
  await shot(page, "hosts");
  // Opened: its disks and the call the hub sent it, with what it came to.
  await row.getByRole("link", { name: agent }).click();
  const detail = page.getByRole("region", { name: `Host ${agent}` });
  await detail.locator("li[data-disk]").first().waitFor({ timeout: 15000 });
  seen.disks = await detail.locator("li[data-disk]").count();
  const call = detail.locator("tr[data-call]").first();
  await call.waitFor({ timeout: 15000 });
  seen.calls = await detail.locator("tr[data-call]").count();
  seen.callTool = await call.locator("td[data-label='tool']").innerText();
  seen.callBy = await call.locator("td[data-label='requested by']").innerText();
  seen.callState = await call.locator("td[data-label='state']").innerText();
  seen.callResult = (await call.locator(".call-outcome").innerText()).trim();
  seen.url = new URL(page.url()).hash;
  await fits(page, "host detail");
  await shot(page, "host-detail", { fullPage: true });
});
