"""Every shared vector in tests/vectors/ through the Python API, with the expectations of the
Rust runner (cli/tests/vectors.rs): exit 0/1/2, exact report bytes for golden cases,
findings_include as a subset match, rules_absent, figures (null = absent) and the exact list
of input errors in order.

The input goes in as bytes (``input`` serialised as compact JSON, ``input_text`` as is,
``input_b64`` decoded), so Python parses nothing the engine does not."""

from __future__ import annotations

import base64
import functools
import json
import os
import pathlib
import subprocess
from dataclasses import dataclass
from typing import Any, Dict, List, Optional

import pytest

import fundcheck

ROOT = pathlib.Path(__file__).resolve().parents[2]
VECTORS = ROOT / "tests" / "vectors"


@dataclass
class Case:
    file: str
    name: str
    data: bytes
    csv: bool
    as_of: Optional[str]
    lang: str
    final: bool
    pack: Optional[str]
    params: Dict[str, Any]
    calendar: List[str]
    expect: Dict[str, Any]


def load_cases() -> List[Case]:
    cases = []
    for path in sorted(VECTORS.glob("*.json")):
        parsed = json.loads(path.read_text(encoding="utf-8"))
        for v in parsed if isinstance(parsed, list) else [parsed]:
            assert v.get("why"), f"{path.name}: `why` is required"
            if "input_text" in v:
                data = v["input_text"].encode("utf-8")
            elif "input_b64" in v:
                data = base64.b64decode(v["input_b64"])
            else:
                data = json.dumps(v["input"], ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            cases.append(
                Case(
                    file=path.name,
                    name=v.get("name", "?"),
                    data=data,
                    csv=v.get("format") == "csv",
                    as_of=v.get("as_of"),
                    lang=v.get("lang", "zh"),
                    final=bool(v.get("final", False)),
                    pack=v.get("pack"),
                    params=v.get("params", {}),
                    calendar=v.get("calendar", []),
                    expect=v["expect"],
                )
            )
    return cases


CASES = load_cases()


@functools.lru_cache(maxsize=None)
def pack(path: str) -> fundcheck.Pack:
    return fundcheck.Pack.load(ROOT / path)


@dataclass
class Outcome:
    exit: int
    report: Optional[str]
    input_errors: Optional[List[Dict[str, Any]]]


def pack_of(case: Case) -> Optional[fundcheck.Pack]:
    base = pack(case.pack) if case.pack else None
    if case.params:
        return (base or fundcheck.Pack.default()).with_params(case.params)
    return base


def run(case: Case) -> Outcome:
    try:
        report = fundcheck.check(
            case.data,
            pack=pack_of(case),
            as_of=case.as_of,
            lang=case.lang,
            final=case.final,
            format="csv" if case.csv else "json",
            calendar=[ROOT / p for p in case.calendar] or None,
        )
    except fundcheck.InputError as e:
        return Outcome(2, None, e.errors)
    return Outcome(0 if report.ok else 1, report.to_json(), None)


def same(expected: Any, actual: Any) -> bool:
    """JSON equality: `true` is not `1`."""
    if isinstance(expected, bool) or isinstance(actual, bool):
        return type(expected) is type(actual) and expected == actual
    return bool(expected == actual)


def subset(expected: Any, actual: Any) -> bool:
    if isinstance(expected, dict) and isinstance(actual, dict):
        return all(k in actual and subset(v, actual[k]) for k, v in expected.items())
    return same(expected, actual)


def problems(case: Case, outcome: Outcome) -> List[str]:
    e = case.expect
    found: List[str] = []
    if "exit" in e and e["exit"] != outcome.exit:
        found.append(f"exit {outcome.exit} (expected {e['exit']})")
    if "input_errors" in e:
        actual = outcome.input_errors or []
        wanted = e["input_errors"]
        if len(wanted) != len(actual) or not all(subset(w, a) for w, a in zip(wanted, actual)):
            found.append(f"input_errors {actual} (expected {wanted})")
    report = json.loads(outcome.report) if outcome.report else {}
    if "report" in e:
        expected_text = json.dumps(e["report"], ensure_ascii=False, separators=(",", ":"))
        if outcome.report != expected_text:
            found.append(f"report\n  got      {outcome.report}\n  expected {expected_text}")
    findings = report.get("findings", [])
    for wanted in e.get("findings_include", []):
        if not any(subset(wanted, f) for f in findings):
            found.append(f"no finding like {wanted}")
    for rule in e.get("rules_absent", []):
        if any(f["rule"] == rule for f in findings):
            found.append(f"rule {rule} should be silent")
    figures = report.get("figures", {})
    for name, value in (e.get("figures") or {}).items():
        same = (name not in figures) if value is None else (name in figures and subset(value, figures[name]))
        if not same:
            found.append(f"figure {name} = {figures.get(name, '(absent)')} (expected {value})")
    return found


@pytest.mark.parametrize("case", CASES, ids=[f"{c.file}::{c.name}" for c in CASES])
def test_vector(case: Case) -> None:
    found = problems(case, run(case))
    assert not found, "\n".join(found)


def test_vectors_exist() -> None:
    assert len(CASES) > 100


def _cli() -> Optional[str]:
    return os.environ.get("FUNDCHECK_CLI")


@pytest.mark.skipif(not _cli(), reason="set FUNDCHECK_CLI to a fundcheck binary built from this tree")
def test_every_vector_gives_the_cli_bytes(tmp_path: pathlib.Path) -> None:
    """The same canonical bytes (or input errors) as the command line, for every vector
    (opt-in: a binary built from another tree would mislead)."""
    failures = []
    for i, case in enumerate(CASES):
        source = tmp_path / (f"{i}.csv" if case.csv else f"{i}.json")
        source.write_bytes(case.data)
        args = [str(_cli()), "check", str(source), "--format", "json", "--lang", case.lang]
        if case.as_of:
            args += ["--as-of", case.as_of]
        if case.final:
            args.append("--final")
        if case.pack:
            args += ["--pack", str(ROOT / case.pack)]
        for key, value in case.params.items():
            args += ["--param", f"{key}={json.dumps(value, ensure_ascii=False)}"]
        for path in case.calendar:
            args += ["--calendar", str(ROOT / path)]
        done = subprocess.run(args, capture_output=True, check=False)
        outcome = run(case)
        if done.returncode != outcome.exit:
            failures.append(f"{case.file}: exit {done.returncode} (python {outcome.exit})")
        elif outcome.report is not None and done.stdout.decode("utf-8") != outcome.report + "\n":
            failures.append(f"{case.file}: report bytes differ")
        elif outcome.report is None and json.loads(done.stderr)["error"]["errors"] != outcome.input_errors:
            failures.append(f"{case.file}: input errors differ")
    assert not failures, "\n".join(failures)
