// fundcheck's wasm `check` in Node against GoRules ZEN's Node package (npm `@gorules/zen-engine`
// 0.54.0) on 10,000 seeded applications: the Node half of benches/python/bench_zen.py, whose
// docstring explains the generator, the JDM graph (benches/zen/application.jdm.json) and which
// fundcheck rules and figures each of its nodes mirrors.
//
//   bash benches/zen/setup                  # installs the pinned ZEN into benches/zen/node_modules
//   node bindings-wasm/bench/zen.mjs [--count 10000] [--runs 5] [--batches 16,64,256,1024,all] [--workers N]
//
// 1. Generates the same applications as the Python script (the same integer hash of the index;
//    both print the SHA-256 of the documents, which must match for the same --count).
// 2. Agreement check before any timing: for every application the graph's decisions (eligibility
//    findings, missing materials, the prepayment figures and cap, validity, the verdict) equal
//    those read from `fc.check(doc)`'s report, or the script stops and prints the first
//    disagreements.
// 3. Timing, in --runs interleaved rounds (each round times every loop once; the median per loop
//    is printed, and the same-round ratio of fundcheck's best to ZEN's best, which a change in
//    the machine's speed cannot tilt): ZEN `engine.evaluate("application", doc)` (a loader handing back
//    the cached content) and `decision.evaluate(doc)` (createDecision of a ZenDecisionContent),
//    each over all applications with `Promise.all` on batches of each size of --batches; against
//    fundcheck `fc.check(doc, { lang: "zh" })` on the main thread, and on --workers
//    worker_threads (each its own wasm instance). Every loop reads what its engine decided: the
//    verdict, every finding's rule and severity, every figure (for ZEN, every output field).
//    ZEN's figure is its best route and batch size; fundcheck's the best of the main thread and
//    the workers when the documents are sent to them in the timed run. Two more lines are
//    printed for information only: `fc.check(text)` on JSON text made before the timing, and
//    the workers with the documents already resident in them.
// Nothing is written to BENCHMARKS.md by this script.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { isMainThread, parentPort, Worker } from "node:worker_threads";
import * as fc from "../pkg-node/fundcheck.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const ZEN_VERSION = "0.54.0";

// ── What a timed loop reads ──────────────────────────────────────────────────────────────

function readReport(r) {
  return [r.ok, r.findings.map((f) => [f.rule, f.severity]), { ...r.figures }];
}

function readZen(out) {
  const m = out.materials;
  return [
    out.ok,
    out.findings.map((f) => [f.rule, f.severity]),
    { ...out.figures },
    { ...out.decisions },
    [m.rule, [...m.missing_documents], [...m.missing_fields]],
  ];
}

// A small summary of what was read, so that every loop's reading is used and checked.
function tally(summary, read) {
  summary.ok += read[0] ? 1 : 0;
  summary.findings += read[1].length;
  for (const [, severity] of read[1]) if (severity === "error") summary.errors += 1;
  summary.figures += Object.keys(read[2]).length;
  return summary;
}

const emptyTally = () => ({ ok: 0, findings: 0, errors: 0, figures: 0 });

// ── Worker: checks the documents it is given, reads every report, replies with the tally ──

function worker() {
  let resident = [];
  parentPort.on("message", (msg) => {
    if (msg.docs && !msg.run) {
      resident = msg.docs;
      parentPort.postMessage({ ready: true });
      return;
    }
    const docs = msg.docs ?? resident;
    const summary = emptyTally();
    for (const d of docs) tally(summary, readReport(fc.check(d, { lang: "zh" })));
    parentPort.postMessage({ summary });
  });
}

// ── The generator (the same as benches/python/bench_zen.py) ───────────────────────────────

function rnd(i, k) {
  let x = (Math.imul(i, 0x9e3779b1) + Math.imul(k, 0x85ebca77) + 0x27d4eb2f) >>> 0;
  x = (x ^ (x >>> 16)) >>> 0;
  x = Math.imul(x, 0x7feb352d) >>> 0;
  x = (x ^ (x >>> 15)) >>> 0;
  x = Math.imul(x, 0x846ca68b) >>> 0;
  x = (x ^ (x >>> 16)) >>> 0;
  return x;
}

