// What every browser scenario shares: Debian's Chromium with the flags this machine needs, a
// logged-in page (WARDEN_URL, WARDEN_USER, WARDEN_PASSWORD), console errors collected as problems,
// and one JSON line of what was seen; the exit code says whether every step passed.
import { chromium } from "playwright-core";

export const shots = process.env.SCREENSHOTS;

export async function run(scenario) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
    ],
  });
  const seen = {};
  const problems = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    page.on("console", (m) => { if (m.type() === "error") problems.push(`console: ${m.text()}`); });
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    await page.goto(process.env.WARDEN_URL + "/");
    await page.getByLabel("Username").fill(process.env.WARDEN_USER);
    await page.getByLabel("Password").fill(process.env.WARDEN_PASSWORD);
    await page.getByRole("button", { name: "Log in" }).click();
    await scenario(page, seen);
  } catch (error) {
    problems.push(String(error));
  } finally {
    await browser.close();
  }
  console.log(JSON.stringify({ seen, problems }));
  process.exit(problems.length === 0 ? 0 : 1);
}
