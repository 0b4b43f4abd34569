// The demo under other counties' packs, in Debian's Chromium, headless, driven by playwright-core:
//
// - a pack chooser: the embedded Yanshi pack, or a bundle file (`fundcheck pack show --resolved`)
//   the clerk loads; the page then takes its lists, steps, columns, clauses and checks from it,
//   and shows its id, version, days in force, bases and provenance; a file that is not a bundle
//   says the core's PackError and the previous pack stays;
// - the process section has a date field for each step of the pack's own (呼玛's 领导小组审批),
//   labelled with its actor, and that step's findings show beside it;
// - the allocation plan: a table of lines with the pack's columns (optional ones marked), the
//   pack's terms offered, a 定稿 box, each finding and input error beside its cell, the plan's
//   own findings above the table, quiet until touched, 检查全部, export/import and the draft.
//
// The bundles are made by the CLI (FUNDCHECK_BIN, else target/debug or target/release
// `fundcheck`, built with `cargo build -q -p fundcheck-cli` when neither is there) into a
// temporary directory this file removes, with the browser profile and its downloads; nothing
// is written inside the repository. The expected figures below are worked out from the packs'
// TOML by hand (the cap per station, its excess, the county matching floor).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const fundcheck = require("../pkg-node/fundcheck.js");

const root = fileURLToPath(new URL("../../", import.meta.url));
const flags = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--lang=zh-CN"];

let server;
let context;
let scratch;
let base;
/** The bundle file of each pack, by name, in the scratch directory. */
const bundles = {};

function cli() {
  const candidates = [process.env.FUNDCHECK_BIN, join(root, "target/debug/fundcheck"), join(root, "target/release/fundcheck")];
  const found = candidates.find((bin) => bin && existsSync(bin));
  if (found) return found;
  execFileSync("cargo", ["build", "-q", "-p", "fundcheck-cli"], { cwd: root, stdio: "inherit" });
  return join(root, "target/debug/fundcheck");
}

before(async () => {
  scratch = mkdtempSync(join(tmpdir(), "fundcheck-browser-packs-"));
  const bin = cli();
  for (const [name, path] of Object.entries({
    hengxian: "rules/hengxian-2016.toml",
    huoqiu: "rules/huoqiu-2020.toml",
    huma: "tests/packs/huma-approval.toml",
    pingyuan: "tests/packs/pingyuan-stages.toml",
  })) {
    bundles[name] = join(scratch, `${name}.json`);
    writeFileSync(bundles[name], execFileSync(bin, ["pack", "show", "--resolved", join(root, path)], { encoding: "utf8" }));
  }
  // Not bundles: a JSON object of another shape, and a pack's TOML itself.
  bundles.notBundle = join(scratch, "not-a-bundle.json");
  writeFileSync(bundles.notBundle, '{"kind": "allocation", "lines": []}\n');
  bundles.toml = join(scratch, "hengxian-2016.json");
  writeFileSync(bundles.toml, readFileSync(join(root, "rules/hengxian-2016.toml")));

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
  const downloads = join(scratch, "downloads");
  mkdirSync(downloads);
  context = await chromium.launchPersistentContext(join(scratch, "profile"), {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: flags,
    viewport: { width: 1440, height: 1000 },
    locale: "zh-CN",
    acceptDownloads: true,
    downloadsPath: downloads,
    env: { ...process.env, LANG: "zh_CN.UTF-8", LANGUAGE: "zh_CN:zh" },
  });
});

after(async () => {
  await context?.close();
  if (server?.pid) process.kill(server.pid);
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** A fresh page; `problems` collects page errors and console errors or warnings; dialogs are answered by `answers` (Cancel when none). */
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
    dialogs.push({ type: dialog.type(), message: dialog.message() });
    if (accept) await dialog.accept();
    else await dialog.dismiss();
  });
  await page.goto(base);
  await page.waitForSelector("body[data-ready=true]", { timeout: 15000 });
  return { page, problems, dialogs, answers };
}

