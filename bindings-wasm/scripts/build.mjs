#!/usr/bin/env node
// Builds the npm package `fundcheck`: the ES module for browsers into pkg/ (without the pack
// authors' functions, so that every page loads less), the same with them into pkg-authoring/
// (`fundcheck/authoring`), both built for size, and the Node module, with them, into
// pkg-node/, built for speed (no page downloads it). Installs what it needs and skips what is
// there (fast when already built):
//
//   1. rustup target add wasm32-unknown-unknown        (only when not installed)
//   2. cargo install wasm-bindgen-cli --version <Cargo.lock's wasm-bindgen>
//                                                      (only when `wasm-bindgen --version` differs)
//   3. npm install                                     (only when node_modules/binaryen is absent)
//   4. when the machine's nightly is the pinned one and FUNDCHECK_WASM_STD is not `stable`:
//      rustup +nightly component add rust-src, rustup +nightly target add wasm32-unknown-unknown
//      (only when absent), and std rebuilt for size in step 5; otherwise, or when the nightly's
//      build fails, the stable build, with a warning
//   5. cargo build -p fundcheck-wasm --target wasm32-unknown-unknown --profile wasm-release
//      --no-default-features (kept as fundcheck_wasm_lean.wasm), then with the default
//      feature `authoring` (kept as fundcheck_wasm_full.wasm); with the nightly:
//      cargo +nightly build … --target-dir target/wasm-std -Z build-std=std,panic_abort
//      -Z build-std-features=optimize_for_size, RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort";
//      and, for Node, cargo build -p fundcheck-wasm --target wasm32-unknown-unknown --profile wasm-speed
//      (stable, the prebuilt std; kept as fundcheck_wasm_node.wasm)
//   6. wasm-bindgen --target web    --out-dir pkg            (lean; only when the cargo output is newer)
//      wasm-bindgen --target web    --out-dir pkg-authoring  (with `authoring`)
//      wasm-bindgen --target nodejs --out-dir pkg-node       (with `authoring`)
//   7. wasm-opt -Oz --flatten --rereloop -Oz --flatten --rereloop -Oz --converge from npm's binaryen (never /usr/bin/wasm-opt: Debian's 108 writes a wasm
//      that does not load) on the browser's two .wasm files, wasm-opt -O3 on the Node one
//
// Usage: node scripts/build.mjs [--force]        (FUNDCHECK_WASM_STD=stable: step 4 skipped)

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

// A cargo output copied aside as `kept` when its bytes changed (cargo touches the output on every
// build, so the copy's time says when the module last changed); returns the copy's path.
function keepAside(cargoOutput, kept) {
  if (!existsSync(kept) || !readFileSync(cargoOutput).equals(readFileSync(kept))) copyFileSync(cargoOutput, kept);
  return kept;
}

