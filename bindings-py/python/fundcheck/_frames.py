"""DataFrames (pandas, polars) and Arrow tables as allocation lines, column by column.

Each allocation column is handed to the engine in a layout it reads from Rust (see
``bindings-py/src/columns.rs``), by one of two routes:

- **with pyarrow** (when it is importable: the fast path): each column becomes one Arrow
  array, zero-copy where the frame already holds Arrow or numpy buffers (a polars frame
  through its Arrow PyCapsule stream); an array without missing cells is handed over as
  itself, read by the engine through the Arrow C data interface (``__arrow_c_array__``)
  where Arrow keeps it (the call then keeps the GIL: the memory is still the caller's, maybe
  a numpy array's), any other as copies of its raw buffers (immutable ``bytes``);
- **without pyarrow**: a numeric or boolean column (pandas numpy ``float``/``int``/``bool``,
  the nullable ``Int64``/``Float64``/``boolean`` and their kin, polars integers, floats and
  booleans) as little-endian ``f64``/``i64`` values or a bit-packed bitmap built by numpy,
  its missing cells as a validity bitmap; any other column (text, ``object``, ``string``,
  categorical, decimal, dates) as the list of its values, each missing cell as ``None``.

Nothing here judges a cell or makes text of a value: a column of mixed Python objects goes
over as its values, which the engine reads one by one as their own types (numpy 2's booleans
made Python's first, :func:`_unboxed`), and the engine judges every cell as the same value in
a JSON document (``upward`` also takes the CSV reader's words and 1/0, as a table's column).
So either route, and the same lines as a list of dicts, give the same report and errors.
pyarrow, polars and numpy are imported here only, when a frame is checked.
"""

from __future__ import annotations

import datetime as _dt
import decimal
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

from ._fundcheck import LINE_FIELDS

Buffers = Union[Tuple[str, int, Optional[bytes], bytes, Optional[bytes]], Tuple[str, List[Any]], Tuple[str, str, Any]]

_INT64_MAX = 2**63 - 1

#: A pyarrow column without missing cells goes to the engine as the array itself, read through
#: the Arrow C data interface where Arrow keeps it; ``False`` copies its buffers into ``bytes``
#: instead, as every column went before (the tests compare the two routes).
ZERO_COPY = True


def _pyarrow() -> Any:
    """The pyarrow module, or ``None`` when it is not installed (the frame is then read
    through numpy and its values)."""
    try:
        import pyarrow
    except ImportError:
        return None
    return pyarrow


def _numpy() -> Any:
    try:
        import numpy
    except ImportError:  # polars runs without numpy: every column goes as its values
        return None
    return numpy


def _root(obj: Any) -> str:
    return type(obj).__module__.split(".")[0]


def _is_lazy(obj: Any) -> bool:
    return _root(obj) == "polars" and any(c.__name__ == "LazyFrame" for c in type(obj).__mro__)


def is_frame(obj: Any) -> bool:
    """A pandas or polars DataFrame (or a polars LazyFrame, refused by :func:`frame_columns`),
    or a pyarrow Table, without importing any of them."""
    root = _root(obj)
    if _is_lazy(obj):
        return True
    return (root == "pandas" and hasattr(obj, "columns") and hasattr(obj, "iloc")) or (
        root in ("polars", "pyarrow") and hasattr(obj, "columns") and hasattr(obj, "num_rows" if root == "pyarrow" else "height")
    )


def row_labels(frame: Any) -> Optional[Sequence[Any]]:
    """A pandas frame's index when it is not the default ``RangeIndex`` (0, 1, 2, …), so that
    errors can name a row by its label as well as its position; otherwise ``None``."""
    if _root(frame) != "pandas":
        return None
    index = frame.index
    if type(index).__name__ == "RangeIndex" and index.start == 0 and index.step == 1:
        return None
    return index  # type: ignore[no-any-return]


_SCALARS = (type(None), bool, int, float, str, decimal.Decimal, _dt.date)


