// Runs every shared vector in tests/vectors/ through both builds (Node and browser ES module)
// and asserts what the Rust runner (cli/tests/vectors.rs) asserts: the exit code, the exact
// report bytes of the golden cases, findings_include, rules_absent, figures (null = absent)
// and the complete list of input errors in order. When the `fundcheck` CLI is built (and embeds
// the same pack), every vector's canonical bytes are also compared with the CLI's.
//
// Vectors with a `pack` key check another pack file: it reaches the wasm as its bundle, made by
// the CLI (`fundcheck pack show --resolved`); without a current CLI they are skipped and counted.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { faces } from "./faces.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));
const vectorDir = join(root, "tests", "vectors");

function loadCases() {
  const cases = [];
  for (const file of readdirSync(vectorDir).filter((f) => f.endsWith(".json")).sort()) {
    const parsed = JSON.parse(readFileSync(join(vectorDir, file), "utf8"));
    for (const v of Array.isArray(parsed) ? parsed : [parsed]) {
      assert.ok(typeof v.why === "string" && v.why.length > 0, `${file}: \`why\` is required`);
      let input;
      if (typeof v.input_text === "string") input = v.input_text;
      else if (typeof v.input_b64 === "string") input = new Uint8Array(Buffer.from(v.input_b64, "base64"));
      else input = JSON.stringify(v.input);
      const options = {};
      if (v.as_of != null) options.asOf = v.as_of;
      if (v.lang != null) options.lang = v.lang;
      if (v.final === true) options.final = true;
      if (v.format === "csv") options.format = "csv";
      if (v.params != null) options.params = v.params;
      if (v.calendar != null) options.calendar = v.calendar.map((path) => [path, readFileSync(join(root, path), "utf8")]);
      cases.push({ file, name: v.name ?? "?", input, csv: v.format === "csv", options, pack: v.pack, expect: v.expect ?? {} });
    }
  }
  return cases;
}

/** One face's outcome: the canonical report bytes or the input errors, and the exit code. */
function outcome(face, c) {
  try {
    const report = face.check(c.input, c.options);
    return { exit: report.ok ? 0 : 1, report: JSON.stringify(report), inputErrors: null };
  } catch (error) {
    if (error?.name !== "InputError") throw error;
    return { exit: 2, report: null, inputErrors: error.errors };
  }
}

function subset(expected, actual) {
  if (expected !== null && typeof expected === "object" && !Array.isArray(expected)) {
    return actual !== null && typeof actual === "object" && !Array.isArray(actual)
      && Object.entries(expected).every(([k, v]) => k in actual && subset(v, actual[k]));
  }
  return JSON.stringify(expected) === JSON.stringify(actual);
}

/** Every way the outcome differs from the vector's expectations (as cli/tests/vectors.rs). */
function problems(c, out) {
  const found = [];
  const e = c.expect;
  if (typeof e.exit === "number" && e.exit !== out.exit) found.push(`exit ${out.exit} (expected ${e.exit})`);
  if ("input_errors" in e) {
    const actual = out.inputErrors ?? [];
    const wanted = e.input_errors ?? [];
    const same = wanted.length === actual.length && wanted.every((w, i) => subset(w, actual[i]));
    if (!same) found.push(`input_errors ${JSON.stringify(actual)} (expected ${JSON.stringify(wanted)})`);
  }
  const report = out.report ? JSON.parse(out.report) : null;
  if ("report" in e) {
    const expected = JSON.stringify(e.report);
    if (out.report !== expected) found.push(`report\n  got      ${out.report ?? "(none)"}\n  expected ${expected}`);
  }
  const findings = report?.findings ?? [];
  for (const wanted of e.findings_include ?? []) {
    if (!findings.some((f) => subset(wanted, f))) found.push(`no finding like ${JSON.stringify(wanted)}`);
  }
  for (const rule of e.rules_absent ?? []) {
    if (findings.some((f) => f.rule === rule)) found.push(`rule ${rule} should be silent`);
  }
  for (const [name, value] of Object.entries(e.figures ?? {})) {
    const figures = report?.figures ?? {};
    const same = value === null ? !(name in figures) : JSON.stringify(figures[name]) === JSON.stringify(value);
    if (!same) found.push(`figure ${name} = ${JSON.stringify(figures[name])} (expected ${JSON.stringify(value)})`);
  }
  if (found.length > 0 && out.report) found.push(`report was ${out.report.slice(0, 200)}…`);
  return found;
}

