// Types of the Node ES module entry (node.mjs): the whole API, plus no-op `init`/`initSync`.
export * from "./pkg-node/fundcheck.js";
export default function init(module_or_path?: unknown): Promise<unknown>;
export function initSync(module?: unknown): unknown;
/** Runs a JSON test file against the embedded pack, reading the files its cases name. */
export function runTestFile(path: string): import("./pkg-node/fundcheck.js").TestOutcome;
