"""Working days in the official calendar, from Python."""

from __future__ import annotations

import datetime as dt

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
