"""fundcheck from Python against idiomatic pandas and plain Python.

Run from the repository root, in the venv that `bindings-py/test.sh` sets up:

    python benches/python/bench_allocations.py [--lines 1000000] [--runs 5] [--docs 2000]

1. Allocations: a generated allocation of `--lines` lines (the same deterministic generator as
   the criterion bench, `benches/src/lib.rs`, written to a temporary folder) checked
   - from the CSV file: `fundcheck.check_allocations(path)` vs `pandas.read_csv` + the rules;
   - from an in-memory pandas DataFrame with string amounts: `check_allocations(df)` vs the
     rules on that frame,
   against a vectorised pandas implementation of the same budget rules in integer fen (source
   totals, the allocation-table groups, the 15% cap, the 50% floor, forbidden and unclassified
   uses), asserting that both compute the same figures and flag the same lines.
2. Applications: `fundcheck.check` (every rule of the pack) per document, and `check_many`
   for the batch, against a plain-Python implementation of the prepayment and payment figures
   only (json.loads + Decimal), asserting the same figures.

Prints medians (and the ratio to the pandas / plain-Python figure). Nothing is written to
BENCHMARKS.md by this script.
"""

from __future__ import annotations

import argparse
import copy
import json
import pathlib
import statistics
import sys
import tempfile
import time
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Callable, Dict, List, Tuple

import numpy as np
import pandas as pd

import fundcheck

ROOT = pathlib.Path(__file__).resolve().parents[2]
# The pack as the engine reads it: resolved onto its national base (the Yanshi file writes only
# what it changes of the base's two share rules).
PACK = fundcheck.Pack.default().resolved

CATEGORIES = ["public_service_center", "training", "logistics", "supply_chain", "marketing", "service_stations", "atmosphere"]
USES = ["equipment", "software", "facility_renovation", "logistics_vehicles", "cold_storage", "traceability", "brand_promotion", "catering"]
MASK = (1 << 64) - 1


def allocation_csv_text(n: int, quiet: bool = False) -> str:
    """The criterion bench's allocation (benches/src/lib.rs), byte for byte: `quiet` is
    `quiet_allocation_csv_text` (every use known, one line in a thousand forbidden)."""
    out = ["project,category,source,amount,use,upward\n"]
    state = 0x9E3779B97F4A7C15
    uses = USES[:-1] if quiet else USES
    for i in range(n):
        state ^= (state << 13) & MASK
        state ^= state >> 7
        state ^= (state << 17) & MASK
        category = CATEGORIES[state % len(CATEGORIES)]
        forbidden = quiet and i % 1000 == 999
        source = "provincial" if (state >> 9) & 1 == 0 or forbidden else "city"
        use = "traffic_purchase" if forbidden else uses[(state >> 13) % len(uses)]
        yuan = (state >> 20) % 99_999 + 1
        fen = (state >> 40) % 100
        upward = "true" if (state >> 50) & 1 == 0 else "false"
        out.append(f"P{i:07d},{category},{source},{yuan}.{fen:02d},{use},{upward}\n")
    return "".join(out)


# ── The same budget rules in pandas, in integer fen ──────────────────────────────────────


def fen(text: str) -> int:
    whole, _, frac = text.partition(".")
    return int(whole) * 100 + int((frac + "00")[:2])


