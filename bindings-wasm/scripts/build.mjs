#!/usr/bin/env node
// Builds the npm package `fundcheck`: the ES module for browsers into pkg/ (without the pack
// authors' functions, so that every page loads less), the same with them into pkg-authoring/
// (`fundcheck/authoring`), and the Node module, with them, into pkg-node/. Installs what it
// needs and skips what is there (fast when already built):
//
//   1. rustup target add wasm32-unknown-unknown        (only when not installed)
//   2. cargo install wasm-bindgen-cli --version <Cargo.lock's wasm-bindgen>
//                                                      (only when `wasm-bindgen --version` differs)
//   3. npm install                                     (only when node_modules/binaryen is absent)
//   4. cargo build -p fundcheck-wasm --target wasm32-unknown-unknown --profile wasm-release
//      --no-default-features (kept as fundcheck_wasm_lean.wasm), then with the default
//      feature `authoring` (kept as fundcheck_wasm_full.wasm)
//   5. wasm-bindgen --target web    --out-dir pkg            (lean; only when the cargo output is newer)
//      wasm-bindgen --target web    --out-dir pkg-authoring  (with `authoring`)
//      wasm-bindgen --target nodejs --out-dir pkg-node       (with `authoring`)
//   6. wasm-opt -Oz --flatten --rereloop -Oz --flatten --rereloop -Oz --converge from npm's binaryen (never /usr/bin/wasm-opt: Debian's 108 writes a wasm
//      that does not load), on both .wasm files
//
// Usage: node scripts/build.mjs [--force]
//        node scripts/build.mjs --optimise FILE   (only step 6 on FILE, in place, and its size;
//                                                  for scripts/size-build-std.sh)

import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(dirname(fileURLToPath(import.meta.url))); // bindings-wasm/
const root = dirname(here); // the cargo workspace
const target = "wasm32-unknown-unknown";
const profile = "wasm-release";
const force = process.argv.includes("--force");

function step(text) {
  console.log(`[build] ${text}`);
}

function run(command, args, options = {}) {
  console.log(`$ ${command} ${args.join(" ")}`);
  const result = spawnSync(command, args, { stdio: "inherit", cwd: root, ...options });
  if (result.error) throw new Error(`cannot run ${command}: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${command} exited with status ${result.status}`);
}

function output(command, args) {
  try {
    return execFileSync(command, args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  } catch {
    return "";
  }
}

function mtime(path) {
  return existsSync(path) ? statSync(path).mtimeMs : 0;
}

// 6. Size optimisation of one .wasm, in place, from npm's binaryen: -Oz, then twice the control
// flow flattened and rebuilt (--flatten --rereloop) and -Oz, all again until nothing changes:
// about 3.4 KB gzipped smaller than -Oz alone (BENCHMARKS.md; the second round 0.4 KB of it),
// 45 s a file.
const wasmOpt = join(here, "node_modules", "binaryen", "bin", "wasm-opt");
function optimise(wasm, name) {
  run(wasmOpt, ["-Oz", "--flatten", "--rereloop", "-Oz", "--flatten", "--rereloop", "-Oz", "--converge", "--strip-debug", "--strip-producers", "--enable-bulk-memory", "--enable-nontrapping-float-to-int", "--enable-sign-ext",
    "--enable-mutable-globals", "--enable-reference-types", "--enable-multivalue", wasm, "-o", wasm]);
  const size = statSync(wasm).size;
  const gzip = execFileSync("gzip", ["-9", "-c", wasm]).length;
  step(`${name}: ${size} bytes, ${gzip} gzipped`);
}

const only = process.argv.indexOf("--optimise");
if (only >= 0) {
  const file = process.argv[only + 1];
  if (!file || !existsSync(wasmOpt)) throw new Error("--optimise FILE needs the file and node_modules (run the build once)");
  optimise(file, file);
  process.exit(0);
}

// 1. The Rust target.
if (output("rustup", ["target", "list", "--installed"]).split("\n").includes(target)) {
  step(`${target} is installed`);
} else {
  run("rustup", ["target", "add", target]);
}

// 2. wasm-bindgen-cli of exactly the version in Cargo.lock (a mismatch fails with `schema version`).
const lock = readFileSync(join(root, "Cargo.lock"), "utf8");
const locked = lock.match(/name = "wasm-bindgen"\nversion = "([^"]+)"/)?.[1];
if (!locked) throw new Error("Cargo.lock has no wasm-bindgen: run `cargo build -p fundcheck-wasm` first");
const installed = output("wasm-bindgen", ["--version"]).trim().split(/\s+/)[1];
if (installed === locked) {
  step(`wasm-bindgen ${installed} matches Cargo.lock`);
} else {
  step(`wasm-bindgen is ${installed ?? "absent"}, Cargo.lock has ${locked}: installing (about 2-4 min)`);
  run("cargo", ["install", "wasm-bindgen-cli", "--version", locked]);
}

// 3. npm's binaryen (and the test tools).
if (existsSync(wasmOpt)) {
  step("node_modules is installed");
} else {
  run("npm", ["install", "--no-audit", "--no-fund"], { cwd: here });
}

// 4. The wasm, without and with the authoring functions. Cargo writes both to one file name,
// touched by every build, so each is copied aside when its bytes changed: the copies' times say
// when each last changed, and an unchanged build redoes nothing below.
const cargoBuild = ["build", "-p", "fundcheck-wasm", "--target", target, "--profile", profile];
const cargoOutput = join(root, "target", target, profile, "fundcheck_wasm.wasm");
function keep(name) {
  const kept = join(root, "target", target, profile, name);
  if (!existsSync(kept) || !readFileSync(cargoOutput).equals(readFileSync(kept))) copyFileSync(cargoOutput, kept);
  return kept;
}
run("cargo", [...cargoBuild, "--no-default-features"]);
const lean = keep("fundcheck_wasm_lean.wasm");
run("cargo", cargoBuild);
const built = keep("fundcheck_wasm_full.wasm");

// 5–6. Bindings and size optimisation, for each output.
const outputs = [
  { dir: "pkg", target: "web", type: "module", from: lean },
  { dir: "pkg-authoring", target: "web", type: "module", from: built },
  { dir: "pkg-node", target: "nodejs", type: "commonjs", from: built },
];
for (const out of outputs) {
  const dir = join(here, out.dir);
  const wasm = join(dir, "fundcheck_bg.wasm");
  if (!force && mtime(wasm) > mtime(out.from) && existsSync(join(dir, "fundcheck.js"))) {
    step(`${out.dir}/ is up to date`);
    continue;
  }
  run("wasm-bindgen", [out.from, "--target", out.target, "--out-dir", dir, "--out-name", "fundcheck"]);
  // The package is not `"type": "module"` as a whole: each output says what its .js files are.
  writeFileSync(join(dir, "package.json"), `${JSON.stringify({ type: out.type }, null, 2)}\n`);
  optimise(wasm, `${out.dir}/fundcheck_bg.wasm`);
}
