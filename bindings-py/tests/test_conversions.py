"""Python values in and out: money as Decimal/int/str/float (exact to the fen), dates as
date or ISO text, figures back as Decimal, date and int."""

from __future__ import annotations

import datetime as dt
import json
import pathlib
from decimal import Decimal
from typing import Any, Dict

import pytest

import fundcheck

ROOT = pathlib.Path(__file__).resolve().parents[2]
APPLICATION = json.loads((ROOT / "examples" / "application-service-stations.json").read_text(encoding="utf-8"))


def line(amount: Any, **extra: Any) -> Dict[str, Any]:
    base = {
        "project": "P01",
        "category": "public_service_center",
        "source": "provincial",
        "amount": amount,
        "use": "equipment",
        "upward": False,
    }
    base.update(extra)
    return base


def allocated(amount: Any) -> Any:
    report = fundcheck.check({"kind": "allocation", "lines": [line(amount)]})
    return report.figures["provincial_allocated"]


@pytest.mark.parametrize(
    "amount",
    [Decimal("2000000.00"), Decimal("2000000"), Decimal("2000000.000"), Decimal("2E+6"), 2000000, "2000000.00", 2000000.0],
)
def test_money_in_every_python_form_is_the_same_amount(amount: Any) -> None:
    assert allocated(amount) == Decimal("2000000.00")


def test_float_exact_to_the_fen_is_accepted() -> None:
    assert allocated(1234567.89) == Decimal("1234567.89")
    assert allocated(0.1) == Decimal("0.10")


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (0.1 + 0.2, "`0.30000000000000004`: a number with more than 15 significant digits must be written as a string"),
        (1.005 * 3, "`3.0149999999999997`: a number with more than 15 significant digits must be written as a string"),
        (0.125, "`0.125`: an amount has at most 2 decimals (fen)"),
        (Decimal("1.255"), "`1.255`: an amount has at most 2 decimals (fen)"),
        ("12.5.0", "`12.5.0`: not an amount; write it in yuan as digits with at most 2 decimals, such as 1200000.00 or 1,200,000.00"),
        (-5, "`-5`: an amount must be greater than 0"),
    ],
)
def test_money_not_exact_to_the_fen_is_an_input_error_naming_the_path(amount: Any, message: str) -> None:
    with pytest.raises(fundcheck.InputError) as caught:
        fundcheck.check({"kind": "allocation", "lines": [line("1.00"), line(amount)]}, lang="en")
    assert caught.value.errors == [{"code": "input.money", "path": "/lines/1/amount", "message": message}]
    assert caught.value.path == "/lines/1/amount"
    assert caught.value.code == "input.money"


def test_payment_amount_as_float_in_an_application() -> None:
    doc = json.loads(json.dumps(APPLICATION))
    doc["payments"][0]["amount"] = 500000.0
    assert fundcheck.check(doc).to_json() == fundcheck.check(APPLICATION).to_json()
    doc["payments"][0]["amount"] = 500000.001
    with pytest.raises(fundcheck.InputError) as caught:
        fundcheck.check(doc)
    assert caught.value.path == "/payments/0/amount"


def test_dates_in_a_dict_may_be_date_objects() -> None:
    doc = json.loads(json.dumps(APPLICATION))
    doc["payments"][0]["date"] = dt.date(2019, 11, 20)
    doc["project"]["completed_on"] = dt.datetime(2020, 5, 20)  # midnight: a date
    assert fundcheck.check(doc).to_json() == fundcheck.check(APPLICATION).to_json()
    doc["project"]["completed_on"] = dt.datetime(2020, 5, 20, 9, 30)
    with pytest.raises(fundcheck.InputError) as caught:
        fundcheck.check(doc)
    assert caught.value.errors[0]["code"] == "input.date"
    assert caught.value.path == "/project/completed_on"


def test_as_of_as_date_or_iso_text_is_the_same() -> None:
    by_text = fundcheck.check(APPLICATION, as_of="2020-06-20")
    by_date = fundcheck.check(APPLICATION, as_of=dt.date(2020, 6, 20))
    assert by_text.to_json() == by_date.to_json()
    assert by_date.as_of == dt.date(2020, 6, 20)


def test_bad_as_of() -> None:
    with pytest.raises(fundcheck.ArgumentError) as caught:
        fundcheck.check(APPLICATION, as_of="2020-02-30", lang="en")
    e = caught.value
    assert (e.code, e.path) == ("argument.invalid", "/as_of")
    assert str(e) == "/as_of: option `as_of` must be a date written year first (such as 2020-06-30, 2020/6/30 or 2020年6月30日), not `2020-02-30`"
    with pytest.raises(TypeError) as caught:
        fundcheck.check(APPLICATION, as_of=20200620)
    assert str(caught.value) == "/as_of：选项 as_of 应为年份在前的日期（如 2020-06-30、2020/6/30 或 2020年6月30日），而不是 `20200620`"


def test_bad_lang_and_format() -> None:
    # A bad language is reported in English: the caller asked for something other than zh.
    with pytest.raises(ValueError, match=r"^/lang: option `lang` must be `zh` or `en`, not `fr`$"):
        fundcheck.check(APPLICATION, lang="fr")
    with pytest.raises(fundcheck.ArgumentError) as caught:
        fundcheck.check(b"{}", format="xml", lang="en")
    assert caught.value.errors == [
        {"code": "argument.invalid", "path": "/format", "message": "option `format` must be `json` or `csv`, not `xml`"}
    ]