def dict_columns(rows: List[Any]) -> Optional[Tuple[int, Dict[str, Buffers], List[str]]]:
    """A list of dicts as a table's columns, each the list of its values (read by the engine
    as their own types, as a DataFrame's object columns are): the same cells are then judged
    the same way from a list of dicts, a DataFrame or CSV. A column is present when any row
    has the key. ``None`` when a row is not a dict or a value is not a scalar (a nested list,
    say): such lines go to the engine as JSON, which names each problem."""
    if not rows:
        return None
    keys: List[str] = []
    for row in rows:
        if not isinstance(row, dict):
            return None
        for key, value in row.items():
            if not isinstance(key, str) or not isinstance(value, _SCALARS) and type(value).__name__ not in _NUMPY_SCALARS:
                return None
            if key not in keys:
                keys.append(key)
    columns: Dict[str, Buffers] = {
        key: ("objects", [row.get(key) for row in rows]) for key in keys if key in LINE_FIELDS
    }
    return len(rows), columns, [key for key in keys if key not in LINE_FIELDS]


#: numpy's scalar types, by name, so that numpy need not be imported to recognise them.
_NUMPY_SCALARS = {"bool_", "bool", "int64", "int32", "int16", "int8", "uint64", "uint32", "uint16", "uint8", "float64", "float32"}


def frame_columns(frame: Any) -> Tuple[int, Dict[str, Buffers], List[str]]:
    """The frame's length, the buffers of each allocation column it has, and the names of
    its other columns."""
    if _is_lazy(frame):
        raise TypeError(
            "check_allocations takes a polars DataFrame, not a LazyFrame: call .collect() first"
        )
    pa = _pyarrow()
    root = _root(frame)
    if root == "pandas":
        names = list(frame.columns)
        if len(set(map(str, names))) != len(names):
            raise ValueError("the DataFrame has duplicate column names")
        length = len(frame)
        np = _numpy()
        return length, *_split(names, lambda name: _pandas_column(pa, np, frame[name]))
    if root == "polars":
        return frame.height, *_polars_columns(pa, frame)
    if pa is None:  # pragma: no cover - only when pyarrow is hidden after making the Table
        raise ImportError("reading a pyarrow Table needs pyarrow")
    return frame.num_rows, *_split(list(frame.column_names), lambda name: _arrow_column(pa, frame.column(name)))


def _split(names: List[Any], column: Any) -> Tuple[Dict[str, Buffers], List[str]]:
    """The buffers of each allocation column (``column(name)``), and the other names."""
    columns: Dict[str, Buffers] = {}
    unknown: List[str] = []
    for name in names:
        key = str(name)
        if key not in LINE_FIELDS:
            unknown.append(key)
        else:
            columns[key] = column(name)
    return columns, unknown


# ── With pyarrow ─────────────────────────────────────────────────────────────────────────


def _arrow_column(pa: Any, arr: Any) -> Buffers:
    """An Arrow array or chunked array, as its buffers."""
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks() if arr.num_chunks != 1 else arr.chunk(0)
    return _buffers(pa, _normalise(pa, arr))


def _normalise(pa: Any, arr: Any) -> Any:
    """One of the layouts the engine reads: large_utf8, utf8, float64, int64, bool or an
    exact decimal. A number in a text column stays a number, to be judged (and refused) by
    the engine as the same number in JSON is; a type the engine has no cell for (a date, a
    timestamp) goes as Arrow's text of it."""
    t = arr.type
    types = pa.types
    if types.is_dictionary(t):
        if hasattr(types, "is_string_view") and types.is_string_view(t.value_type):
            # Arrow cannot take from a dictionary of string views (polars' categoricals)
            arr = arr.cast(pa.dictionary(t.index_type, pa.large_string()))
        arr = arr.dictionary_decode()
        t = arr.type
    if types.is_null(t):
        return pa.nulls(len(arr), pa.large_string())
    if types.is_string(t) or types.is_large_string(t) or types.is_boolean(t):
        return arr
    if hasattr(types, "is_string_view") and types.is_string_view(t):
        return arr.cast(pa.large_string())
    if types.is_floating(t):
        return arr.cast(pa.float64())
    if types.is_integer(t):
        try:
            return arr.cast(pa.int64())
        except pa.ArrowInvalid:  # a uint64 beyond int64: judge it as written
            return arr.cast(pa.large_string())
    if types.is_decimal(t):
        return arr  # sent as its plain text, judged by the engine (kind "decimal")
    return arr.cast(pa.large_string())


