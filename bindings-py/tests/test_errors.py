"""The error objects: InputError (every problem, flattened), PackError, CalendarError, and
no PanicException ever."""

from __future__ import annotations

import pathlib
import pickle

import pytest

import fundcheck
from fundcheck import _fundcheck as native

ROOT = pathlib.Path(__file__).resolve().parents[2]

BAD = {
    "kind": "allocation",
    "lines": [
        {"project": "P1", "category": "canteen", "source": "provincial", "amount": "1.234", "use": "equipment", "upward": False},
        {"project": "P2", "category": "training", "source": "provincial", "amount": "5.00", "upward": "yes"},
    ],
}


def test_input_error_lists_every_problem_in_document_order() -> None:
    with pytest.raises(fundcheck.InputError) as caught:
        fundcheck.check(BAD, lang="en")
    e = caught.value
    assert isinstance(e, ValueError)
    # `"upward": "yes"` is a yes/no word, read as true in JSON too (issue 14): not a problem.
    assert [(x["code"], x["path"]) for x in e.errors] == [
        ("input.vocabulary", "/lines/0/category"),
        ("input.money", "/lines/0/amount"),
        ("input.missing", "/lines/1/use"),
    ]
    assert e.path == "/lines/0/category"
    assert e.errors[1]["message"] == "`1.234`: an amount has at most 2 decimals (fen)"
    assert e.errors[2]["message"] == "required field `use` is missing"
    assert all(set(x) == {"code", "path", "message"} for x in e.errors)


def test_input_error_message_is_text_not_json() -> None:
    with pytest.raises(fundcheck.InputError) as caught:
        fundcheck.check(BAD, lang="en")
    text = str(caught.value)
    assert text.startswith("/lines/0/category: `canteen` is not a known funding category (IP 四(一), ")
    assert text.endswith(
        "; expected one of city rural e-commerce public service centre (`public_service_center`); "
        "rural e-commerce training system (`training`); "
        "e-commerce logistics system (city, town, village) (`logistics`); "
        "agricultural e-commerce supply chain system (`supply_chain`); "
        "agricultural e-commerce marketing services system (`marketing`); "
        "rural e-commerce service stations system (`service_stations`); "
        "building an e-commerce atmosphere (`atmosphere`) (and 2 more problems)"
    )
    assert [e["path"] for e in caught.value.errors] == ["/lines/0/category", "/lines/0/amount", "/lines/1/use"]
    assert '{"code"' not in text and "'code'" not in text


def test_input_error_messages_follow_lang() -> None:
    with pytest.raises(fundcheck.InputError) as caught:
        fundcheck.check(BAD)
    assert caught.value.errors[2]["message"] == "缺少必填字段 `use`"


