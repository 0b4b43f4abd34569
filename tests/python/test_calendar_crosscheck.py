"""Cross-check of the working-day calendar data (rules/calendars/*.toml) against the
`chinesecalendar` package (PyPI `chinesecalendar`, module `chinese_calendar`).

The TOML files were transcribed by hand from the State Council notices; this test only
compares them, day by day from 2019-01-01 to 2026-12-31, with an independent source.
Checked against chinesecalendar 1.11.0 (the latest release when this was written).

Run: pip install chinesecalendar pytest && pytest tests/python/test_calendar_crosscheck.py
"""

from __future__ import annotations

import datetime as dt
import pathlib
import tomllib

import pytest

chinese_calendar = pytest.importorskip("chinese_calendar")

CALENDARS = pathlib.Path(__file__).resolve().parents[2] / "rules" / "calendars"
FIRST = dt.date(2019, 1, 1)
LAST = dt.date(2026, 12, 31)


def _dates(items: list[str]) -> list[dt.date]:
    """`YYYY-MM-DD` and inclusive `YYYY-MM-DD..YYYY-MM-DD`, as the README defines them."""
    out: list[dt.date] = []
    for item in items:
        start, _, end = item.partition("..")
        a = dt.date.fromisoformat(start)
        b = dt.date.fromisoformat(end) if end else a
        out.extend(a + dt.timedelta(days=i) for i in range((b - a).days + 1))
    return out


def load_calendar() -> dict[dt.date, tuple[bool, str]]:
    """Every day a notice decides -> (is a working day, notice number), later notices last."""
    claims: list[tuple[dt.date, str, dt.date, bool]] = []
    for path in sorted(CALENDARS.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        notice_dates = {n["number"]: dt.date.fromisoformat(n["date"]) for n in data["notice"]}
        for h in data["holiday"]:
            issued = notice_dates[h["notice"]]
            for d in _dates(h.get("off", []) + h.get("with_weekend", [])):
                claims.append((issued, h["notice"], d, False))
            for d in _dates(h.get("work", [])):
                claims.append((issued, h["notice"], d, True))
    decided: dict[dt.date, tuple[bool, str]] = {}
    for _issued, notice, d, works in sorted(claims, key=lambda c: c[0]):
        decided[d] = (works, notice)
    return decided


def test_files_cover_2019_to_2026() -> None:
    years = sorted(int(p.stem) for p in CALENDARS.glob("*.toml"))
    assert years == list(range(2019, 2027))


def test_every_day_agrees_with_chinesecalendar() -> None:
    decided = load_calendar()
    disagreements = []
    day = FIRST
    while day <= LAST:
        works, notice = decided.get(day, (day.weekday() < 5, "weekday rule"))
        theirs = chinese_calendar.is_workday(day)
        if works != theirs:
            disagreements.append(f"{day}: ours {works} ({notice}), chinesecalendar {theirs}")
        day += dt.timedelta(days=1)
    assert disagreements == [], "\n".join(disagreements)


@pytest.mark.parametrize(
    ("day", "works"),
    [
        (dt.date(2019, 9, 29), True),  # Sunday worked before National Day 2019
        (dt.date(2019, 5, 4), False),  # Labour Day 2019 as amended
        (dt.date(2019, 5, 5), True),
        (dt.date(2020, 1, 31), False),  # Spring Festival 2020, extended
        (dt.date(2020, 2, 1), False),  # Saturday first to be worked, then off
        (dt.date(2024, 2, 9), True),  # the eve 2024 was only encouraged as rest
    ],
)
def test_hard_days(day: dt.date, works: bool) -> None:
    assert load_calendar().get(day, (day.weekday() < 5, ""))[0] == works
    assert chinese_calendar.is_workday(day) == works
