"""DataFrames (pandas, polars) and Arrow tables: read column by column from their buffers,
the same report as the CSV file and the same input errors as the same lines in JSON."""

from __future__ import annotations

import json
import pathlib
from decimal import Decimal
from typing import Any, Dict, List

import pytest

import fundcheck
from _tables import as_table_floats, float_not_fen

pd = pytest.importorskip("pandas")
pl = pytest.importorskip("polars")
pa = pytest.importorskip("pyarrow")

ROOT = pathlib.Path(__file__).resolve().parents[2]
CSV = ROOT / "examples" / "programme-2019.csv"
EXPECTED = fundcheck.check_allocations(CSV).to_json()


def errors_of(lines: Any, **kw: Any) -> List[Dict[str, Any]]:
    with pytest.raises(fundcheck.InputError) as caught:
        fundcheck.check_allocations(lines, lang="en", **kw)
    return caught.value.errors


def test_pandas_as_read_csv_gives_float_amounts_and_the_same_report() -> None:
    df = pd.read_csv(CSV)
    assert df["amount"].dtype == "float64" and df["upward"].dtype == "bool"
    assert fundcheck.check_allocations(df).to_json() == EXPECTED


def test_pandas_with_text_amounts() -> None:
    df = pd.read_csv(CSV, dtype={"amount": str})
    assert fundcheck.check_allocations(df).to_json() == EXPECTED
    df = pd.read_csv(CSV, dtype=str)  # upward as "true"/"false" text too
    assert fundcheck.check_allocations(df).to_json() == EXPECTED


def test_pandas_object_columns_of_decimals_and_of_mixed_types() -> None:
    df = pd.read_csv(CSV, dtype={"amount": str})
    df["amount"] = [Decimal(a) for a in df["amount"]]
    assert fundcheck.check_allocations(df).to_json() == EXPECTED
    df["amount"] = [Decimal(a) if i % 3 == 0 else int(Decimal(a)) if i % 3 == 1 else str(a) for i, a in enumerate(df["amount"])]
    assert fundcheck.check_allocations(df).to_json() == EXPECTED


def test_pandas_categorical_and_integer_amounts() -> None:
    df = pd.read_csv(CSV)
    df["category"] = df["category"].astype("category")
    df["amount"] = df["amount"].astype("int64")
    assert fundcheck.check_allocations(df).to_json() == EXPECTED


def test_polars_and_arrow() -> None:
    assert fundcheck.check_allocations(pl.read_csv(CSV)).to_json() == EXPECTED
    text = pl.read_csv(CSV, schema_overrides={"amount": pl.String})
    assert fundcheck.check_allocations(text).to_json() == EXPECTED
    decimal = text.with_columns(pl.col("amount").cast(pl.Decimal(20, 2)))
    assert fundcheck.check_allocations(decimal).to_json() == EXPECTED
    table = pa.Table.from_pandas(pd.read_csv(CSV))
    assert fundcheck.check_allocations(table).to_json() == EXPECTED


def test_a_slice_reads_from_its_offset() -> None:
    table = pa.Table.from_pandas(pd.read_csv(CSV, dtype={"amount": str}))
    part = table.slice(5, 10)
    expected = fundcheck.check_allocations(part.to_pylist()).to_json()
    assert fundcheck.check_allocations(part).to_json() == expected
    assert fundcheck.check_allocations(pl.from_arrow(table)[5:15]).to_json() == expected


def test_a_bad_cell_is_named_by_its_row_position() -> None:
    df = pd.read_csv(CSV)
    df.loc[3, "amount"] = 1.234
    assert errors_of(df) == [{"code": "input.money", "path": "/lines/3/amount", "message": float_not_fen("1.234")}]
    filtered = df[df["source"] == "provincial"].iloc[2:]  # index labels no longer positions
    assert errors_of(filtered)[0]["path"] == "/lines/1/amount"
    assert errors_of(filtered)[0]["row_label"] == "3"  # and the row's label beside it
    frame = pl.read_csv(CSV, schema_overrides={"amount": pl.String})
    frame = frame.with_columns(pl.when(pl.int_range(pl.len()) == 7).then(pl.lit("12,5")).otherwise(pl.col("amount")).alias("amount"))
    assert errors_of(frame) == [
        {
            "code": "input.money",
            "path": "/lines/7/amount",
            "message": "`12,5`: thousands separators are commas between groups of three digits and the decimal point a full stop, as in 1,200,000.00",
        }
    ]


