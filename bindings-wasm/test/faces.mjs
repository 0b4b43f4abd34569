// The builds under test, loaded in Node: the Node module (pkg-node/) and the browser ES modules
// (pkg/, and pkg-authoring/ with the pack authors' functions; each initialised from its .wasm
// bytes). Every test runs against each; `authoringFaces` are those that have `runTests`.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

const web = await import("../pkg/fundcheck.js");
web.initSync({ module: readFileSync(new URL("../pkg/fundcheck_bg.wasm", import.meta.url)) });

const authoring = await import("../pkg-authoring/fundcheck.js");
authoring.initSync({ module: readFileSync(new URL("../pkg-authoring/fundcheck_bg.wasm", import.meta.url)) });

export const faces = {
  node: require("../pkg-node/fundcheck.js"),
  web,
  "web-authoring": authoring,
};

export const authoringFaces = Object.fromEntries(Object.entries(faces).filter(([, fc]) => typeof fc.runTests === "function"));
