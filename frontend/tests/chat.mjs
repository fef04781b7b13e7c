// Browser scenarios for Warden's web app in Debian's Chromium, driven by playwright-core.
// Run by the Rust e2e test `web` (tests/e2e/web.rs), which starts Warden and the scripted model:
//   node tests/chat.mjs   with WARDEN_URL, WARDEN_USER, WARDEN_PASSWORD, SCREENSHOTS set.
// Prints one JSON line of what it saw; exits non-zero with the reason when a step fails.
import { run, shots } from "./browser.mjs";

await run(async (page, seen) => {
  await page.getByText("connected", { exact: true }).waitFor({ timeout: 15000 });
  if (shots) await page.screenshot({ path: `${shots}/chat-empty.png` });

  // A chat round trip: the tool call appears with its risk and route, then the answer.
  await page.getByLabel("Message").fill("How full are the disks?");
  await page.getByRole("button", { name: "Send" }).click();
  const tool = page.locator(".step.tool[data-tool='disk_usage']");
  await tool.waitFor({ timeout: 15000 });
  seen.risk = await tool.locator(".risk").innerText();
  seen.route = await tool.locator(".route").innerText();
  const answer = page.locator(".step.answer").first();
  await answer.waitFor({ timeout: 15000 });
  await page.waitForFunction(() => document.querySelector(".step.answer strong") !== null, null, { timeout: 15000 });
  seen.answer = await answer.innerText();
  seen.answerBold = await answer.locator("strong").innerText();
  if (shots) await page.screenshot({ path: `${shots}/chat-answer.png` });

  // A high-risk action approved inline, then executed.
  await page.getByLabel("Message").fill("Write the maintenance note.");
  await page.getByRole("button", { name: "Send" }).click();
  const approval = page.locator(".step.approval").first();
  await approval.waitFor({ timeout: 15000 });
  if (shots) await page.screenshot({ path: `${shots}/chat-approval.png` });
  await approval.getByRole("button", { name: "Approve" }).click();
  await approval.locator(".decision").waitFor({ timeout: 15000 });
  seen.decision = await approval.locator(".decision").innerText();
  const written = page.locator(".step.tool[data-tool='file_write']");
  await page.waitForFunction(() => {
    const summary = document.querySelector(".step.tool[data-tool='file_write'] summary");
    return summary && summary.textContent === "output";
  }, null, { timeout: 15000 });
  seen.writeRisk = await written.locator(".risk").innerText();

  // A denial is shown as such.
  await page.getByLabel("Message").fill("Write it again.");
  await page.getByRole("button", { name: "Send" }).click();
  const second = page.locator(".step.approval").nth(1);
  await second.waitFor({ timeout: 15000 });
  await second.getByRole("button", { name: "Deny" }).click();
  await second.locator(".decision").waitFor({ timeout: 15000 });
  seen.denied = await second.locator(".decision").innerText();
  await page.waitForFunction(() => {
    const summaries = document.querySelectorAll(".step.tool[data-tool='file_write'] summary");
    return summaries.length === 2 && summaries[1].textContent?.startsWith("failed");
  }, null, { timeout: 15000 });
  seen.deniedResult = await page.locator(".step.tool[data-tool='file_write'] summary").nth(1).innerText();

  // A dropped WebSocket reconnects and the run's remaining events arrive.
  await page.getByLabel("Message").fill("Take your time.");
  await page.getByRole("button", { name: "Send" }).click();
  await page.locator(".step.tool[data-tool='system_info']").waitFor({ timeout: 15000 });
  await page.evaluate(() => window.wardenDropSocket());
  await page.getByText("reconnecting…").waitFor({ timeout: 5000 }).catch(() => {});
  await page.waitForFunction(() => [...document.querySelectorAll(".step.answer")].some((a) => a.textContent?.includes("after the pause")), null, { timeout: 20000 });
  seen.resumed = true;
  if (shots) await page.screenshot({ path: `${shots}/chat-resumed.png`, fullPage: true });

  // A run cancelled from the chat.
  await page.getByLabel("Message").fill("Think about it for a while.");
  await page.getByRole("button", { name: "Send" }).click();
  await page.getByRole("button", { name: "Cancel" }).click({ timeout: 15000 });
  await page.locator(".step.error", { hasText: "cancelled" }).waitFor({ timeout: 15000 });
  seen.cancelled = true;

  // The model choice lists the catalogue; the conversation is listed and opens again.
  seen.models = await page.getByLabel("Model").locator("option").allInnerTexts();
  await page.reload();
  const listed = page.locator(".conversations li button").first();
  await listed.waitFor({ timeout: 10000 });
  seen.conversations = await page.locator(".conversations li").count();
  await listed.click();
  await page.locator(".step.user", { hasText: "How full are the disks?" }).waitFor({ timeout: 10000 });
  seen.reopened = await page.locator(".step.user").count();
});