def test_inexact_float_is_refused_with_the_table_float_rule() -> None:
    df = pd.read_csv(CSV)
    df.loc[0, "amount"] = 0.1 + 0.2
    assert errors_of(df) == [{"code": "input.money", "path": "/lines/0/amount", "message": float_not_fen("0.30000000000000004")}]
    # A list of dicts is a table too: the same cells, the same rule.
    lines = pd.read_csv(CSV, dtype={"amount": str}).to_dict("records")
    lines[0]["amount"] = 0.1 + 0.2
    assert errors_of(lines) == errors_of(df)
    # The same float in a JSON document is a JSON number: judged by the JSON number rule.
    with pytest.raises(fundcheck.InputError) as caught:
        fundcheck.check({"kind": "allocation", "lines": lines}, lang="en")
    assert caught.value.errors == [
        {
            "code": "input.money",
            "path": "/lines/0/amount",
            "message": "`0.30000000000000004`: a number with more than 15 significant digits must be written as a string",
        }
    ]


MESSY: List[Dict[str, Any]] = [
    {"project": "A", "category": "training", "source": "provincial", "amount": 10.5, "use": "equipment", "upward": True},
    {"project": "B", "category": "canteen", "source": "county", "amount": 1.001, "use": "equipment", "upward": False},
    {"project": None, "category": "training", "source": "city", "amount": -3.0, "use": None, "upward": True},
    {"project": "D", "category": "logistics", "source": "provincial", "amount": None, "use": "software", "upward": None},
]


def test_a_frame_gets_the_same_errors_in_the_same_order_as_the_same_lines_in_json() -> None:
    with pytest.raises(fundcheck.InputError) as caught:
        fundcheck.check({"kind": "allocation", "lines": MESSY}, lang="en")
    expected = caught.value.errors
    assert [e["path"] for e in expected] == [
        "/lines/1/category",
        "/lines/1/source",
        "/lines/1/amount",
        "/lines/2/amount",
        "/lines/2/project",
        "/lines/2/use",
        "/lines/3/amount",
        "/lines/3/upward",
    ]
    assert expected[2] == {"code": "input.money", "path": "/lines/1/amount", "message": "`1.001`: an amount has at most 2 decimals (fen)"}
    framed = as_table_floats(expected, {"/lines/1/amount": "1.001"})
    assert errors_of(MESSY) == framed  # a list of dicts is judged as a table's cells
    assert errors_of(pd.DataFrame(MESSY)) == framed
    assert errors_of(pl.DataFrame(MESSY)) == framed
    assert errors_of(pa.Table.from_pylist(MESSY)) == framed


def test_bad_upward_text_is_a_type_error() -> None:
    df = pd.read_csv(CSV, dtype=str)
    df.loc[4, "upward"] = "maybe"
    assert errors_of(df) == [
        {"code": "input.type", "path": "/lines/4/upward", "message": "expected a yes/no value (true/false, 是/否, yes/no or 1/0), found string"}
    ]
    df.loc[4, "upward"] = "否"  # false, as the CSV reader takes it
    assert fundcheck.check_allocations(df).to_json() == EXPECTED


def test_unknown_and_missing_columns() -> None:
    df = pd.read_csv(CSV)
    df["notes"] = "x"
    # An extra column is ignored, and named once by an info finding (issue 14).
    report = fundcheck.check_allocations(df, lang="en")
    assert report.ok
    ignored = [f for f in report.findings if f.rule == "budget.ignored_columns"]
    assert [(f.severity, f.path, f.facts, f.message) for f in ignored] == [
        ("info", "/lines", {"columns": ["notes"]}, "ignored columns that are not budget-line fields: notes")
    ]
    doc = json.loads(fundcheck.check_allocations(df).to_json())
    expected = json.loads(EXPECTED)
    assert [f for f in doc["findings"] if f["rule"] != "budget.ignored_columns"] == expected["findings"]
    assert doc["counts"] == dict(expected["counts"], info=expected["counts"]["info"] + 1)
    assert {k: v for k, v in doc.items() if k not in ("findings", "counts")} == {
        k: v for k, v in expected.items() if k not in ("findings", "counts")
    }
    ok = fundcheck.check_allocations(df[list(fundcheck.ALLOCATION_COLUMNS)])
    assert ok.to_json() == EXPECTED
    # A missing column is one error for the table, not one per row.
    missing = errors_of(pd.read_csv(CSV).drop(columns=["use"]).head(2))
    assert missing == [{"code": "input.syntax", "path": "/lines", "message": "the header has no `use` (用途) column"}]
    with pytest.raises(fundcheck.InputError) as caught:
        fundcheck.check_allocations(pd.read_csv(CSV).drop(columns=["use"]).head(2))
    assert caught.value.errors == [{"code": "input.syntax", "path": "/lines", "message": "表头缺少“用途”（use）列"}]