function mtime(path) {
  return existsSync(path) ? statSync(path).mtimeMs : 0;
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
const wasmOpt = join(here, "node_modules", "binaryen", "bin", "wasm-opt");
if (existsSync(wasmOpt)) {
  step("node_modules is installed");
} else {
  run("npm", ["install", "--no-audit", "--no-fund"], { cwd: here });
}

// 4. The standard library: rebuilt for size (`-Z build-std`, `optimize_for_size`, panics as
// immediate aborts; 14.9 KB gzipped off the browser's module, BENCHMARKS.md eighth and ninth
// rounds) when the machine's nightly is the one this was checked on; otherwise, or with
// FUNDCHECK_WASM_STD=stable, the stable toolchain's prebuilt std, said loudly. The nightly's
// rust-src and wasm32 std are added only when absent. Its own target directory, so that a
// stable build never invalidates it nor it the stable one.
const nightlyCommit = "e50aa6fba4e63ab34c72bf9acfd2c307c1155d1a"; // rustc 1.97.0-nightly 2026-05-19
function stableStd(why) {
  console.warn(`[build] WARNING: ${why}: building with the stable toolchain's std (the module is about 15 KB`
    + " gzipped larger than the figure in BENCHMARKS.md)");
  return false;
}
function buildStd() {
  if (process.env.FUNDCHECK_WASM_STD === "stable") {
    step("FUNDCHECK_WASM_STD=stable: the stable toolchain's std (the module is about 15 KB gzipped larger)");
    return false;
  }
  const version = output("rustc", ["+nightly", "-vV"]);
  const commit = version.match(/^commit-hash: (\S+)$/m)?.[1];
  if (commit !== nightlyCommit) {
    return stableStd(`${commit ? `nightly ${commit.slice(0, 9)}` : "no nightly"}, not ${nightlyCommit.slice(0, 9)} (2026-05-19)`);
  }
  const components = output("rustup", ["+nightly", "component", "list", "--installed"]).split("\n");
  const wanted = [["rust-src", ["component", "add", "rust-src"]], [`rust-std-${target}`, ["target", "add", target]]];
  for (const [component, args] of wanted) {
    if (components.includes(component)) {
      step(`nightly ${component} is installed`);
      continue;
    }
    const added = spawnSync("rustup", ["+nightly", ...args], { stdio: "inherit", cwd: root });
    if (added.status !== 0) return stableStd(`could not add the nightly's ${component}`);
  }
  step(`nightly ${nightlyCommit.slice(0, 9)}: std rebuilt for size`);
  return true;
}

// 5. The wasm, without and with the authoring functions. Cargo writes both to one file name,
// touched by every build, so each is copied aside when its bytes changed: the copies' times say
// when each last changed, and an unchanged build redoes nothing below. When the nightly's
// build fails (build-std fetches std's own dependencies from crates.io), the stable one runs
// instead, with a warning. RUSTFLAGS of the caller's are replaced for the nightly build.
function cargoWasm(withStd) {
  const targetDir = join(root, "target", ...(withStd ? ["wasm-std"] : []));
  const cargoBuild = withStd
    ? ["+nightly", "build", "-p", "fundcheck-wasm", "--target", target, "--profile", profile, "--target-dir", targetDir,
      "-Z", "build-std=std,panic_abort", "-Z", "build-std-features=optimize_for_size"]
    : ["build", "-p", "fundcheck-wasm", "--target", target, "--profile", profile];
  const cargoEnv = withStd
    ? { env: { ...process.env, RUSTFLAGS: "-Zunstable-options -Cpanic=immediate-abort" } }
    : {};
  const cargoOutput = join(targetDir, target, profile, "fundcheck_wasm.wasm");
  const keep = (name) => keepAside(cargoOutput, join(targetDir, target, profile, name));
  run("cargo", [...cargoBuild, "--no-default-features"], cargoEnv);
  const lean = keep("fundcheck_wasm_lean.wasm");
  run("cargo", cargoBuild, cargoEnv);
  return { lean, built: keep("fundcheck_wasm_full.wasm") };
}
function cargoWasmOrStable() {
  if (!buildStd()) return cargoWasm(false);
  try {
    return cargoWasm(true);
  } catch (error) {
    stableStd(`the nightly build failed (${error.message})`);
    return cargoWasm(false);
  }
}
const { lean, built } = cargoWasmOrStable();

// The Node module for speed (`[profile.wasm-speed]`: `opt-level = 3`), on the stable toolchain's
// prebuilt std: a check in Node 2.4-2.6 times faster than from the size build (BENCHMARKS.md,
// thirteenth round). Must-reach 4's size is the browser's module (pkg/), which stays as it is.
function cargoNode() {
  const dir = join(root, "target", target, "wasm-speed");
  run("cargo", ["build", "-p", "fundcheck-wasm", "--target", target, "--profile", "wasm-speed"]);
  return keepAside(join(dir, "fundcheck_wasm.wasm"), join(dir, "fundcheck_wasm_node.wasm"));
}
const node = cargoNode();

// 6–7. Bindings and wasm-opt, for each output. A stamp in target/ says
// which build each directory was made from, so that switching std rebuilds it.
// -Oz, then twice the control flow flattened and rebuilt (--flatten --rereloop) and -Oz, all
// again until nothing changes: about 3.4 KB gzipped smaller than -Oz alone (BENCHMARKS.md;
// the second round 0.4 KB of it), 100–130 s a file here. -O3 for the Node module, 20 s.
const forSize = ["-Oz", "--flatten", "--rereloop", "-Oz", "--flatten", "--rereloop", "-Oz", "--converge"];
const outputs = [
  { dir: "pkg", target: "web", type: "module", from: lean, passes: forSize },
  { dir: "pkg-authoring", target: "web", type: "module", from: built, passes: forSize },
  { dir: "pkg-node", target: "nodejs", type: "commonjs", from: node, passes: ["-O3"] },
];
for (const out of outputs) {
  const dir = join(here, out.dir);
  const wasm = join(dir, "fundcheck_bg.wasm");
  const stamp = join(root, "target", `fundcheck-wasm-${out.dir}.from`);
  const sameSource = existsSync(stamp) && readFileSync(stamp, "utf8") === out.from;
  if (!force && sameSource && mtime(wasm) > mtime(out.from) && existsSync(join(dir, "fundcheck.js"))) {
    step(`${out.dir}/ is up to date`);
    continue;
  }
  run("wasm-bindgen", [out.from, "--target", out.target, "--out-dir", dir, "--out-name", "fundcheck"]);
  // The package is not `"type": "module"` as a whole: each output says what its .js files are.
  writeFileSync(join(dir, "package.json"), `${JSON.stringify({ type: out.type }, null, 2)}\n`);
  run(wasmOpt, [...out.passes, "--strip-debug", "--strip-producers", "--enable-bulk-memory", "--enable-nontrapping-float-to-int", "--enable-sign-ext",
    "--enable-mutable-globals", "--enable-reference-types", "--enable-multivalue", wasm, "-o", wasm]);
  const size = statSync(wasm).size;
  const gzip = execFileSync("gzip", ["-9", "-c", wasm]).length;
  step(`${out.dir}/fundcheck_bg.wasm: ${size} bytes, ${gzip} gzipped`);
  writeFileSync(stamp, out.from);
}
