#!/usr/bin/env node
// Makes sure the browser test can run: Debian's chromium (installed only when /usr/bin/chromium
// is absent; `npx playwright install` cannot download here) and a CJK font, without which the
// screenshot shows boxes instead of Chinese. Runs apt-get update first when it installs.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const missing = [];
if (!existsSync("/usr/bin/chromium")) missing.push("chromium");
let cjk = "";
try {
  cjk = execFileSync("fc-list", [":lang=zh"], { encoding: "utf8" });
} catch {
  cjk = "";
}
if (cjk.trim() === "") missing.push("fonts-noto-cjk");

if (missing.length === 0) {
  console.log("[browser] chromium and a CJK font are installed");
} else {
  const sudo = process.getuid?.() === 0 ? [] : ["sudo"];
  for (const args of [["apt-get", "update"], ["apt-get", "install", "-y", ...missing]]) {
    const [command, ...rest] = [...sudo, ...args];
    console.log(`$ ${[command, ...rest].join(" ")}`);
    // No questions on a machine without a terminal (CI): apt-get takes the defaults.
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    const run = spawnSync(command, rest, { stdio: "inherit", env });
    if (run.status !== 0) throw new Error(`${command} ${rest.join(" ")} failed`);
  }
}
