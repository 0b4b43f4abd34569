// The two builds under test, loaded in Node: the Node module (pkg-node/) and the browser ES
// module (pkg/, initialised from its .wasm bytes). Every test runs against both.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

const web = await import("../pkg/fundcheck.js");
web.initSync({ module: readFileSync(new URL("../pkg/fundcheck_bg.wasm", import.meta.url)) });

export const faces = {
  node: require("../pkg-node/fundcheck.js"),
  web,
};