const DAY = 86_400_000;
const day = (text) => Date.UTC(+text.slice(0, 4), +text.slice(5, 7) - 1, +text.slice(8, 10)) / DAY;
const iso = (n) => new Date(n * DAY).toISOString().slice(0, 10);
const money = (fen) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, "0")}`;
const clone = (v) => JSON.parse(JSON.stringify(v));

function sectionTemplate(name, base) {
  if (name === "enterprise_profile") {
    return { address: "偃师市商都路88号", responsible_person: "张伟", phone: "0379-67712345", online_since: "2018-03-01" };
  }
  if (name === "facility_profile") {
    return { address: "偃师市产业集聚区物流园2号", floor_area_m2: 1200, jobs: 35, functions: "仓储、分拣、配送", delivery_radius_km: 40 };
  }
  if (name === "traced_products") {
    return [
      { name: "偃师银条", production_address: "岳滩镇", production_manager: "刘强", process: "种植、采收、清洗、包装" },
      { name: "缑山黄梨", production_address: "缑氏镇", production_manager: "陈静", process: "种植、分级、冷藏、包装" },
    ];
  }
  return clone(base[name]); // outlets, investment_items
}

const TEXT_LIKE = new Set(["address", "responsible_person", "phone", "town", "village", "functions", "name", "production_address",
  "production_manager", "process", "description", "invoice", "payment_voucher"]);
const KINDS_LISTED = ["ecommerce_enterprise", "industry_association", "training_institution"];
const KINDS_OTHER = ["cooperative", "individual_business"];

function blank(field, salt) {
  if (field === "photos") return salt % 2 === 0 ? [] : [""];
  if (TEXT_LIKE.has(field)) return [null, "", "  "][salt % 3];
  return null;
}

function vocabulary() {
  const pack = fc.pack();
  const categories = pack.categories.map((c) => c.id);
  const required = {};
  for (const c of categories) {
    const req = fc.requirements(c);
    required[c] = [req.documents.map((d) => d.id), req.sections.map((s) => s.name)];
  }
  return { categories, required, allDocuments: pack.documents.map((d) => d.id) };
}

function application(i, base, vocab) {
  const r = (k) => rnd(i, k);
  const category = vocab.categories[r(1) % vocab.categories.length];
  const [documents, sections] = vocab.required[category];

  // applicant and project (eligibility)
  const applicant = { ...base.applicant };
  applicant.name = `偃师市示范项目承办单位${String(i).padStart(5, "0")}`;
  const kindRoll = r(2) % 100;
  applicant.kind = kindRoll < 12 ? KINDS_OTHER[r(3) % 2] : kindRoll < 15 ? null : KINDS_LISTED[r(3) % 3];
  applicant.region = r(4) % 4 === 0 ? "410307" : "410381";
  applicant.has_benefit = r(5) % 2 === 0;
  applicant.has_output = r(6) % 3 !== 0;
  applicant.has_tax_source = r(7) % 2 === 1;
  let status = r(8) % 10 === 0 ? "stage_completed" : "completed";
  const breaks = r(9) % 100;
  if (breaks < 5) applicant.region = ["410305", "410322", null][r(10) % 3];
  else if (breaks < 10) applicant.voluntary = [false, null][r(10) % 2];
  else if (breaks < 15) applicant.selected_by_tender = [false, null][r(10) % 2];
  else if (breaks < 19) status = ["in_progress", null][r(10) % 2];
  else if (breaks < 21) {
    applicant.region = "410305";
    applicant.voluntary = false;
  }

  // the history: receipt (validity), steps with gaps no longer than their deadlines
  const roll = r(11) % 100;
  let received;
  if (roll < 80) received = day("2019-06-01") + (r(12) % (day("2022-04-20") - day("2019-06-01")));
  else if (roll < 82) received = day("2022-04-30");
  else if (roll < 84) received = day("2019-04-30");
  else if (roll < 87) received = day("2022-05-01");
  else if (roll < 98) received = day("2022-05-02") + (r(12) % 420);
  else received = day("2019-04-26") + (r(12) % 4);
  const early = received < day("2019-05-10");
  const review = received + (early ? 4 : r(13) % 5);
  const published = review + (r(14) % (6 - (review - received)));
  const acceptance = review + (early ? 5 : 1 + (r(15) % 5));
  const evaluation = acceptance + 1 + (r(16) % 3);
  const approval = evaluation + (r(17) % 7);
  let completed = received - (r(18) % 90);
  const bound = day("2021-08-31"); // the generator keeps schedules within the implementation phase
  if (completed > bound) completed = bound - (r(18) % 30);
  const scheduled = Math.min(completed + (r(19) % 120), bound);
  const project = {
    status,
    scheduled_completion: iso(scheduled),
    completed_on: status === "completed" || status === "stage_completed" ? iso(completed) : null,
  };

  // money: the proposed subsidy, prepayments around the cap, the balance
  const proposed = (100_000 + (r(20) % 2_900_000)) * 100 + (r(21) % 3 === 0 ? 0 : r(22) % 100);
  const cap = Math.floor((proposed + 1) / 2); // only to aim the generated prepayments around the cap
  const mode = r(23) % 100;
  let prepaid;
  if (mode < 55) prepaid = Math.floor(cap / 4) + (r(24) % (cap - Math.floor(cap / 4)));
  else if (mode < 62) prepaid = cap;
  else if (mode < 66) prepaid = cap + 1;
  else if (mode < 80) prepaid = cap + 1 + (r(24) % Math.floor(cap / 3));
  else prepaid = 1 + (r(24) % cap);
  let count = 1 + (r(25) % 3);
  if (prepaid < count) count = 1;
  const cuts = prepaid > 1
    ? [...new Set(Array.from({ length: count - 1 }, (_, j) => 1 + (r(26 + j) % (prepaid - 1))))].sort((a, b) => a - b)
    : [];
  const bounds = [0, ...cuts, prepaid];
  const parts = cuts.concat([prepaid]).map((b, j) => b - bounds[j]);
  const first = Math.max(day("2019-04-30"), received - 365);
  const payments = parts.map((p, j) => ({ date: iso(first + (r(30 + j) % (acceptance - first))), amount: money(p) }));
  const rest = proposed - prepaid;
  if (rest > 0 && r(34) % 5 !== 0) {
    const balance = rest - (r(35) % 2 === 0 ? 0 : r(36) % rest);
    const when = r(37) % 10 === 0 ? first + (r(38) % (acceptance - first)) : approval + (r(38) % 31);
    payments.push({ date: iso(when), amount: money(balance) });
  }
  payments.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));

  // materials: a document dropped, a field blanked, a section left out
  let filed = [...documents];
  const content = {};
  const many = {};
  for (const name of sections) {
    content[name] = sectionTemplate(name, base);
    many[name] = Array.isArray(content[name]);
  }
  if (r(40) % 10 === 0) filed.push(vocab.allDocuments[r(41) % vocab.allDocuments.length]);
  const steps = 1 + (r(42) % 4 === 0 ? 1 : 0);
  for (let step = 0; step < steps; step++) {
    if (r(43 + step) % 100 >= 30) continue;
    const how = r(45 + step) % 5;
    if (how <= 1 || sections.length === 0) {
      const drop = documents[r(47 + step) % documents.length];
      filed = filed.filter((d) => d !== drop);
      continue;
    }
    const name = sections[r(49 + step) % sections.length];
    const value = content[name];
    if (how === 2 && value !== undefined) {
      const items = Array.isArray(value) ? value : [value];
      if (items.length === 0) continue;
      const item = items[r(51 + step) % items.length];
      const fields = Object.keys(item);
      let field = fields[r(53 + step) % fields.length];
      if (field === "village" && item.level !== "village") field = "phone";
      item[field] = blank(field, r(55 + step));
    } else if (how === 3) {
      if (r(57 + step) % 2 === 0) delete content[name];
      else content[name] = many[name] ? [] : Object.fromEntries(Object.keys(sectionTemplate(name, base)).map((k) => [k, null]));
    } else {
      const village = (content.outlets ?? []).filter((o) => o.level === "village");
      if (village.length > 0) village[0].village = null;
      else {
        const drop = documents[r(47 + step) % documents.length];
        filed = filed.filter((d) => d !== drop);
      }
    }
  }

  const doc = { kind: "application", id: `YS-B${String(i).padStart(6, "0")}`, category, applicant, project, documents: filed };
  for (const name of sections) if (name in content) doc[name] = content[name];
  doc.subsidy = { proposed: money(proposed) };
  doc.payments = payments;
  doc.process = {
    received: iso(received), review_completed: iso(review), review_published: iso(published),
    acceptance_completed: iso(acceptance), evaluation_issued: iso(evaluation),
    result: r(60) % 5 === 0 ? "basically_qualified" : "qualified",
    rectification_deadline: null, rectified_result: null, rectified_on: null,
    city_approval: iso(approval), misuse_found: false,
  };
  return doc;
}

function applications(count) {
  const base = JSON.parse(readFileSync(join(root, "benches", "data", "application.json"), "utf8"));
  const vocab = vocabulary();
  return Array.from({ length: count }, (_, i) => application(i, base, vocab));
}

function digest(docs) {
  const h = createHash("sha256");
  for (const d of docs) h.update(JSON.stringify(d) + "\n", "utf8");
  return h.digest("hex");
}

// ── What each side decided (as bench_zen.py's fundcheck_decisions / zen_decisions) ─────────

function mirroredRules() {
  const ids = fc.rules().map((r) => r.id).filter((id) => id.startsWith("eligibility.") || id.startsWith("materials."));
  return new Set([...ids, "prepayment.cap", "validity.in_force"]);
}

const fen = (text) => {
  const [whole, frac = ""] = text.replace("-", "").split(".");
  const n = Number(whole) * 100 + Number((frac + "00").slice(0, 2));
  return text.startsWith("-") ? -n : n;
};
const MONEY_FIGURES = ["max_prepayment", "prepaid", "prepayment_headroom"];

function fundcheckDecisions(report, mirrored) {
  const f = report.findings;
  const eligibility = f.filter((x) => x.rule.startsWith("eligibility.") && x.severity !== "info").map((x) => [x.rule, x.severity]);
  const materials = f.filter((x) => x.rule.startsWith("materials."));
  const figures = {};
  for (const k of MONEY_FIGURES) if (k in report.figures) figures[k] = fen(report.figures[k]);
  figures.priority_score = report.figures.priority_score ?? null;
  return {
    eligibility,
    eligible: eligibility.every(([, s]) => s !== "error"),
    missing_documents: materials.filter((x) => x.path === "/documents").map((x) => String(x.facts.document)),
    missing_fields: materials.filter((x) => x.path !== "/documents").map((x) => x.path).sort(),
    materials_severities: [...new Set(materials.map((x) => x.severity))].sort(),
    figures,
    prepayment_within_cap: !f.some((x) => x.rule === "prepayment.cap" && x.severity === "error"),
    in_force: !f.some((x) => x.rule === "validity.in_force" && x.severity === "error"),
    ok: report.ok,
    unmirrored_errors: [...new Set(f.filter((x) => x.severity === "error" && !mirrored.has(x.rule)).map((x) => x.rule))].sort(),
  };
}

function zenDecisions(out) {
  const m = out.materials;
  const figures = {};
  for (const k of MONEY_FIGURES) figures[k] = Number(out.figures[k]);
  figures.priority_score = Number(out.figures.priority_score);
  return {
    eligibility: out.findings.filter((x) => x.rule.startsWith("eligibility.")).map((x) => [x.rule, x.severity]),
    eligible: out.decisions.eligible,
    missing_documents: [...m.missing_documents],
    missing_fields: [...m.missing_fields].sort(),
    materials_severities: m.missing_documents.length || m.missing_fields.length ? ["error"] : [],
    figures,
    prepayment_within_cap: out.decisions.prepayment_within_cap,
    in_force: out.decisions.in_force,
    ok: out.ok,
    unmirrored_errors: [],
  };
}

// Canonical text of a value, object keys sorted, for comparing the two sides.
const canon = (v) => JSON.stringify(v, (_, x) => (x && typeof x === "object" && !Array.isArray(x)
  ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, x[k]])) : x));

// ── Timing ───────────────────────────────────────────────────────────────────────────────

function args() {
  const out = { count: 10_000, runs: 5, batches: "16,64,256,1024,all", workers: availableParallelism() };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const [key, inline] = argv[i].replace(/^--/, "").split("=");
    if (!(key in out)) throw new Error(`unknown option --${key} (options: --count, --runs, --batches, --workers)`);
    const value = inline ?? argv[++i];
    out[key] = key === "batches" ? value : Number(value);
  }
  return out;
}

function loadZen() {
  const require = createRequire(join(root, "benches", "zen", "package.json"));
  let zen, version;
  try {
    zen = require("@gorules/zen-engine");
    version = require("@gorules/zen-engine/package.json").version;
  } catch {
    console.error("@gorules/zen-engine is not installed in benches/zen/node_modules: run `bash benches/zen/setup` first");
    process.exit(2);
  }
  if (version !== ZEN_VERSION) {
    console.error(`@gorules/zen-engine ${version} is installed, the benchmark pins ${ZEN_VERSION}: run \`bash benches/zen/setup\``);
    process.exit(2);
  }
  return { zen, version };
}

