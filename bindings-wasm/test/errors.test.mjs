// The shared error vectors (tests/errors/) in both builds: the same malformed call throws the
// same error object as in Python and the core — name, code, path, message and every problem.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { faces } from "./faces.mjs";

const dir = fileURLToPath(new URL("../../tests/errors/", import.meta.url));
const cases = readdirSync(dir)
  .filter((f) => f.endsWith(".json"))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")));

function run(fc, c) {
  if (c.call === "check") return fc.check(c.input_text ?? c.input, c.options);
  if (c.call === "add_working_days") return fc.addWorkingDays(c.date, c.n, c.lang);
  if (c.call === "working_days_between") return fc.workingDaysBetween(c.a, c.b, c.lang);
  throw new Error(`unknown call ${c.call}`);
}

test("every error vector throws its error object in both builds", () => {
  assert.ok(cases.length > 0, "no error vectors");
  for (const [face, fc] of Object.entries(faces)) {
    for (const c of cases) {
      assert.ok(c.why, `${c.name}: \`why\` is required`);
      let error = null;
      try {
        run(fc, c);
      } catch (e) {
        error = e;
      }
      assert.ok(error, `${face} ${c.name}: nothing was thrown`);
      const got = { error: error.name, code: error.code, path: error.path, message: error.message, errors: error.errors };
      assert.deepEqual(got, c.expect.error, `${face} ${c.name}`);
    }
  }
});