def round_div(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded half away from zero (both ≥ 0)."""
    return (2 * numerator + denominator) // (2 * denominator)


FUND = {s["id"]: fen(s["fund"]) for s in PACK["sources"]}
GROUPS = [(g["id"], g["source"], g["categories"], fen(g["plan"])) for g in PACK["groups"]]
FORBIDDEN = sorted(u["id"] for u in PACK["uses"] if "provincial" in u.get("forbidden_for", []))
KNOWN = sorted(u["id"] for u in PACK["uses"])
SHARES = {r["id"]: r["params"] for r in PACK["rules"] if r["kind"] in ("share_cap", "share_floor")}


def amount_fen(amount: pd.Series) -> np.ndarray:
    """Decimal text (at most two places) to integer fen, vectorised."""
    parts = amount.str.split(".", n=1, expand=True)
    whole = parts[0].astype("int64").to_numpy()
    frac = parts[1].fillna("").str.ljust(2, "0").astype("int64").to_numpy() if parts.shape[1] > 1 else 0
    return whole * 100 + frac


def pandas_rules(df: pd.DataFrame) -> Dict[str, Any]:
    """The budget figures and flagged lines, as an analyst would write them in pandas."""
    cents = amount_fen(df["amount"])
    provincial = (df["source"] == "provincial").to_numpy()
    category = df["category"].to_numpy()
    use = df["use"]
    upward = df["upward"].to_numpy() if df["upward"].dtype == bool else (df["upward"].astype(str).str.lower() == "true").to_numpy()
    by_source = pd.Series(cents).groupby(df["source"].to_numpy()).sum()
    out: Dict[str, Any] = {f"{s}_allocated": int(by_source.get(s, 0)) for s in FUND}
    per_category = pd.Series(cents[provincial]).groupby(category[provincial]).sum()
    out["groups"] = {gid: int(per_category.reindex(cats).fillna(0).sum()) for gid, _, cats, _ in GROUPS}
    cap = SHARES["budget.public_center_cap"]
    floor = SHARES["budget.upward_min"]
    base = FUND[cap["source"]]
    centre = int(cents[provincial & np.isin(category, cap["select"]["categories"])].sum())
    limit = round_div(base * fen(cap["share"]), 100)
    up = int(cents[provincial & upward].sum())
    floor_amount = round_div(base * fen(floor["share"]), 100)
    out.update(
        ratio_base=base,
        public_center_amount=centre,
        public_center_share=round_div(centre * 10_000, base),
        public_center_limit=limit,
        public_center_headroom=limit - centre,
        upward_amount=up,
        upward_share=round_div(up * 10_000, base),
        upward_floor=floor_amount,
        upward_shortfall=max(floor_amount - up, 0),
    )
    out["forbidden_lines"] = np.flatnonzero(provincial & use.isin(FORBIDDEN).to_numpy()).tolist()
    out["unclassified_lines"] = np.flatnonzero(provincial & ~use.isin(KNOWN).to_numpy()).tolist()
    return out


def fundcheck_figures(report: fundcheck.Report) -> Dict[str, Any]:
    """The same figures from a fundcheck report, in fen (ratios in units of 1/10,000)."""
    to_int = lambda d: int(d * 100)  # noqa: E731
    figures = report.figures
    out: Dict[str, Any] = {}
    for name, value in figures.items():
        if name.endswith("_share"):
            out[name] = int(Decimal(str(value)) * 10_000)
        elif isinstance(value, Decimal):
            out[name] = to_int(value)
    out["groups"] = {str(f.facts["group"]): to_int(f.facts["amount"]) for f in report.findings if f.rule == "budget.group_plan"}
    line = lambda f: int(f.path.rsplit("/", 1)[1])  # noqa: E731
    out["forbidden_lines"] = [line(f) for f in report.findings if f.rule == "budget.prohibited_use"]
    out["unclassified_lines"] = [line(f) for f in report.findings if f.rule == "budget.unclassified_use"]
    return out


# ── Applications: prepayment and payment figures in plain Python ─────────────────────────

PASSING = {r["id"] for r in PACK["results"] if r.get("passes")}


def python_application(data: bytes) -> Dict[str, Decimal]:
    doc = json.loads(data)
    proposed = Decimal(doc["subsidy"]["proposed"])
    process = doc.get("process") or {}
    accepted_on = None
    if process.get("rectified_result") in PASSING and process.get("rectified_on"):
        accepted_on = process["rectified_on"]
    elif process.get("result") in PASSING:
        accepted_on = process.get("evaluation_issued")
    payments = doc.get("payments") or []
    paid = sum((Decimal(p["amount"]) for p in payments), Decimal("0.00"))
    prepaid = sum((Decimal(p["amount"]) for p in payments if accepted_on is None or p["date"] < accepted_on), Decimal("0.00"))
    cap = (proposed * Decimal("0.5")).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return {"max_prepayment": cap, "prepaid": prepaid, "prepayment_headroom": cap - prepaid, "paid": paid}


def application_docs(n: int) -> List[bytes]:
    base = json.loads((ROOT / "benches" / "data" / "application.json").read_text(encoding="utf-8"))
    docs = []
    for i in range(n):
        doc = copy.deepcopy(base)
        doc["id"] = f"YS-{i:06d}"
        doc["payments"][0]["amount"] = f"{450000 + (i % 300) * 1000}.{i % 100:02d}"
        docs.append(json.dumps(doc, ensure_ascii=False).encode("utf-8"))
    return docs


# ── Timing ───────────────────────────────────────────────────────────────────────────────


def median_seconds(run: Callable[[], Any], runs: int) -> Tuple[float, Any]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def row(label: str, seconds: float, baseline: float) -> None:
    print(f"  {label:58} {seconds * 1000:10.1f} ms   {baseline / seconds:6.2f}× pandas/python")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--docs", type=int, default=2000)
    args = parser.parse_args()
    print(f"fundcheck {fundcheck.__version__}, pandas {pd.__version__}, numpy {np.__version__}, Python {sys.version.split()[0]}")

    with tempfile.TemporaryDirectory(prefix="fundcheck-bench-") as tmp:
        path = pathlib.Path(tmp) / f"allocation-{args.lines}.csv"
        path.write_text(allocation_csv_text(args.lines), encoding="utf-8")
        print(f"\nallocation: {args.lines:,} lines, {path.stat().st_size / 1e6:.1f} MB CSV; median of {args.runs} runs")

        t_pandas_csv, by_pandas = median_seconds(lambda: pandas_rules(pd.read_csv(path, dtype={"amount": str})), args.runs)
        t_fc_csv, report = median_seconds(lambda: fundcheck.check_allocations(path), args.runs)
        assert fundcheck_figures(report) == by_pandas, "CSV: fundcheck and pandas disagree"

        frame = pd.read_csv(path, dtype={"amount": str})
        t_pandas_df, by_pandas_df = median_seconds(lambda: pandas_rules(frame), args.runs)
        t_fc_df, report_df = median_seconds(lambda: fundcheck.check_allocations(frame), args.runs)
        assert fundcheck_figures(report_df) == by_pandas_df == by_pandas, "DataFrame: fundcheck and pandas disagree"
        assert report_df.to_json() == report.to_json(), "DataFrame and CSV reports differ"

        floats = pd.read_csv(path)
        t_fc_float, report_float = median_seconds(lambda: fundcheck.check_allocations(floats), args.runs)
        assert report_float.to_json() == report.to_json(), "float DataFrame and CSV reports differ"

        print("  same figures and flagged lines: yes "
              f"({len(by_pandas['forbidden_lines']):,} forbidden, {len(by_pandas['unclassified_lines']):,} unclassified)")
        print(f"  {'pandas read_csv + rules (integer fen)':58} {t_pandas_csv * 1000:10.1f} ms")
        row("fundcheck.check_allocations(csv path)", t_fc_csv, t_pandas_csv)
        print(f"  {'pandas rules on an in-memory DataFrame (str amounts)':58} {t_pandas_df * 1000:10.1f} ms")
        row("fundcheck.check_allocations(DataFrame, str amounts)", t_fc_df, t_pandas_df)
        row("fundcheck.check_allocations(DataFrame, float amounts)", t_fc_float, t_pandas_df)

    docs = application_docs(args.docs)
    print(f"\napplications: {args.docs:,} documents (benches/data/application.json varied); median of {args.runs} runs")
    t_python, figures = median_seconds(lambda: [python_application(d) for d in docs], args.runs)
    t_check, reports = median_seconds(lambda: [fundcheck.check(d) for d in docs], args.runs)
    t_many, many = median_seconds(lambda: fundcheck.check_many(docs), args.runs)
    for expected, r, m in zip(figures, reports, many):
        assert {k: r.figures[k] for k in expected} == expected, "fundcheck and plain Python disagree"
        assert r.to_json() == m.to_json()
    per = lambda s: s / args.docs * 1e6  # noqa: E731
    print(f"  {'plain Python, prepayment and payment figures only':58} {per(t_python):10.1f} µs/doc")
    print(f"  {'fundcheck.check, every rule (' + str(len(fundcheck.Pack.default().rules)) + ' in the pack)':58} {per(t_check):10.1f} µs/doc   {t_python / t_check:6.2f}× python")
    print(f"  {'fundcheck.check_many (GIL released, all cores)':58} {per(t_many):10.1f} µs/doc   {t_python / t_many:6.2f}× python")


if __name__ == "__main__":
    main()
