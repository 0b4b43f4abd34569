"""The report in a notebook: to_pandas() and the HTML table."""

from __future__ import annotations

import json
import pathlib
import re
from decimal import Decimal

import pytest

import fundcheck

ROOT = pathlib.Path(__file__).resolve().parents[2]
CSV = ROOT / "examples" / "programme-2019.csv"


def over_cap_with_a_forbidden_use() -> fundcheck.Report:
    lines = [
        {"project": "<b>PSC</b> & co", "category": "public_service_center", "source": "provincial",
         "amount": "2300000.00", "use": "equipment", "upward": False},
        {"project": "<script>alert(1)</script>", "category": "training", "source": "provincial",
         "amount": "10000.00", "use": "staff_pay", "upward": False},
    ]
    return fundcheck.check_allocations(lines, lang="en")


def test_to_pandas_one_row_per_finding() -> None:
    pytest.importorskip("pandas")
    report = fundcheck.check_allocations(CSV)
    df = report.to_pandas()
    assert list(df.columns) == ["rule", "severity", "owner", "path", "clause", "message", "facts"]
    assert set(df["owner"]) == {"administration"}  # an allocation plan is the administration's
    assert len(df) == len(report.findings)
    assert df["rule"].tolist() == [f.rule for f in report.findings]
    cap = df[df["rule"] == "budget.public_center_cap"].iloc[0]
    assert cap["clause"] == "IP 七(三)"
    assert cap["facts"]["share"] == Decimal("0.1480")


def test_html_puts_errors_first_with_the_clause_beside_each() -> None:
    report = over_cap_with_a_forbidden_use()
    html = report._repr_html_()
    severities = re.findall(r"<strong style=\"color:#[0-9a-f]+\">(error|warning|info)</strong>", html)
    assert severities == sorted(severities, key=["error", "warning", "info"].index)
    assert severities[0] == "error" and "warning" in severities
    row = html[html.index("<code>budget.prohibited_use</code>"):]
    row = row[: row.index("</tr>")]
    assert "IP 七(三)" in row and "<code>/lines/1</code>" in row


def test_html_escapes_all_text() -> None:
    html = over_cap_with_a_forbidden_use()._repr_html_()
    assert "<script>" not in html and "<b>PSC" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_html_draws_a_bar_for_ratio_rules() -> None:
    report = over_cap_with_a_forbidden_use()
    html = report._repr_html_()
    assert "15.33% (cap 15%)" in html
    assert "50.00% (floor" not in html  # upward share is 0 here
    assert "0.00% (floor 50%)" in html
    met = fundcheck.check_allocations(CSV, lang="en")._repr_html_()
    assert "14.80% (cap 15%)" in met and "#12b76a" in met
    assert html.count('title="') >= 2


def test_repr_and_counts() -> None:
    report = over_cap_with_a_forbidden_use()
    assert repr(report).startswith("<Report yanshi-2019 allocation as_of=None ok=False error=1 warning=1")
    assert report.counts["error"] == 1
    assert repr(report.findings[0]).startswith("<Finding ")
    assert bool(fundcheck.check_allocations([]))  # a report is truthy even with no findings


def test_html_follows_the_language_of_the_report() -> None:
    # The native Report does not carry its lang: the HTML reads it from the findings' messages.
    zh = fundcheck.check_allocations(CSV, lang="zh")._repr_html_()
    assert 'lang="zh-CN"' in zh
    for word in ("无错误", "资金分配方案", "核查日 —", "错误 0，警告 0，提示 7", "<th", ">级别</th>", ">条款</th>", ">说明</th>", ">数据</summary>", ">提示</strong>"):
        assert word in zh, word
    assert "14.80%（上限 15%）" in zh
    for word in (" as of ", ">severity</th>", ">message</th>", ">figures</summary>", ">info</strong>", "(cap "):
        assert word not in zh, word

    en = fundcheck.check_allocations(CSV, lang="en")._repr_html_()
    assert 'lang="en"' in en
    for word in ("OK", "allocation", "as of —", "0 error, 0 warning, 7 info", ">severity</th>", ">message</th>", ">figures</summary>", ">info</strong>", "14.80% (cap 15%)"):
        assert word in en, word
    assert not re.search(r"[\u4e00-\u9fff]", en.split("<tbody>")[0]), "English headings only"

    # A report with errors, both ways; an application; and an explicit lang wins.
    failing = over_cap_with_a_forbidden_use()
    assert "1 error(s)" in failing._repr_html_()
    lines = [{"project": "P", "category": "public_service_center", "source": "provincial",
              "amount": "2300000.00", "use": "staff_pay", "upward": False}]
    assert "1 项错误" in fundcheck.check_allocations(lines, lang="zh")._repr_html_()
    app = fundcheck.check(ROOT / "examples" / "application-service-stations.json", lang="zh")
    assert "项目申请" in app._repr_html_() and "核查日 2020-06-18" in app._repr_html_()
    from fundcheck import _display

    assert _display.report_lang(app) == "zh"
    assert "as of 2020-06-18" in _display.report_html(app, lang="en")


def test_figures_are_made_once_and_each_read_gets_its_own_dict() -> None:
    report = fundcheck.check(ROOT / "examples" / "application-service-stations.json", as_of="2020-06-20")
    first = report.figures
    assert first["max_prepayment"] == Decimal("600000.00")
    first["max_prepayment"] = "changed"
    del first["phase"]
    again = report.figures
    assert again is not first
    assert again["max_prepayment"] == Decimal("600000.00") and "phase" in again
    assert list(again) == list(json.loads(report.to_json())["figures"])


def test_a_finding_message_is_the_same_text_on_every_read() -> None:
    report = fundcheck.check(json.loads((ROOT / "benches" / "data" / "application.json").read_text(encoding="utf-8")), lang="en")
    canonical = json.loads(report.to_json())["findings"]
    for finding, written in zip(report.findings, canonical):
        first = finding.message
        assert first == written["message"]
        assert finding.message == first and finding.to_dict()["message"] == first
        assert first in repr(finding)


def test_rule_severity_and_ok_are_read_only_values_of_the_report() -> None:
    # The plan above: the public service centre's 2,300,000.00 is 15.33% of the 15,000,000.00
    # granted, over the 15% "in principle" (a warning), and staff pay is a forbidden use (an
    # error), so the report is not ok.
    report = over_cap_with_a_forbidden_use()
    assert report.ok is False
    canonical = json.loads(report.to_json())
    assert [(f.rule, f.severity) for f in report.findings] == [
        (f["rule"], f["severity"]) for f in canonical["findings"]
    ]
    read = [(f.rule, f.severity) for f in report.findings]
    assert ("budget.public_center_cap", "warning") in read and ("budget.prohibited_use", "error") in read
    finding = report.findings[0]
    for name, value in (("rule", "x"), ("severity", "info")):
        with pytest.raises(AttributeError):
            setattr(finding, name, value)
    with pytest.raises(AttributeError):
        report.ok = True  # type: ignore[misc]