def _buffers(pa: Any, arr: Any) -> Buffers:
    t = arr.type
    if pa.types.is_decimal(t):
        arr, kind = arr.cast(pa.large_string()), "decimal"
    elif pa.types.is_large_string(t):
        kind = "large_utf8"
    elif pa.types.is_string(t):
        kind = "utf8"
    elif pa.types.is_float64(t):
        kind = "f64"
    elif pa.types.is_int64(t):
        kind = "i64"
    elif pa.types.is_boolean(t):
        kind = "bool"
    else:  # pragma: no cover - _normalise covers every type
        raise TypeError(f"unexpected column type {t}")
    if ZERO_COPY and arr.null_count == 0 and hasattr(arr, "__arrow_c_array__"):
        # Read where Arrow keeps it, through the Arrow C data interface: no copy.
        return ("arrow", kind, arr)
    bufs = arr.buffers()
    validity = bufs[0].to_pybytes() if bufs[0] is not None and arr.null_count > 0 else None
    values = bufs[1].to_pybytes() if bufs[1] is not None else b""
    data = None
    if kind in ("large_utf8", "utf8", "decimal"):
        data = bufs[2].to_pybytes() if len(bufs) > 2 and bufs[2] is not None else b""
    return (kind, arr.offset, validity, values, data)


# ── pandas ───────────────────────────────────────────────────────────────────────────────


def _pandas_column(pa: Any, np: Any, series: Any) -> Buffers:
    if pa is not None:
        try:
            arr = pa.Array.from_pandas(series)
        except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError):
            return _pandas_objects(np, series)
        return _arrow_column(pa, arr)
    dtype = series.dtype
    kind = getattr(dtype, "kind", "O")
    if np is not None and type(dtype).__name__ == "StringDtype" and getattr(dtype, "storage", None) == "python":
        text = _pandas_text(np, series)
        if text is not None:
            return text
    if np is None or kind not in "biuf" or type(dtype).__name__ == "CategoricalDtype":
        return _pandas_objects(np, series)
    if isinstance(dtype, np.dtype):
        # numpy holds no missing cell but a float's NaN, which the engine reads as missing.
        values, mask = series.to_numpy(), None
    else:  # nullable (masked), Arrow-backed or sparse: values with a stand-in where missing
        mask = np.asarray(series.isna(), dtype=bool)
        fill = {"b": False, "f": np.nan}.get(kind, 0)
        target = {"b": bool, "f": "float64", "u": "uint64"}.get(kind, "int64")
        try:
            values = series.to_numpy(dtype=target, na_value=fill)
        except (TypeError, ValueError):  # pragma: no cover - an extension type that cannot
            return _pandas_objects(np, series)
        if not mask.any():
            mask = None
    return _numeric(np, values, mask) or _pandas_objects(np, series)


def _pandas_text(np: Any, series: Any) -> Optional[Buffers]:
    """A column of pandas' text dtype without pyarrow (Python strings): the Arrow layout of a
    ``large_utf8`` column (the values' UTF-8 back to back, their offsets, the validity bitmap),
    made by one join in C and numpy rather than handing over a million string objects: the
    values are joined with NUL, whose positions give the offsets. ``None`` (read as objects)
    when a value holds a NUL or cannot be written as UTF-8 (a lone surrogate)."""
    values = series.to_numpy(dtype=object).tolist()
    missing = None
    try:
        joined = "\x00".join(values)
    except TypeError:  # a missing value (NaN or None): judged missing, joined as ""
        missing = np.asarray(series.isna(), dtype=bool)
        values = series.to_numpy(dtype=object, na_value="").tolist()
        try:
            joined = "\x00".join(values)
        except TypeError:
            return None
    try:
        data = joined.encode("utf-8")
    except UnicodeEncodeError:
        return None
    nuls = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == 0)
    if len(nuls) != max(len(values) - 1, 0):
        return None
    # Value i starts after the i-th NUL; dropping the NULs moves it i bytes back.
    starts = np.empty(len(values) + 1, dtype=np.int64)
    starts[0] = 0
    starts[1:-1] = nuls + 1
    starts[-1] = len(data) + 1
    offsets = starts - np.arange(len(values) + 1, dtype=np.int64)
    offsets[-1] = len(data) - len(nuls)
    validity = np.packbits(~missing, bitorder="little").tobytes() if missing is not None and missing.any() else None
    return ("large_utf8", 0, validity, offsets.astype("<i8").tobytes(), data.replace(b"\x00", b""))


