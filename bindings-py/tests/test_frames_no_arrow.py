"""DataFrames without pyarrow: pandas and polars frames read column by column through numpy
buffers and the columns' values, giving the same report and the same errors as with pyarrow,
as the same lines as a list of dicts, and as the CSV file.

"Without pyarrow" is simulated by ``sys.modules["pyarrow"] = None`` (every ``import pyarrow``
then fails); where pyarrow is not installed at all, the same tests run the real thing and the
pyarrow cases are skipped.
"""

from __future__ import annotations

import contextlib
import pathlib
import pickle
import struct
import subprocess
import sys
from decimal import Decimal
from typing import Any, ContextManager, Dict, Iterator, List

import pytest

import fundcheck
from _tables import as_table_floats, float_not_fen
from fundcheck import _frames

pd = pytest.importorskip("pandas")
np = pytest.importorskip("numpy")
try:
    import polars as pl
except ImportError:  # pragma: no cover - the polars cases are skipped
    pl = None
try:
    import pyarrow as pa
except ImportError:  # pragma: no cover - the pyarrow cases are skipped
    pa = None

needs_polars = pytest.mark.skipif(pl is None, reason="polars is not installed")
needs_arrow = pytest.mark.skipif(pa is None, reason="pyarrow is not installed")

ROOT = pathlib.Path(__file__).resolve().parents[2]
CSV = ROOT / "examples" / "programme-2019.csv"
EXPECTED = fundcheck.check_allocations(CSV).to_json()
COLUMNS = list(fundcheck.ALLOCATION_COLUMNS)


@contextlib.contextmanager
def without_arrow() -> Iterator[None]:
    """pyarrow cannot be imported (as if it were not installed). Frames are made before,
    since pandas imports pyarrow itself when it was importable at its own import."""
    with pytest.MonkeyPatch.context() as m:
        m.setitem(sys.modules, "pyarrow", None)
        with pytest.raises(ImportError):
            import pyarrow  # noqa: F401
        yield


class Route:
    """How fundcheck reads a frame: through pyarrow, or through numpy and the values."""

    def __init__(self, name: str) -> None:
        self.name = name

    def active(self) -> ContextManager[None]:
        return without_arrow() if self.name == "numpy" else contextlib.nullcontext()

    def report(self, lines: Any, **kw: Any) -> str:
        with self.active():
            return fundcheck.check_allocations(lines, **kw).to_json()

    def outcome(self, lines: Any) -> Any:
        with self.active():
            return outcome(lines)


@pytest.fixture(params=["arrow", "numpy"])
def route(request: pytest.FixtureRequest) -> Route:
    """Each test that takes it runs twice: with pyarrow (when installed) and without."""
    if request.param == "arrow" and pa is None:
        pytest.skip("pyarrow is not installed")
    return Route(str(request.param))


def outcome(lines: Any) -> Any:
    """The report's JSON, or the input errors (in English)."""
    try:
        return fundcheck.check_allocations(lines, lang="en").to_json()
    except fundcheck.InputError as e:
        return e.errors


def json_outcome(lines: Any) -> Any:
    """The input errors (in English) of the lines as a JSON document, or its report's JSON."""
    try:
        return fundcheck.check({"kind": "allocation", "lines": lines}, lang="en").to_json()
    except fundcheck.InputError as e:
        return e.errors


#: The float amounts of TYPED: row 1 has 3 decimals, row 4 (0.1 + 0.2) 17 significant digits.
TYPED_FLOATS = {"/lines/1/amount": "1.001", "/lines/4/amount": "0.30000000000000004"}


def records() -> List[Dict[str, Any]]:
    """The CSV's lines as a list of dicts of the values pandas reads (float amounts, bool
    upward)."""
    return list(pd.read_csv(CSV).to_dict("records"))