def test_csv_input_errors_carry_the_file_line(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "plan.csv"
    path.write_text(
        "project,category,source,amount,use,upward\nP1,training,provincial,10.00,equipment,false\nP2,training,provincial,abc,equipment,false\n",
        encoding="utf-8",
    )
    with pytest.raises(fundcheck.InputError) as caught:
        fundcheck.check_allocations(path, lang="en")
    assert caught.value.errors == [
        {
            "code": "input.money",
            "path": "/lines/1/amount",
            "line": 3,
            "message": "`abc`: not an amount; write it in yuan as digits with at most 2 decimals, such as 1200000.00 or 1,200,000.00",
        }
    ]
    # An error about a file names it, as the command line does.
    assert caught.value.file == str(path)
    assert str(caught.value) == (
        f"{path}: /lines/1/amount (line 3): `abc`: not an amount; write it in yuan as digits with at most 2 decimals, such as 1200000.00 or 1,200,000.00"
    )
    with pytest.raises(fundcheck.InputError) as caught:
        fundcheck.check(str(path), lang="en")
    assert caught.value.file == str(path) and str(caught.value).startswith(f"{path}: /lines/1/amount")
    assert pickle.loads(pickle.dumps(caught.value)).file == str(path)


def test_syntax_error_of_json_text() -> None:
    with pytest.raises(fundcheck.InputError) as caught:
        fundcheck.check('{"kind": "allocation", "lines": [}')
    assert caught.value.code == "input.syntax"


def test_input_error_pickles() -> None:
    with pytest.raises(fundcheck.InputError) as caught:
        fundcheck.check(BAD)
    again = pickle.loads(pickle.dumps(caught.value))
    assert again.errors == caught.value.errors and str(again) == str(caught.value)


def test_pack_error_names_rule_and_key(tmp_path: pathlib.Path) -> None:
    with pytest.raises(fundcheck.PackError) as caught:
        fundcheck.Pack.load(ROOT / "tests" / "packs" / "broken-table.toml")
    e = caught.value
    assert isinstance(e, ValueError)
    assert e.errors and all(set(x) == {"code", "path", "message"} for x in e.errors)
    assert str(e).startswith(str(ROOT / "tests" / "packs" / "broken-table.toml") + ": the pack is not valid: ")
    with pytest.raises(OSError):
        fundcheck.Pack.load(tmp_path / "absent.toml")


def test_other_pack_loads_with_its_own_digest() -> None:
    other = fundcheck.Pack.load(ROOT / "tests" / "packs" / "other-county.toml")
    assert other.id != "yanshi-2019"
    assert other != fundcheck.Pack.default()
    assert fundcheck.Pack.default() == fundcheck.Pack.default()
    assert other.digest.startswith("sha256:") and len(other.digest) == 71
    rules = fundcheck.Pack.default().rules
    assert rules[0].id and rules[0].severity in ("error", "warning", "info")
    assert any(r.id == "budget.public_center_cap" and r.clause == "IP 七(三)" for r in rules)


def test_calendar_error_is_a_value_error_with_a_clear_message() -> None:
    with pytest.raises(fundcheck.CalendarError) as caught:
        fundcheck.add_working_days("2030-01-02", 3)
    e = caught.value
    assert isinstance(e, ValueError)
    assert str(e) == "`2030-01-02` is outside the working-day calendar, which covers `2019-01-01` to `2026-12-31`; once that year's holiday notice is out, add it as a calendar year file (see rules/calendars/README.md)"
    assert (e.code, e.path) == ("calendar.out_of_range", "")
    zh = pytest.raises(fundcheck.CalendarError, fundcheck.add_working_days, "2030-01-02", 3, lang="zh")
    assert str(zh.value) == "`2030-01-02` 不在工作日历范围内（日历自 `2019-01-01` 至 `2026-12-31`）；该年的节假日安排公布后，可将其作为日历年度文件加入（见 rules/calendars/README.md）"
    with pytest.raises(fundcheck.CalendarError):
        fundcheck.working_days_between("2018-12-01", "2019-01-10")
    with pytest.raises(fundcheck.ArgumentError, match=r"^/n: argument `n` must be a whole number of 0 or more, not `-1`$"):
        fundcheck.add_working_days("2020-01-02", -1)


def test_malformed_buffers_are_errors_not_panics() -> None:
    too_short = ("large_utf8", 0, None, b"\x00" * 8, b"")
    with pytest.raises(ValueError, match="column `project`: values buffer too short"):
        native.check_columns(3, {"project": too_short}, [])
    out_of_range = ("large_utf8", 0, None, (0).to_bytes(8, "little") + (99).to_bytes(8, "little"), b"ab")
    with pytest.raises(ValueError, match="text offsets of row 0 are out of range"):
        native.check_columns(1, {"project": out_of_range}, [])
    with pytest.raises(ValueError, match="unknown buffer kind"):
        native.check_columns(1, {"amount": ("f32", 0, None, b"", None)}, [])


def test_a_panic_comes_out_as_internal_error_never_panic_exception() -> None:
    assert issubclass(fundcheck.InternalError, RuntimeError)
    for detached in (False, True):
        with pytest.raises(fundcheck.InternalError, match="internal error in fundcheck, please report it: boom"):
            native._panic("boom", detached=detached)
    assert fundcheck.check({"kind": "allocation", "lines": []}).ok  # still usable afterwards
