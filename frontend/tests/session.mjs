// Sessions, scopes and accessibility in Debian's Chromium (VIEWPORT=desktop or phone), run by
// tests/e2e/web.rs with users `viewer` (read) and `victim` (read, write) made beside the admin:
// focus and the skip link; contrast of every page in both themes, computed from the computed
// styles; no page wider than the screen; pages a user's scopes cannot use are not offered; log
// out, then the old refresh token is refused; a session ended on the server returns the app to
// its login page. Prints one JSON line; exits non-zero with the reason when a step fails.
import { base, expectRefusals, fits, go, login, lowContrast, phone, rest, run, shot, token } from "./browser.mjs";

const PAGES = ["Chat", "Monitor", "Incidents", "Containers", "Hosts", "Approvals", "API keys", "Audit", "Users"];
const userPassword = process.env.USER_PASSWORD;

await run(async (page, seen) => {
  // Focus: the message box after login; the skip link first in the tab order, to the content.
  await page.getByText("connected", { exact: true }).waitFor({ timeout: 15000 });
  seen.focusAfterLogin = await page.evaluate(() => document.activeElement?.id);
  // A page that puts focus nowhere: the first Tab reaches the skip link.
  await go(page, "Monitor");
  await page.reload();
  await page.getByRole("button", { name: "Log out" }).waitFor();
  await page.keyboard.press("Tab");
  seen.firstTab = await page.evaluate(() => document.activeElement?.textContent);
  await page.keyboard.press("Enter");
  seen.skipTarget = await page.evaluate(() => document.activeElement?.id);

  // The check itself finds grey on white (set through the CSSOM, which the CSP allows).
  seen.probeCaught = await page.evaluate(() => {
    const probe = document.createElement("p");
    probe.textContent = "contrast probe";
    probe.className = "contrast-probe";
    probe.style.color = "#aaaaaa";
    probe.style.background = "#ffffff";
    document.querySelector("main").prepend(probe);
    return true;
  });
  seen.probeCaught = (await lowContrast(page)).failures.some((f) => f.includes("contrast probe"));
  await page.evaluate(() => document.querySelector(".contrast-probe")?.remove());

  // Every page, in both themes: readable text and nothing off-screen.
  const contrast = {};
  for (const scheme of ["light", "dark"]) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const label of PAGES) {
      await go(page, label);
      await page.waitForLoadState("networkidle");
      const { checked, failures } = await lowContrast(page);
      contrast[`${scheme}:${label}`] = { checked, failures };
      if (scheme === "light") await fits(page, label);
    }
  }
  if (phone) {
    await page.getByRole("button", { name: /^Menu/ }).click();
    await shot(page, "navigation");
    await page.getByRole("button", { name: /^Menu/ }).click();
  }
  seen.contrastChecked = Object.values(contrast).reduce((n, c) => n + c.checked, 0);
  seen.contrastFailures = Object.fromEntries(Object.entries(contrast).filter(([, c]) => c.failures.length).map(([k, c]) => [k, c.failures]));

  // Log out: the server ends the session; its refresh token is refused afterwards.
  const refresh = await page.evaluate(() => sessionStorage.getItem("warden.refresh"));
  // A read in flight as the session ends is refused (401), which the browser logs.
  let ending = expectRefusals(401);
  await page.getByRole("button", { name: "Log out" }).click();
  await page.getByRole("button", { name: "Log in" }).waitFor({ timeout: 10000 });
  await page.waitForLoadState("networkidle");
  ending();
  const reuse = await fetch(`${base}/api/v1/auth/refresh`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ refresh_token: refresh }),
  });
  seen.refreshAfterLogout = reuse.status;
  seen.storageAfterLogout = await page.evaluate(() => sessionStorage.getItem("warden.refresh"));
  seen.focusOnLogin = await page.evaluate(() => document.activeElement?.getAttribute("name"));

  // A read-only user is offered only what its scope can use.
  await login(page, "viewer", userPassword);
  if (phone) await page.getByRole("button", { name: /^Menu/ }).click();
  seen.viewerPages = await page.getByRole("navigation", { name: "Pages" }).getByRole("link").allInnerTexts();
  if (phone) await page.getByRole("button", { name: /^Menu/ }).click();
  await page.goto(`${base}/#/audit`);
  await page.getByRole("button", { name: "Log out" }).waitFor();
  seen.viewerOnAudit = await page.locator("main h2, main .chat-title").first().innerText();
  await go(page, "Monitor");
  await page.getByRole("heading", { name: /^Monitor/ }).waitFor();
  await page.waitForLoadState("networkidle");
  seen.viewerSweep = await page.getByRole("button", { name: "Sweep now" }).count();
  ending = expectRefusals(401);
  await page.getByRole("button", { name: "Log out" }).click();

  // A session ended on the server: the app goes back to its login page and says why.
  await page.getByRole("button", { name: "Log in" }).waitFor();
  await page.waitForLoadState("networkidle");
  ending();
  await login(page, "victim", userPassword);
  await go(page, "Chat");
  await page.getByText("connected", { exact: true }).waitFor({ timeout: 15000 });
  await go(page, "API keys");
  const admin = await token();
  const users = await rest("GET", "/api/v1/users", admin);
  const victim = users.body.users.find((u) => u.username === "victim");
  // The app may learn of it from its socket or from reads the server refuses (401, which the
  // browser logs, once per read in flight): either way it must return to the login page.
  ending = expectRefusals(401);
  await rest("PATCH", `/api/v1/users/${victim.id}`, admin, { disabled: true });
  await page.getByRole("button", { name: "Log in" }).waitFor({ timeout: 15000 });
  await page.waitForLoadState("networkidle");
  ending();
  seen.endedReason = await page.getByRole("alert").innerText();
  seen.storageAfterEnd = await page.evaluate(() => sessionStorage.getItem("warden.refresh"));
  await shot(page, "login-ended");
});