def as_dicts(lines: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """The lines for the list-of-dicts face, numpy booleans as Python's (the JSON writer of
    ``fundcheck._docs`` knows numpy 1's ``bool_`` only)."""
    return [{k: bool(v) if isinstance(v, np.bool_) else v for k, v in line.items()} for line in lines]


# ── The same lines, every way ────────────────────────────────────────────────────────────


def test_import_fundcheck_imports_no_frame_library() -> None:
    code = "import sys, fundcheck; print(sorted(m for m in ('pandas', 'polars', 'pyarrow', 'numpy') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


PANDAS_DTYPES: Dict[str, Dict[str, Any]] = {
    "as read_csv": {},
    "numpy ints": {"amount": "int64"},
    "small ints": {"amount": "int32"},
    "unsigned": {"amount": "uint64"},
    "float32": {"amount": "float32"},  # every amount of the CSV is exact in float32
    "nullable": {"amount": "Float64", "upward": "boolean", "project": "string"},
    "nullable ints": {"amount": "Int64"},
    "nullable unsigned": {"amount": "UInt32"},
    "objects": {c: object for c in COLUMNS},
    "categorical": {"category": "category", "source": "category", "use": "category", "amount": "category"},
    "python strings": {c: "string[python]" for c in ("project", "category", "source", "use")},
    "sparse": {"amount": "Sparse[float64]"},
}


@pytest.mark.parametrize("dtypes", list(PANDAS_DTYPES.values()), ids=list(PANDAS_DTYPES))
def test_pandas_of_any_dtype_gives_the_csv_report(route: Route, dtypes: Dict[str, Any]) -> None:
    df = pd.read_csv(CSV).astype(dtypes)
    assert route.report(df) == EXPECTED


def test_pandas_text_columns_and_decimals(route: Route) -> None:
    df = pd.read_csv(CSV, dtype=str)  # upward as "true"/"false", amounts as text
    assert route.report(df) == EXPECTED
    df["amount"] = [Decimal(a) for a in df["amount"]]
    assert route.report(df) == EXPECTED
    assert fundcheck.check_allocations(records()).to_json() == EXPECTED


@needs_arrow
def test_pandas_arrow_dtypes(route: Route, monkeypatch: pytest.MonkeyPatch) -> None:
    """Arrow-backed columns (``pd.ArrowDtype``) read from their buffers when fundcheck has
    pyarrow, and through numpy and their values when it has not (pandas itself needs pyarrow
    to hold such a column, so here only fundcheck is kept from it)."""
    if route.name == "numpy":
        monkeypatch.setattr(_frames, "_pyarrow", lambda: None)
        route = Route("arrow")  # pandas keeps its pyarrow
    df = pd.read_csv(CSV, dtype={"amount": str})
    arrow = df.astype(
        {
            "project": pd.ArrowDtype(pa.large_string()),
            "category": pd.ArrowDtype(pa.dictionary(pa.int8(), pa.string())),
            "upward": pd.ArrowDtype(pa.bool_()),
        }
    )
    arrow["amount"] = pd.Series([Decimal(a) for a in df["amount"]], dtype=pd.ArrowDtype(pa.decimal128(20, 3)))
    assert route.report(arrow) == EXPECTED
    arrow["amount"] = df["amount"].astype(float).astype(pd.ArrowDtype(pa.float64()))
    assert route.report(arrow) == EXPECTED
    arrow["amount"] = df["amount"].astype(float).astype("int64").astype(pd.ArrowDtype(pa.uint32()))
    assert route.report(arrow) == EXPECTED


@needs_polars
def test_polars_frames_give_the_csv_report(route: Route) -> None:
    assert route.report(pl.read_csv(CSV)) == EXPECTED
    text = pl.read_csv(CSV, schema_overrides={"amount": pl.String, "upward": pl.String})
    assert route.report(text) == EXPECTED
    typed = text.with_columns(
        pl.col("amount").cast(pl.Decimal(20, 2)),
        pl.col("category").cast(pl.Categorical),
        pl.col("source").cast(pl.Enum(["provincial", "county", "city"])),
    )
    assert route.report(typed) == EXPECTED
    ints = pl.read_csv(CSV).with_columns(pl.col("amount").cast(pl.UInt32))
    assert route.report(ints) == EXPECTED
    assert route.report(pl.read_csv(CSV)[5:15]) == fundcheck.check_allocations(records()[5:15]).to_json()


#: One type a column, with gaps: a frame of any library can hold these.
TYPED: List[Dict[str, Any]] = [
    {"project": "A", "category": "training", "source": "provincial", "amount": 10.5, "use": "equipment", "upward": True},
    {"project": "B", "category": "canteen", "source": "county", "amount": 1.001, "use": "equipment", "upward": False},
    {"project": None, "category": "training", "source": "city", "amount": -3.0, "use": None, "upward": True},
    {"project": "D", "category": "logistics", "source": "provincial", "amount": None, "use": "software", "upward": None},
    {"project": "E", "category": "training", "source": "provincial", "amount": 0.1 + 0.2, "use": "equipment", "upward": False},
]


def test_the_typed_lines_as_pandas_give_the_errors_of_the_list_of_dicts(route: Route) -> None:
    expected = json_outcome(TYPED)
    assert [e["path"] for e in expected] == [
        "/lines/1/category",
        "/lines/1/source",
        "/lines/1/amount",
        "/lines/2/amount",
        "/lines/2/project",
        "/lines/2/use",
        "/lines/3/amount",
        "/lines/3/upward",
        "/lines/4/amount",
    ]
    # In a JSON document the floats are JSON numbers; in a frame or a list of dicts, float
    # cells (issue 14).
    assert [e["message"] for e in expected if e["path"] in TYPED_FLOATS] == [
        "`1.001`: an amount has at most 2 decimals (fen)",
        "`0.30000000000000004`: a number with more than 15 significant digits must be written as a string",
    ]
    framed = as_table_floats(expected, TYPED_FLOATS)
    assert outcome(TYPED) == framed
    df = pd.DataFrame(TYPED)
    assert route.outcome(df) == framed
    nullable = df.astype({"amount": "Float64", "upward": "boolean", "project": "string", "use": "string"})
    assert route.outcome(nullable) == framed
    assert route.outcome(df.astype({"category": "category"})) == framed


@needs_polars
def test_the_typed_lines_as_polars_give_the_errors_of_the_list_of_dicts(route: Route) -> None:
    expected = as_table_floats(json_outcome(TYPED), TYPED_FLOATS)
    assert route.outcome(pl.DataFrame(TYPED)) == expected
    assert route.outcome(pl.DataFrame(TYPED).with_columns(pl.col("category").cast(pl.Categorical))) == expected


#: Values of every type in one column, as a pandas object column holds them.
MIXED: List[Dict[str, Any]] = [
    {"project": 7, "category": "training", "source": "provincial", "amount": Decimal("10.50"), "use": "equipment", "upward": True},
    {"project": True, "category": "training", "source": "city", "amount": "12,5", "use": "equipment", "upward": np.bool_(True)},
    {"project": "C", "category": 3.5, "source": "city", "amount": 7, "use": "software", "upward": "maybe"},
    {"project": "D", "category": "training", "source": "provincial", "amount": np.bool_(True), "use": "equipment", "upward": 2},
    {"project": "E", "category": "training", "source": "provincial", "amount": Decimal("1.250"), "use": "equipment", "upward": np.bool_(False)},
    {"project": "F", "category": "training", "source": "provincial", "amount": np.int64(5), "use": "equipment", "upward": False},
    {"project": "G", "category": "training", "source": "provincial", "amount": Decimal("1.255"), "use": None, "upward": None},
    {"project": "H", "category": "training", "source": "provincial", "amount": np.float64(2.5), "use": 1.5, "upward": False},
]


def test_mixed_object_columns_give_the_errors_of_the_list_of_dicts(route: Route) -> None:
    expected = outcome(as_dicts(MIXED))
    assert [e["path"] for e in expected] == [
        "/lines/0/project",
        "/lines/1/project",
        "/lines/1/amount",
        "/lines/2/category",
        "/lines/2/upward",
        "/lines/3/amount",
        "/lines/3/upward",
        "/lines/6/amount",
        "/lines/6/use",
        "/lines/6/upward",
        "/lines/7/use",
    ]
    assert route.outcome(pd.DataFrame(MIXED, dtype=object)) == expected
    # The same lines without their errors: the same report as the list of dicts.
    good = [dict(line) for line in MIXED]
    for line, name in zip(good, ("P0", "P1", "P2", "P3")):
        line["project"] = name
    good[1]["amount"], good[2]["category"], good[2]["upward"] = "12.5", "training", True
    good[3]["amount"], good[3]["upward"], good[6]["amount"] = 4, False, Decimal("1.25")
    good[6]["use"], good[6]["upward"], good[7]["use"] = "software", True, "software"
    expected = outcome(as_dicts(good))
    assert isinstance(expected, str)
    assert route.outcome(pd.DataFrame(good, dtype=object)) == expected


def test_upward_words_and_digits_read_as_the_csv_reader_reads_them(route: Route) -> None:
    """A table's ``upward`` takes the CSV reader's words and 1/0 (a list of dicts takes
    booleans only): a frame of them gives the CSV file's report."""
    df = pd.read_csv(CSV, dtype={"amount": str})
    words = {True: "是", False: "否"}
    df["upward"] = pd.Series(
        [np.bool_(v) if i % 4 == 0 else words[bool(v)] if i % 4 == 1 else int(v) if i % 4 == 2 else str(v).upper() for i, v in enumerate(df["upward"])],
        dtype=object,
    )
    assert route.report(df) == EXPECTED
    assert route.report(pd.read_csv(CSV, dtype={"amount": str}).astype({"upward": "int8"})) == EXPECTED


def test_missing_markers_of_every_kind_are_missing_cells(route: Route) -> None:
    """None, NaN, pd.NA and NaT in an object column are each a missing cell."""
    lines = [dict(TYPED[0]) for _ in range(4)]
    df = pd.DataFrame(lines, dtype=object)
    df["use"] = pd.Series([None, float("nan"), pd.NA, pd.NaT], dtype=object)
    for line in lines:
        line["use"] = None
    assert route.outcome(df) == outcome(lines)
    assert [(e["code"], e["path"]) for e in outcome(lines)] == [("input.missing", f"/lines/{i}/use") for i in range(4)]


def test_unsigned_integers_beyond_int64_read_the_same_with_and_without_arrow() -> None:
    """A uint64 column past int64 goes over as its values (Python ints), as pyarrow sends
    it as its digits: the engine reads each the same way."""
    df = pd.DataFrame(TYPED[:1] * 3)
    df["amount"] = np.array([2**63 + 1, 5, 2**64 - 1], dtype=np.uint64)
    small = df.assign(amount=np.array([1050, 5, 7], dtype=np.uint64))
    with without_arrow():
        assert _frames.frame_columns(df)[1]["amount"] == ("objects", [2**63 + 1, 5, 2**64 - 1])
        # within int64: i64 values
        assert _frames.frame_columns(small)[1]["amount"] == ("i64", 0, None, struct.pack("<3q", 1050, 5, 7), None)
        without = outcome(df), outcome(small)
    if pa is not None:
        assert (outcome(df), outcome(small)) == without
    assert without[1] == outcome([dict(TYPED[0], amount=a) for a in (1050, 5, 7)])


# ── The buffers, worked out by hand ──────────────────────────────────────────────────────


def test_pandas_columns_become_numpy_buffers_and_values_without_arrow() -> None:
    df = pd.DataFrame(
        {
            "project": pd.Series(["A", None, "C", "D"], dtype="string"),
            "category": pd.Series(["training", None, "training", "canteen"], dtype="category"),
            "source": pd.Series(["provincial", "county", float("nan"), "city"], dtype=object),
            "amount": pd.Series([1.5, None, 2.0, 3.25], dtype="Float64"),
            "use": np.array([1, 2, 3, 4], dtype=np.int16),
            "upward": pd.Series([True, None, False, True], dtype="boolean"),
            "notes": [1, 2, 3, 4],
        },
    )
    plain = pd.DataFrame({"amount": [1.0, float("nan")], "upward": [False, True]})
    with without_arrow():
        length, columns, unknown = _frames.frame_columns(df)
        _, numpy_columns, _ = _frames.frame_columns(plain)
    assert (length, unknown) == (4, ["notes"])
    assert columns["project"] == ("objects", ["A", None, "C", "D"])
    assert columns["category"] == ("objects", ["training", None, "training", "canteen"])
    assert columns["source"] == ("objects", ["provincial", "county", None, "city"])
    kind, offset, validity, values, data = columns["amount"]
    assert (kind, offset, validity, data) == ("f64", 0, bytes([0b1101]), None)
    assert [v for i, v in enumerate(struct.unpack("<4d", values)) if i != 1] == [1.5, 2.0, 3.25]
    assert columns["use"] == ("i64", 0, None, struct.pack("<4q", 1, 2, 3, 4), None)
    assert columns["upward"] == ("bool", 0, bytes([0b1101]), bytes([0b1001]), None)
    # numpy columns have no validity: a float's NaN is the engine's missing cell
    assert numpy_columns["upward"] == ("bool", 0, None, bytes([0b10]), None)
    kind, offset, validity, values, data = numpy_columns["amount"]
    assert (kind, offset, validity, data) == ("f64", 0, None, None)
    first, second = struct.unpack("<2d", values)
    assert first == 1.0 and second != second  # NaN


def refuse_to_arrow(monkeypatch: pytest.MonkeyPatch, why: str) -> None:
    def refuse(*args: Any, **kw: Any) -> Any:
        raise AssertionError(why)

    monkeypatch.setattr(pl.DataFrame, "to_arrow", refuse)
    monkeypatch.setattr(pl.Series, "to_arrow", refuse)


@needs_polars
def test_polars_columns_become_numpy_buffers_and_values_without_arrow(monkeypatch: pytest.MonkeyPatch) -> None:
    frame = pl.DataFrame(
        {
            "project": ["A", None, "C"],
            "amount": [1, None, 3],
            "upward": [True, None, True],
            "source": pl.Series([Decimal("1.50"), None, Decimal("2")], dtype=pl.Decimal(10, 2)),
            "use": pl.Series([0.5, 1.0, None], dtype=pl.Float32),
        }
    )
    whole = pl.read_csv(CSV)
    refuse_to_arrow(monkeypatch, "to_arrow without pyarrow")
    with without_arrow():
        length, columns, unknown = _frames.frame_columns(frame)
        assert fundcheck.check_allocations(whole).to_json() == EXPECTED
    assert (length, unknown) == (3, [])
    assert columns["project"] == ("objects", ["A", None, "C"])
    assert columns["source"] == ("objects", [Decimal("1.50"), None, Decimal("2.00")])
    assert columns["amount"] == ("i64", 0, bytes([0b101]), struct.pack("<3q", 1, 0, 3), None)
    assert columns["upward"] == ("bool", 0, bytes([0b101]), bytes([0b101]), None)
    assert columns["use"] == ("f64", 0, bytes([0b011]), struct.pack("<3d", 0.5, 1.0, 0.0), None)


@needs_polars
@needs_arrow
def test_polars_goes_through_the_arrow_stream_with_pyarrow(monkeypatch: pytest.MonkeyPatch) -> None:
    refuse_to_arrow(monkeypatch, "the PyCapsule stream was not used")
    frame = pl.read_csv(CSV, schema_overrides={"amount": pl.String}).with_columns(
        pl.col("category").cast(pl.Categorical), pl.col("amount").cast(pl.Decimal(20, 3))
    )
    assert fundcheck.check_allocations(frame).to_json() == EXPECTED
    _, columns, _ = _frames.frame_columns(frame)
    # Columns without missing cells go as the Arrow arrays themselves: ("arrow", layout, array).
    assert {c[0] for c in columns.values()} == {"arrow"}
    assert {name: c[1] for name, c in columns.items()} == {
        "project": "large_utf8",
        "category": "large_utf8",
        "source": "large_utf8",
        "amount": "decimal",
        "use": "large_utf8",
        "upward": "bool",
    }


@needs_polars
def test_a_polars_object_column_is_read_as_its_values(route: Route) -> None:
    lines = [dict(line, amount=amount) for line, amount in zip(TYPED[:3], (Decimal("10.50"), "12.50", 1.001))]
    frame = pl.DataFrame(TYPED[:3]).with_columns(pl.Series("amount", [line["amount"] for line in lines], dtype=pl.Object))
    # The Python float in the object column is a table's float: the table's message.
    assert route.outcome(frame) == as_table_floats(outcome(lines), {"/lines/2/amount": "1.001"})


@needs_polars
def test_a_lazy_frame_is_refused_until_collected(route: Route) -> None:
    lazy = pl.read_csv(CSV).lazy()
    with route.active(), pytest.raises(TypeError, match=r"call \.collect\(\) first"):
        fundcheck.check_allocations(lazy)
    assert route.report(lazy.collect()) == EXPECTED


# ── Rows named by their index labels ─────────────────────────────────────────────────────


def test_errors_name_the_row_label_when_the_index_is_not_the_default(route: Route) -> None:
    df = pd.read_csv(CSV)
    df.loc[3, "amount"] = 1.234
    df.loc[8, "use"] = None
    plain = route.outcome(df)
    assert [e["path"] for e in plain] == ["/lines/3/amount", "/lines/8/use"]
    assert all("row_label" not in e for e in plain)

    labelled = df.set_index(pd.Index([f"{p}@{i}" for i, p in enumerate(df["project"])], name="key"))
    assert route.outcome(labelled) == [
        dict(plain[0], row_label="YS-PX-01@3"),
        dict(plain[1], row_label=f"{df['project'][8]}@8"),
    ]

    ordered = df.sort_values("amount", kind="stable")  # labels no longer positions
    errors = route.outcome(ordered)
    assert errors[0] == dict(plain[0], path="/lines/0/amount", row_label="3")  # 1.234, the smallest
    assert [e["row_label"] for e in errors] == [str(ordered.index[int(e["path"].split("/")[2])]) for e in errors]
    assert [e["row_label"] for e in errors] == ["3", "8"]

    shifted = df.iloc[2:]  # a RangeIndex from 2: not the default
    assert [(e["path"], e["row_label"]) for e in route.outcome(shifted)] == [("/lines/1/amount", "3"), ("/lines/6/use", "8")]

    multi = df.set_index(["source", "project"], drop=False)
    assert route.outcome(multi)[0]["row_label"] == str(("provincial", "YS-PX-01"))


def test_row_labels_keep_the_message_and_survive_pickling(route: Route) -> None:
    df = pd.read_csv(CSV)
    df.loc[3, "amount"] = 1.234
    df.index = pd.date_range("2019-01-01", periods=len(df), freq="D")
    with route.active(), pytest.raises(fundcheck.InputError) as caught:
        fundcheck.check_allocations(df, lang="en")
    e = caught.value
    assert str(e) == "/lines/3/amount: " + float_not_fen("1.234")
    assert (e.code, e.path) == ("input.money", "/lines/3/amount")
    assert e.errors == [
        {
            "code": "input.money",
            "path": "/lines/3/amount",
            "message": float_not_fen("1.234"),
            "row_label": "2019-01-04 00:00:00",
        }
    ]
    assert pickle.loads(pickle.dumps(e)).errors == e.errors
    # An extra column is ignored (issue 14): the same errors, labels and all.
    df["notes"] = "x"
    assert route.outcome(df) == e.errors
    # A problem of the table as a whole (a missing column, at /lines) names no row, so no label.
    assert route.outcome(df.drop(columns=["use"])) == [
        {"code": "input.syntax", "path": "/lines", "message": "the header has no `use` (用途) column"},
        *e.errors,
    ]


@needs_polars
def test_polars_errors_have_no_row_label(route: Route) -> None:
    frame = pl.read_csv(CSV, schema_overrides={"amount": pl.String})[2:]
    frame = frame.with_columns(pl.when(pl.int_range(pl.len()) == 1).then(pl.lit("12,5")).otherwise(pl.col("amount")).alias("amount"))
    assert route.outcome(frame) == [
        {
            "code": "input.money",
            "path": "/lines/1/amount",
            "message": "`12,5`: thousands separators are commas between groups of three digits and the decimal point a full stop, as in 1,200,000.00",
        }
    ]


def _python_strings(frame: Any) -> Any:
    """The frame with its text columns in pandas' Python-string storage (what pandas 3 makes
    when pyarrow is not installed)."""
    out = frame.copy()
    for name in out.columns:
        if out[name].dtype == object or type(out[name].dtype).__name__ == "StringDtype":
            out[name] = out[name].astype(pd.StringDtype("python"))
    return out


def test_text_columns_in_python_storage_are_read_as_the_csv_is() -> None:
    # The whole column joined in C (no string objects handed over): the same report as the file.
    frame = _python_strings(pd.read_csv(CSV, dtype={"amount": str}))
    assert type(frame["project"].dtype).__name__ == "StringDtype"
    assert _frames._pandas_text(np, frame["project"]) is not None
    with without_arrow():
        assert fundcheck.check_allocations(frame).to_json() == EXPECTED


def test_python_storage_with_gaps_non_ascii_and_nul_gives_the_errors_of_the_list_of_dicts() -> None:
    rows = [
        {"project": "站点一", "category": "training", "source": "city", "amount": "100.00", "use": "equipment", "upward": False},
        {"project": None, "category": "training", "source": "city", "amount": "5.00", "use": "equipment", "upward": True},
        {"project": "P\x003", "category": "培训", "source": "city", "amount": "1.5", "use": "equipment", "upward": False},
    ]
    frame = _python_strings(pd.DataFrame(rows))
    # A NUL inside a value: the column goes as its values instead.
    assert _frames._pandas_text(np, frame["project"]) is None
    assert _frames._pandas_text(np, frame["category"]) is not None

    def outcome(lines: Any) -> Any:
        try:
            return fundcheck.check_allocations(lines).to_json()
        except fundcheck.InputError as e:
            return [(p["code"], p["path"], p["message"]) for p in e.errors]

    expected = outcome(rows)
    with without_arrow():
        assert outcome(frame) == expected
        assert outcome(frame.drop(index=2).reset_index(drop=True)) == outcome(rows[:2])
