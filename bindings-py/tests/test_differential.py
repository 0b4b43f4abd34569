"""The differential test, Python side: every case that cli/tests/differential.rs generated and
ran through the Rust library (target/differential/cases.jsonl) goes through
``fundcheck.check`` as the same bytes, and must give the same canonical report bytes
(``Report.to_json()``) and exit code, or the same input errors (code, path, line, message, in
order).

``cargo test`` writes the file (scripts/test runs it before pytest); without it the test is
skipped, saying how to make it."""

from __future__ import annotations

import base64
import json
import pathlib
from typing import Any, Dict, List, Optional

import pytest

import fundcheck

ROOT = pathlib.Path(__file__).resolve().parents[2]
CASES = ROOT / "target" / "differential" / "cases.jsonl"


def load() -> List[Dict[str, Any]]:
    if not CASES.exists():
        return []
    with CASES.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def outcome(case: Dict[str, Any], doc: Any = None) -> Dict[str, Any]:
    """The case's answer from Python: for its bytes, or for `doc` (the same document as a dict
    or as the JSON text of one) when given."""
    data = base64.b64decode(case["input_b64"]) if doc is None else doc
    try:
        report = fundcheck.check(
            data,
            as_of=case["as_of"],
            lang=case["lang"],
            final=case["final"],
            format=case["format"],
        )
    except fundcheck.InputError as e:
        return {"exit": 2, "input_errors": e.errors}
    return {"exit": 0 if report.ok else 1, "report": report.to_json()}


def differences(case: Dict[str, Any], got: Dict[str, Any]) -> Optional[str]:
    expect = case["expect"]
    if got == expect:
        return None
    if got["exit"] != expect["exit"]:
        return f"exit {got['exit']} (library {expect['exit']})"
    if "report" in expect:
        return f"report\n  python  {got.get('report')}\n  library {expect['report']}"
    return f"input errors\n  python  {got.get('input_errors')}\n  library {expect['input_errors']}"


@pytest.mark.skipif(not CASES.exists(), reason=f"{CASES} is missing: run `cargo test -p fundcheck-cli --test differential` first")
def test_every_generated_case_gives_the_library_s_answer() -> None:
    cases = load()
    assert len(cases) >= 2000, f"only {len(cases)} cases in {CASES}"
    failures = []
    for case in cases:
        found = differences(case, outcome(case))
        if found:
            failures.append(f"{case['name']}: {found}")
    exits = {n: sum(1 for c in cases if c["expect"]["exit"] == n) for n in (0, 1, 2)}
    print(f"{len(cases)} generated cases, exits {exits}, {len(failures)} differing")
    shown = "\n\n".join(failures[:10])
    assert not failures, f"{len(failures)} of {len(cases)} cases differ from the Rust library:\n\n{shown}"


@pytest.mark.skipif(not CASES.exists(), reason=f"{CASES} is missing: run `cargo test -p fundcheck-cli --test differential` first")
def test_generated_documents_as_dicts_read_as_their_text() -> None:
    """Through the host reader: each JSON case that Python parses to a dict, given as that dict,
    answers as the dict's JSON text does; where that text is the case's bytes, as the library did."""
    from fundcheck import _docs

    compared = same_bytes = 0
    failures = []
    for case in load():
        if case["format"] != "json":
            continue
        data = base64.b64decode(case["input_b64"])
        try:
            doc = json.loads(data)
        except ValueError:
            continue
        if type(doc) is not dict:
            continue
        text = _docs.dumps(doc)
        as_dict = outcome(case, doc)
        as_text = outcome(case, text)
        compared += 1
        if as_dict != as_text:
            failures.append(f"{case['name']}: dict {as_dict} / text {as_text}")
        elif text == data:
            same_bytes += 1
            if differences(case, as_dict):
                failures.append(f"{case['name']}: {differences(case, as_dict)}")
    print(f"{compared} generated documents compared as dicts, {same_bytes} of them the case's own bytes")
    assert compared >= 1000 and same_bytes >= 100, (compared, same_bytes)
    assert not failures, "\n\n".join(failures[:10])

