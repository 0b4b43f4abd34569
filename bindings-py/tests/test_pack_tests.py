"""A pack's tests from Python (issue 15): the same cases and coverage as `fundcheck test`."""

from __future__ import annotations

import pathlib

import pytest

import fundcheck

ROOT = pathlib.Path(__file__).resolve().parents[2]


def test_the_shipped_tests_with_the_vectors_cover_every_rule() -> None:
    outcome = fundcheck.run_tests(
        ROOT / "rules" / "tests", ROOT / "tests" / "packs" / "tests", ROOT / "tests" / "vectors", min_coverage=100
    )
    assert outcome["failed"] == 0 and outcome["passed"] >= 400
    yanshi = next(c for c in outcome["coverage"] if c["pack"] == "yanshi-2019 2019-04-30")
    assert (yanshi["rules"]["covered"], yanshi["rules"]["total"]) == (55, 55)
    assert yanshi["digest"] == fundcheck.Pack.default().digest
    # Every county pack in rules/ runs from Python, its rules all covered by its tests.
    packs = {c["pack"].split()[0]: c for c in outcome["coverage"]}
    for name in ["hengxian-2016", "tonghe-2018", "huoqiu-2020", "dazhu", "pingyuan-stages-test", "huma-approval-test"]:
        assert packs[name]["rules"]["covered"] == packs[name]["rules"]["total"], name
    tonghe = fundcheck.Pack.load(ROOT / "rules" / "tonghe-2018.toml")
    assert packs["tonghe-2018"]["digest"] == tonghe.digest


def test_a_failing_case_is_reported_and_min_coverage_raises(tmp_path: pathlib.Path) -> None:
    suite = tmp_path / "suite.json"
    suite.write_text(
        '{"case": [{"name": "wrong", "input": {"kind": "allocation", "lines": []},'
        ' "expect": {"exit": 0, "figures": {"provincial_allocated": "1.00"}}}]}',
        encoding="utf-8",
    )
    outcome = fundcheck.run_tests(suite)
    assert outcome["failed"] == 1
    assert outcome["cases"][0]["failures"] == ['figure provincial_allocated is "0.00", expected "1.00"']
    with pytest.raises(AssertionError, match="wrong"):
        fundcheck.run_tests(suite, min_coverage=0)
    with pytest.raises(ValueError, match="no-such"):
        fundcheck.run_tests(tmp_path / "no-such.toml")


def test_params_is_a_what_if_the_report_lists() -> None:
    """10% of the provincial 15,000,000.00 is 1,500,000.00; the programme's centre has
    2,220,000.00, so 720,000.00 over (a warning: 原则上)."""
    csv = ROOT / "examples" / "programme-2019.csv"
    params = {"/rules/budget.public_center_cap/params/share": "0.10"}
    report = fundcheck.check_allocations(csv, params=params)
    assert str(report.figures["public_center_headroom"]) == "-720000.00"
    assert report.pack["overrides"] == [{"param": "/rules/budget.public_center_cap/params/share", "value": "0.10"}]
    assert "overrides" not in fundcheck.check_allocations(csv).pack
    assert report.pack["digest"] != fundcheck.Pack.default().digest


def test_a_pack_bundle_loads_with_the_toml_pack_s_digest(tmp_path: pathlib.Path) -> None:
    import subprocess

    cli = pytest.importorskip("os").environ.get("FUNDCHECK_CLI") or str(ROOT / "target" / "debug" / "fundcheck")
    if not pathlib.Path(cli).exists():
        pytest.skip("no fundcheck binary")
    bundle = tmp_path / "qingshan.json"
    bundle.write_bytes(subprocess.run([cli, "pack", "show", "--resolved", str(ROOT / "tests" / "packs" / "other-county.toml")], check=True, capture_output=True).stdout)
    assert fundcheck.Pack.load(bundle).digest == fundcheck.Pack.load(ROOT / "tests" / "packs" / "other-county.toml").digest
