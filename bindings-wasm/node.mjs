// The Node entry as an ES module: the API of the browser build, so that
//   import init, { check } from "fundcheck"; await init();
// runs unchanged in a page and in Node. The Node build (pkg-node/) loads its wasm synchronously
// when imported; `init()` and `initSync()` are there for code written for the browser.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const fundcheck = require("./pkg-node/fundcheck.js");

export const { check, addWorkingDays, workingDaysBetween, rules, requirements, pack } = fundcheck;

export default async function init() {
  return fundcheck;
}

export function initSync() {
  return fundcheck;
}
