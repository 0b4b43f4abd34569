// A pack's tests from JavaScript (issue 15): runTests over a suite, and the Node entry's
// runTestFile, with the same outcome object as `fundcheck test --format json`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { join } from "node:path";

import { authoringFaces, faces } from "./faces.mjs";
import { runTestFile } from "../node.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));

test("the browser's `fundcheck` module leaves the pack authors' functions to `fundcheck/authoring`", () => {
  assert.equal(faces.web.runTests, undefined);
  assert.deepEqual(Object.keys(authoringFaces), ["node", "web-authoring"]);
  // Everything else is in both, with the same answers (every other test runs on each face).
  const exported = (fc) => Object.keys(fc).filter((k) => typeof fc[k] === "function" && !["default", "initSync"].includes(k) && !k.startsWith("__"));
  assert.deepEqual(exported(faces["web-authoring"]).filter((k) => k !== "runTests").sort(), exported(faces.web).sort());
});

for (const [name, fc] of Object.entries(authoringFaces)) {
  test(`${name} build: runTests reports each case and what it covered`, () => {
    const suite = {
      case: [
        { name: "empty plan", input: { kind: "allocation", lines: [] }, expect: { exit: 0, figures: { provincial_allocated: "0.00" } } },
        { name: "wrong", input: { kind: "allocation", lines: [] }, expect: { exit: 1 } },
        { name: "by path", document: "plan.csv", expect: { exit: 0, figures: { provincial_allocated: "100.00" } } },
      ],
    };
    const files = { "plan.csv": "project,category,source,amount,use,upward\nP,training,provincial,100.00,equipment,false\n" };
    const outcome = fc.runTests(suite, files);
    assert.deepEqual([outcome.passed, outcome.failed], [2, 1]);
    assert.deepEqual(outcome.cases[1].failures, ["exit 0, expected 1 (errors: )"]);
    const coverage = outcome.coverage[0];
    assert.equal(coverage.pack, "yanshi-2019 2019-04-30");
    assert.equal(coverage.digest, fc.pack().digest);
    assert.ok(coverage.rules.covered > 0 && coverage.rules.covered < coverage.rules.total);
    assert.throws(() => fc.runTests({ case: [{ name: "x", document: "missing.json", expect: {} }] }), /not given: pass its text in files\["missing.json"\]/);
  });
}

test("runTestFile runs the shared vectors of the embedded pack as Rust and Python do", () => {
  const dir = join(root, "tests", "vectors");
  let cases = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".json") && !f.startsWith("otherpack-"))) {
    const outcome = runTestFile(join(dir, file));
    cases += outcome.cases.length;
    assert.equal(outcome.failed, 0, `${file}: ${JSON.stringify(outcome.cases.map((c) => c.failures))}`);
  }
  assert.ok(cases > 400);
});

test("another county's pack reaches JavaScript as its bundle and answers as the CLI does", (t) => {
  const bin = process.env.FUNDCHECK_CLI ?? join(root, "target", "debug", "fundcheck");
  const shown = spawnSync(bin, ["pack", "show", "--resolved", join(root, "tests", "packs", "other-county.toml")], { encoding: "utf8" });
  if (shown.status !== 0) {
    t.skip(`no fundcheck binary at ${bin}`);
    return;
  }
  const bundle = JSON.parse(shown.stdout);
  const dir = join(root, "tests", "vectors");
  let compared = 0;
  for (const file of readdirSync(dir).filter((f) => f.startsWith("otherpack-"))) {
    const v = JSON.parse(readFileSync(join(dir, file), "utf8"));
    if (v.pack !== "tests/packs/other-county.toml") continue;
    const input = JSON.stringify(v.input);
    const cli = spawnSync(bin, ["check", "-", "--format", "json", "--lang", v.lang ?? "zh", "--pack", join(root, v.pack), ...(v.as_of ? ["--as-of", v.as_of] : [])], { input, encoding: "utf8" });
    for (const [name, fc] of Object.entries(faces)) {
      let got;
      try {
        got = JSON.stringify(fc.check(input, { pack: bundle, lang: v.lang ?? "zh", asOf: v.as_of }));
      } catch (e) {
        got = JSON.stringify(e.errors);
      }
      const want = cli.status === 2 ? JSON.stringify(JSON.parse(cli.stderr).error.errors) : cli.stdout.trimEnd();
      assert.equal(got, want, `${name}: ${file}`);
      compared += 1;
    }
  }
  assert.ok(compared >= 6);
  for (const fc of Object.values(faces)) {
    assert.equal(fc.pack(bundle).id, "qingshan-2020");
    // The digest is the TOML pack's: the reports above matched the CLI's byte for byte.
    assert.ok(fc.rules(JSON.stringify(bundle)).length === 10);
    assert.throws(() => fc.check("{}", { pack: { bundle: 2 } }), (e) => e.name === "PackError" && e.code === "pack.syntax");
  }
});

