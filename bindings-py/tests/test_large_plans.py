"""A plan large enough to be read on several cores (64 Ki rows of a table; a CSV file of 4 MiB):
the same report from the file, from a DataFrame with and without pyarrow's string storage, and
on one thread, with the figures worked out by hand."""

from __future__ import annotations

import pathlib
from decimal import Decimal

import pytest

import fundcheck

pd = pytest.importorskip("pandas")

ROWS = 90_000


def plan_text() -> str:
    """Even rows 1.00 of provincial money for training, odd rows 2.50 of city money for
    logistics; row 80,000 buys traffic (forbidden for provincial money), row 85,000 a use the
    pack does not list, row 40,000 has its category padded and row 41,000 by its zh label."""
    out = ["project,category,source,amount,use,upward\n"]
    for i in range(ROWS):
        category, source, amount, upward = (
            ("training", "provincial", "1.00", "false") if i % 2 == 0 else ("logistics", "city", "2.50", "true")
        )
        use = {80_000: "traffic_purchase", 85_000: "catering"}.get(i, "equipment")
        if i == 40_000:
            category = " training "
        if i == 41_000:
            category = "培训"
        out.append(f"P{i:06d},{category},{source},{amount},{use},{upward}\n")
    return "".join(out)


def test_a_large_plan_is_one_report_from_the_file_and_from_frames(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "plan.csv"
    path.write_text(plan_text(), encoding="utf-8")
    report = fundcheck.check_allocations(path)
    # 45,000 even rows of 1.00 and 45,000 odd rows of 2.50.
    assert report.figures["provincial_allocated"] == Decimal("45000.00")
    assert report.figures["city_allocated"] == Decimal("112500.00")
    paths = {f.rule: f.path for f in report.findings if f.rule in ("budget.prohibited_use", "budget.unclassified_use")}
    assert paths == {"budget.prohibited_use": "/lines/80000", "budget.unclassified_use": "/lines/85000"}
    expected = report.to_json()
    frame = pd.read_csv(path, dtype={"amount": str}, keep_default_na=False)
    assert fundcheck.check_allocations(frame).to_json() == expected
    floats = pd.read_csv(path, keep_default_na=False)
    assert fundcheck.check_allocations(floats).to_json() == expected
    python_strings = frame.astype({c: pd.StringDtype("python") for c in ["project", "category", "source", "amount", "use"]})
    assert fundcheck.check_allocations(python_strings).to_json() == expected
