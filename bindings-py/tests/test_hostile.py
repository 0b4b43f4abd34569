"""Hostile packs and documents through the Python package: a broken pack is a typed
``fundcheck.PackError`` (never ``PanicException`` or ``InternalError``), a hostile document is a
report or a ``fundcheck.InputError``, and the package answers a normal check exactly as before
afterwards.

Issue 9 ("Robustness"), item 5: the core must not panic at all; in Python a panic would surface
as ``PanicException``, a ``BaseException`` that ``except Exception`` does not catch."""

from __future__ import annotations

import base64
import json
import pathlib
import random
import re
import shutil
from typing import Any, Callable, Iterator

import pytest

import fundcheck

ROOT = pathlib.Path(__file__).resolve().parents[2]
YANSHI = (ROOT / "rules" / "yanshi-2019.toml").read_text(encoding="utf-8")
OTHER = (ROOT / "tests" / "packs" / "other-county.toml").read_text(encoding="utf-8")
EXAMPLE = (ROOT / "examples" / "application-service-stations.json").read_bytes()


def golden() -> str:
    return fundcheck.check(EXAMPLE, lang="en").to_json()


GOLDEN = golden()


def still_answers() -> None:
    assert fundcheck.check(EXAMPLE, lang="en").to_json() == GOLDEN
    assert fundcheck.Pack.default().id == "yanshi-2019"


