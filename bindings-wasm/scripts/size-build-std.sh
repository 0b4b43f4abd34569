#!/usr/bin/env bash
# Issue 17, must-reach 4, an experiment not yet in the build (BENCHMARKS.md, eighth round): the
# lean module (pkg/'s) with the standard library rebuilt for size on the machine's nightly
# (`-Z build-std`, `optimize_for_size`, panics as immediate aborts), through the same
# wasm-bindgen and wasm-opt passes as scripts/build.mjs, into a scratch directory; prints its
# size. Needs `npm --prefix bindings-wasm run build` first (for wasm-bindgen and binaryen) and,
# once, `rustup component add rust-src --toolchain nightly` and
# `rustup target add wasm32-unknown-unknown --toolchain nightly`. About 3 minutes.
#
# Usage: bash bindings-wasm/scripts/size-build-std.sh [out-dir]   (default target/wasm-std/pkg)
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${1:-target/wasm-std/pkg}"
mkdir -p "$out"
RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort" cargo +nightly build -p fundcheck-wasm \
  --target wasm32-unknown-unknown --profile wasm-release --no-default-features --target-dir target/wasm-std \
  -Z build-std=std,panic_abort -Z build-std-features=optimize_for_size
wasm-bindgen target/wasm-std/wasm32-unknown-unknown/wasm-release/fundcheck_wasm.wasm --target web \
  --out-dir "$out" --out-name fundcheck
node bindings-wasm/scripts/build.mjs --optimise "$out/fundcheck_bg.wasm"
