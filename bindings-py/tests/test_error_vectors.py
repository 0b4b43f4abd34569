"""The shared error vectors (tests/errors/): the same malformed call raises the same error
object as in JavaScript and the core — class name, code, path, message and every problem."""

from __future__ import annotations

import json
import pathlib
from typing import Any, Dict

import pytest

import fundcheck

ROOT = pathlib.Path(__file__).resolve().parents[2]
CASES = sorted((ROOT / "tests" / "errors").glob("*.json"))
NAMES = {"asOf": "as_of", "maxFindings": "max_findings"}


def run(case: Dict[str, Any]) -> None:
    call = case["call"]
    if call == "check":
        options = {NAMES.get(k, k): v for k, v in case.get("options", {}).items()}
        params = options.pop("params", None)
        pack = fundcheck.Pack.default()
        if params:
            pack = pack.with_params(params, lang=options.get("lang", "zh"))
        fundcheck.check(case.get("input_text") or json.dumps(case["input"]), pack=pack, **options)
    elif call == "add_working_days":
        fundcheck.add_working_days(case["date"], case["n"], lang=case.get("lang", "en"))
    elif call == "working_days_between":
        fundcheck.working_days_between(case["a"], case["b"], lang=case.get("lang", "en"))
    else:
        raise AssertionError(f"unknown call {call}")


def test_there_are_error_vectors() -> None:
    assert CASES


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_error_vector(path: pathlib.Path) -> None:
    case = json.loads(path.read_text(encoding="utf-8"))
    assert case.get("why"), "`why` is required"
    with pytest.raises(fundcheck.FundcheckError) as caught:
        run(case)
    e = caught.value
    got = {"error": type(e).__name__, "code": e.code, "path": e.path, "message": str(e), "errors": e.errors}
    assert got == case["expect"]["error"]