def test_empty_frame_and_final() -> None:
    empty = pd.DataFrame({c: pd.Series([], dtype=str) for c in fundcheck.ALLOCATION_COLUMNS})
    assert fundcheck.check_allocations(empty).ok
    df = pd.read_csv(CSV)
    df.loc[df["upward"], "upward"] = False
    draft = fundcheck.check_allocations(df)
    final = fundcheck.check_allocations(df, final=True)
    assert draft.ok and not final.ok
    assert [f.severity for f in final.findings if f.rule == "budget.upward_min"] == ["error"]


def test_what_if_trips_the_public_centre_cap() -> None:
    df = pd.read_csv(CSV)
    df.loc[df["project"] == "YS-PSC-01", "amount"] += 100_000
    report = fundcheck.check_allocations(df)
    cap = next(f for f in report.findings if f.rule == "budget.public_center_cap")
    assert cap.severity == "warning"
    assert cap.facts["headroom"] < 0
    assert report.figures["public_center_headroom"] == cap.facts["headroom"]


def test_an_exact_decimal_column_is_judged_by_the_engine_to_the_fen() -> None:
    """A decimal column of scale 3 holds 1.250 for 1.25: exact to the fen, so the same report;
    1.255 keeps its three places and is refused at its cell, as "1.255" in JSON is."""
    text = pa.Table.from_pandas(pd.read_csv(CSV, dtype={"amount": str}))
    amounts = pa.array([Decimal(a) for a in text.column("amount").to_pylist()], type=pa.decimal128(20, 3))
    table = text.set_column(text.schema.get_field_index("amount"), "amount", amounts)
    assert fundcheck.check_allocations(table).to_json() == EXPECTED
    broken = amounts.to_pylist()
    broken[2] = Decimal("1.255")
    table = text.set_column(text.schema.get_field_index("amount"), "amount", pa.array(broken, type=pa.decimal128(20, 3)))
    lines = text.to_pylist()
    lines[2]["amount"] = "1.255"
    assert errors_of(table) == errors_of(lines)
    assert [e["path"] for e in errors_of(table)] == ["/lines/2/amount"]


def test_a_mixed_object_column_is_read_as_each_value_s_own_type() -> None:
    """A pandas object column of bools, 是/否 text and 1/0 integers reads as the same lines
    in JSON would: each value as its own type, judged by the engine."""
    df = pd.read_csv(CSV, dtype={"amount": str})
    words = {True: "是", False: "否"}
    df["upward"] = pd.Series(
        [bool(v) if i % 3 == 0 else words[bool(v)] if i % 3 == 1 else int(v) for i, v in enumerate(df["upward"])],
        dtype=object,
    )
    assert fundcheck.check_allocations(df).to_json() == EXPECTED


def test_a_number_or_boolean_in_a_text_column_is_judged_as_in_json() -> None:
    """A text column (project, category, source, use) of numbers or booleans is not made
    text: the engine judges each cell as the same value in a list of dicts, through pyarrow
    or not (an int project id read by ``pd.read_csv``: pass ``dtype=str`` or the CSV path)."""
    lines = [dict(line) for line in MESSY[:2]]
    lines[0]["project"], lines[1]["project"], lines[1]["use"] = 2019001, True, 1.5
    expected = errors_of(lines)
    assert expected[:2] == [
        {"code": "input.type", "path": "/lines/0/project", "message": "expected a string, found number"},
        {"code": "input.type", "path": "/lines/1/project", "message": "expected a string, found boolean"},
    ]
    assert {"code": "input.type", "path": "/lines/1/use", "message": "expected a string, found number"} in expected
    ids = pd.DataFrame(lines[:1])
    assert ids["project"].dtype == "int64"
    assert errors_of(ids) == expected[:1]
    assert errors_of(pd.DataFrame(lines)) == as_table_floats(expected, {"/lines/1/amount": "1.001"})
    assert errors_of(pa.Table.from_pylist(lines[:1])) == expected[:1]
    assert errors_of(pl.DataFrame(lines[:1])) == expected[:1]


