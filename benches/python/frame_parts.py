"""Where a DataFrame's and a CSV path's time goes in `check_allocations` (issue 17, BENCHMARKS.md
twelfth round), and the one-call instruction count of a frame's native check.

    .venv-bench-pandas/bin/python benches/python/frame_parts.py split text|float [LINES]
        medians of seven: `_frames.frame_columns`, the native `check_columns`, reading the
        figures, and the whole `check_allocations(df)`
    .venv-bench-pandas/bin/python benches/python/frame_parts.py read [LINES]
        medians of seven: reading the CSV file into a new `bytes`, and `check_allocations(path)`
    .venv-bench-pandas/bin/python benches/python/frame_parts.py count text|float 0|1
        one call on the quiet 100,000-line plan, the native check run (1) or not (0): for
        `benches/count-frame`, which counts both under valgrind and prints the difference a line

The plan is bench_allocations.py's quiet plan (every use known, one line in a thousand
forbidden), written once to benches/data/generated/ (not tracked).
"""

from __future__ import annotations

import pathlib
import statistics
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import bench_allocations as b  # noqa: E402

GENERATED = pathlib.Path(__file__).resolve().parents[1] / "data" / "generated"


def plan(lines: int) -> pathlib.Path:
    path = GENERATED / f"allocation-quiet-{lines}.csv"
    if not path.exists():
        GENERATED.mkdir(parents=True, exist_ok=True)
        path.write_text(b.allocation_csv_text(lines, quiet=True), encoding="utf-8")
    return path


def frame(kind: str, path: pathlib.Path):  # type: ignore[no-untyped-def]
    import pandas as pd

    return pd.read_csv(path, dtype={"amount": str}) if kind == "text" else pd.read_csv(path)


def ms(xs: list) -> str:  # type: ignore[type-arg]
    return f"{statistics.median(xs) * 1000:.1f} ms"


def main() -> None:
    import fundcheck
    import fundcheck._fundcheck as native
    from fundcheck import _frames

    what = sys.argv[1]
    if what == "count":
        kind, run = sys.argv[2], sys.argv[3] == "1"
        length, columns, unknown = _frames.frame_columns(frame(kind, plan(100_000)))
        if run:
            native.check_columns(length, columns, unknown)
        return
    if what == "split":
        kind = sys.argv[2]
        lines = int(sys.argv[3]) if len(sys.argv) > 3 else 1_000_000
        df = frame(kind, plan(lines))
        parts: dict = {"frame_columns": [], "native check_columns": [], "figures read": [], "check_allocations(df)": []}  # type: ignore[type-arg]
        for _ in range(7):
            t0 = time.perf_counter()
            length, columns, unknown = _frames.frame_columns(df)
            t1 = time.perf_counter()
            report = native.check_columns(length, columns, unknown)
            t2 = time.perf_counter()
            dict(report.figures)
            t3 = time.perf_counter()
            del report, columns
            t4 = time.perf_counter()
            fundcheck.check_allocations(df)
            t5 = time.perf_counter()
            for name, took in zip(parts, (t1 - t0, t2 - t1, t3 - t2, t5 - t4)):
                parts[name].append(took)
        print(f"{lines:,} lines, {kind} amounts: " + ", ".join(f"{n} {ms(v)}" for n, v in parts.items()))
        return
    if what == "read":
        lines = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
        path = plan(lines)
        read, check = [], []
        for _ in range(7):
            t0 = time.perf_counter()
            data = path.read_bytes()
            t1 = time.perf_counter()
            del data
            t2 = time.perf_counter()
            fundcheck.check_allocations(path)
            t3 = time.perf_counter()
            read.append(t1 - t0)
            check.append(t3 - t2)
        print(f"{lines:,} lines ({path.stat().st_size / 1e6:.1f} MB): the file into new bytes {ms(read)}, check_allocations(path) {ms(check)}")
        return
    sys.exit(__doc__)


if __name__ == "__main__":
    main()
