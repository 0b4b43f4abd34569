// The demo form in Debian's Chromium, headless, driven by playwright-core: a clerk's tool.
//
// - findings and input errors appear beside the fields their paths point to, once a field was
//   edited or left (a fresh form shows none; 检查全部 shows them all), and clear when fixed;
// - nothing is preselected, placeholders are examples styled as hints, dates are typed (in the
//   forms the core reads) or picked from a calendar, amounts go to the core as typed;
// - each missing document is said once; clause codes show the policy's words;
// - a draft is kept in localStorage only when saved and removed by 清除草稿; export, import,
//   print; 清空, 载入示例, import and restoring a draft ask before they overwrite.
//
// Tests marked "(core normalisation)" need the core to read `1,200,000.00`, `2020年6月30日`, …;
// every other test passes whatever the core accepts.
//
// Nothing is written outside the temporary directory this file makes and removes (the Chromium
// profile and its downloads); a screenshot goes there too, and only FUNDCHECK_SCREENSHOT=1
// refreshes demo/screenshot.png (the README's picture), so a test run never changes a tracked
// file. The repository is served by `python3 -m http.server` (started so that its pid is the
// server itself, and stopped by that pid); the page loads ../pkg/fundcheck.js, so build first
// (`npm run test:browser` does).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const fundcheck = require("../pkg-node/fundcheck.js");
const catalogue = new Map(fundcheck.rules().map((r) => [r.id, r]));

const root = fileURLToPath(new URL("../../", import.meta.url));
const flags = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--lang=zh-CN"];
const DRAFT_KEY = "fundcheck-demo-draft";

let server;
let context;
let scratch;
let screenshot;
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
  scratch = mkdtempSync(join(tmpdir(), "fundcheck-browser-"));
  const profile = join(scratch, "profile");
  const downloads = join(scratch, "downloads");
  mkdirSync(downloads);
  screenshot = process.env.FUNDCHECK_SCREENSHOT === "1"
    ? fileURLToPath(new URL("../demo/screenshot.png", import.meta.url))
    : join(scratch, "demo.png");
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: flags,
    viewport: { width: 1440, height: 1000 },
    locale: "zh-CN",
    acceptDownloads: true,
    downloadsPath: downloads,
    // Date inputs follow the browser's own language, which headless Chromium takes from here.
    env: { ...process.env, LANG: "zh_CN.UTF-8", LANGUAGE: "zh_CN:zh" },
  });
});