const packId = (page) => page.textContent('[data-pack="id"]');

/** Loads a bundle file through the pack chooser and waits until the page has taken it, or said why not. */
async function loadPack(page, file, id) {
  await page.$eval("#pack-msg", (n) => { n.hidden = true; n.textContent = ""; });
  await page.setInputFiles("#pack-file", file);
  if (id) await page.waitForFunction((want) => document.querySelector('[data-pack="id"]').textContent === want, id);
  else await page.waitForSelector("#pack-msg:not([hidden])");
}

/** The messages shown beside the field at `path`: [{kind, id (rule|code), text}]. */
async function messagesAt(page, path) {
  return page.$$eval(`.msgs[data-for="${path}"] > .msg`, (nodes) => nodes.map((n) => ({
    kind: [...n.classList].find((c) => c !== "msg"),
    id: n.dataset.rule ?? n.dataset.code,
    text: n.querySelector(".text")?.textContent ?? "",
  })));
}

async function expectAt(page, path, kind, id) {
  const found = await messagesAt(page, path);
  const hit = found.find((m) => m.kind === kind && m.id === id);
  assert.ok(hit, `expected ${kind} ${id} beside ${path}, found ${JSON.stringify(found)}`);
  return hit;
}

async function expectClear(page, path, id) {
  const found = await messagesAt(page, path);
  assert.ok(!found.some((m) => (m.kind === "error" || m.kind === "input") && m.id === id),
    `expected no ${id} beside ${path}, found ${JSON.stringify(found)}`);
}

const input = (path) => `[data-path="${path}"]`;

async function enter(page, path, value) {
  const field = page.locator(input(path));
  await field.fill(value);
  await field.blur();
}

const options = (page, selector) => page.$$eval(`${selector} option`, (nodes) => nodes.map((o) => o.value));
const planDoc = (page) => page.evaluate(() => window.lastPlanCheck.doc);
const storageKeys = (page) => page.evaluate(() => ({ local: Object.keys(localStorage), session: Object.keys(sessionStorage) }));

