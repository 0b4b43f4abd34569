// The Node entry as an ES module: the API of the browser build, so that
//   import init, { check } from "fundcheck"; await init();
// runs unchanged in a page and in Node. The Node build (pkg-node/) loads its wasm synchronously
// when imported; `init()` and `initSync()` are there for code written for the browser.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";

const require = createRequire(import.meta.url);
const fundcheck = require("./pkg-node/fundcheck.js");

export const { check, addWorkingDays, workingDaysBetween, rules, requirements, pack, runTests } = fundcheck;

/** A path a test file names: relative to its directory, else to the nearest enclosing one that has it. */
function near(dir, name) {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, name))) return join(d, name);
    if (dirname(d) === d) return name;
  }
}

/**
 * Runs a JSON test file (one case, or `{case: [...]}`) against the embedded pack, reading the
 * files its cases name (`document`, `calendar`) relative to it, as `fundcheck test` does.
 */
export function runTestFile(path) {
  const text = readFileSync(path, "utf8");
  const suite = JSON.parse(text);
  const cases = Array.isArray(suite.case) ? suite.case : [suite];
  const files = {};
  for (const c of cases) {
    for (const name of [c.document, ...(c.calendar ?? [])]) {
      if (typeof name === "string" && !(name in files)) files[name] = readFileSync(near(dirname(resolve(path)), name), "utf8");
    }
  }
  return fundcheck.runTests(text, files);
}

export default async function init() {
  return fundcheck;
}

export function initSync() {
  return fundcheck;
}
