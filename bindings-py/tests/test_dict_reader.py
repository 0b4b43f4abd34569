"""A dict is read by the core straight from its Python values (`_native.check_dict`, the core's
host reader), not written out as JSON first: the report and every input error must be those of
its JSON text (`_docs.dumps`), and whatever the reader does not take goes as that text."""

from __future__ import annotations

import copy
import datetime
import decimal
import enum
import json
import pathlib
import struct
from typing import Any, List, Tuple

import fundcheck
from fundcheck import _docs

ROOT = pathlib.Path(__file__).resolve().parents[2]
VECTORS = ROOT / "tests" / "vectors"
APPLICATION = json.loads((ROOT / "benches" / "data" / "application.json").read_text(encoding="utf-8"))


def outcome(doc: Any, **options: Any) -> Tuple[Any, ...]:
    try:
        return ("report", fundcheck.check(doc, **options).to_json())
    except fundcheck.InputError as e:
        return ("input", e.errors, str(e))


def both_ways(doc: Any, **options: Any) -> None:
    """`check(dict)` against `check(its JSON text)`."""
    assert outcome(doc, **options) == outcome(_docs.dumps(doc), **options)


def read_directly(doc: Any) -> bool:
    """Whether the core read the dict itself (rather than its JSON text)."""
    try:
        return fundcheck._native.check_dict(doc, lang="en") is not None
    except fundcheck.InputError:
        return True


def plain(value: Any) -> bool:
    """Whether a value parsed by `json` is one the reader takes (64-bit ints, finite floats)."""
    if isinstance(value, dict):
        return all(plain(v) for v in value.values())
    if isinstance(value, list):
        return all(plain(v) for v in value)
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return True
    if isinstance(value, int):
        return -(2**63) <= value < 2**64
    if isinstance(value, float):
        return value == value and abs(value) != float("inf")
    return False


def vector_documents() -> List[Tuple[str, dict, Any]]:
    found = []
    for path in sorted(VECTORS.glob("*.json")):
        parsed = json.loads(path.read_text(encoding="utf-8"))
        for v in parsed if isinstance(parsed, list) else [parsed]:
            if v.get("format") == "csv":
                continue
            if isinstance(v.get("input"), dict):
                found.append((f"{path.name}:{v.get('name', '')}", v["input"], v))
            elif "input_text" in v:
                try:
                    doc = json.loads(v["input_text"])
                except ValueError:
                    continue
                if isinstance(doc, dict):
                    found.append((f"{path.name}:{v.get('name', '')} (text)", doc, v))
    return found


def test_every_vector_reads_the_same_as_a_dict() -> None:
    documents = vector_documents()
    assert len(documents) > 250
    direct = 0
    for name, doc, v in documents:
        options = {"lang": v.get("lang", "zh"), "as_of": v.get("as_of"), "final": bool(v.get("final", False))}
        if v.get("pack") or v.get("params") or v.get("calendar"):
            continue  # the pack does not change how a document is read
        assert outcome(doc, **options) == outcome(_docs.dumps(doc), **options), name
        if plain(doc):
            assert read_directly(doc), f"{name}: a plain dict went as text"
            direct += 1
    assert direct > 250


class Kind(enum.IntEnum):
    ONE = 1


class Text(str):
    pass


