// A pack's tests from JavaScript (issue 15): runTests over a suite, and the Node entry's
// runTestFile, with the same outcome object as `fundcheck test --format json`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";

import { faces } from "./faces.mjs";
import { runTestFile } from "../node.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));

for (const [name, fc] of Object.entries(faces)) {
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
