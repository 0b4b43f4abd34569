#!/usr/bin/env bash
# Opt-in fuzz smoke run: each of the four targets for a few seconds over its kept corpus
# (fuzz/corpus/<target>/), without adding to the corpus. Not called by scripts/test.
# Needs nightly and cargo-fuzz (`cargo install cargo-fuzz`). The first run builds the targets
# with sanitizers (a few minutes); later runs take about SECONDS × 4.
#
#   fuzz/smoke.sh            # 5 seconds per target
#   SECONDS_PER_TARGET=30 fuzz/smoke.sh json_document
set -euo pipefail
cd "$(dirname "$0")"

seconds="${SECONDS_PER_TARGET:-5}"
targets=("$@")
if [ "${#targets[@]}" -eq 0 ]; then
  targets=(json_document allocation_csv pack_toml calendar_file)
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  echo "cargo-fuzz with a nightly toolchain is needed: rustup toolchain install nightly && cargo install cargo-fuzz" >&2
  exit 2
fi

for target in "${targets[@]}"; do
  printf '\n== %s (%s s)\n' "$target" "$seconds"
  scratch="$(mktemp -d)"
  # New inputs go to a scratch directory, so the kept corpus stays as it is; a crash stops the
  # run with a non-zero status and leaves its input in fuzz/artifacts/<target>/.
  log="$scratch.log"
  status=0
  cargo +nightly fuzz run "$target" "$scratch" "corpus/$target" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 >"$log" 2>&1 || status=$?
  grep -E '^(#[0-9]+.*(DONE|INITED)|stat::number_of_executed_units|SUMMARY|Test unit written)' "$log" || true
  if [ "$status" -ne 0 ]; then tail -n 40 "$log" >&2; fi
  rm -f "$log"
  rm -rf "$scratch"
  if [ "$status" -ne 0 ]; then
    echo "fuzz target $target failed (status $status): see fuzz/artifacts/$target/" >&2
    exit "$status"
  fi
done
printf '\nall %d targets ran %s s without a crash\n' "${#targets[@]}" "$seconds"