def test_what_the_reader_leaves_to_the_text() -> None:
    base = copy.deepcopy(APPLICATION)
    unusual = {
        "a Decimal amount": ("subsidy", {"proposed": decimal.Decimal("1234567.90")}),
        "a date": ("process", {**base["process"], "received": datetime.date(2020, 3, 2)}),
        "a pandas-style midnight datetime": ("process", {**base["process"], "received": datetime.datetime(2020, 3, 2)}),
        "a NaN": ("subsidy", {"proposed": float("nan")}),
        "an infinity": ("subsidy", {"proposed": float("inf")}),
        "an int past 64 bits": ("subsidy", {"proposed": 2**70}),
        "an int below -2^63": ("subsidy", {"proposed": -(2**64)}),
        "a non-text key": ("applicant", {**base["applicant"], 1: "x"}),
        "a str subclass": ("id", Text("YS-1")),
        "an IntEnum": ("subsidy", {"proposed": Kind.ONE}),
        "a set": ("documents", {"business_license"}),
        "a lone surrogate": ("id", "YS-\udc80"),
    }
    for name, (key, value) in unusual.items():
        doc = {**base, key: value}
        assert not read_directly(doc), f"{name}: read directly"
        both_ways(doc, lang="en")
    # What it takes, read the same as the text: tuples are arrays, u64 and negative ints.
    usual = {
        "a tuple": ("documents", tuple(base["documents"])),
        "the largest u64": ("subsidy", {"proposed": 2**64 - 1}),
        "a negative int": ("subsidy", {"proposed": -5}),
        "a float with odd fen": ("subsidy", {"proposed": 1234567.905}),
        "negative zero": ("subsidy", {"proposed": -0.0}),
        "a float in exponent form": ("subsidy", {"proposed": 1.5e-7}),
        "a huge float": ("subsidy", {"proposed": 1e300}),
        "control characters": ("id", 'YS-\u0001"\\\n'),
        "None": ("subsidy", None),
    }
    for name, (key, value) in usual.items():
        doc = {**base, key: value}
        assert read_directly(doc), f"{name}: went as text"
        both_ways(doc, lang="en")
        both_ways(doc, lang="zh")


def test_limits_are_the_texts() -> None:
    deep: dict = {"kind": "application"}
    at = deep
    for _ in range(70):
        at["x"] = {}
        at = at["x"]
    assert not read_directly(deep)
    both_ways(deep)
    shallow = {"kind": "application", "x": [[[1]]]}
    assert read_directly(shallow)
    both_ways(shallow)
    # Not an object at the top: only dicts come this way at all.
    both_ways({"kind": "progress"})


def rnd(i: int, k: int) -> int:
    x = (i * 0x9E3779B1 + k * 0x85EBCA77 + 0x27D4EB2F) & 0xFFFFFFFF
    x ^= x >> 16
    x = (x * 0x7FEB352D) & 0xFFFFFFFF
    x ^= x >> 15
    return x


ODD_VALUES: List[Any] = [
    None, True, False, 0, -1, 7, 2**63, 0.1, 1200000.005, "", " ", "１２３", "1,200,000.00", "壹万",
    "2019-06-01", "2019年6月1日", "410381", "偃师市", [], {}, [None], {"a": 1}, ["business_license"], "\u3000x\u3000",
]


def mutate(doc: Any, i: int, depth: int = 0) -> Any:
    """A deterministic variation of a document: fields dropped, blanked or replaced by an odd
    value, at every level."""
    if isinstance(doc, dict):
        out = {}
        for k, (key, value) in enumerate(doc.items()):
            r = rnd(i, depth * 131 + k) % 23
            if r == 0:
                continue
            if r == 1:
                out[key] = ODD_VALUES[rnd(i, k + 7) % len(ODD_VALUES)]
            else:
                out[key] = mutate(value, i + k + 1, depth + 1)
        if rnd(i, depth) % 17 == 0:
            out["unknown_" + str(depth)] = 1
        return out
    if isinstance(doc, list):
        return [mutate(v, i + n, depth + 1) for n, v in enumerate(doc) if rnd(i, n + depth) % 13]
    if rnd(i, depth + 99) % 11 == 0:
        return ODD_VALUES[rnd(i, depth + 5) % len(ODD_VALUES)]
    return doc


def test_varied_documents_read_the_same() -> None:
    for i in range(400):
        doc = mutate(APPLICATION, i)
        both_ways(doc, lang="zh" if i % 2 else "en")