async function main() {
  const opt = args();
  const { zen, version } = loadZen();
  console.log(`fundcheck wasm ${fc.pack().version} (pack ${fc.pack().id}), @gorules/zen-engine ${version}, Node ${process.version}`);

  const docs = applications(opt.count);
  const n = docs.length;
  console.log(`applications: ${n.toLocaleString("en")} generated from benches/data/application.json, sha256 ${digest(docs)}`);

  const content = readFileSync(join(root, "benches", "zen", "application.jdm.json"));
  const cached = new zen.ZenDecisionContent(content);
  const engine = new zen.ZenEngine({ loader: async () => cached });
  const decision = engine.createDecision(cached);

  // Agreement, before any timing.
  const mirrored = mirroredRules();
  const outs = await Promise.all(docs.map((d) => engine.evaluate("application", d)));
  const viaDecision = await Promise.all(docs.map((d) => decision.evaluate(d)));
  const disagreements = [];
  const shares = { eligible: 0, materials_complete: 0, prepayment_within_cap: 0, in_force: 0, ok: 0 };
  const expected = emptyTally();
  for (let i = 0; i < n; i++) {
    const report = fc.check(docs[i], { lang: "zh" });
    tally(expected, readReport(report));
    const a = fundcheckDecisions(report, mirrored);
    const b = zenDecisions(outs[i].result);
    if (canon(a) !== canon(b) || canon(outs[i].result) !== canon(viaDecision[i].result)) {
      const diff = Object.keys(a).filter((k) => canon(a[k]) !== canon(b[k])).map((k) => `    ${k}: fundcheck ${canon(a[k])}  ZEN ${canon(b[k])}`);
      disagreements.push(`  #${i} ${docs[i].id}:\n${diff.join("\n") || "    the two ZEN routes differ"}`);
    }
    shares.eligible += a.eligible;
    shares.materials_complete += a.missing_documents.length === 0 && a.missing_fields.length === 0;
    shares.prepayment_within_cap += a.prepayment_within_cap;
    shares.in_force += a.in_force;
    shares.ok += a.ok;
  }
  if (disagreements.length > 0) {
    console.log(`\nDISAGREEMENT on ${disagreements.length} of ${n} applications (fundcheck, ZEN); the first ones:`);
    console.log(disagreements.slice(0, 5).join("\n"));
    process.exit(1);
  }
  console.log("agreement: the graph's four decisions and verdict equal fundcheck's on every application");
  console.log("  share true: " + Object.entries(shares).map(([k, v]) => `${k} ${Math.round((100 * v) / n)}%`).join(", "));

  console.log(`\ntiming: ${opt.runs} interleaved rounds over ${n.toLocaleString("en")} applications (each round runs every loop once); each loop reads the verdict, every finding's rule and severity, every figure; the median of the rounds is printed`);
  const per = (s) => ((s / n) * 1e6).toFixed(1).padStart(9);
  const line = (label, s, extra = "") => console.log(`  ${label.padEnd(60)} ${per(s)} µs/app${extra}`);

  const batches = opt.batches.split(",").map((b) => (b.trim() === "all" ? n : Number(b)));
  const routes = [
    ["engine.evaluate(key, doc)", (d) => engine.evaluate("application", d)],
    ["decision.evaluate(doc)", (d) => decision.evaluate(d)],
  ];
  const texts = docs.map((d) => JSON.stringify(d));
  const workers = Math.max(1, opt.workers);
  const pool = Array.from({ length: workers }, () => new Worker(new URL(import.meta.url)));
  const slices = pool.map((_, w) => docs.slice(Math.floor((w * n) / workers), Math.floor(((w + 1) * n) / workers)));
  const ask = (worker, msg) => new Promise((resolve, reject) => {
    const fail = (e) => reject(e);
    worker.once("message", (reply) => {
      worker.off("error", fail);
      resolve(reply);
    });
    worker.once("error", fail);
    worker.postMessage(msg);
  });
  // One untimed round, so that each worker has loaded its wasm and warmed up as the main thread
  // did in the agreement pass.
  await Promise.all(pool.map((w, i) => ask(w, { docs: slices[i].slice(0, 200), run: true })));
  const merged = (replies) => replies.reduce((acc, { summary }) => {
    for (const k of Object.keys(acc)) acc[k] += summary[k];
    return acc;
  }, emptyTally());

  // Every loop, timed once per round, the rounds interleaved: a change in the machine's speed
  // falls on all of them, and the same-round ratio of the two bests cannot be tilted by it.
  const loops = [];
  for (const [name, evaluate] of routes) {
    for (const batch of batches) {
      loops.push({
        label: `ZEN ${name}, Promise.all of ${batch === n ? "all" : batch}`,
        zen: true,
        run: async () => {
          const sink = emptyTally();
          for (let s = 0; s < n; s += batch) {
            const results = await Promise.all(docs.slice(s, s + batch).map(evaluate));
            for (const r of results) tally(sink, readZen(r.result));
          }
          return sink;
        },
      });
    }
  }
  loops.push({
    label: "fundcheck fc.check(doc), main thread",
    fc: true,
    run: () => {
      const sink = emptyTally();
      for (const d of docs) tally(sink, readReport(fc.check(d, { lang: "zh" })));
      if (canon(sink) !== canon(expected)) throw new Error("fc.check read something else than in the agreement pass");
    },
  });
  loops.push({
    label: `fundcheck fc.check(doc), ${workers} workers, documents sent each run`,
    fc: true,
    run: async () => {
      const replies = await Promise.all(pool.map((w, i) => ask(w, { docs: slices[i], run: true })));
      if (canon(merged(replies)) !== canon(expected)) throw new Error("the workers read something else than in the agreement pass");
    },
  });
  loops.push({
    label: "  (info) fc.check(JSON text made before timing), main thread",
    run: () => {
      const sink = emptyTally();
      for (const t of texts) tally(sink, readReport(fc.check(t, { lang: "zh" })));
    },
  });
  loops.push({
    label: `  (info) ${workers} workers, documents already in them`,
    before: () => Promise.all(pool.map((w, i) => ask(w, { docs: slices[i] }))),
    run: async () => {
      const replies = await Promise.all(pool.map((w) => ask(w, { run: true })));
      if (canon(merged(replies)) !== canon(expected)) throw new Error("the workers read something else than in the agreement pass");
    },
  });
  const times = loops.map(() => []);
  const roundRatios = [];
  for (let r = 0; r < opt.runs; r++) {
    for (const [i, loop] of loops.entries()) {
      if (loop.before) await loop.before();
      const start = process.hrtime.bigint();
      await loop.run();
      times[i].push(Number(process.hrtime.bigint() - start) / 1e9);
    }
    const best = (pick) => Math.min(...loops.flatMap((l, i) => (pick(l) ? [times[i][r]] : [])));
    roundRatios.push(best((l) => l.zen) / best((l) => l.fc));
  }
  await Promise.all(pool.map((w) => w.terminate()));

  const middle = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const medians = times.map(middle);
  let zenBest = { seconds: Infinity, label: "" };
  for (const [i, loop] of loops.entries()) {
    if (loop.zen && medians[i] < zenBest.seconds) zenBest = { seconds: medians[i], label: loop.label.slice(4) };
  }
  const ratio = (sec) => `   ${(zenBest.seconds / sec).toFixed(2).padStart(6)}× ZEN`;
  for (const [i, loop] of loops.entries()) line(loop.label, medians[i], loop.zen ? "" : ratio(medians[i]));
  const fcBest = Math.min(...loops.flatMap((l, i) => (l.fc ? [medians[i]] : [])));
  console.log(`  fundcheck's best / ZEN's best (ZEN ${zenBest.label}): ${(zenBest.seconds / fcBest).toFixed(2)}× the throughput`);
  const sorted = [...roundRatios].sort((a, b) => a - b);
  console.log(`  fundcheck's best / ZEN's best in the same round: ${sorted[0].toFixed(2)}× to ${sorted[sorted.length - 1].toFixed(2)}×, median ${middle(roundRatios).toFixed(2)}×`);
}

if (isMainThread) await main();
else worker();
