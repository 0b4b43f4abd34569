// The differential test, WebAssembly side: every case that cli/tests/differential.rs generated
// and ran through the Rust library (target/differential/cases.jsonl) goes through `check` in
// both builds (Node and browser ES module) as the same bytes, and must give the same canonical
// report bytes (`JSON.stringify(report)`) and exit code, or the same input errors (code, path,
// line, message, in order).
//
// `cargo test` writes the file (scripts/test runs it before the Node tests); without it the
// test is skipped, saying how to make it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { faces } from "./faces.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));
const file = join(root, "target", "differential", "cases.jsonl");
const missing = existsSync(file)
  ? false
  : `${file} is missing: run \`cargo test -p fundcheck-cli --test differential\` first`;

function load() {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line));
}

/** One build's outcome, in the shape the Rust test records. */
function outcome(face, c) {
  const options = { lang: c.lang, format: c.format };
  if (c.as_of !== null) options.asOf = c.as_of;
  if (c.final) options.final = true;
  try {
    const report = face.check(new Uint8Array(Buffer.from(c.input_b64, "base64")), options);
    return { exit: report.ok ? 0 : 1, report: JSON.stringify(report) };
  } catch (error) {
    if (error?.name !== "InputError") throw error;
    return { exit: 2, input_errors: error.errors };
  }
}

/** The same JSON value, key order aside (an error's `line` comes before or after `message`). */
function same(a, b) {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => same(x, b[i]));
  }
  if (a !== null && b !== null && typeof a === "object" && typeof b === "object") {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && same(a[k], b[k]));
  }
  return a === b;
}

test("every generated case gives the Rust library's answer in both builds", { skip: missing }, (t) => {
  const cases = load();
  assert.ok(cases.length >= 2000, `only ${cases.length} cases in ${file}`);
  const failures = [];
  for (const c of cases) {
    for (const [name, face] of Object.entries(faces)) {
      const got = outcome(face, c);
      if (!same(got, c.expect)) {
        failures.push(`${c.name} (${name}):\n  wasm    ${JSON.stringify(got)}\n  library ${JSON.stringify(c.expect)}`);
      }
    }
  }
  t.diagnostic(`${cases.length} generated cases × ${Object.keys(faces).length} builds, ${failures.length} differing`);
  assert.ok(failures.length === 0, `${failures.length} differ:\n\n${failures.slice(0, 10).join("\n\n")}`);
});
