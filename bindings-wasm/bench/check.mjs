// Times the wasm `check` in Node on the shared application fixture (benches/data), to compare
// with the native criterion figure `application/json+canonical`. Median of several rounds.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import * as fc from "../pkg-node/fundcheck.js";

const here = dirname(fileURLToPath(import.meta.url));
const text = readFileSync(join(here, "../../benches/data/application.json"), "utf8");
const rounds = 15;
const perRound = 2000;
const medians = [];
for (let r = 0; r < rounds; r++) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < perRound; i++) fc.check(text, { lang: "zh" });
  medians.push(Number(process.hrtime.bigint() - start) / perRound / 1000);
}
medians.sort((a, b) => a - b);
const median = medians[Math.floor(rounds / 2)];
console.log(`wasm check (JSON text in, report object out): median ${median.toFixed(2)} µs, min ${medians[0].toFixed(2)} µs, max ${medians[rounds - 1].toFixed(2)} µs over ${rounds} rounds of ${perRound}`);
