// The demo form in Debian's Chromium, headless, driven by playwright-core: fill part of the
// form and check that findings and input errors appear beside the fields their paths point to,
// that the rest of the form keeps its findings while one field is mistyped, and that fixing
// each clears it. Saves a screenshot in the temporary directory; with FUNDCHECK_SCREENSHOT=1 it
// refreshes demo/screenshot.png (the README's picture) instead, so a test run never changes a
// tracked file.
//
// The repository is served by `python3 -m http.server` (started so that its pid is the server
// itself, and stopped by that pid); the page loads ../pkg/fundcheck.js, so build first
// (`npm run test:browser` does).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const root = fileURLToPath(new URL("../../", import.meta.url));
const screenshot = process.env.FUNDCHECK_SCREENSHOT === "1"
  ? fileURLToPath(new URL("../demo/screenshot.png", import.meta.url))
  : join(tmpdir(), `fundcheck-demo-${process.pid}.png`);
const flags = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--lang=zh-CN"];

let server;
let context;
let profile;
let base;

before(async () => {
  const python = execFileSync("python3", ["-c", "import sys; print(sys.executable)"], { encoding: "utf8" }).trim();
  server = spawn(python, ["-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", root], {
    stdio: ["ignore", "pipe", "ignore"],
  });
  const port = await new Promise((resolve, reject) => {
    let seen = "";
    const timer = setTimeout(() => reject(new Error(`http.server did not start: ${seen}`)), 10000);
    server.stdout.on("data", (chunk) => {
      seen += chunk;
      const match = seen.match(/port (\d+)/);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    server.on("exit", (code) => reject(new Error(`http.server exited with ${code}`)));
  });
  base = `http://127.0.0.1:${port}/bindings-wasm/demo/index.html`;
  profile = mkdtempSync(join(tmpdir(), "fundcheck-chromium-"));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: flags,
    viewport: { width: 1440, height: 1000 },
    locale: "zh-CN",
    // Date inputs follow the browser's own language, which headless Chromium takes from here.
    env: { ...process.env, LANG: "zh_CN.UTF-8", LANGUAGE: "zh_CN:zh" },
  });
});

after(async () => {
  await context?.close();
  if (server?.pid) process.kill(server.pid);
  if (profile) rmSync(profile, { recursive: true, force: true });
  if (process.env.FUNDCHECK_SCREENSHOT !== "1") rmSync(screenshot, { force: true });
});

/** The messages shown beside the field at `path`: [{kind, rule|code, text}]. */
async function messagesAt(page, path) {
  return page.$$eval(`.msgs[data-for="${path}"] > .msg`, (nodes) => nodes.map((n) => ({
    kind: [...n.classList].find((c) => c !== "msg"),
    id: n.dataset.rule ?? n.dataset.code,
    text: n.querySelector(".text")?.textContent ?? "",
  })));
}

async function expectAt(page, path, kind, id) {
  const found = await messagesAt(page, path);
  assert.ok(found.some((m) => m.kind === kind && m.id === id), `expected ${kind} ${id} beside ${path}, found ${JSON.stringify(found)}`);
  return found.find((m) => m.kind === kind && m.id === id);
}

async function expectClear(page, path, id) {
  const found = await messagesAt(page, path);
  assert.ok(!found.some((m) => (m.kind === "error" || m.kind === "input") && m.id === id),
    `expected no ${id} beside ${path}, found ${JSON.stringify(found)}`);
}

const input = (path) => `[data-path="${path}"]`;

