"""An analyst's pass over the 2019 programme with the fundcheck Python package.

Run from the repository root:  python examples/analyst.py
Needs only `pip install ./bindings-py` (no pandas, polars or pyarrow: the plan is a CSV path).
(Type-checked in the test suite with `mypy --strict examples/analyst.py`.)

1. Checks the allocation plan (examples/programme-2019.csv) and prints the budget figures.
2. Asks how much more the public service centre could take before the 15% cap (IP 七(三)).
3. Checks a batch of application variants in one call and lists those over the prepayment cap.
4. Works out a review deadline in working days (PM 三).
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import pathlib
from decimal import Decimal
from typing import Any, Dict, List

import fundcheck

EXAMPLES = pathlib.Path(__file__).resolve().parent


def money(value: fundcheck.Value) -> Decimal:
    """A money figure (a Decimal) or zero."""
    return value if isinstance(value, Decimal) else Decimal(0)


def budget() -> fundcheck.Report:
    report = fundcheck.check_allocations(EXAMPLES / "programme-2019.csv", lang="en")
    print(f"allocation plan: ok={report.ok} counts={report.counts}")
    for name in ("provincial_allocated", "public_center_amount", "public_center_share", "upward_share"):
        print(f"  {name:24} {report.figures[name]}")
    return report


def centre_headroom(report: fundcheck.Report) -> Decimal:
    cap = next(f for f in report.findings if f.rule == "budget.public_center_cap")
    headroom = money(cap.facts["headroom"])
    print(f"public service centre: {headroom} yuan below the cap ({cap.clause})")
    return headroom


def batch() -> List[str]:
    base: Dict[str, Any] = json.loads((EXAMPLES / "application-service-stations.json").read_text(encoding="utf-8"))
    docs: List[Dict[str, Any]] = []
    for i, prepaid in enumerate(("500000.00", "600000.00", "600000.01", "700000.00")):
        doc = copy.deepcopy(base)
        doc["id"] = f"YS-2020-{i:03d}"
        doc["process"]["evaluation_issued"] = None  # acceptance not passed: every payment is a prepayment
        doc["process"]["result"] = None
        doc["payments"] = [{"date": "2019-11-20", "amount": prepaid}]
        docs.append(doc)
    over: List[str] = []
    for doc, report in zip(docs, fundcheck.check_many(docs, as_of=dt.date(2020, 6, 1), lang="en")):
        if any(f.rule == "prepayment.cap" and f.severity == "error" for f in report.findings):
            over.append(str(doc["id"]))
    print(f"over the prepayment cap: {over}")
    return over


def review_deadline() -> dt.date:
    received = dt.date(2019, 9, 27)
    due = fundcheck.add_working_days(received, 5)
    assert fundcheck.working_days_between(received, due) == 5
    print(f"received {received}: review due {due} (5 working days, National Day skipped)")
    return due


def main() -> None:
    report = budget()
    centre_headroom(report)
    batch()
    review_deadline()
    try:
        fundcheck.check_allocations([{"project": "X", "category": "training", "source": "provincial",
                                      "amount": 0.1 + 0.2, "use": "equipment", "upward": False}])
    except fundcheck.InputError as e:
        print(f"refused: {e.path} ({e.code})")


if __name__ == "__main__":
    main()