test("the pack chooser: the embedded pack, or a bundle file; an invalid file is refused and the previous pack stays", async () => {
  const { page, problems } = await open();
  // The embedded pack: Yanshi's, built on the national 2018 base; no provenance note.
  assert.equal(await packId(page), "yanshi-2019");
  assert.equal(await page.textContent('[data-pack="version"]'), "2019-04-30");
  assert.equal(await page.textContent('[data-pack="bases"]'), "national-2018@2018");
  assert.ok(await page.locator("#pack-provenance").isHidden());
  assert.equal((await options(page, "#category")).length, 8); // 请选择 and the seven categories
  assert.match(await page.textContent("h1"), /偃师市/);

  // 霍邱: its id, version, days in force, base and provenance; its one category; its title.
  await loadPack(page, bundles.huoqiu, "huoqiu-2020");
  assert.equal(await page.textContent('[data-pack="version"]'), "2020-01-21");
  assert.equal(await page.textContent('[data-pack="effective"]'), "自 2020-01-21 起施行");
  assert.equal(await page.textContent('[data-pack="bases"]'), "national-2020@2020");
  assert.match(await page.textContent('[data-pack="provenance"]'), /^据转载文本（https:\/\/hq\.investchn\.com\//);
  assert.deepEqual(await options(page, "#category"), ["", "demonstration"]);
  assert.match(await page.textContent("h1"), /霍邱县/);
  assert.ok(await page.locator("#issuer").isHidden());
  assert.match(await page.textContent("#engine"), /huoqiu-2020 2020-01-21/);
  assert.equal(await page.inputValue("#pack-choice"), "1");

  // 横县: an end date too; no base.
  await loadPack(page, bundles.hengxian, "hengxian-2016");
  assert.equal(await page.textContent('[data-pack="effective"]'), "有效期 2016-01-01 至 2017-12-31");
  assert.equal(await page.locator('[data-pack="bases"]').count(), 0);
  assert.deepEqual(await options(page, "#category"), ["", "town_stations", "village_points"]);
  // The category's materials come from the pack, which lists none for it.
  await page.selectOption("#category", "town_stations");
  assert.equal(await page.textContent("#documents"), "本规则包未列出该类别的申报材料。");
  assert.equal(await page.evaluate(() => window.lastCheck.report.pack.id), "hengxian-2016");

  // Not a bundle: the core's PackError is said, and 横县's pack stays, with what was chosen.
  for (const file of [bundles.notBundle, bundles.toml]) {
    await loadPack(page, file, null);
    const said = await page.textContent("#pack-msg");
    let expected;
    try {
      fundcheck.check({ kind: "allocation", lines: [] }, { pack: readFileSync(file, "utf8"), lang: "zh" });
    } catch (error) {
      expected = error;
    }
    assert.equal(expected?.name, "PackError");
    assert.ok(said.startsWith(`无法载入规则包 ${file.split("/").pop()}：规则包有误：`), said);
    assert.ok(said.includes(expected.message), `${said} does not say ${expected.message}`);
    assert.match(said, /仍使用规则包 hengxian-2016 2016。$/);
    assert.equal(await packId(page), "hengxian-2016");
    assert.equal(await page.inputValue("#category"), "town_stations");
    assert.equal(await page.locator("#pack-choice option").count(), 3);
  }
  // Choosing a pack clears the message.
  await page.selectOption("#pack-choice", "0");
  assert.equal(await packId(page), "yanshi-2019");
  assert.ok(await page.locator("#pack-msg").isHidden());
  // Back on the embedded pack: its categories, and 横县's category is gone, which is said.
  assert.equal((await options(page, "#category")).length, 8);
  assert.equal(await page.inputValue("#category"), "");
  assert.match(await page.textContent("#status"), /^已改用规则包 yanshi-2019 2019-04-30。 新规则包没有的栏目已清除：支持类别。$/);
  assert.match(await page.textContent("h1"), /偃师市/);

  // English: the pack's words in English.
  await page.selectOption("#pack-choice", "1");
  await page.click("[data-lang=en]");
  assert.equal(await page.textContent('[data-pack="effective"]'), "in force from 2020-01-21");
  assert.match(await page.textContent('[data-pack="provenance"]'), /^from the text as republished at /);
  assert.deepEqual(problems, []);
  await page.close();
});

test("the process section has a date field for each step of the pack's own, with its actor and its findings", async () => {
  const { page, problems } = await open();
  // The embedded pack's steps are the form's own fields: nothing is added.
  assert.equal(await page.locator("#pack-steps > *").count(), 0);
  assert.equal(await page.locator("[data-path='/process'] input[data-type=date]").count(), 8);

  await loadPack(page, bundles.huma, "huma-approval-test");
  const steps = await page.$$eval("#pack-steps > label.field", (nodes) => nodes.map((n) => ({
    step: n.dataset.step,
    label: n.querySelector(".label").textContent,
    path: n.querySelector("input[data-path]").dataset.path,
    picker: n.querySelector(".date-box button.pick") !== null,
  })));
  assert.deepEqual(steps, [
    { step: "audit_followed", label: "审计跟踪 — 县审计局", path: "/process/audit_followed", picker: true },
    { step: "leading_group_approval", label: "领导小组审批 — 县电子商务进农村综合示范工作领导小组", path: "/process/leading_group_approval", picker: true },
  ]);
  // The static steps are still there, once each.
  assert.equal(await page.locator(input("/process/acceptance_completed")).count(), 1);

  await page.selectOption("#category", "demonstration");
  await enter(page, "/id", "HM-2021-003");
  await enter(page, "/process/received", "2021-03-01");
  await enter(page, "/process/acceptance_completed", "2021-06-01");
  // Untouched, the new field is quiet; typed, it goes into the document under its step's name.
  assert.deepEqual(await messagesAt(page, "/process/leading_group_approval"), []);
  await enter(page, "/process/leading_group_approval", "2021-05-20");
  assert.equal((await page.evaluate(() => window.lastCheck.doc)).process.leading_group_approval, "2021-05-20");
  // The approval (20 May) before acceptance (1 June): the pack's order rule, beside it.
  const order = await expectAt(page, "/process/leading_group_approval", "error", "process.order");
  assert.equal(order.text, "县电子商务进农村综合示范工作领导小组的领导小组审批（2021-05-20）早于验收（2021-06-01），顺序不符");
  assert.ok(await page.locator(`${input("/process/leading_group_approval")}.sev-error`).isVisible());
  // Its clause shows the 呼玛 pack's words.
  await page.locator(`.msgs[data-for="/process/leading_group_approval"] button.clause`).focus();
  assert.equal(await page.textContent("#clause-pop blockquote"), "（转述）项目资金经县领导小组审批，审计局全程跟踪。");
  await page.keyboard.press("Escape");
  // A date typed the clerk's way is the core's to read; after acceptance, the finding clears.
  await enter(page, "/process/leading_group_approval", "2021年6月10日");
  await expectClear(page, "/process/leading_group_approval", "process.order");
  assert.deepEqual(await messagesAt(page, "/process/leading_group_approval"), []);

  // English labels.
  await page.click("[data-lang=en]");
  assert.equal(await page.textContent("#pack-steps [data-step=leading_group_approval] .label"),
    "the leading group's approval — the county's e-commerce demonstration leading group");
  assert.equal(await page.inputValue(input("/process/leading_group_approval")), "2021年6月10日");
  await page.click("[data-lang=zh]");

  // Another pack: its own steps instead; the approval date has no place there, which is said.
  await loadPack(page, bundles.pingyuan, "pingyuan-stages-test");
  assert.deepEqual(await page.$$eval("#pack-steps .label", (n) => n.map((x) => x.textContent)), ["签订协议", "单项建成"]);
  assert.equal(await page.locator(input("/process/leading_group_approval")).count(), 0);
  assert.match(await page.textContent("#status"), /新规则包没有的栏目已清除：领导小组审批。/);
  assert.equal(await page.inputValue(input("/process/received")), "2021-03-01");
  assert.equal(await page.inputValue("#category"), "demonstration");
  assert.deepEqual(problems, []);
  await page.close();
});

test("the allocation plan: the pack's columns, findings beside their cells, the plan's own above the table", async () => {
  const { page, problems, dialogs, answers } = await open();
  await page.click("#tab-plan");
  assert.ok(await page.locator("#allocation").isVisible());
  assert.ok(await page.locator("#application").isHidden());
  assert.match(await page.textContent("h1"), /资金分配方案/);
  const columns = () => page.$$eval("#plan-lines thead th[data-field]", (n) => n.map((th) => ({
    field: th.dataset.field, optional: th.classList.contains("optional") && th.querySelector(".opt")?.textContent === "选填",
  })));
  // The embedded pack: the six every line has, then the four optional ones, marked.
  assert.deepEqual(await columns(), [
    ...["project", "category", "source", "amount", "use", "upward"].map((field) => ({ field, optional: false })),
    ...["unit", "investment", "subcategory", "year"].map((field) => ({ field, optional: true })),
  ]);
  // Quiet until something is entered.
  assert.deepEqual(await page.$$eval("#allocation .msg, #summary .msg", (n) => n.length), 0);
  assert.equal((await page.textContent("#verdict-state")).trim(), "—");

  await loadPack(page, bundles.hengxian, "hengxian-2016");
  assert.equal(await page.locator("#tab-plan[aria-selected=true]").count(), 1);
  // 横县's plan: unit and investment by the pack's own names; its categories and sources offered.
  assert.deepEqual((await columns()).map((c) => c.field), ["project", "category", "source", "amount", "use", "upward", "unit", "investment", "subcategory", "year"]);
  assert.equal((await page.textContent("#plan-lines th[data-field=unit]")).replace(/\s*选填$/, ""), "服务站点");
  assert.equal((await page.textContent("#plan-lines th[data-field=investment]")).replace(/\s*选填$/, ""), "投资额");
  assert.deepEqual(await options(page, "#plan-list-category"), ["town_stations", "village_points"]);
  assert.deepEqual(await options(page, "#plan-list-source"), ["central", "county"]);

  // A line: a row added shows the plan's own findings above the table, not yet its empty cells'.
  await page.click("#add-line");
  assert.equal(await page.getAttribute(input("/lines/0/category"), "list"), "plan-list-category");
  const plan = await messagesAt(page, "/lines");
  assert.ok(plan.some((m) => m.id === "budget.source_total" && m.kind === "info"), JSON.stringify(plan));
  assert.deepEqual(await messagesAt(page, "/lines/0/project"), []);
  assert.match(await page.textContent("#verdict-note"), /^另有 \d+ 条提示在尚未填写的栏目/);

  // A town station's 52,000.00 without its investment: above the 50,000.00 cap per station
  // whatever the investment, 2,000.00 over, beside the amount. Category and source typed as
  // the clerk says them (aliases): the core reads them.
  await enter(page, "/lines/0/project", "石塘镇服务站");
  await enter(page, "/lines/0/category", "乡镇服务站");
  await enter(page, "/lines/0/source", "中央");
  await enter(page, "/lines/0/amount", "52,000.00");
  await enter(page, "/lines/0/use", "站点建设");
  await page.selectOption(input("/lines/0/upward"), "true");
  await enter(page, "/lines/0/unit", "石塘镇");
  const doc = await planDoc(page);
  assert.deepEqual(doc.lines[0], {
    project: "石塘镇服务站", category: "乡镇服务站", source: "中央", amount: "52,000.00", use: "站点建设", upward: true,
    unit: "石塘镇", investment: null, subcategory: null, year: null,
  });
  assert.equal(doc.final, false);
  const cap = await expectAt(page, "/lines/0/amount", "error", "budget.town_station_subsidy");
  assert.match(cap.text, /超过单站上限 50,000\.00 元（超出 2,000\.00 元）/);
  assert.ok(await page.locator(`${input("/lines/0/amount")}.sev-error`).isVisible());
  // Its clause shows 横县's words.
  await page.locator(`.msgs[data-for="/lines/0/amount"] button.clause`).focus();
  const catalogue = new Map(fundcheck.rules(readFileSync(bundles.hengxian, "utf8")).map((r) => [r.id, r]));
  assert.equal(await page.textContent("#clause-pop blockquote"), catalogue.get("budget.town_station_subsidy").clause_text);
  await page.keyboard.press("Escape");

  // The county's matching for the village points (at least 300,000.00, none planned): a note in
  // a draft, an error once 定稿 is ticked; above the table.
  const matching = async () => (await messagesAt(page, "/lines")).find((m) => m.id === "budget.village_points_matching");
  assert.equal((await matching()).kind, "info");
  await page.check("#plan-final");
  assert.equal((await planDoc(page)).final, true);
  assert.equal((await matching()).kind, "error");
  assert.match((await matching()).text, /还差 300,000\.00 元/);

  // With its investment of 60,000.00 the limit is 80% of it, 48,000.00: 4,000.00 over.
  await enter(page, "/lines/0/investment", "60,000.00");
  assert.match((await expectAt(page, "/lines/0/amount", "error", "budget.town_station_subsidy")).text, /超过限额 48,000\.00 元.*超出 4,000\.00 元/);
  await enter(page, "/lines/0/amount", "48,000.00");
  await expectClear(page, "/lines/0/amount", "budget.town_station_subsidy");

  // A second line with a mistyped amount: its input error beside the cell; its empty cells,
  // not yet touched, are quiet.
  await page.click("#add-line");
  await enter(page, "/lines/1/amount", "五万元");
  const typo = await expectAt(page, "/lines/1/amount", "input", "input.money");
  assert.match(typo.text, /五万元/);
  assert.deepEqual(await messagesAt(page, "/lines/1/project"), []);
  assert.ok(await page.locator("#verdict.input").isVisible());
  // 检查全部: the untouched empty cells say so too.
  await page.click("#check-all");
  await expectAt(page, "/lines/1/project", "input", "input.missing");
  // Removing the first line renumbers the second.
  await page.locator("#plan-lines tbody tr").nth(0).locator("button.remove").click();
  assert.equal(await page.locator("#plan-lines tbody tr").count(), 1);
  assert.equal(await page.inputValue(input("/lines/0/amount")), "五万元");
  await expectAt(page, "/lines/0/amount", "input", "input.money");

  // English.
  await enter(page, "/lines/0/amount", "52000");
  for (const [path, value] of [["/lines/0/project", "六景镇服务站"], ["/lines/0/category", "town_stations"], ["/lines/0/source", "central"],
    ["/lines/0/use", "站点建设"], ["/lines/0/unit", "六景镇"]]) await enter(page, path, value);
  await page.selectOption(input("/lines/0/upward"), "false");
  await page.click("[data-lang=en]");
  assert.match((await expectAt(page, "/lines/0/amount", "error", "budget.town_station_subsidy")).text,
    /^station `六景镇`: 52,000\.00, above the cap per station of 50,000\.00 \(2,000\.00 over\)/);
  assert.equal(await page.textContent("#plan-lines th[data-field=amount]"), "Amount (yuan)");
  assert.match(await page.textContent("#plan-lines th[data-field=unit]"), /^unit optional$/);
  assert.ok(await page.isChecked("#plan-final"));
  await page.click("[data-lang=zh]");

  // Nothing was kept in the browser; export, import and the draft work on the plan too.
  assert.deepEqual(await storageKeys(page), { local: [], session: [] });
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export-button")]);
  assert.equal(download.suggestedFilename(), "allocation-hengxian-2016.json");
  const exported = JSON.parse(readFileSync(await download.path(), "utf8"));
  assert.deepEqual(exported, await planDoc(page));
  assert.equal(exported.kind, "allocation");
  answers.push(true);
  await page.click("#clear-form");
  assert.equal(dialogs.length, 1);
  assert.equal(await page.locator("#plan-lines tbody tr").count(), 0);
  assert.ok(!(await page.isChecked("#plan-final")));
  await page.setInputFiles("#import-file", { name: "plan.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(exported)) });
  await page.waitForFunction(() => document.querySelectorAll("#plan-lines tbody tr").length === 1);
  assert.deepEqual(await planDoc(page), exported);
  await expectAt(page, "/lines/0/amount", "error", "budget.town_station_subsidy");
  // An application is not a plan.
  await page.setInputFiles("#import-file", { name: "app.json", mimeType: "application/json", buffer: Buffer.from('{"kind": "application"}') });
  await page.waitForFunction(() => /app\.json/.test(document.getElementById("status").textContent));
  assert.match(await page.textContent("#status"), /无法导入 app\.json：不是资金分配方案/);

  await page.click("#save-draft");
  const stored = JSON.parse(await page.evaluate(() => localStorage.getItem("fundcheck-demo-draft")));
  assert.deepEqual(stored.plan, exported);
  assert.equal(stored.pack, "hengxian-2016");
  answers.push(true);
  await page.click("#clear-form");
  await page.click("#restore-draft");
  assert.equal(dialogs.length, 2); // the plan was empty, the form too: restoring did not ask
  assert.deepEqual(await planDoc(page), exported);
  await page.click("#clear-draft");
  assert.deepEqual(await storageKeys(page), { local: [], session: [] });

  // The application tab is as it was, under the same pack.
  await page.click("#tab-application");
  assert.ok(await page.locator("#application").isVisible());
  assert.match(await page.textContent("h1"), /项目申报表/);
  assert.deepEqual(await options(page, "#category"), ["", "town_stations", "village_points"]);
  assert.deepEqual(problems, []);
  await page.close();
});