test("findings and input errors appear beside their fields and clear when fixed", async () => {
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`console ${m.type()}: ${m.text()}`);
  });
  await page.goto(base);
  await page.waitForSelector("body[data-ready=true]", { timeout: 15000 });

  // A blank application no. is an input error beside it, and the rest keeps its findings.
  await expectAt(page, "/id", "input", "input.missing");
  await expectAt(page, "/documents", "error", "materials.service_stations");
  await page.fill(input("/id"), "YS-2020-031");
  await expectClear(page, "/id", "input.missing");

  // The materials checklist follows the category; every unticked document is a finding.
  const boxes = page.locator("#documents input[type=checkbox]");
  assert.equal(await boxes.count(), 6);
  await expectAt(page, "/documents", "error", "materials.service_stations");

  // Applicant registered outside Yanshi, not voluntary.
  await page.fill(input("/applicant/name"), "偃师市缑氏镇农村电商服务有限公司");
  await page.selectOption(input("/applicant/kind"), "ecommerce_enterprise");
  await page.fill(input("/applicant/region"), "410311");
  await page.selectOption(input("/applicant/voluntary"), "false");
  await page.selectOption(input("/applicant/selected_by_tender"), "true");
  await page.selectOption(input("/project/status"), "completed");
  await expectAt(page, "/applicant/region", "error", "eligibility.registered_locally");
  await expectAt(page, "/applicant/voluntary", "error", "eligibility.voluntary");
  await page.fill(input("/project/scheduled_completion"), "2020-06-30");
  await page.fill(input("/project/completed_on"), "2020-5-20");
  await expectAt(page, "/project/completed_on", "input", "input.date");

  // One outlet, its phone left empty.
  await page.locator("[data-path='/outlets'] button.add").click();
  await page.selectOption(input("/outlets/0/level"), "town");
  await page.fill(input("/outlets/0/town"), "缑氏镇");
  await page.fill(input("/outlets/0/address"), "缑氏镇商贸街18号");
  await page.fill(input("/outlets/0/responsible_person"), "李红");
  await page.fill(input("/outlets/0/built_on"), "2019-10-15");
  await page.fill(input("/outlets/0/online_since"), "2019-11-01");
  await page.fill(input("/outlets/0/photos"), "goushi-inside.jpg, goushi-outside.jpg");
  await expectAt(page, "/outlets/0/phone", "error", "materials.service_stations");

  // Subsidy and payments: 400,000 + 300,000 prepaid on a 1,200,000 subsidy (cap 600,000),
  // and a third amount mistyped.
  await page.fill(input("/subsidy/proposed"), "1200000.00");
  assert.equal((await page.textContent("output[data-figure=max_prepayment]")).trim(), "600,000.00 元");
  const addPayment = page.locator("[data-add=payments]");
  for (const [i, date, amount] of [[0, "2019-11-20", "400000.00"], [1, "2020-01-10", "300000.00"], [2, "2020-03-02", "20万元"]]) {
    await addPayment.click();
    await page.fill(input(`/payments/${i}/date`), date);
    await page.fill(input(`/payments/${i}/amount`), amount);
  }
  const mistyped = await expectAt(page, "/payments/2/amount", "input", "input.money");
  assert.match(mistyped.text, /20万元/);
  // The rest of the form keeps its findings while that field is wrong.
  await expectAt(page, "/payments", "error", "prepayment.cap");
  await expectAt(page, "/applicant/region", "error", "eligibility.registered_locally");
  await expectAt(page, "/outlets/0/phone", "error", "materials.service_stations");
  assert.equal((await page.textContent("output[data-figure=max_prepayment]")).trim(), "600,000.00 元");
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: screenshot, fullPage: true });

  // Fix each one; each clears.
  await page.fill(input("/payments/2/amount"), "200000.00");
  await expectClear(page, "/payments/2/amount", "input.money");
  await expectAt(page, "/payments", "error", "prepayment.cap");
  // The two-line verdict: the region is the applicant's error, the prepayment cap the
  // administration's (lifecycle.md, "Whose obligation").
  assert.match(await page.textContent("#verdict-applicant"), /^申请单位：不符合（\d+ 项错误）$/);
  assert.match(await page.textContent("#verdict-administration"), /^主管部门记录：有误（\d+ 项错误）$/);
  // Removing the second payment renumbers the rows below it, and brings the prepayments to the cap.
  await page.locator("#payments tbody tr").nth(1).locator("button.remove").click();
  assert.equal(await page.inputValue(input("/payments/1/amount")), "200000.00");
  await expectClear(page, "/payments", "prepayment.cap");
  await expectAt(page, "/payments", "info", "prepayment.cap");

  await page.fill(input("/project/completed_on"), "2020-05-20");
  await expectClear(page, "/project/completed_on", "input.date");
  await page.fill(input("/applicant/region"), "410381");
  await expectClear(page, "/applicant/region", "eligibility.registered_locally");
  await page.selectOption(input("/applicant/voluntary"), "true");
  await expectClear(page, "/applicant/voluntary", "eligibility.voluntary");
  await page.fill(input("/outlets/0/phone"), "0379-67561234");
  await expectClear(page, "/outlets/0/phone", "materials.service_stations");
  for (let i = 0; i < 6; i++) await boxes.nth(i).check();
  await expectClear(page, "/documents", "materials.service_stations");

  // English.
  await page.click("[data-lang=en]");
  const info = await expectAt(page, "/payments", "info", "prepayment.cap");
  assert.match(info.text, /^prepaid 600,000\.00, within 50% of the proposed subsidy \(600,000\.00\); 0\.00 left$/);
  assert.equal((await page.textContent("output[data-figure=max_prepayment]")).trim(), "600,000.00 yuan");
  assert.equal(await page.getAttribute("html", "lang"), "en");

  assert.deepEqual(problems, []);
  await page.close();
});
