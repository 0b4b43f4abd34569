// Types of the Node ES module entry (node.mjs): the whole API, plus no-op `init`/`initSync`.
export * from "./pkg-node/fundcheck.js";
export default function init(module_or_path?: unknown): Promise<unknown>;
export function initSync(module?: unknown): unknown;