def test_figures_are_typed() -> None:
    report = fundcheck.check(APPLICATION)
    figures = report.figures
    assert figures["max_prepayment"] == Decimal("600000.00")
    assert figures["max_prepayment"].as_tuple().exponent == -2
    assert figures["review_due"] == dt.date(2020, 6, 1)
    assert isinstance(figures["priority_score"], int)
    assert isinstance(figures["phase"], str)
    csv = fundcheck.check_allocations(ROOT / "examples" / "programme-2019.csv")
    share = csv.figures["public_center_share"]
    assert isinstance(share, Decimal) and share.as_tuple().exponent == -4
    assert str(share) == json.loads(csv.to_json())["figures"]["public_center_share"]


def test_facts_are_typed_like_figures() -> None:
    report = fundcheck.check(APPLICATION)
    cap = next(f for f in report.findings if f.rule == "prepayment.cap")
    assert cap.facts["max_prepayment"] == Decimal("600000.00")
    assert cap.to_dict()["facts"] == cap.facts


def test_document_forms_give_the_same_report(tmp_path: pathlib.Path) -> None:
    text = json.dumps(APPLICATION, ensure_ascii=False)
    path = tmp_path / "app.json"
    path.write_text(text, encoding="utf-8")
    expected = fundcheck.check(APPLICATION).to_json()
    assert fundcheck.check(text).to_json() == expected
    assert fundcheck.check(text.encode("utf-8")).to_json() == expected
    assert fundcheck.check(path).to_json() == expected
    assert fundcheck.check(str(path)).to_json() == expected
    with pytest.raises(TypeError, match="a document is a dict"):
        fundcheck.check(42)


def test_to_dict_is_the_canonical_json() -> None:
    report = fundcheck.check(APPLICATION)
    assert report.to_dict() == json.loads(report.to_json())
    assert list(report.to_dict()) == ["pack", "kind", "as_of", "ok", "applicant_ok", "counts", "findings", "figures"]
    assert report.applicant_ok is report.to_dict()["applicant_ok"]
    assert [f.owner for f in report.findings] == [f["owner"] for f in report.to_dict()["findings"]]
    assert report.counts == report.to_dict()["counts"]
    assert report.pack["digest"] == fundcheck.Pack.default().digest


def test_nan_in_a_dict_reads_as_missing() -> None:
    with pytest.raises(fundcheck.InputError) as caught:
        fundcheck.check({"kind": "allocation", "lines": [line(float("nan"))]}, lang="en")
    assert caught.value.errors[0]["path"] == "/lines/0/amount"


def test_max_findings_and_final() -> None:
    lines = [line("100.00", use="staff_pay", project=f"P{i}") for i in range(5)]
    report = fundcheck.check({"kind": "allocation", "lines": lines}, max_findings=3)
    assert len(report.findings) == 4
    assert report.findings[-1].rule == "report.max_findings"
    draft = fundcheck.check_allocations([line("100.00")])
    final = fundcheck.check_allocations([line("100.00")], final=True)
    assert [f.severity for f in draft.findings if f.rule == "budget.upward_min"] == ["info"]
    assert [f.severity for f in final.findings if f.rule == "budget.upward_min"] == ["error"]


def test_figures_that_share_a_value_or_a_day_read_the_same_in_every_report() -> None:
    # One Decimal per amount in a report, one date object per day across reports: each is
    # immutable, so sharing shows only in `is`, never in a value.
    doc = json.loads(json.dumps(APPLICATION))
    doc["payments"] = [{"date": "2019-06-03", "amount": "1000.00"}]
    first, second = fundcheck.check(doc).figures, fundcheck.check(doc).figures
    assert first == second
    for name, value in first.items():
        assert type(value) in (Decimal, dt.date, int, str, list), name
        if isinstance(value, Decimal):
            assert value == Decimal(str(value)) and str(value).count(".") == 1, name
    assert first["prepaid"] == first["paid"] == Decimal("1000.00")
    days = [fundcheck.add_working_days(dt.date(2019, 1, 1), n) for n in range(0, 400, 7)]
    assert days == [fundcheck.add_working_days("2019-01-01", n) for n in range(0, 400, 7)]
    assert all(type(d) is dt.date for d in days) and days == sorted(days)


def test_a_dict_of_figures_made_like_an_earlier_one_is_its_own() -> None:
    # Dicts of the same names are made from a kept copy of the first: each is a new dict
    # with this report's values, whatever was done to the ones before.
    doc = json.loads(json.dumps(APPLICATION))
    first = fundcheck.check(doc).figures
    expected = dict(first)
    first.clear()
    first["paid"] = "changed"
    doc["payments"] = [{"date": "2019-06-03", "amount": "1000.00"}]
    second = fundcheck.check(doc).figures
    assert list(second) == list(expected)
    assert second["paid"] == Decimal("1000.00") and second != expected
    third = fundcheck.check(json.loads(json.dumps(APPLICATION))).figures
    assert third == expected and third is not first
    facts = fundcheck.check(doc).findings[0].facts
    kept = dict(facts)
    facts.clear()
    assert kept and fundcheck.check(doc).findings[0].facts == kept