def _pandas_objects(np: Any, series: Any) -> Tuple[str, List[Any]]:
    """The column's values, each read by the engine as its own type: a categorical decoded
    to its categories' values, every missing marker (``NaN``, ``None``, ``pd.NA``, ``NaT``)
    as ``None``."""
    return ("objects", _unboxed(np, series.to_numpy(dtype=object, na_value=None).tolist()))


def _unboxed(np: Any, values: List[Any]) -> List[Any]:
    """numpy booleans as Python's: the engine knows numpy 1's ``bool_`` by its type name, which
    numpy 2 changed to ``bool`` (it would read one as its text, ``True``)."""
    if np is None:
        return values
    boolean = np.bool_
    if not any(type(v) is boolean for v in values):
        return values
    return [bool(v) if type(v) is boolean else v for v in values]


# ── polars ───────────────────────────────────────────────────────────────────────────────


def _polars_columns(pa: Any, frame: Any) -> Tuple[Dict[str, Buffers], List[str]]:
    import polars as pl

    names = [str(n) for n in frame.columns]
    known = [n for n in names if n in LINE_FIELDS]
    # A polars Object column holds Python objects, which Arrow sees as pointers: its values.
    arrow = [n for n in known if pa is not None and frame.schema[n] != pl.Object]
    table = _polars_table(pa, frame.select(arrow)) if arrow else None
    np = _numpy()
    columns: Dict[str, Buffers] = {}
    for name in known:
        if table is not None and name in arrow:
            columns[name] = _arrow_column(pa, table.column(name))
        else:
            columns[name] = _polars_column(pl, np, frame.get_column(name))
    return columns, [n for n in names if n not in LINE_FIELDS]


def _polars_table(pa: Any, frame: Any) -> Any:
    """The frame as a pyarrow Table, through the Arrow PyCapsule stream (zero-copy) when
    pyarrow can read it, else through polars' own export (an older pyarrow: no string
    views)."""
    from_stream = getattr(pa.RecordBatchReader, "from_stream", None)
    if from_stream is not None and hasattr(frame, "__arrow_c_stream__"):
        try:
            return from_stream(frame).read_all()
        except (pa.ArrowNotImplementedError, pa.ArrowInvalid, pa.ArrowTypeError):  # pragma: no cover
            pass
    return frame.to_arrow()


def _polars_column(pl: Any, np: Any, series: Any) -> Buffers:
    dtype = series.dtype
    ints = (pl.Int8, pl.Int16, pl.Int32, pl.Int64, pl.UInt8, pl.UInt16, pl.UInt32, pl.UInt64)
    numeric = dtype == pl.Boolean or dtype in ints or dtype in (pl.Float32, pl.Float64)
    if np is None or not numeric:
        return ("objects", _unboxed(np, series.to_list()))
    mask, filled = None, series
    if series.null_count() > 0:
        mask = series.is_null().to_numpy()
        filled = series.fill_null(False if dtype == pl.Boolean else 0)
    return _numeric(np, filled.to_numpy(), mask) or ("objects", series.to_list())


# ── numpy buffers ────────────────────────────────────────────────────────────────────────


def _numeric(np: Any, values: Any, mask: Any) -> Optional[Buffers]:
    """A numpy array of numbers or booleans (``mask`` true where a cell is missing) as the
    engine's ``f64``, ``i64`` or ``bool`` buffers; ``None`` for a ``uint64`` beyond int64,
    which goes as its values (Python ints, read as written)."""
    validity = None if mask is None else np.packbits(~np.asarray(mask, dtype=bool), bitorder="little").tobytes()
    kind = values.dtype.kind
    if kind == "b":
        return ("bool", 0, validity, np.packbits(values.astype(bool, copy=False), bitorder="little").tobytes(), None)
    if kind == "f":
        return ("f64", 0, validity, np.ascontiguousarray(values, dtype="<f8").tobytes(), None)
    if kind == "u" and values.size and int(values.max()) > _INT64_MAX:
        return None
    if kind in "iu":
        return ("i64", 0, validity, np.ascontiguousarray(values, dtype="<i8").tobytes(), None)
    return None  # pragma: no cover - the callers send only numbers and booleans
