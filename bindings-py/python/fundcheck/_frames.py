"""DataFrames (pandas, polars) and Arrow tables as allocation lines, column by column.

Each column is turned into one Arrow array (zero-copy where the frame already holds Arrow or
numpy buffers) and handed to the engine as its raw buffers; the engine reads the cells from
there without the GIL. Nothing here walks the rows or judges a cell: a column of mixed
Python objects that Arrow cannot type is handed over as the list of its values, which the
engine reads as their own types.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple, Union

from ._fundcheck import LINE_FIELDS

Buffers = Union[Tuple[str, int, Optional[bytes], bytes, Optional[bytes]], Tuple[str, List[Any]]]

_TEXT_FIELDS = {"project", "category", "source", "use"}


def _pyarrow() -> Any:
    try:
        import pyarrow
    except ImportError as e:  # pragma: no cover - the message is the point
        raise ImportError(
            "checking a DataFrame needs pyarrow (pip install pyarrow); "
            "or pass the lines as a list of dicts or a CSV path"
        ) from e
    return pyarrow


def is_frame(obj: Any) -> bool:
    """A pandas or polars DataFrame, or a pyarrow Table (without importing any of them)."""
    root = type(obj).__module__.split(".")[0]
    return (root == "pandas" and hasattr(obj, "columns") and hasattr(obj, "iloc")) or (
        root in ("polars", "pyarrow") and hasattr(obj, "columns") and hasattr(obj, "num_rows" if root == "pyarrow" else "height")
    )


def frame_columns(frame: Any) -> Tuple[int, Dict[str, Buffers], List[str]]:
    """The frame's length, the buffers of each allocation column it has, and the names of
    its other columns."""
    pa = _pyarrow()
    root = type(frame).__module__.split(".")[0]
    if root == "pandas":
        names = list(frame.columns)
        if len(set(map(str, names))) != len(names):
            raise ValueError("the DataFrame has duplicate column names")
        length = len(frame)

        def array(name: Any) -> Any:
            series = frame[name]
            try:
                return pa.Array.from_pandas(series)
            except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError):
                return _object_column(series.tolist())

    elif root == "polars":
        names = list(frame.columns)
        length = frame.height

        def array(name: Any) -> Any:
            return frame.get_column(name).to_arrow()

    else:
        names = list(frame.column_names)
        length = frame.num_rows

        def array(name: Any) -> Any:
            return frame.column(name)

    columns: Dict[str, Buffers] = {}
    unknown: List[str] = []
    for name in names:
        key = str(name)
        if key not in LINE_FIELDS:
            unknown.append(key)
            continue
        arr = array(name)
        if isinstance(arr, tuple):  # mixed Python objects
            columns[key] = arr
            continue
        if isinstance(arr, pa.ChunkedArray):
            arr = arr.combine_chunks() if arr.num_chunks != 1 else arr.chunk(0)
        columns[key] = _buffers(pa, _normalise(pa, arr, key))
    return length, columns, unknown


def _normalise(pa: Any, arr: Any, field: str) -> Any:
    """One of the layouts the engine reads: large_utf8, utf8, float64, int64, bool or an
    exact decimal."""
    t = arr.type
    types = pa.types
    if types.is_dictionary(t):
        arr = arr.dictionary_decode()
        t = arr.type
    if types.is_null(t):
        return pa.nulls(len(arr), pa.large_string())
    if field in _TEXT_FIELDS:
        if types.is_string(t) or types.is_large_string(t):
            return arr
        return arr.cast(pa.large_string())
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
    bufs = arr.buffers()
    validity = bufs[0].to_pybytes() if bufs[0] is not None and arr.null_count > 0 else None
    values = bufs[1].to_pybytes() if bufs[1] is not None else b""
    data = None
    if kind in ("large_utf8", "utf8", "decimal"):
        data = bufs[2].to_pybytes() if len(bufs) > 2 and bufs[2] is not None else b""
    return (kind, arr.offset, validity, values, data)


def _object_column(values: List[Any]) -> Tuple[str, List[Any]]:
    """A column of mixed Python objects that Arrow cannot type: the values themselves, which
    the engine reads one by one as their own types."""
    return ("objects", values)