test("a county pack's tests run in JavaScript with its bundle given as a file", (t) => {
  const bin = process.env.FUNDCHECK_CLI ?? join(root, "target", "debug", "fundcheck");
  const packs = ["rules/hengxian-2016.toml", "rules/tonghe-2018.toml", "rules/huoqiu-2020.toml", "rules/dazhu.toml"];
  const bundles = {};
  for (const pack of packs) {
    const shown = spawnSync(bin, ["pack", "show", "--resolved", join(root, pack)], { encoding: "utf8" });
    if (shown.status !== 0) {
      t.skip(`no fundcheck binary at ${bin}`);
      return;
    }
    bundles[pack] = shown.stdout;
  }
  const dir = join(root, "tests", "vectors");
  for (const [name, fc] of Object.entries(authoringFaces)) {
    let ran = 0;
    for (const file of readdirSync(dir).filter((f) => /^otherpack-(hengxian|tonghe|huoqiu|dazhu)-/.test(f))) {
      const outcome = fc.runTests(readFileSync(join(dir, file), "utf8"), bundles);
      assert.equal(outcome.failed, 0, `${name}: ${file}: ${JSON.stringify(outcome.cases.map((c) => c.failures))}`);
      ran += outcome.cases.length;
    }
    assert.ok(ran >= 20, `${name}: ${ran} cases`);
    // tonghe-2018 extends the national base: the bundle is resolved, its rules from the base marked.
    const tonghe = fc.pack(bundles["rules/tonghe-2018.toml"]);
    assert.equal(tonghe.id, "tonghe-2018");
    const elsewhere = { pack: "x.toml", case: [{ name: "x", input: { kind: "allocation", lines: [] }, expect: {} }] };
    assert.throws(() => fc.runTests(elsewhere, {}), /pack `x.toml` not given/);
  }
});

test("a plan's optional fields reach the core from plain JavaScript objects", (t) => {
  const bin = process.env.FUNDCHECK_CLI ?? join(root, "target", "debug", "fundcheck");
  const shown = spawnSync(bin, ["pack", "show", "--resolved", join(root, "rules", "hengxian-2016.toml")], { encoding: "utf8" });
  if (shown.status !== 0) {
    t.skip(`no fundcheck binary at ${bin}`);
    return;
  }
  const pack = JSON.parse(shown.stdout);
  // 80% × 12,345.67 = 9,876.536 → 9,876.54: 9,876.55 is 0.01 over; 52,000.00 with no
  // investment is 2,000.00 above the cap of 50,000.00 whatever it is.
  const plan = {
    kind: "allocation",
    lines: [
      { project: "S1", category: "town_stations", source: "central", amount: "9876.55", use: "设备购置", upward: true, unit: "石塘镇服务站", investment: "12,345.67" },
      { project: "S2", category: "乡镇服务站", source: "中央", amount: "52000.00", use: "设备购置", upward: true, unit: "六景镇服务站" },
    ],
  };
  for (const [name, fc] of Object.entries(faces)) {
    const report = fc.check(plan, { pack, lang: "en" });
    const errors = report.findings.filter((f) => f.severity === "error").map((f) => [f.path, f.facts.excess]);
    assert.deepEqual(errors, [["/lines/0/amount", "0.01"], ["/lines/1/amount", "2000.00"]], name);
    const info = fc.pack(pack);
    assert.deepEqual(info.optional_line_fields, ["unit", "investment", "subcategory", "year"], name);
  }
});