def test_check_many_reads_dicts_as_check_does() -> None:
    docs: List[Any] = [mutate(APPLICATION, i) for i in range(60)]
    docs.insert(5, {**APPLICATION, "subsidy": {"proposed": decimal.Decimal("1000.00")}})
    docs.insert(9, _docs.dumps(APPLICATION))
    many = fundcheck.check_many(docs, errors="return", threads=2)
    for i, (doc, got) in enumerate(zip(docs, many)):
        want = outcome(doc)
        if isinstance(got, fundcheck.InputError):
            assert got.index == i
            assert want[:2] == ("input", got.errors), i
            assert str(got) == f"document {i}: {want[2]}"
        else:
            assert want == ("report", got.to_json()), i


def test_floats_are_read_as_the_double_their_text_names() -> None:
    """A float goes over as its value, its text as its shortest repr: both must name the same
    double (serde_json's `float_roundtrip`), for doubles of every shape, not only short ones."""
    doubles = [3.3 * 3, 2050813.9440000001, -3.44654920223904e-30, 0.1 + 0.2, 1e22, 5e-324, 1.7976931348623157e308]
    for i in range(1500):
        bits = (rnd(i, 1) << 32) | rnd(i, 2)
        value = struct.unpack("<d", struct.pack("<Q", bits))[0]
        if value == value and abs(value) != float("inf"):
            doubles.append(value)
        doubles.append(round(rnd(i, 3) / 100 * (1.1 if i % 2 else 0.07), 6))
    for n, value in enumerate(doubles):
        payments = [{"date": "2020-01-15", "amount": value}]
        doc = {**APPLICATION, "subsidy": {"proposed": value}, "payments": payments}
        both_ways(doc, lang="zh" if n % 2 else "en")


def test_options_at_their_defaults_read_as_the_defaults() -> None:
    """`check(dict)` with every option at its default but the language passes only the
    language to the core; the same options given in full (the pack named, `final=False`,
    `max_findings` past the findings) give the same report and the same errors."""
    pack = fundcheck.Pack.default()
    broken = {**APPLICATION, "subsidy": {"proposed": "x"}}
    unusual = {**APPLICATION, "subsidy": {"proposed": decimal.Decimal("1234567.90")}}
    for doc in (APPLICATION, broken, unusual):
        for lang in ("zh", "en"):
            short = outcome(doc, lang=lang)
            full = outcome(doc, lang=lang, pack=pack, final=False, encoding="utf-8", max_findings=10**6)
            assert short == full
            assert short == outcome(_docs.dumps(doc), lang=lang)


def test_keys_read_the_same_once_kept_and_past_the_room_for_them() -> None:
    """The reader keeps the keys it meets (at most 4,096, of at most 64 bytes) and lends them to
    the tree after: a key met again, a long key, keys past the room and keys equal to kept ones
    but made anew all read as their text does."""
    base = copy.deepcopy(APPLICATION)
    both_ways(base, lang="en")
    rebuilt = json.loads(json.dumps(base))  # the same keys as new str objects
    both_ways(rebuilt, lang="en")
    long_key = "k" * 65 + "中文"
    for i in range(5000):
        doc = {**base, f"extra_{i}": 1}
        got = outcome(doc, lang="en")  # every one read, so the room for keys runs out
        if i % 997 == 0:
            assert got == outcome(_docs.dumps(doc), lang="en")
    both_ways({**base, long_key: 1}, lang="en")
    both_ways({**base, "applicant": {**base["applicant"], "备注" * 40: "x"}}, lang="zh")
    both_ways(base, lang="zh")


def test_key_objects_met_again_and_replaced_read_as_their_text() -> None:
    """The reader also finds a key by the `str` object it is (a table of 1,024 places, each
    holding its object): the same objects again, new objects each time (more than the table
    holds), and objects that took another's place all read as the text does."""
    base = copy.deepcopy(APPLICATION)
    same_objects = [copy.copy(base) for _ in range(3)]
    for doc in same_objects:
        both_ways(doc, lang="en")
    for i in range(1500):
        doc = json.loads(json.dumps({**base, f"x{i}": {"y": i}}))
        got = outcome(doc, lang="en")
        if i % 499 == 0:
            assert got == outcome(_docs.dumps(doc), lang="en")
    for doc in same_objects:
        both_ways(doc, lang="zh")