def test_a_list_of_dicts_is_judged_as_a_table() -> None:
    """Issue 14: the same cells are accepted from a list of dicts as from a DataFrame or CSV —
    `upward` as 是, an extra key noted once, a key no row has one error naming the column."""
    lines = pd.read_csv(CSV, dtype={"amount": str}).to_dict("records")
    for row in lines:
        row["upward"] = "是" if row["upward"] else "否"
        row["备注"] = "x"
    report = fundcheck.check_allocations(lines, lang="en")
    noted = [f for f in report.findings if f.rule == "budget.ignored_columns"]
    assert [(f.severity, f.path, f.facts["columns"]) for f in noted] == [("info", "/lines", ["备注"])]
    for row in lines:
        del row["use"]
    assert errors_of(lines) == [{"code": "input.syntax", "path": "/lines", "message": "the header has no `use` (用途) column"}]
    # A value that is not a scalar goes the JSON way, which names its type.
    nested = [{"project": "P", "category": "training", "source": "city", "amount": ["1"], "use": "equipment", "upward": True}]
    assert errors_of(nested)[0]["code"] == "input.type"


def _by_copy(monkeypatch: pytest.MonkeyPatch, lines: Any) -> str:
    """The report with every column's buffers copied into ``bytes`` (the route before the
    Arrow C data interface, still taken by columns with missing cells)."""
    from fundcheck import _frames

    monkeypatch.setattr(_frames, "ZERO_COPY", False)
    copied = fundcheck.check_allocations(lines).to_json()
    monkeypatch.setattr(_frames, "ZERO_COPY", True)
    return copied


@pytest.mark.parametrize("text", ["string", "large_string"])
@pytest.mark.parametrize("amount", ["float64", "int64", "string", "decimal"])
def test_arrow_columns_read_in_place_give_the_report_of_the_copied_buffers(
    monkeypatch: pytest.MonkeyPatch, text: str, amount: str
) -> None:
    from fundcheck import _frames

    df = pd.read_csv(CSV, dtype={"amount": str})
    table = pa.table({name: pa.array(df[name].tolist(), type=getattr(pa, text)()) for name in ("project", "category", "source", "use")})
    amounts = {
        "float64": pa.array(df["amount"].astype(float)),
        "int64": pa.array([int(Decimal(a)) for a in df["amount"]], type=pa.int64()),
        "string": pa.array(df["amount"].tolist(), type=getattr(pa, text)()),
        "decimal": pa.array([Decimal(a) for a in df["amount"]], type=pa.decimal128(20, 3)),
    }[amount]
    table = table.append_column("amount", amounts).append_column("upward", pa.array(df["upward"].astype(bool)))
    # In place: every column is handed over as its Arrow array.
    _, columns, _ = _frames.frame_columns(table)
    assert {c[0] for c in columns.values()} == {"arrow"}
    for frame in (table, table.slice(7, 20)):
        in_place = fundcheck.check_allocations(frame).to_json()
        assert in_place == _by_copy(monkeypatch, frame)
        assert in_place == fundcheck.check_allocations(frame.to_pylist()).to_json()
    if amount != "int64":  # whole yuan: not the CSV's amounts
        assert fundcheck.check_allocations(table).to_json() == EXPECTED


def test_an_arrow_column_with_missing_cells_is_copied_and_its_gaps_are_missing_fields() -> None:
    from fundcheck import _frames

    table = pa.Table.from_pandas(pd.read_csv(CSV, dtype={"amount": str}))
    gaps = table.set_column(table.schema.get_field_index("source"), "source", pa.array([None] * table.num_rows, pa.string()))
    _, columns, _ = _frames.frame_columns(gaps)
    assert columns["source"][0] == "utf8" and columns["project"][0] == "arrow"
    errors = errors_of(gaps)
    assert errors[0]["path"] == "/lines/0/source"
    assert errors == errors_of(gaps.to_pylist())


