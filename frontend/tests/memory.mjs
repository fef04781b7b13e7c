// Browser scenario for the Memory page (run by tests/e2e/web/memory.rs, VIEWPORT=desktop or phone): a shared memory with where it
// came from, remembering something, searching for it, forgetting it, and accepting a proposed
// runbook. Prints one JSON line; exits non-zero when a step fails.
import { fits, go, run, shot } from "./browser.mjs";

await run(async (page, seen) => {
  await go(page, "Memory");
  const nas = page.locator("tr", { hasText: "the NAS backup job runs at 02:00" });
  await nas.waitFor({ timeout: 10000 });
  seen.source = await nas.locator(".memory-source").innerText();
  seen.sharedBadge = await nas.locator(".badge").innerText();

  // Remember, then find it by searching.
  const remember = page.getByRole("form", { name: "Remember" });
  await remember.getByLabel("Remember").fill("the wiki lives at wiki.lan");
  await remember.getByLabel("Kind").selectOption("fact");
  await remember.getByRole("button", { name: "Save" }).click();
  await page.locator("tr", { hasText: "the wiki lives at wiki.lan" }).waitFor({ timeout: 10000 });
  const search = page.getByRole("form", { name: "Search memories" });
  await search.getByLabel("Search").fill("wiki");
  await search.getByRole("button", { name: "Search" }).click();
  await page.getByText("lexical search").waitFor({ timeout: 10000 });
  seen.found = await page.locator("tbody tr[data-memory]").count();
  seen.firstFound = (await page.locator("tbody tr[data-memory] .memory-content").first().innerText()).replace(/\s+/g, " ").trim();
  await fits(page, "memory page");
  await shot(page, "memory", { fullPage: true });

  // Forget it.
  await page.locator("tr", { hasText: "the wiki lives at wiki.lan" }).getByRole("button", { name: "Forget" }).click();
  await page.waitForFunction(() => !document.body.innerText.includes("the wiki lives at wiki.lan"), null, { timeout: 10000 });
  seen.forgotten = true;

  // The proposed runbook, accepted.
  const proposal = page.locator("li[data-proposal]");
  await proposal.waitFor({ timeout: 10000 });
  seen.proposalBefore = await proposal.locator(".proposal-state").innerText();
  await proposal.getByRole("button", { name: "Accept" }).click();
  await page.waitForFunction(() => document.querySelector("li[data-proposal] .proposal-state")?.textContent === "accepted", null, { timeout: 10000 });
  seen.proposalAfter = "accepted";
});