after(async () => {
  await context?.close();
  if (server?.pid) process.kill(server.pid);
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/**
 * A fresh page of the form. `dialogs` records every dialog; each is answered by the next entry
 * of `answers` (true: OK, false: Cancel), Cancel when none is queued. `problems` collects page
 * errors and console errors or warnings.
 */
async function open() {
  const page = await context.newPage();
  const problems = [];
  const dialogs = [];
  const answers = [];
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on("dialog", async (dialog) => {
    const accept = answers.length > 0 ? answers.shift() : false;
    dialogs.push({ type: dialog.type(), message: dialog.message(), accepted: accept });
    if (accept) await dialog.accept();
    else await dialog.dismiss();
  });
  await page.goto(base);
  await page.waitForSelector("body[data-ready=true]", { timeout: 15000 });
  return { page, problems, dialogs, answers };
}

/** The messages shown beside the field at `path`: [{kind, id (rule|code), document, text}]. */
async function messagesAt(page, path) {
  return page.$$eval(`.msgs[data-for="${path}"] > .msg`, (nodes) => nodes.map((n) => ({
    kind: [...n.classList].find((c) => c !== "msg"),
    id: n.dataset.rule ?? n.dataset.code,
    document: n.dataset.document,
    text: n.querySelector(".text")?.textContent ?? "",
  })));
}

/** Every finding or input error on the page (beside fields and in the summary). */
const allMessages = (page) => page.$$eval("#application .msg, #summary .msg", (nodes) => nodes.map((n) => n.textContent));

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

async function expectNothingAt(page, path) {
  const found = await messagesAt(page, path);
  assert.deepEqual(found, [], `expected nothing beside ${path}`);
}

const input = (path) => `[data-path="${path}"]`;

/** Types a value into a field and leaves it, as a clerk does. */
async function enter(page, path, value) {
  const field = page.locator(input(path));
  await field.fill(value);
  await field.blur();
}

/** The document the form last gave the core. */
const lastDoc = (page) => page.evaluate(() => window.lastCheck.doc);
const figure = async (page, name) => (await page.textContent(`output[data-figure=${name}]`)).trim();
/** Waits until `check()` (which may be async) is true. */
async function until(check, what) {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}
const storageKeys = (page) => page.evaluate(() => ({
  local: Object.keys(localStorage),
  session: Object.keys(sessionStorage),
}));

test("a fresh form shows nothing until a field is touched; 检查全部 shows everything", async () => {
  const { page, problems } = await open();
  // Nothing preselected: the category (and every other choice) starts on an empty 请选择.
  assert.equal(await page.inputValue("#category"), "");
  const first = await page.$eval("#category option", (o) => ({ value: o.value, text: o.textContent }));
  assert.deepEqual(first, { value: "", text: "—请选择—" });
  assert.deepEqual(await page.$$eval("select[data-path]", (s) => s.filter((x) => x.value !== "").map((x) => x.dataset.path)), []);
  assert.deepEqual(await page.$$eval("input[data-path]", (s) => s.filter((x) => x.value !== "").map((x) => x.dataset.path)), []);
  // No findings, no red, no verdict on a blank form.
  assert.deepEqual(await allMessages(page), []);
  assert.equal(await page.locator(".sev-error, .sev-input").count(), 0);
  assert.equal((await page.textContent("#verdict-state")).trim(), "—");
  assert.match(await page.textContent("#verdict-note"), /检查全部/);

  // Choosing the category shows its checklist, not a column of missing documents.
  await page.selectOption("#category", "service_stations");
  assert.equal(await page.locator("#documents input[type=checkbox]").count(), 6);
  await expectNothingAt(page, "/documents");
  await expectNothingAt(page, "/id");

  // A field left empty says so once it is left; typing alone does not.
  await page.focus(input("/id"));
  await page.locator(input("/id")).blur();
  await expectAt(page, "/id", "input", "input.missing");
  await page.fill(input("/applicant/region"), "410311");
  await expectNothingAt(page, "/applicant/region");
  await page.locator(input("/applicant/region")).blur();
  await expectAt(page, "/applicant/region", "error", "eligibility.registered_locally");
  await expectNothingAt(page, "/applicant/voluntary");
  await expectNothingAt(page, "/documents");
  assert.match(await page.textContent("#verdict-note"), /^另有 \d+ 条提示在尚未填写的栏目/);

  // 检查全部: everything, untouched fields included.
  await page.click("#check-all");
  await expectAt(page, "/documents", "error", "materials.service_stations");
  await expectAt(page, "/applicant/voluntary", "error", "eligibility.voluntary");
  await expectAt(page, "/outlets", "error", "materials.service_stations");
  assert.equal(await page.textContent("#verdict-note"), "");
  assert.deepEqual(problems, []);
  await page.close();
});

test("placeholders are examples, styled as hints, in both languages", async () => {
  const { page, problems } = await open();
  await page.selectOption("#category", "service_stations");
  await page.locator("[data-path='/outlets'] button.add").click();
  await page.locator("[data-add=payments]").click();
  const placeholders = () => page.$$eval("input[placeholder]", (nodes) => nodes.map((n) => ({
    path: n.dataset.path ?? n.id,
    text: n.placeholder,
    style: getComputedStyle(n, "::placeholder").fontStyle,
  })));
  const zh = await placeholders();
  assert.ok(zh.length >= 18, `${zh.length} placeholders`);
  for (const p of zh) {
    assert.match(p.text, /^例：/, `${p.path}: ${p.text}`);
    assert.equal(p.style, "italic", p.path);
  }
  for (const path of ["/project/completed_on", "/process/received", "/outlets/0/built_on", "/payments/0/date"]) {
    assert.equal(await page.getAttribute(input(path), "placeholder"), "例：2020-06-30");
  }
  assert.equal(await page.getAttribute("#as-of", "placeholder"), "例：2020-06-30");
  await page.click("[data-lang=en]");
  for (const p of await placeholders()) assert.match(p.text, /^e\.g\. /, `${p.path}: ${p.text}`);
  assert.deepEqual(problems, []);
  await page.close();
});

test("every date field is typed as text, with a calendar button that fills in YYYY-MM-DD", async () => {
  const { page, problems } = await open();
  await page.selectOption("#category", "service_stations");
  await page.locator("[data-path='/outlets'] button.add").click();
  await page.locator("[data-add=payments]").click();
  const dates = await page.$$eval("input[data-type=date], #as-of", (nodes) => nodes.map((n) => ({
    path: n.dataset.path ?? n.id,
    type: n.type,
    picker: n.parentElement.matches(".date-box") && n.parentElement.querySelector("button.pick") !== null
      && n.parentElement.querySelector("input.picker[type=date]") !== null,
  })));
  assert.equal(dates.length, 14); // 10 of the project and its process, the evaluation date, 2 of the outlet, the payment
  for (const d of dates) {
    assert.equal(d.type, "text", d.path);
    assert.ok(d.picker, `${d.path} has no calendar button`);
  }
  // Picking a date writes it into the text field, and the form checks it.
  const picker = (path) => page.locator(`.date-box:has(${input(path)}) input.picker`);
  await picker("/project/completed_on").fill("2020-05-20", { force: true });
  assert.equal(await page.inputValue(input("/project/completed_on")), "2020-05-20");
  assert.equal((await lastDoc(page)).project.completed_on, "2020-05-20");
  await picker("/payments/0/date").fill("2019-11-20", { force: true });
  assert.equal(await page.inputValue(input("/payments/0/date")), "2019-11-20");
  // The picked field counts as entered: a mistake in it shows at once.
  await picker("/process/received").fill("2020-05-25", { force: true });
  await picker("/process/review_completed").fill("2020-05-20", { force: true });
  await expectAt(page, "/process/review_completed", "error", "process.order");
  // The button opens the calendar on the typed date (and does not break the page).
  await page.fill(input("/process/city_approval"), "2020-06-15");
  await page.locator(`.date-box:has(${input("/process/city_approval")}) button.pick`).click();
  assert.equal(await picker("/process/city_approval").inputValue(), "2020-06-15");
  await page.keyboard.press("Escape");
  // A mistyped evaluation date is said beside it; the form is still checked without it.
  await page.fill("#as-of", "下月底");
  const asOf = await page.$$eval('.msgs[data-for="option:asOf"] .msg.input', (n) => n.map((x) => x.textContent));
  assert.equal(asOf.length, 1);
  assert.match(asOf[0], /下月底/);
  await expectAt(page, "/process/review_completed", "error", "process.order");
  // The evaluation date has one too.
  await page.locator(".date-box:has(#as-of) input.picker").fill("2020-06-20", { force: true });
  assert.equal(await page.inputValue("#as-of"), "2020-06-20");
  assert.equal(await page.evaluate(() => window.lastCheck.report.as_of), "2020-06-20");
  assert.deepEqual(problems, []);
  await page.close();
});

const typedDates = ["2020-6-30", "2020/6/30", "2020.6.30", "2020年6月30日", "２０２０-０６-３０", "２０２０年６月３０日"];
const typedAmounts = ["1,200,000.00", "１２０００００", "¥1,200,000"];

test("dates and amounts go to the core exactly as typed, and a mistyped field is never called empty", async () => {
  const { page, problems } = await open();
  await page.selectOption("#category", "service_stations");
  for (const typed of typedDates) {
    await enter(page, "/process/received", typed);
    assert.equal((await lastDoc(page)).process.received, typed);
  }
  await page.locator("[data-add=payments]").click();
  for (const typed of typedAmounts) {
    await enter(page, "/subsidy/proposed", typed);
    await enter(page, "/payments/0/amount", typed);
    const doc = await lastDoc(page);
    assert.equal(doc.subsidy.proposed, typed);
    assert.equal(doc.payments[0].amount, typed);
    // Whatever the core says of it, the field holds a value: never "未填写" beside it.
    const beside = await messagesAt(page, "/subsidy/proposed");
    assert.ok(beside.every((m) => m.kind === "input"), `${typed}: ${JSON.stringify(beside)}`);
    assert.ok(beside.every((m) => !/未填写/.test(m.text)), `${typed}: ${JSON.stringify(beside)}`);
  }
  // A value the core cannot read is its input error, beside the field, as typed.
  await enter(page, "/subsidy/proposed", "一百二十万");
  const said = await expectAt(page, "/subsidy/proposed", "input", "input.money");
  assert.match(said.text, /一百二十万/);
  assert.ok(!(await messagesAt(page, "/subsidy/proposed")).some((m) => m.kind !== "input"));
  assert.deepEqual(problems, []);
  await page.close();
});

test("dates typed the ways clerks write them are read by the core (core normalisation)", async (t) => {
  const { page, problems } = await open();
  await page.selectOption("#category", "service_stations");
  await enter(page, "/process/received", "2020-06-30");
  const due = await figure(page, "review_due");
  assert.match(due, /^2020-07-\d\d$/);
  for (const typed of typedDates) {
    await t.test(typed, async () => {
      await enter(page, "/process/received", typed);
      assert.deepEqual((await messagesAt(page, "/process/received")).filter((m) => m.kind === "input"), []);
      assert.equal(await figure(page, "review_due"), due);
    });
  }
  assert.deepEqual(problems, []);
  await page.close();
});

test("amounts typed with separators are read by the core (core normalisation)", async (t) => {
  const { page, problems } = await open();
  await page.selectOption("#category", "service_stations");
  for (const typed of typedAmounts) {
    await t.test(typed, async () => {
      await enter(page, "/subsidy/proposed", typed);
      await expectNothingAt(page, "/subsidy/proposed");
      assert.equal(await figure(page, "max_prepayment"), "600,000.00 元");
    });
  }
  assert.deepEqual(problems, []);
  await page.close();
});

test("each missing document is said once, and its checklist row is marked", async () => {
  const { page, problems } = await open();
  await page.selectOption("#category", "service_stations");
  await page.click("#check-all");
  const documents = async () => (await messagesAt(page, "/documents")).filter((m) => m.id?.startsWith("materials."));
  let missing = await documents();
  assert.equal(missing.length, 6);
  assert.equal(new Set(missing.map((m) => m.document)).size, 6);
  assert.equal(new Set(missing.map((m) => m.text)).size, 6);
  assert.equal(await page.locator("#documents .check.missing").count(), 6);
  const boxes = page.locator("#documents input[type=checkbox]");
  await boxes.nth(0).check();
  await boxes.nth(3).check();
  missing = await documents();
  assert.equal(missing.length, 4);
  assert.ok(!missing.some((m) => m.document === "application_report" || m.document === "undertaking_agreement"));
  assert.deepEqual(await page.$$eval("#documents .check.missing", (n) => n.map((x) => x.dataset.document)), missing.map((m) => m.document));
  // Another category: its own list, still once each.
  await page.selectOption("#category", "training");
  missing = await documents();
  assert.equal(missing.length, 3); // application_report is still ticked
  assert.equal(new Set(missing.map((m) => m.document)).size, 3);
  // Every finding on the page appears once.
  const all = await page.$$eval("#application .msg[data-rule], #summary .msg[data-rule]", (n) => n.map((x) => `${x.dataset.rule} ${x.dataset.at ?? ""} ${x.querySelector(".text").textContent}`));
  assert.equal(new Set(all).size, all.length, JSON.stringify(all));
  assert.deepEqual(problems, []);
  await page.close();
});

test("findings that name the same document are one item, citing each clause", async () => {
  // Today one rule names each missing document; a second rule naming one (as a pack may add)
  // must not list it twice. The page gets a `check` that adds such a finding.
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  await page.route("**/pkg/fundcheck.js", async (route) => {
    const response = await route.fetch();
    const text = await response.text();
    assert.match(text, /^export function check\(/m);
    const body = `${text.replace(/^export function check\(/m, "function checkOnce(")}
export function check(doc, options) {
  const report = checkOnce(doc, options);
  const again = report.findings.filter((f) => f.facts.document === "outlet_profiles")
    .map((f) => ({ ...f, rule: "eligibility.project_built", clause: "PM 二", severity: "warning" }));
  return { ...report, findings: [...report.findings, ...again] };
}
`;
    await route.fulfill({ response, body });
  });
  await page.goto(base);
  await page.waitForSelector("body[data-ready=true]");
  await page.selectOption("#category", "service_stations");
  await page.click("#check-all");
  const missing = await messagesAt(page, "/documents");
  assert.equal(missing.length, 6);
  assert.equal(missing.filter((m) => m.document === "outlet_profiles").length, 1);
  const clauses = await page.$$eval('.msgs[data-for="/documents"] .msg[data-document="outlet_profiles"] button.clause',
    (n) => n.map((b) => `${b.dataset.rule} ${b.textContent}`));
  assert.deepEqual(clauses, ["materials.service_stations PM 二(六)", "eligibility.project_built PM 二"]);
  // The most severe of them decides its colour.
  assert.equal(missing.find((m) => m.document === "outlet_profiles").kind, "error");
  assert.deepEqual(problems, []);
  await page.close();
});

test("a clause code shows the policy's words on focus, hover and tap", async () => {
  const { page, problems } = await open();
  await page.selectOption("#category", "service_stations");
  await enter(page, "/applicant/region", "410311");
  const pop = page.locator("#clause-pop");
  const quote = () => page.textContent("#clause-pop blockquote");
  assert.ok(await pop.isHidden());

  // Focus (keyboard): the clause is a button; the popover quotes the rule's clause_text.
  const region = page.locator(`.msgs[data-for="/applicant/region"] .msg[data-rule="eligibility.registered_locally"] button.clause`);
  assert.equal(await region.textContent(), catalogue.get("eligibility.registered_locally").clause);
  await region.focus();
  assert.ok(await pop.isVisible());
  assert.equal(await quote(), catalogue.get("eligibility.registered_locally").clause_text);
  assert.match(await pop.textContent(), /eligibility\.registered_locally/);
  assert.equal(await region.getAttribute("aria-describedby"), "clause-pop");
  await page.keyboard.press("Escape");
  assert.ok(await pop.isHidden());

  // Hover: shown while the pointer is on it.
  const materials = page.locator("#materials-clause button.clause");
  assert.equal(await materials.textContent(), "PM 二(六)");
  await materials.hover();
  assert.ok(await pop.isVisible());
  assert.equal(await quote(), catalogue.get("materials.service_stations").clause_text);
  await page.mouse.move(5, 995);
  assert.ok(await pop.isHidden());

  // Tap: stays open until tapped again, or a tap elsewhere.
  await region.click();
  await page.mouse.move(5, 995);
  assert.ok(await pop.isVisible());
  assert.equal(await quote(), catalogue.get("eligibility.registered_locally").clause_text);
  await region.click();
  assert.ok(await pop.isHidden());
  await region.click();
  await page.click("h1");
  assert.ok(await pop.isHidden());
  // A tap that also leaves a field (which redraws the messages) keeps it open.
  await page.fill(input("/applicant/name"), "偃师市某公司");
  await region.click();
  await page.waitForTimeout(50);
  await page.mouse.move(5, 995);
  assert.ok(await pop.isVisible());
  assert.equal(await quote(), catalogue.get("eligibility.registered_locally").clause_text);
  assert.equal(await page.locator("button.clause[aria-expanded=true]").count(), 1);
  await page.keyboard.press("Escape");
  assert.ok(await pop.isHidden());

  // The reading a rule takes is shown with it, in the page's language.
  await page.click("[data-lang=en]");
  await page.locator(`.msgs[data-for="/applicant/region"] button.clause`).first().focus();
  assert.match(await pop.textContent(), new RegExp(catalogue.get("eligibility.registered_locally").reading.en.slice(0, 30).replace(/[()]/g, "\\$&")));
  assert.deepEqual(problems, []);
  await page.close();
});

test("a draft is kept only when saved, and 清除草稿 removes it", async () => {
  const { page, problems, dialogs, answers } = await open();
  assert.deepEqual(await storageKeys(page), { local: [], session: [] });
  assert.ok(await page.locator("#draft-bar").isHidden());

  // A clerk's whole session without saving writes nothing to the browser's storage.
  await page.selectOption("#category", "service_stations");
  await enter(page, "/id", "YS-2020-044");
  await enter(page, "/applicant/name", "偃师市首阳山镇电商服务站");
  await page.locator("[data-path='/outlets'] button.add").click();
  await enter(page, "/outlets/0/phone", "13803790000");
  await page.locator("#documents input[type=checkbox]").first().check();
  await page.click("#check-all");
  await page.click("[data-lang=en]");
  await page.click("[data-lang=zh]");
  await Promise.all([page.waitForEvent("download"), page.click("#export-button")]);
  await page.evaluate(() => { window.print = () => {}; });
  await page.click("#print-button");
  await page.reload();
  await page.waitForSelector("body[data-ready=true]");
  assert.deepEqual(await storageKeys(page), { local: [], session: [] });
  assert.deepEqual(await context.cookies(), []);
  assert.equal(await page.inputValue(input("/id")), "");

  // 保存草稿 keeps it; it is not put back by itself, but offered, with 清除草稿 beside it.
  await page.selectOption("#category", "service_stations");
  await enter(page, "/id", "YS-2020-044");
  await enter(page, "/applicant/name", "偃师市首阳山镇电商服务站");
  await enter(page, "/applicant/region", "410381");
  await page.locator("#documents input[type=checkbox]").nth(2).check();
  await page.fill("#as-of", "2020-06-20");
  await page.click("#save-draft");
  assert.deepEqual((await storageKeys(page)).local, [DRAFT_KEY]);
  const stored = JSON.parse(await page.evaluate((key) => localStorage.getItem(key), DRAFT_KEY));
  assert.equal(stored.doc.id, "YS-2020-044");
  assert.equal(stored.as_of, "2020-06-20");
  assert.ok(await page.locator("#draft-bar").isVisible());
  assert.ok(await page.locator("#clear-draft").isVisible());
  await page.reload();
  await page.waitForSelector("body[data-ready=true]");
  assert.equal(await page.inputValue(input("/id")), "");
  assert.ok(await page.locator("#draft-bar").isVisible());
  assert.match(await page.textContent("#draft-text"), /本机浏览器中存有一份草稿/);

  // Restoring into a blank form does not ask; over entered data it does.
  await page.click("#restore-draft");
  assert.equal(dialogs.length, 0);
  assert.equal(await page.inputValue(input("/id")), "YS-2020-044");
  assert.equal(await page.inputValue(input("/applicant/name")), "偃师市首阳山镇电商服务站");
  assert.equal(await page.inputValue("#category"), "service_stations");
  assert.equal(await page.inputValue("#as-of"), "2020-06-20");
  // What the draft filled in counts as entered: its findings show.
  await expectAt(page, "/documents", "error", "materials.service_stations");
  await enter(page, "/id", "YS-2020-045");
  await page.click("#restore-draft");
  assert.equal(dialogs.length, 1);
  assert.equal(dialogs[0].type, "confirm");
  assert.equal(await page.inputValue(input("/id")), "YS-2020-045");
  answers.push(true);
  await page.click("#restore-draft");
  assert.equal(dialogs.length, 2);
  assert.equal(await page.inputValue(input("/id")), "YS-2020-044");

  // 清除草稿: gone from the browser, and the bar with it.
  await page.click("#clear-draft");
  assert.deepEqual(await storageKeys(page), { local: [], session: [] });
  assert.ok(await page.locator("#draft-bar").isHidden());
  await page.reload();
  await page.waitForSelector("body[data-ready=true]");
  assert.ok(await page.locator("#draft-bar").isHidden());
  assert.deepEqual(await storageKeys(page), { local: [], session: [] });
  assert.deepEqual(problems, []);
  await page.close();
});

test("export downloads the application JSON; import reads it back and asks before overwriting", async () => {
  const { page, problems, dialogs, answers } = await open();
  await page.selectOption("#category", "service_stations");
  await enter(page, "/id", "YS-2020-031");
  await enter(page, "/applicant/region", "410381");
  await page.selectOption(input("/applicant/voluntary"), "true");
  await enter(page, "/subsidy/proposed", "1,200,000.00");
  await page.locator("#documents input[type=checkbox]").nth(1).check();
  await page.locator("[data-path='/outlets'] button.add").click();
  await enter(page, "/outlets/0/town", "缑氏镇");
  await page.locator("[data-add=payments]").click();
  await enter(page, "/payments/0/date", "2019-11-20");
  await enter(page, "/payments/0/amount", "400000.00");

  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export-button")]);
  assert.equal(download.suggestedFilename(), "application-YS-2020-031.json");
  const exported = readFileSync(await download.path(), "utf8");
  const doc = JSON.parse(exported);
  assert.deepEqual(doc, await lastDoc(page));
  assert.equal(doc.kind, "application");
  assert.equal(doc.subsidy.proposed, "1,200,000.00");
  assert.deepEqual(doc.documents, ["outlet_network_plan"]);
  assert.equal(doc.outlets[0].town, "缑氏镇");
  assert.deepEqual(doc.payments, [{ date: "2019-11-20", amount: "400000.00" }]);

  // Into a blank form: no question; every field comes back, and its findings show.
  answers.push(true);
  await page.click("#clear-form");
  assert.equal(dialogs.length, 1);
  assert.equal(await page.inputValue(input("/id")), "");
  // Reading a file is asynchronous: done when it says so, or asks.
  const importJson = async (name, text) => {
    const asked = dialogs.length;
    await page.$eval("#status", (n) => { n.textContent = ""; });
    await page.setInputFiles("#import-file", { name, mimeType: "application/json", buffer: Buffer.from(text) });
    await until(async () => dialogs.length > asked || (await page.textContent("#status")) !== "", `the import of ${name}`);
  };
  await importJson("application-YS-2020-031.json", exported);
  assert.equal(dialogs.length, 1);
  assert.deepEqual(await lastDoc(page), doc);
  assert.equal(await page.inputValue(input("/outlets/0/town")), "缑氏镇");
  assert.ok(await page.isChecked("#documents input[value=outlet_network_plan]"));
  await expectAt(page, "/documents", "error", "materials.service_stations");
  assert.match(await page.textContent("#status"), /已导入 application-YS-2020-031\.json/);

  // Over entered data: the same question as 清空 and 载入示例; Cancel keeps the form.
  const other = JSON.stringify({ ...doc, id: "YS-2020-032", outlets: [] });
  await importJson("other.json", other);
  assert.equal(dialogs.length, 2);
  assert.equal(dialogs[1].type, "confirm");
  assert.match(dialogs[1].message, /other\.json/);
  assert.equal(await page.inputValue(input("/id")), "YS-2020-031");
  answers.push(true);
  await importJson("other.json", other);
  assert.equal(dialogs.length, 3);
  assert.equal(await page.inputValue(input("/id")), "YS-2020-032");
  assert.equal(await page.locator("[data-path='/outlets'] tbody tr").count(), 0);

  // A file that is not an application is refused without touching the form.
  await importJson("notes.json", "not json");
  assert.match(await page.textContent("#status"), /无法导入 notes\.json：不是有效的 JSON 文件/);
  await importJson("lines.json", '{"kind": "allocation", "lines": []}');
  assert.match(await page.textContent("#status"), /无法导入 lines\.json：不是项目申报表/);
  assert.equal(dialogs.length, 3);
  assert.equal(await page.inputValue(input("/id")), "YS-2020-032");
  assert.deepEqual(await storageKeys(page), { local: [], session: [] });
  assert.deepEqual(problems, []);
  await page.close();
});

test("print: the button prints every finding; on paper the controls are hidden", async () => {
  const { page, problems } = await open();
  await page.selectOption("#category", "service_stations");
  await page.locator("[data-add=payments]").click();
  await expectNothingAt(page, "/documents");
  await page.evaluate(() => {
    window.printed = 0;
    window.print = () => { window.printed++; };
  });
  await page.click("#print-button");
  assert.equal(await page.evaluate(() => window.printed), 1);
  await expectAt(page, "/documents", "error", "materials.service_stations");

  await page.emulateMedia({ media: "print" });
  const display = (selector) => page.$$eval(selector, (nodes) => nodes.map((n) => getComputedStyle(n).display));
  for (const selector of [".tools", ".notices", "button.add", "button.remove", "button.pick", "#check-all"]) {
    const shown = await display(selector);
    assert.ok(shown.length > 0, selector);
    assert.ok(shown.every((d) => d === "none"), `${selector} printed: ${shown}`);
  }
  for (const selector of ["#application", ".panel", ".msgs[data-for='/documents'] .msg", "#verdict"]) {
    assert.ok((await display(selector)).every((d) => d !== "none"), `${selector} not printed`);
  }
  assert.ok(await page.locator(".msgs[data-for='/documents'] .msg").first().isVisible());
  // An empty field prints empty, not with its example.
  const placeholder = await page.$eval(input("/id"), (n) => getComputedStyle(n, "::placeholder").color);
  assert.equal(placeholder, "rgba(0, 0, 0, 0)");
  await page.emulateMedia({ media: "screen" });
  assert.ok(await page.locator(".tools").isVisible());

  // Ctrl+P (beforeprint) shows every finding too.
  const fresh = await open();
  await fresh.page.selectOption("#category", "training");
  await expectNothingAt(fresh.page, "/documents");
  await fresh.page.evaluate(() => window.dispatchEvent(new Event("beforeprint")));
  await expectAt(fresh.page, "/documents", "error", "materials.training");
  assert.deepEqual([...problems, ...fresh.problems], []);
  await fresh.page.close();
  await page.close();
});

test("清空 and 载入示例 ask before they overwrite what was entered", async () => {
  const { page, problems, dialogs, answers } = await open();
  // A blank form: no question.
  await page.click("#clear-form");
  assert.equal(dialogs.length, 0);
  await page.click("#load-example");
  await page.waitForFunction(() => document.querySelector('[data-path="/id"]').value === "YS-2020-017");
  assert.equal(dialogs.length, 0);
  // The example's fields count as entered: their findings show.
  await expectAt(page, "/payments", "info", "prepayment.cap");

  // 清空: Cancel keeps everything, OK empties the form (the category too).
  await page.click("#clear-form");
  assert.equal(dialogs.length, 1);
  assert.equal(dialogs[0].type, "confirm");
  assert.match(dialogs[0].message, /清空/);
  assert.equal(await page.inputValue(input("/id")), "YS-2020-017");
  answers.push(true);
  await page.click("#clear-form");
  assert.equal(dialogs.length, 2);
  assert.equal(await page.inputValue(input("/id")), "");
  assert.equal(await page.inputValue("#category"), "");
  assert.equal(await page.locator("#payments tbody tr").count(), 0);
  assert.deepEqual(await allMessages(page), []);
  assert.equal((await page.textContent("#verdict-state")).trim(), "—");

  // 载入示例 over one typed field: asked; Cancel keeps it, OK loads the example.
  await enter(page, "/applicant/name", "偃师市某公司");
  await page.click("#load-example");
  assert.equal(dialogs.length, 3);
  assert.match(dialogs[2].message, /载入示例/);
  assert.equal(await page.inputValue(input("/applicant/name")), "偃师市某公司");
  assert.equal(await page.inputValue(input("/id")), "");
  answers.push(true);
  await page.click("#load-example");
  await page.waitForFunction(() => document.querySelector('[data-path="/id"]').value === "YS-2020-017");
  assert.equal(dialogs.length, 4);
  assert.equal(await page.inputValue(input("/applicant/name")), "偃师市农村电商服务有限公司");
  // The evaluation date alone is content too.
  answers.push(true);
  await page.click("#clear-form");
  await page.fill("#as-of", "2020-06-20");
  await page.click("#clear-form");
  assert.equal(dialogs.length, 6);
  assert.equal(await page.inputValue("#as-of"), "2020-06-20");
  assert.deepEqual(dialogs.map((d) => d.type), Array(6).fill("confirm"));
  assert.deepEqual(problems, []);
  await page.close();
});

test("findings and input errors appear beside their fields and clear when fixed", async () => {
  const { page, problems } = await open();
  await page.selectOption("#category", "service_stations");
  await page.click("#check-all");

  // A blank application no. is an input error beside it, and the rest keeps its findings.
  await expectAt(page, "/id", "input", "input.missing");
  await expectAt(page, "/documents", "error", "materials.service_stations");
  await enter(page, "/id", "YS-2020-031");
  await expectClear(page, "/id", "input.missing");

  // The materials checklist follows the category; every unticked document is a finding.
  const boxes = page.locator("#documents input[type=checkbox]");
  assert.equal(await boxes.count(), 6);
  await expectAt(page, "/documents", "error", "materials.service_stations");

  // Applicant registered outside Yanshi, not voluntary.
  await enter(page, "/applicant/name", "偃师市缑氏镇农村电商服务有限公司");
  await page.selectOption(input("/applicant/kind"), "ecommerce_enterprise");
  await enter(page, "/applicant/region", "410311");
  await page.selectOption(input("/applicant/voluntary"), "false");
  await page.selectOption(input("/applicant/selected_by_tender"), "true");
  await page.selectOption(input("/project/status"), "completed");
  await expectAt(page, "/applicant/region", "error", "eligibility.registered_locally");
  await expectAt(page, "/applicant/voluntary", "error", "eligibility.voluntary");
  await enter(page, "/project/scheduled_completion", "2020-06-30");
  await enter(page, "/project/completed_on", "2020-02-30");
  await expectAt(page, "/project/completed_on", "input", "input.date");

  // One outlet, its phone left empty.
  await page.locator("[data-path='/outlets'] button.add").click();
  await page.selectOption(input("/outlets/0/level"), "town");
  await enter(page, "/outlets/0/town", "缑氏镇");
  await enter(page, "/outlets/0/address", "缑氏镇商贸街18号");
  await enter(page, "/outlets/0/responsible_person", "李红");
  await enter(page, "/outlets/0/built_on", "2019-10-15");
  await enter(page, "/outlets/0/online_since", "2019-11-01");
  await enter(page, "/outlets/0/photos", "goushi-inside.jpg, goushi-outside.jpg");
  await expectAt(page, "/outlets/0/phone", "error", "materials.service_stations");

  // Subsidy and payments: 400,000 + 300,000 prepaid on a 1,200,000 subsidy (cap 600,000),
  // and a third amount mistyped.
  await enter(page, "/subsidy/proposed", "1200000.00");
  assert.equal(await figure(page, "max_prepayment"), "600,000.00 元");
  const addPayment = page.locator("[data-add=payments]");
  for (const [i, date, amount] of [[0, "2019-11-20", "400000.00"], [1, "2020-01-10", "300000.00"], [2, "2020-03-02", "二十万元"]]) {
    await addPayment.click();
    await enter(page, `/payments/${i}/date`, date);
    await enter(page, `/payments/${i}/amount`, amount);
  }
  const mistyped = await expectAt(page, "/payments/2/amount", "input", "input.money");
  assert.match(mistyped.text, /二十万元/);
  // The rest of the form keeps its findings while that field is wrong.
  await expectAt(page, "/payments", "error", "prepayment.cap");
  await expectAt(page, "/applicant/region", "error", "eligibility.registered_locally");
  await expectAt(page, "/outlets/0/phone", "error", "materials.service_stations");
  assert.equal(await figure(page, "max_prepayment"), "600,000.00 元");
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: screenshot, fullPage: true });

  // Fix each one; each clears.
  await enter(page, "/payments/2/amount", "200000.00");
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

  await enter(page, "/project/completed_on", "2020-05-20");
  await expectClear(page, "/project/completed_on", "input.date");
  await enter(page, "/applicant/region", "410381");
  await expectClear(page, "/applicant/region", "eligibility.registered_locally");
  await page.selectOption(input("/applicant/voluntary"), "true");
  await expectClear(page, "/applicant/voluntary", "eligibility.voluntary");
  await enter(page, "/outlets/0/phone", "0379-67561234");
  await expectClear(page, "/outlets/0/phone", "materials.service_stations");
  for (let i = 0; i < 6; i++) await boxes.nth(i).check();
  await expectClear(page, "/documents", "materials.service_stations");

  // English.
  await page.click("[data-lang=en]");
  const info = await expectAt(page, "/payments", "info", "prepayment.cap");
  assert.match(info.text, /^prepaid 600,000\.00, within 50% of the proposed subsidy \(600,000\.00\); 0\.00 left$/);
  assert.equal(await figure(page, "max_prepayment"), "600,000.00 yuan");
  assert.equal(await page.getAttribute("html", "lang"), "en");

  assert.deepEqual(problems, []);
  await page.close();
});
