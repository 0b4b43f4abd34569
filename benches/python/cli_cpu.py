"""The CLI's CPU time on the quiet 1,000,000-line plan against `wc -l` on the same file (issue
17, aim 6), each child's user + system time from `getrusage`, seven runs alternating:

    .venv-bench-pandas/bin/python benches/python/cli_cpu.py [path/to/fundcheck]

(default target/release/fundcheck, built by `cargo build --release -p fundcheck-cli`).

The plan is written once to benches/data/generated/ (as benches/python/frame_parts.py does).
"""

from __future__ import annotations

import pathlib
import resource
import statistics
import subprocess
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from frame_parts import plan  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]


def cpu(command: list) -> float:  # type: ignore[type-arg]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    cli = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "target" / "release" / "fundcheck")
    path = str(plan(1_000_000))
    runs: dict = {"wc -l": [], "fundcheck --threads 1": [], "fundcheck (default threads)": []}  # type: ignore[type-arg]
    for _ in range(7):
        runs["wc -l"].append(cpu(["wc", "-l", path]))
        runs["fundcheck --threads 1"].append(cpu([cli, "check", "--threads", "1", "--format", "json", path]))
        runs["fundcheck (default threads)"].append(cpu([cli, "check", "--format", "json", path]))
    for name, times in runs.items():
        print(f"{name}: best {min(times) * 1000:.1f} ms CPU, median {statistics.median(times) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