def test_a_column_handed_over_as_arrow_must_be_the_layout_it_names() -> None:
    import fundcheck._fundcheck as native

    floats = pa.array([1.0, 2.0])
    with pytest.raises(ValueError, match="column `amount`: an Arrow array of Float64"):
        native.check_columns(2, {"amount": ("arrow", "utf8", floats)}, [])
    with pytest.raises(ValueError, match="missing cells"):
        native.check_columns(2, {"amount": ("arrow", "f64", pa.array([1.0, None]))}, [])
    with pytest.raises(ValueError, match="unknown buffer kind"):
        native.check_columns(2, {"amount": ("arrow", "float", floats)}, [])
    with pytest.raises((TypeError, ValueError)):
        native.check_columns(2, {"amount": ("arrow", "f64", [1.0, 2.0])}, [])
    with pytest.raises(ValueError, match="values buffer too short"):
        native.check_columns(3, {"amount": ("arrow", "f64", floats)}, [])


def _outcome(lines: Any) -> Any:
    """The report's canonical bytes, or the input errors."""
    try:
        return fundcheck.check_allocations(lines, lang="en").to_json()
    except fundcheck.InputError as e:
        return e.errors


def _routes_agree(monkeypatch: pytest.MonkeyPatch, table: Any) -> Any:
    """The same outcome in place, copied, and as a list of dicts; that outcome."""
    from fundcheck import _frames

    in_place = _outcome(table)
    monkeypatch.setattr(_frames, "ZERO_COPY", False)
    copied = _outcome(table)
    monkeypatch.setattr(_frames, "ZERO_COPY", True)
    assert in_place == copied
    assert in_place == _outcome(table.to_pylist())
    return in_place


def _chinese_table() -> Any:
    """The example plan with Chinese project names, uses typed by their labels, one use the
    pack does not list (its finding quotes the project), and amounts with fen (so their
    floats are not whole)."""
    df = pd.read_csv(CSV)
    df["project"] = ["示范项目" + p for p in df["project"]]
    df["amount"] = df["amount"] + 0.37
    labels = {"equipment": "设备购置", "software": "软件系统"}
    uses = [labels.get(u, u) for u in df["use"]]
    uses[5] = "新用途"
    df["use"] = uses
    return pa.Table.from_pandas(df, preserve_index=False)