/** The newest modification time of the files under `dir`. */
function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/** The CLI, when it is built from the current sources and embeds the same pack; else why not. */
function findCli(digest) {
  const candidates = [process.env.FUNDCHECK_BIN, join(root, "target/debug/fundcheck"), join(root, "target/release/fundcheck")];
  const sources = Math.max(...["core", "cli/src", "rules"].map((d) => newest(join(root, d))));
  for (const bin of candidates.filter(Boolean)) {
    if (!existsSync(bin)) continue;
    if (!process.env.FUNDCHECK_BIN && statSync(bin).mtimeMs < sources) {
      return { skip: `${bin} is older than the sources (cargo build to compare with it): CLI comparison skipped` };
    }
    const probe = spawnSync(bin, ["check", "-", "--format", "json"], { input: '{"kind":"allocation","lines":[]}', encoding: "utf8" });
    const cliDigest = probe.stdout ? JSON.parse(probe.stdout).pack?.digest : undefined;
    if (cliDigest === digest) return { bin };
    return { skip: `${bin} embeds pack ${cliDigest ?? "?"}, the wasm ${digest}: rebuild it to compare` };
  }
  return { skip: "no fundcheck CLI built (cargo build): CLI comparison skipped" };
}

function viaCli(bin, c, dir) {
  const file = join(dir, `input.${c.csv ? "csv" : "json"}`);
  writeFileSync(file, typeof c.input === "string" ? c.input : c.input);
  const args = ["check", file, "--format", "json"];
  if (c.options.asOf) args.push("--as-of", c.options.asOf);
  if (c.options.lang) args.push("--lang", c.options.lang);
  if (c.options.final) args.push("--final");
  if (c.pack) args.push("--pack", join(root, c.pack));
  for (const [key, value] of Object.entries(c.options.params ?? {})) args.push("--param", `${key}=${JSON.stringify(value)}`);
  for (const [path] of c.options.calendar ?? []) args.push("--calendar", join(root, path));
  const run = spawnSync(bin, args, { encoding: "utf8" });
  if (run.status === 2) return { exit: 2, report: null, inputErrors: JSON.parse(run.stderr).error.errors };
  return { exit: run.status, report: run.stdout.replace(/\n$/, ""), inputErrors: null };
}

const cases = loadCases();

test("every shared vector gives the expected outcome in both builds", (t) => {
  assert.ok(cases.length > 0, "no vectors found");
  const digest = faces.node.pack().digest;
  const cli = findCli(digest);
  const dir = mkdtempSync(join(tmpdir(), "fundcheck-wasm-vectors-"));
  const failures = [];
  let ran = 0;
  let skipped = 0;
  let comparedWithCli = 0;
  try {
    for (const c of cases) {
      const label = `${c.file} / ${c.name}`;
      if (c.pack) {
        // Another pack reaches the wasm as its bundle, which the CLI makes (`pack show --resolved`).
        const shown = cli.bin ? spawnSync(cli.bin, ["pack", "show", "--resolved", join(root, c.pack)], { encoding: "utf8" }) : null;
        if (!shown || shown.status !== 0) {
          skipped += 1;
          continue;
        }
        c.options = { ...c.options, pack: JSON.parse(shown.stdout) };
      }
      ran += 1;
      const node = outcome(faces.node, c);
      const web = outcome(faces.web, c);
      if (JSON.stringify(node) !== JSON.stringify(web)) {
        failures.push(`${label}: the Node and browser builds differ:\n  node ${JSON.stringify(node)}\n  web  ${JSON.stringify(web)}`);
        continue;
      }
      if (cli.bin) {
        const rust = viaCli(cli.bin, c, dir);
        comparedWithCli += 1;
        if (JSON.stringify(rust) !== JSON.stringify(node)) {
          failures.push(`${label}: wasm and CLI differ:\n  wasm ${JSON.stringify(node)}\n  cli  ${JSON.stringify(rust)}`);
          continue;
        }
      }
      const found = problems(c, node);
      if (found.length > 0) failures.push(`${label}:\n  ${found.join("\n  ")}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const withPack = cases.filter((c) => c.pack).length;
  assert.equal(skipped, cli.bin ? 0 : withPack);
  t.diagnostic(`${cases.length} vectors: ${ran} run, ${skipped} skipped (custom pack without a CLI to bundle it), ${failures.length} failing`);
  t.diagnostic(cli.bin ? `${comparedWithCli} compared byte for byte with ${cli.bin}` : cli.skip);
  assert.ok(failures.length === 0, `${failures.length} of ${ran} vectors fail:\n\n${failures.join("\n\n")}`);
});
