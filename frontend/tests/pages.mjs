// Browser scenarios for the dashboard and API keys (run by tests/e2e/web.rs, like chat.mjs):
// the dashboard renders gauges, charts from real readings and the container list; an API key is
// created, shown once, and revoked. Prints one JSON line; exits non-zero when a step fails.
import { run, shots } from "./browser.mjs";

const container = process.env.CONTAINER;

await run(async (page, seen) => {

  // The dashboard, after two sweeps: gauges, charts drawn from the history, the containers.
  await page.getByRole("link", { name: "Monitor" }).click();
  await page.getByRole("button", { name: "Sweep now" }).click();
  await page.getByRole("button", { name: "Sweep now" }).click();
  await page.locator(".gauge meter").first().waitFor({ timeout: 20000 });
  seen.gauges = await page.locator(".gauge").count();
  seen.memoryGauge = await page.getByLabel("memory", { exact: true }).getAttribute("value");
  await page.locator("figure[data-chart='memory %'] canvas").first().waitFor({ timeout: 20000 });
  seen.charts = await page.locator("figure.chart canvas").count();
  seen.container = await page.locator(".containers td", { hasText: container }).count();
  if (shots) await page.screenshot({ path: `${shots}/dashboard.png`, fullPage: true });

  // API keys: created, shown once, revoked.
  await page.getByRole("link", { name: "API keys" }).click();
  await page.getByLabel("Name").fill("ci-pipeline");
  await page.getByLabel("read").check();
  await page.getByRole("button", { name: "Create" }).click();
  await page.locator(".secret").waitFor({ timeout: 10000 });
  seen.key = await page.locator(".secret").innerText();
  const row = page.locator("tr[data-key='ci-pipeline']");
  await row.waitFor();
  seen.before = await row.locator(".key-state").innerText();
  if (shots) await page.screenshot({ path: `${shots}/keys.png` });
  await row.getByRole("button", { name: "Revoke" }).click();
  await page.waitForFunction(() => document.querySelector("tr[data-key='ci-pipeline'] .key-state")?.textContent === "revoked", null, { timeout: 10000 });
  seen.after = "revoked";
  // Shown once: the page, loaded afresh, has no secret.
  await page.reload();
  await page.getByRole("link", { name: "API keys" }).click();
  await page.locator("tr[data-key='ci-pipeline']").waitFor();
  seen.secretAfterReload = await page.locator(".secret").count();

  // Users (administrators): a user added, then disabled.
  await page.getByRole("link", { name: "Users" }).click();
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
});
