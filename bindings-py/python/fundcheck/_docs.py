"""Documents as the bytes the engine reads: every runtime parses the same bytes.

A dict is written as JSON here (``ensure_ascii=False``; ``Decimal`` as a decimal string,
``date`` as ``YYYY-MM-DD``) when the core's own reader of dicts (``_native.check_dict``) leaves
it to its text; that reader gives the tree of this very text. A JSON text is encoded as UTF-8;
a path is read as it is.
"""

from __future__ import annotations

import datetime as _dt
import decimal
import json
import math
import os
import pathlib
from typing import Any, Mapping, Optional, Tuple, Union

Doc = Union[Mapping[str, Any], str, bytes, "os.PathLike[str]"]

_FEN = decimal.Decimal("0.01")


def decimal_text(d: decimal.Decimal) -> str:
    """A Decimal as JSON text: plain (never an exponent), and one exact to the fen at two
    places (``Decimal("1.250")`` is the amount ``"1.25"``, as an exact decimal column of a
    table is); any other keeps all its digits, for the engine to refuse."""
    if not d.is_finite():
        return str(d)
    exponent = d.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        try:
            rounded = d.quantize(_FEN)
        except decimal.InvalidOperation:
            return format(d, "f")
        if rounded == d:
            return format(rounded, "f")
    return format(d, "f")


def _default(o: Any) -> Any:
    if isinstance(o, decimal.Decimal):
        return decimal_text(o)
    if isinstance(o, _dt.datetime):
        # A midnight timestamp without a zone (pandas' dates) is its date; others are not dates.
        if o.tzinfo is None and o.time() == _dt.time(0):
            return o.date().isoformat()
        return o.isoformat()
    if isinstance(o, _dt.date):
        return o.isoformat()
    if type(o).__name__ in ("bool_", "bool"):  # numpy booleans (numpy 2 names the type `bool`)
        return bool(o)
    if hasattr(o, "__index__"):  # numpy integers
        return int(o.__index__())
    if isinstance(o, (set, frozenset, tuple)):
        return list(o)
    raise TypeError(f"a document cannot hold a {type(o).__name__} ({o!r})")


def _without_nan(value: Any) -> Any:
    """NaN (pandas' missing value) as null, so that it reads as a missing field."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, Mapping):
        return {k: _without_nan(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_without_nan(v) for v in value]
    return value


def dumps(doc: Any) -> bytes:
    """A dict (or list) as compact UTF-8 JSON."""
    try:
        text = json.dumps(doc, ensure_ascii=False, default=_default, allow_nan=False, separators=(",", ":"))
    except ValueError:
        text = json.dumps(_without_nan(doc), ensure_ascii=False, default=_default, separators=(",", ":"))
    # A lone surrogate is written as the bytes it stands for, which are not UTF-8: the core then
    # answers with its own input error, as it does for the same bytes from any other face.
    return text.encode("utf-8", "surrogatepass")


def is_path(doc: Any) -> bool:
    if isinstance(doc, os.PathLike):
        return True
    if isinstance(doc, str):
        lower = doc.strip().lower()
        return not lower.startswith(("{", "[")) and lower.endswith((".json", ".csv"))
    return False


def to_bytes(doc: Any) -> Tuple[bytes, Optional[str]]:
    """The document's bytes, and the name of the file they were read from (which the engine
    reads the format from, as the CLI does), or ``None``."""
    if isinstance(doc, (bytes, bytearray, memoryview)):
        return bytes(doc), None
    if is_path(doc):
        path = pathlib.Path(os.fspath(doc))
        return path.read_bytes(), path.name
    if isinstance(doc, str):
        return doc.encode("utf-8", "surrogatepass"), None
    if isinstance(doc, Mapping):
        return dumps(doc), None
    raise TypeError(
        f"a document is a dict, a JSON str or bytes, or a path to a .json or .csv file; not {type(doc).__name__}"
    )