def replace_once(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


# ── Packs ──────────────────────────────────────────────────────────────────────────────────


@pytest.fixture()
def pack_dir(tmp_path: pathlib.Path) -> pathlib.Path:
    """A directory with the real calendars beside where a test writes its pack."""
    shutil.copytree(ROOT / "rules" / "calendars", tmp_path / "calendars")
    return tmp_path


REGISTERED = 'params = { field = "/applicant/region", values = ["410381", "410307"] }'

BROKEN_PACKS: dict[str, Callable[[], str]] = {
    "toml syntax": lambda: "[pack\nid = ",
    "empty file": lambda: "",
    "not a pack at all": lambda: 'title = "hello"\n',
    "unknown rule kind": lambda: replace_once(YANSHI, 'kind = "field_in"', 'kind = "no_such_kind"'),
    "missing messages": lambda: re.sub(r"\nmessages\.fail = \{[^\n]*\}", "", YANSHI, count=1),
    "english message missing": lambda: replace_once(
        YANSHI,
        'messages.missing = { zh = "未填写申请单位注册地区划代码", en = "the applicant\'s registration region is missing" }',
        'messages.missing = { zh = "未填写申请单位注册地区划代码" }',
    ),
    "unknown key": lambda: replace_once(YANSHI, REGISTERED, REGISTERED + "\nweight = 3"),
    "rule params of the wrong type": lambda: replace_once(
        YANSHI, REGISTERED, 'params = { field = 410381, values = "410381" }'
    ),
    "duplicate rule id": lambda: YANSHI + YANSHI[YANSHI.index("[[rules]]") : YANSHI.index("[[rules]]", YANSHI.index("[[rules]]") + 1)],
    "fund that is not money": lambda: re.sub(r'fund = "[0-9.]+"', 'fund = "ten million"', YANSHI, count=1),
    "negative fund": lambda: re.sub(r'fund = "[0-9.]+"', 'fund = "-1.00"', YANSHI, count=1),
    "share above one": lambda: replace_once(YANSHI, 'params = { share = "0.5" }', 'params = { share = "1.5" }'),
    "share beyond the decimal range": lambda: replace_once(YANSHI, 'params = { share = "0.5" }', 'params = { share = "1e999" }'),
    "calendar file missing": lambda: replace_once(YANSHI, '"calendars/2019.toml"', '"calendars/1999.toml"'),
    "calendar years with a gap": lambda: replace_once(YANSHI, '"calendars/2021.toml", ', ""),
    "calendar file that is not TOML": lambda: replace_once(YANSHI, '"calendars/2019.toml"', '"calendars/README.md"'),
    "nesting 100000 deep": lambda: "x = " + "[" * 100_000 + "]" * 100_000 + "\n",
    "inline tables 100000 deep": lambda: "x = " + "{a=" * 100_000 + "1" + "}" * 100_000 + "\n",
    "a very long key path": lambda: "[" + ".".join(["a"] * 100_000) + "]\n",
}


@pytest.mark.parametrize("name", list(BROKEN_PACKS))
def test_a_broken_pack_is_a_pack_error(name: str, pack_dir: pathlib.Path) -> None:
    path = pack_dir / "pack.toml"
    text = BROKEN_PACKS[name]()
    path.write_text(text, encoding="utf-8")
    with pytest.raises(fundcheck.PackError) as caught:
        fundcheck.Pack.load(path)
    e = caught.value
    assert isinstance(e, ValueError)
    assert e.errors, "a PackError lists its problems"
    assert all(set(x) == {"code", "path", "message"} and x["code"].startswith("pack.") and x["message"] for x in e.errors)
    assert e.code == e.errors[0]["code"] and e.path == e.errors[0]["path"]
    assert str(e).startswith(f"{path}: the pack is not valid: ")
    still_answers()


def test_the_allocation_table_not_summing_names_the_table() -> None:
    path = ROOT / "tests" / "packs" / "broken-table.toml"
    with pytest.raises(fundcheck.PackError) as caught:
        fundcheck.Pack.load(path)
    places = [x["path"] for x in caught.value.errors]
    messages = " ".join(x["message"] for x in caught.value.errors)
    assert any("groups" in p for p in places), places
    assert "-500000.00" in messages, messages
    still_answers()


def test_the_real_pack_copied_loads(pack_dir: pathlib.Path) -> None:
    """The fixture itself is sound: the unbroken pack loads with the embedded digest."""
    path = pack_dir / "pack.toml"
    path.write_text(YANSHI, encoding="utf-8")
    assert fundcheck.Pack.load(path).digest == fundcheck.Pack.default().digest


def test_a_pack_file_that_is_not_utf8_is_an_error_not_a_panic(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "pack.toml"
    path.write_bytes(OTHER.encode("gb18030"))
    # A file that is there but not UTF-8 is a bad pack (a missing file stays an OSError).
    with pytest.raises(fundcheck.PackError) as caught:
        fundcheck.Pack.load(path)
    assert "not UTF-8" in str(caught.value)
    still_answers()


def test_random_damage_to_a_pack_is_a_pack_or_a_pack_error(tmp_path: pathlib.Path) -> None:
    """200 packs with random lines dropped, duplicated or cut: each loads or is a PackError."""
    rng = random.Random(20190430)
    lines = OTHER.splitlines()
    path = tmp_path / "pack.toml"
    outcomes = {"loaded": 0, "error": 0}
    for _ in range(200):
        damaged = list(lines)
        for _ in range(rng.randint(1, 4)):
            i = rng.randrange(len(damaged))
            choice = rng.randrange(3)
            if choice == 0:
                del damaged[i]
            elif choice == 1:
                damaged.insert(i, damaged[i])
            else:
                damaged[i] = damaged[i][: rng.randrange(len(damaged[i]) + 1)]
        path.write_text("\n".join(damaged), encoding="utf-8")
        try:
            pack = fundcheck.Pack.load(path)
        except fundcheck.PackError:
            outcomes["error"] += 1
            continue
        outcomes["loaded"] += 1
        try:
            fundcheck.check(EXAMPLE, pack=pack)
        except fundcheck.InputError:
            pass
    assert outcomes["error"] > 0
    still_answers()


# ── Documents ──────────────────────────────────────────────────────────────────────────────


def report_or_input_error(doc: Any, **options: Any) -> str:
    """`report` or `input` — any other exception fails the test."""
    try:
        report = fundcheck.check(doc, **options)
    except fundcheck.InputError as e:
        assert e.errors and all(x["code"].startswith("input.") for x in e.errors)
        assert e.path == e.errors[0]["path"]
        return "input"
    json.loads(report.to_json())
    return "report"


def hostile_bytes() -> Iterator[bytes]:
    rng = random.Random(13)
    # Every prefix of the example (a form cut off at any byte).
    for end in range(0, len(EXAMPLE), 5):
        yield EXAMPLE[:end]
    # Single-byte damage at random places.
    for _ in range(300):
        data = bytearray(EXAMPLE)
        at = rng.randrange(len(data))
        data[at] = rng.choice([0x00, 0x22, 0x2C, 0x5B, 0x5D, 0x7B, 0x7D, 0x80, 0xFF, rng.randrange(256)])
        yield bytes(data)
    # Random bytes.
    for _ in range(200):
        yield bytes(rng.randrange(256) for _ in range(rng.randrange(64)))
    # Shapes that have broken parsers elsewhere.
    yield b"[" * 1_000_000
    yield b'{"a":' * 200_000
    yield b'{"kind":"application","id":"' + b"x" * 5_000_000 + b'","category":"training"}'
    yield b'{"kind":"allocation","lines":[' + b",".join([b"{}"] * 50_000) + b"]}"
    yield b'{"kind":"allocation","lines":[],' + b",".join(b'"k%d":1' % i for i in range(20_000)) + b"}"
    yield b'{"kind":"progress","villages":{"total":18446744073709551616,"covered":-9223372036854775809}}'
    yield b'{"kind":"application","id":"x","category":"training","payments":[{"date":"2020-02-30","amount":1e400}]}'
    yield b"\xef\xbb\xbf\xef\xbb\xbf"
    yield b"\x00" * 1000


def test_hostile_bytes_give_a_report_or_input_errors() -> None:
    seen = {"report": 0, "input": 0}
    for data in hostile_bytes():
        for options in ({}, {"lang": "en", "as_of": "2020-06-20"}, {"format": "csv"}, {"format": "csv", "encoding": "gb18030"}):
            seen[report_or_input_error(data, **options)] += 1
    assert seen["input"] > 1000
    still_answers()


def test_every_bad_vector_is_an_input_error_with_the_same_first_path() -> None:
    """The bad-input corpus (tests/vectors/bad-*.json) as bytes: the cases whose own `expect`
    says exit 2 raise an InputError whose .path and .code are its first error's; the others
    (accepted since issue 14, some of them) give a report."""
    for path in sorted((ROOT / "tests" / "vectors").glob("bad-*.json")):
        v = json.loads(path.read_text(encoding="utf-8"))
        # Raw bytes as `input_b64`, or text as `input_text` (tests/vectors/README.md, "Format").
        data = v["input_text"].encode("utf-8") if "input_text" in v else base64.b64decode(v["input_b64"])
        fmt = v.get("format", "json")
        if v["expect"].get("exit") != 2:
            assert report_or_input_error(data, format=fmt, lang="en") == "report", path.name
            continue
        with pytest.raises(fundcheck.InputError) as caught:
            fundcheck.check(data, format=fmt, lang="en")
        first = v["expect"]["input_errors"][0]
        assert (caught.value.code, caught.value.path) == (first["code"], first["path"]), path.name
    still_answers()


@pytest.mark.parametrize(
    "doc",
    [
        {"kind": "allocation", "lines": [{"amount": float("nan")}]},
        {"kind": "allocation", "lines": [{"amount": float("inf")}]},
        {"kind": "progress", "brands": 10**400},
        {1: 2},
        {"kind": "application", "id": ["x" * 1_000_000], "category": "training"},
        {"kind": "allocation", "lines": [{}] * 10_000},
        "",
        "   ",
        "null",
        "{",
        b"",
        bytearray(b"{}"),
        memoryview(b"[]"),
    ],
    ids=lambda d: type(d).__name__,
)
def test_hostile_python_values_are_input_errors(doc: Any) -> None:
    assert report_or_input_error(doc) == "input"
    still_answers()


def test_a_megabyte_id_is_just_an_id() -> None:
    doc = json.loads(EXAMPLE)
    doc["id"] = "x" * 1_000_000
    assert report_or_input_error(doc) == "report"
    still_answers()


def test_a_lone_surrogate_in_a_str_is_an_input_error() -> None:
    # The bytes it stands for are not UTF-8: the core's `input.syntax`, as for those bytes.
    with pytest.raises(fundcheck.InputError) as caught:
        fundcheck.check('{"kind":"allocation","lines":[],"x":"\ud800"}')
    assert caught.value.code == "input.syntax"
    with pytest.raises(fundcheck.InputError):
        fundcheck.check({"kind": "allocation", "lines": [], "x": "\ud800"})


@pytest.mark.xfail(strict=True, reason="json.dumps of a dict nested 100,000 deep raises RecursionError before the core's depth limit can answer")
def test_a_dict_nested_past_the_depth_limit_is_an_input_error() -> None:
    deep: dict[str, Any] = {}
    for _ in range(100_000):
        deep = {"a": deep}
    with pytest.raises(fundcheck.InputError):
        fundcheck.check(deep)


def test_many_documents_at_once_with_hostile_ones_among_them() -> None:
    docs: list[Any] = [EXAMPLE, b"{", b"", b"[]", EXAMPLE, b"\xff", EXAMPLE]
    results = fundcheck.check_many(docs, lang="en", errors="return")
    kinds = ["report" if isinstance(r, fundcheck.Report) else type(r).__name__ for r in results]
    assert kinds == ["report", "InputError", "InputError", "InputError", "report", "InputError", "report"]
    assert all(r.to_json() == GOLDEN for r in results if isinstance(r, fundcheck.Report))
    still_answers()