@pytest.mark.parametrize("text", ["string", "large_string", "string_view"])
def test_chinese_text_and_fen_amounts_read_in_place_whole_and_sliced(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    """Texts and string views (which reach the engine cast to large strings, so whole and
    from offset 0) in place; a sliced text array with its offset, its first text offset
    past multi-byte characters."""
    from fundcheck import _frames

    if not hasattr(pa, text):
        pytest.skip(f"pyarrow has no {text}")
    table = _chinese_table()
    table = pa.table(
        {
            name: table[name].cast(getattr(pa, text)()) if pa.types.is_string(table[name].type) or pa.types.is_large_string(table[name].type) else table[name]
            for name in table.column_names
        }
    )
    _, columns, _ = _frames.frame_columns(table)
    assert {c[0] for c in columns.values()} == {"arrow"}
    assert columns["project"][1] == {"string": "utf8"}.get(text, "large_utf8")
    whole = _routes_agree(monkeypatch, table)
    assert isinstance(whole, str) and "示范项目YS-" in whole and "新用途" in whole
    sliced = table.slice(3, 9)
    if text != "string_view":
        # The array the engine reads keeps the slice's offset: its first text offset is not
        # zero and falls after multi-byte characters.
        _, columns, _ = _frames.frame_columns(sliced)
        handed = columns["project"][2]
        assert handed.offset == 3 and handed.buffers()[1] is not None
    assert _routes_agree(monkeypatch, sliced) != whole


def test_empty_tables_and_chunks_read_in_place(monkeypatch: pytest.MonkeyPatch) -> None:
    table = _chinese_table()
    for empty in (table.slice(0, 0), table.slice(5, 0)):
        _routes_agree(monkeypatch, empty)
    # Several chunks, one of them empty: combined into one array first.
    empty = pa.RecordBatch.from_pylist([], schema=table.schema)
    chunked = pa.Table.from_batches([*table.slice(0, 4).to_batches(), empty, *table.slice(4).to_batches()])
    assert chunked["project"].num_chunks >= 3
    assert 0 in [len(c) for c in chunked["project"].chunks]
    assert _routes_agree(monkeypatch, chunked) == _routes_agree(monkeypatch, table)


def test_an_arrow_column_without_missing_cells_but_with_a_validity_buffer(monkeypatch: pytest.MonkeyPatch) -> None:
    from fundcheck import _frames

    table = _chinese_table()
    n = table.num_rows
    upward = pa.array(table["upward"].to_pylist() + [None]).slice(0, n)
    assert upward.null_count == 0 and upward.buffers()[0] is not None
    table = table.set_column(table.schema.get_field_index("upward"), "upward", upward)
    _, columns, _ = _frames.frame_columns(table)
    assert columns["upward"][0] == "arrow"
    assert _routes_agree(monkeypatch, table) == _routes_agree(monkeypatch, _chinese_table())


def test_an_arrow_column_shorter_than_the_table_is_refused() -> None:
    import fundcheck._fundcheck as native

    # Two booleans fill one byte of a bitmap: its padding bits are not cells.
    with pytest.raises(ValueError, match="column `upward`: values buffer too short"):
        native.check_columns(3, {"upward": ("arrow", "bool", pa.array([True, False]))}, [])
    with pytest.raises(ValueError, match="column `project`: values buffer too short"):
        native.check_columns(3, {"project": ("arrow", "large_utf8", pa.array(["a", "b"], pa.large_string()))}, [])


def test_an_arrow_array_of_another_type_is_refused() -> None:
    """Refused by the type its schema gives (read before the array is imported, so an array
    Arrow could not import is refused the same way), or as no Arrow array at all."""
    import fundcheck._fundcheck as native

    dictionary = pa.array(["培训", "培训"]).dictionary_encode()
    with pytest.raises(ValueError, match="column `category`: an Arrow array of Dictionary"):
        native.check_columns(2, {"category": ("arrow", "utf8", dictionary)}, [])
    views = pa.array(["a", "b"], pa.string_view())
    with pytest.raises(ValueError, match="column `category`: an Arrow array of Utf8View"):
        native.check_columns(2, {"category": ("arrow", "utf8", views)}, [])

    class NotArrow:
        def __arrow_c_array__(self, requested_schema: Any = None) -> Any:
            return (1, 2)

    with pytest.raises(TypeError, match="expected an Arrow array"):
        native.check_columns(2, {"category": ("arrow", "utf8", NotArrow())}, [])
    with pytest.raises(TypeError, match="expected an Arrow array"):
        native.check_columns(2, {"category": ("arrow", "utf8", ["a", "b"])}, [])

    class Failing:
        def __arrow_c_array__(self, requested_schema: Any = None) -> Any:
            raise RuntimeError("the producer failed")

    # The producer's own error, not one that hides it.
    with pytest.raises(RuntimeError, match="the producer failed"):
        native.check_columns(2, {"category": ("arrow", "utf8", Failing())}, [])


@pytest.mark.parametrize("threads", [None, 0, 1, 2, 3, 16])
def test_the_threads_that_read_a_plan_do_not_change_its_report(threads: Any) -> None:
    """Asking for threads cuts even a small plan into chunks (about eight a thread), so the
    example plan is read on several threads here; the report is the one-thread report."""
    one = fundcheck.check_allocations(CSV, threads=1).to_json()
    assert one == EXPECTED
    assert fundcheck.check_allocations(CSV, threads=threads).to_json() == one
    assert fundcheck.check(CSV, threads=threads).to_json() == one
    assert fundcheck.check_allocations(pd.read_csv(CSV), threads=threads).to_json() == one
    assert fundcheck.check_allocations(pd.read_csv(CSV).to_dict("records"), threads=threads).to_json() == one
    gaps = pd.read_csv(CSV)
    gaps.loc[4, "source"] = None
    assert errors_of(gaps, threads=threads) == errors_of(gaps, threads=1)


def test_a_negative_thread_count_is_refused() -> None:
    with pytest.raises((OverflowError, TypeError, ValueError)):
        fundcheck.check_allocations(CSV, threads=-1)


@pytest.mark.parametrize("threads", [-1, 1.5, True, "2"])
def test_a_thread_count_that_is_not_a_whole_number_of_zero_or_more_is_refused_first(threads: Any) -> None:
    with pytest.raises(ValueError, match="threads must be None or a whole number"):
        fundcheck.check_allocations(CSV, threads=threads)
    with pytest.raises(ValueError, match="threads must be None or a whole number"):
        fundcheck.check({"kind": "allocation", "lines": []}, threads=threads)
