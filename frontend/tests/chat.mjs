// The chat in Debian's Chromium (VIEWPORT=desktop or phone), run by tests/e2e/web.rs against
// Warden and the scripted model, whose replies it expects in this order. Prints one JSON line of
// what it saw; exits non-zero with the reason when a step fails. Writes "gate" on a line of its
// own when the test should let the model finish a held-back answer.
import { contrastBothThemes, fits, phone, run, shot } from "./browser.mjs";

/** The conversations list: a drawer on a phone, opened first. */
async function conversations(page) {
  const toggle = page.getByRole("button", { name: "Conversations" });
  if (phone && (await toggle.getAttribute("aria-expanded")) !== "true") await toggle.click();
  return page.getByRole("complementary", { name: "Conversations" });
}

async function closeDrawer(page) {
  if (phone) await page.getByRole("button", { name: "Close the conversations" }).click();
}

async function ask(page, text) {
  await page.getByLabel("Message").fill(text);
  await page.getByRole("button", { name: "Send" }).click();
}

await run(async (page, seen) => {
  await page.getByText("connected", { exact: true }).waitFor({ timeout: 15000 });
  seen.focusAfterLogin = await page.evaluate(() => document.activeElement?.id);
  await fits(page, "empty chat");
  await shot(page, "chat-empty");

  // A round trip: the tool call with its risk and route, then the answer streamed while the model
  // still writes (a working indicator first, then the text growing), then markdown with code.
  await ask(page, "How full are the disks?");
  seen.focusAfterSend = await page.evaluate(() => document.activeElement?.id);
  const tool = page.locator(".step.tool[data-tool='disk_usage']");
  await tool.waitFor({ timeout: 15000 });
  seen.risk = await tool.locator(".risk").innerText();
  seen.route = await tool.locator(".route").innerText();
  const streaming = page.locator(".step.answer.streaming");
  await streaming.waitFor({ timeout: 15000 });
  // The model holds the rest back until the test opens its gate: this much arrives first.
  await page.waitForFunction(() => document.querySelector(".step.answer.streaming .answer-body")?.textContent?.trim() === "The disks are", null, { timeout: 15000 });
  seen.streamedPart = (await streaming.locator(".answer-body").innerText()).trim();
  seen.cancelWhileRunning = await page.getByRole("button", { name: "Cancel" }).isVisible();
  console.log("gate");
  const answer = page.locator(".step.answer:not(.streaming)").first();
  await answer.locator("strong").waitFor({ timeout: 15000 });
  seen.answerBold = await answer.locator("strong").innerText();
  seen.url = new URL(page.url()).hash;
  // Code in a styled block, copied with its button; the tool's output in a scrolling box, copied too.
  await answer.getByRole("button", { name: "Copy code" }).click();
  seen.copiedCode = await page.evaluate(() => navigator.clipboard.readText());
  await tool.locator("summary").click();
  seen.outputBox = await tool.locator("pre.output").evaluate((el) => [getComputedStyle(el).fontFamily.includes("mono"), getComputedStyle(el).overflowY]);
  await tool.getByRole("button", { name: "Copy output" }).click();
  seen.copiedOutput = (await page.evaluate(() => navigator.clipboard.readText())).length > 0;
  seen.timestamps = await page.locator(".step.user time, .step.answer time").count();
  await fits(page, "chat with an answer");
  await shot(page, "chat-answer");

  // Shift+Enter is a new line, Enter sends. The answer carries raw HTML: none of it may load
  // anything or carry style (the CSP would refuse it, and say so in the console).
  await page.getByLabel("Message").click();
  await page.keyboard.type("First line");
  await page.keyboard.press("Shift+Enter");
  await page.keyboard.type("second line");
  await page.keyboard.press("Enter");
  const html = page.locator(".step.answer:not(.streaming)", { hasText: "raw HTML" });
  await html.waitFor({ timeout: 15000 });
  seen.multiline = await page.locator(".step.user .user-text").last().innerText();
  seen.rawHtml = await html.evaluate((el) => ({
    images: el.querySelectorAll("img").length,
    styled: el.querySelectorAll("[style], style, script").length,
    imageLink: el.querySelector("a[href='http://203.0.113.9/p.png']")?.textContent ?? null,
    shownAsText: el.textContent.includes('<b style="color: red">bold</b>'),
  }));

  // A high-risk action approved inline, then run.
  await ask(page, "Write the maintenance note.");
  const approval = page.locator(".step.approval").first();
  await approval.waitFor({ timeout: 15000 });
  await shot(page, "chat-approval");
  await approval.getByRole("button", { name: "Approve" }).click();
  await approval.locator(".decision").waitFor({ timeout: 15000 });
  seen.decision = await approval.locator(".decision").innerText();
  seen.decidedBy = await approval.locator(".decided-by").innerText();
  await page.waitForFunction(() => document.querySelector(".step.tool[data-tool='file_write'] summary")?.textContent === "output", null, { timeout: 15000 });
  seen.writeRisk = await page.locator(".step.tool[data-tool='file_write'] .risk").first().innerText();
  await page.locator(".step.answer", { hasText: "Written." }).waitFor({ timeout: 15000 });

  // Reloaded while an approval waits: its buttons come back from the stored history.
  await ask(page, "Write it once more.");
  await page.locator(".step.approval").nth(1).waitFor({ timeout: 15000 });
  await page.reload();
  const again = page.locator(".step.approval").nth(1);
  await again.getByRole("button", { name: "Approve" }).waitFor({ timeout: 15000 });
  seen.buttonsAfterReload = await again.getByRole("button").count();
  seen.urlAfterReload = new URL(page.url()).hash === seen.url;
  await again.getByRole("button", { name: "Approve" }).click();
  await page.locator(".step.answer", { hasText: "Written again." }).waitFor({ timeout: 15000 });

  // A denial is shown as such.
  await ask(page, "Write it a third time.");
  const third = page.locator(".step.approval").nth(2);
  await third.waitFor({ timeout: 15000 });
  await third.getByRole("button", { name: "Deny" }).click();
  await third.locator(".decision").waitFor({ timeout: 15000 });
  seen.denied = await third.locator(".decision").innerText();
  await page.waitForFunction(() => [...document.querySelectorAll(".step.tool[data-tool='file_write'] summary")].some((s) => s.textContent?.startsWith("failed (denied)")), null, { timeout: 15000 });

  // Reloaded mid-run: the run is picked up from its events and its answer arrives.
  await ask(page, "Take your time.");
  await page.locator(".step.tool[data-tool='system_info']").waitFor({ timeout: 15000 });
  await page.reload();
  await page.locator(".step.tool[data-tool='system_info']").waitFor({ timeout: 15000 });
  seen.workingAfterReload = await page.locator(".working").isVisible();
  await page.locator(".step.answer", { hasText: "after the pause" }).waitFor({ timeout: 20000 });
  seen.resumedAfterReload = true;

  // A dropped WebSocket reconnects and the run's remaining events arrive.
  await ask(page, "Take your time again.");
  await page.locator(".step.tool[data-tool='system_info']").nth(1).waitFor({ timeout: 15000 });
  await page.evaluate(() => window.wardenDropSocket());
  await page.locator(".step.answer", { hasText: "after the second pause" }).waitFor({ timeout: 20000 });
  seen.resumed = true;

  // A run cancelled from the chat.
  await ask(page, "Think about it for a while.");
  await page.getByRole("button", { name: "Cancel" }).click({ timeout: 15000 });
  await page.locator(".step.error", { hasText: "cancelled" }).waitFor({ timeout: 15000 });
  seen.cancelled = true;
  seen.models = await page.getByLabel("Model").locator("option").allInnerTexts();

  // A second conversation, started afresh.
  const first = seen.url;
  const newButton = phone ? page.getByRole("button", { name: "New", exact: true }) : page.getByRole("button", { name: "New conversation" });
  seen.newVisible = await newButton.isVisible();
  await newButton.click();
  await page.waitForFunction(() => document.querySelectorAll(".chat .step").length === 0);
  await ask(page, "A throwaway question");
  await page.locator(".step.answer", { hasText: "Throwaway answer." }).waitFor({ timeout: 15000 });
  seen.secondUrl = new URL(page.url()).hash !== first;

  // The first conversation reopened: every step as it happened, approvals with who and when.
  let list = await conversations(page);
  seen.drawerOpen = phone ? await list.isVisible() : null;
  // Slid in completely before it is measured.
  await page.waitForFunction(() => document.querySelector("aside.conversations").getBoundingClientRect().left >= 0, null, { timeout: 5000 });
  if (phone) await fits(page, "conversation drawer");
  await shot(page, "chat-conversations");
  await list.getByRole("link", { name: /How full are the disks/ }).click();
  await page.locator(".step.tool[data-tool='disk_usage']").waitFor({ timeout: 15000 });
  seen.reopened = {
    tools: await page.locator(".step.tool").count(),
    risks: await page.locator(".step.tool .risk").allInnerTexts(),
    routes: await page.locator(".step.tool .route").allInnerTexts(),
    decisions: await page.locator(".step.approval .decision").allInnerTexts(),
    decidedBy: await page.locator(".step.approval .decided-by").allInnerTexts(),
    decidedAt: await page.locator(".step.approval .decision-line time").count(),
    users: await page.locator(".step.user").count(),
  };
  await shot(page, "chat-history", { fullPage: true });
  // Every kind of step on screen: readable in both themes.
  seen.contrast = await contrastBothThemes(page);

  // Renamed, found by search, the throwaway one deleted.
  list = await conversations(page);
  const row = list.locator("li", { hasText: "How full are the disks" });
  await row.getByRole("button", { name: /^Rename/ }).click();
  await list.getByLabel("Title").fill("Disk check");
  await list.getByRole("button", { name: "Save" }).click();
  await list.getByRole("link", { name: /Disk check/ }).waitFor({ timeout: 10000 });
  seen.renamedTitle = await page.locator(".chat-title").innerText().catch(() => "");
  await list.getByLabel("Search conversations").fill("maintenance note");
  await page.waitForFunction(() => document.querySelectorAll(".conversations li[data-conversation]").length === 1, null, { timeout: 10000 });
  seen.searchFound = await list.locator("li[data-conversation] .title").allInnerTexts();
  await list.getByLabel("Search conversations").fill("");
  const throwaway = list.locator("li", { hasText: "A throwaway question" });
  await throwaway.waitFor({ timeout: 10000 });
  await throwaway.getByRole("button", { name: "Delete" }).click();
  await throwaway.getByRole("button", { name: "Delete for good" }).click();
  await throwaway.waitFor({ state: "detached", timeout: 10000 });
  seen.remaining = await list.locator("li[data-conversation]").count();
  await closeDrawer(page);
  await fits(page, "reopened conversation");

  // The approvals page links each decided approval back to its conversation.
  const conversationUrl = new URL(page.url()).hash;
  const toggle = page.getByRole("button", { name: /^Menu/ });
  if (await toggle.isVisible()) await toggle.click();
  await page.getByRole("navigation", { name: "Pages" }).getByRole("link", { name: /^Approvals/ }).click();
  await page.getByRole("button", { name: "Decided" }).click();
  const decided = page.locator(".approval-card[data-status='approved']").first();
  await decided.waitFor({ timeout: 10000 });
  seen.approvalLinksBack = (await decided.getByRole("link", { name: "the conversation" }).getAttribute("href")) === conversationUrl;
});
