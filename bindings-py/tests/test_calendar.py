"""Working days in the official calendar, from Python."""

from __future__ import annotations

import datetime as dt
import json
import pathlib

import pytest

import fundcheck


def test_add_working_days_across_national_day() -> None:
    # Received Friday 2019-09-27: Sun 09-29 (调休) 1, Mon 09-30 2, 10-01…07 off, 10-08 3 … 10-10 5.
    assert fundcheck.add_working_days(dt.date(2019, 9, 27), 5) == dt.date(2019, 10, 10)
    assert fundcheck.add_working_days("2019-09-27", 0) == dt.date(2019, 9, 27)


def test_between_is_the_inverse_of_add() -> None:
    start = dt.date(2020, 1, 17)
    for n in (0, 1, 5, 20, 250):
        end = fundcheck.add_working_days(start, n)
        assert fundcheck.working_days_between(start, end) == n
        assert fundcheck.working_days_between(start.isoformat(), end.isoformat()) == n


def test_between_backwards_is_negative() -> None:
    assert fundcheck.working_days_between("2019-10-10", "2019-09-27") == -5


FIXTURE_TOML = pathlib.Path(__file__).resolve().parents[2] / "tests" / "calendars" / "2027-fixture.toml"
FIXTURE_JSON = FIXTURE_TOML.with_suffix(".json")


def test_a_calendar_year_from_a_file_extends_every_function() -> None:
    """The embedded calendar ends 2026-12-31; the fixture adds 2027 (New Year's Day its one
    holiday): Thursday 2026-12-31 + 1 working day is Monday 2027-01-04."""
    with pytest.raises(fundcheck.CalendarError) as caught:
        fundcheck.add_working_days("2026-12-31", 1)
    assert "add it as a calendar year file (see rules/calendars/README.md)" in str(caught.value)
    for calendar in (FIXTURE_TOML, str(FIXTURE_JSON), [FIXTURE_TOML], FIXTURE_JSON.read_text(encoding="utf-8")):
        assert fundcheck.add_working_days("2026-12-31", 1, calendar=calendar) == dt.date(2027, 1, 4)
    assert fundcheck.working_days_between("2026-12-28", "2027-01-05", calendar=FIXTURE_TOML) == 5
    pack = fundcheck.Pack.default().with_calendar([("2027.toml", FIXTURE_TOML.read_text(encoding="utf-8"))])
    assert pack.digest != fundcheck.Pack.default().digest
    assert fundcheck.add_working_days("2026-12-31", 1, pack=pack) == dt.date(2027, 1, 4)


def test_check_with_a_calendar_year_and_a_bad_year_file() -> None:
    vector = json.loads((FIXTURE_TOML.parents[1] / "vectors" / "deadline-review-with-the-next-year-added.json").read_text(encoding="utf-8"))
    report = fundcheck.check(vector["input"], as_of="2027-01-05", calendar=FIXTURE_TOML)
    assert report.figures["review_due"] == dt.date(2027, 1, 5)
    assert "review_due" not in fundcheck.check(vector["input"], as_of="2027-01-05").figures
    with pytest.raises(fundcheck.PackError) as caught:
        fundcheck.check(vector["input"], calendar='{"format": 1, "year": 2027, "notice": [], "holiday": []}', lang="en")
    assert caught.value.code == "pack.calendar"
    assert "calendar file `calendar[0]`: no `[[notice]]`" in str(caught.value)
