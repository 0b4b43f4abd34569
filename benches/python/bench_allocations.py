"""fundcheck from Python against idiomatic pandas and plain Python.

Run from the repository root, in a venv with fundcheck, pandas and numpy: the pinned ones that
`benches/python/setup-pandas-venvs` makes (`.venv-bench-pandas`, with pyarrow, and
`.venv-bench-pandas-noarrow`, without; `benches/run-all` runs this script in both):

    python benches/python/bench_allocations.py [--lines 1000000] [--runs 5] [--docs 2000] [--plan quiet|noisy]

1. Allocations: a generated allocation of `--lines` lines (the same deterministic generator as
   the criterion bench, `benches/src/lib.rs`, written to a temporary folder; by default the
   quiet plan, `quiet_allocation_csv_text`: every use known, one line in a thousand forbidden;
   `--plan noisy` is `allocation_csv_text`, with an unknown use on one line in eight) checked
   against pandas as an analyst writes it: `pd.read_csv` with the default C engine and the
   default dtype backend, amounts to integer fen either from read_csv's float64 (× 100,
   rounded) or from the text (`dtype={"amount": str}`, the point dropped), group sums with
   `groupby().sum()`, `isin` for the forbidden and unclassified uses. Scenarios, each the
   median of `--runs`:
   - from the CSV file: (a) pandas, float amounts; (b) pandas, text amounts; (c)
     `fundcheck.check_allocations(path)`, against the faster of (a) and (b);
   - from an in-memory DataFrame as read_csv gives it: (d) pandas rules on the frame with
     float amounts, (e) with text amounts; (f) `check_allocations(df_float)` against (d),
     (g) `check_allocations(df_text)` against (e).
   Every timed call does the same work: pandas computes all its figures and flagged lines,
   fundcheck's call reads the report's figures and findings into the same dict
   (`fundcheck_figures`). Before any timing, every variant is asserted to give the same
   figures (source totals, the allocation-table groups, the 15% cap, the 50% floor, the
   shares, the forbidden and unclassified lines).
2. Applications: `fundcheck.check` (every rule of the pack) per document, and `check_many`
   for the batch, against a plain-Python implementation of the prepayment and payment figures
   only (json.loads + Decimal), asserting the same figures.

Prints the versions (pandas, numpy, pyarrow or "not installed", the string dtype pandas gives
text columns), medians and the ratio to the pandas / plain-Python figure (above 1: fundcheck
is faster). Nothing is written to BENCHMARKS.md by this script.
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
from pandas.api.types import is_bool_dtype, is_float_dtype

import fundcheck

try:
    import pyarrow

    PYARROW = pyarrow.__version__
except ImportError:
    PYARROW = "not installed"

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
TWO_PLACES = r"\d+\.\d{2}"


def amount_fen(amount: pd.Series) -> pd.Series:
    """Yuan to integer fen. From read_csv's float64: × 100, rounded to the nearest fen (exact:
    an amount below 10^13 fen is within far less than half a fen of its float). From text: the
    point dropped, which is right only because the generator always writes two decimals
    (`{yuan}.{fen:02}`; `main` asserts it once on the data, `TWO_PLACES`)."""
    if is_float_dtype(amount):
        return np.rint(amount * 100).astype("int64")
    return amount.str.replace(".", "", regex=False).astype("int64")


def pandas_rules(df: pd.DataFrame) -> Dict[str, Any]:
    """The budget figures and flagged lines, as an analyst would write them in pandas."""
    cents = amount_fen(df["amount"])
    provincial = df["source"] == "provincial"
    upward = df["upward"] if is_bool_dtype(df["upward"]) else df["upward"].astype(str).str.lower() == "true"
    by_source = cents.groupby(df["source"]).sum()
    out: Dict[str, Any] = {f"{s}_allocated": int(by_source.get(s, 0)) for s in FUND}
    per_category = cents[provincial].groupby(df.loc[provincial, "category"]).sum()
    out["groups"] = {gid: int(per_category.reindex(cats, fill_value=0).sum()) for gid, _, cats, _ in GROUPS}
    cap = SHARES["budget.public_center_cap"]
    floor = SHARES["budget.upward_min"]
    base = FUND[cap["source"]]
    centre = int(cents[provincial & df["category"].isin(cap["select"]["categories"])].sum())
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
    out["forbidden_lines"] = np.flatnonzero(provincial & df["use"].isin(FORBIDDEN)).tolist()
    out["unclassified_lines"] = np.flatnonzero(provincial & ~df["use"].isin(KNOWN)).tolist()
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


def string_dtype(frame: pd.DataFrame) -> str:
    """The dtype pandas gives a text column (`category`), with its storage: pandas 3's `str`
    is pyarrow-backed when pyarrow is installed, else Python objects ("python" storage)."""
    dtype = frame["category"].dtype
    if isinstance(dtype, pd.StringDtype):
        return f"{dtype} (StringDtype, storage={dtype.storage!r}, na_value={dtype.na_value})"
    return str(dtype)


def allocations(args: argparse.Namespace) -> None:
    quiet = args.plan == "quiet"
    with tempfile.TemporaryDirectory(prefix="fundcheck-bench-") as tmp:
        path = pathlib.Path(tmp) / f"allocation-{args.plan}-{args.lines}.csv"
        path.write_text(allocation_csv_text(args.lines, quiet=quiet), encoding="utf-8")
        size = path.stat().st_size / 1e6
        plan = "every use known, 0.1% forbidden" if quiet else "one use in eight unknown"
        print(f"\nallocation: {args.lines:,} lines ({args.plan} plan: {plan}), {size:.1f} MB CSV; median of {args.runs} runs")

        # The in-memory frames, as read_csv gives them (default C engine and dtype backend).
        df_float = pd.read_csv(path)
        df_text = pd.read_csv(path, dtype={"amount": str})
        assert is_float_dtype(df_float["amount"]), df_float["amount"].dtype
        # Dropping the point is fen only with exactly two decimals: the generator writes them.
        assert df_text["amount"].str.fullmatch(TWO_PLACES).all(), "an amount without exactly two decimals"
        print(f"  pandas string dtype: {string_dtype(df_text)}; upward as {df_text['upward'].dtype}")

        # Scenarios (a)–(g), each timed call doing all its figures.
        a = lambda: pandas_rules(pd.read_csv(path))  # noqa: E731
        b = lambda: pandas_rules(pd.read_csv(path, dtype={"amount": str}))  # noqa: E731
        c = lambda: fundcheck_figures(fundcheck.check_allocations(path))  # noqa: E731
        d = lambda: pandas_rules(df_float)  # noqa: E731
        e = lambda: pandas_rules(df_text)  # noqa: E731
        f = lambda: fundcheck_figures(fundcheck.check_allocations(df_float))  # noqa: E731
        g = lambda: fundcheck_figures(fundcheck.check_allocations(df_text))  # noqa: E731

        # The same figures and flagged lines from every variant, before any timing.
        expected = a()
        for name, run in zip("bcdefg", (b, c, d, e, f, g)):
            assert run() == expected, f"scenario ({name}) disagrees with pandas from CSV (a)"
        reference = fundcheck.check_allocations(path).to_json()
        assert fundcheck.check_allocations(df_float).to_json() == reference, "float DataFrame and CSV reports differ"
        assert fundcheck.check_allocations(df_text).to_json() == reference, "text DataFrame and CSV reports differ"
        print("  same figures and flagged lines, all 7 scenarios: yes "
              f"({len(expected['forbidden_lines']):,} forbidden, {len(expected['unclassified_lines']):,} unclassified)")

        t = {name: median_seconds(run, args.runs)[0] for name, run in zip("abcdefg", (a, b, c, d, e, f, g))}
        pandas_csv = min(t["a"], t["b"])
        faster = "a" if t["a"] <= t["b"] else "b"
        print(f"  {'(a) pandas read_csv + rules, float amounts (×100 rounded)':58} {t['a'] * 1000:10.1f} ms")
        print(f"  {'(b) pandas read_csv(amount as str) + rules, text amounts':58} {t['b'] * 1000:10.1f} ms")
        print(f"  {'    pandas from CSV: the faster, (' + faster + ')':58} {pandas_csv * 1000:10.1f} ms")
        row("(c) fundcheck.check_allocations(csv path)", t["c"], pandas_csv)
        print(f"  {'(d) pandas rules on the in-memory frame, float amounts':58} {t['d'] * 1000:10.1f} ms")
        row("(f) fundcheck.check_allocations(df_float)", t["f"], t["d"])
        print(f"  {'(e) pandas rules on the in-memory frame, text amounts':58} {t['e'] * 1000:10.1f} ms")
        row("(g) fundcheck.check_allocations(df_text)", t["g"], t["e"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--plan", choices=("quiet", "noisy"), default="quiet",
                        help="quiet (default): every use known, one line in a thousand forbidden; noisy: the criterion bench's mix")
    args = parser.parse_args()
    print(f"fundcheck {fundcheck.__version__}, pandas {pd.__version__}, numpy {np.__version__}, "
          f"pyarrow {PYARROW}, Python {sys.version.split()[0]} ({sys.prefix})")

    allocations(args)

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
