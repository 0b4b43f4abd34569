"""The package's exceptions. Each carries the same flattened shape as the core's errors
(code, path, message), as attributes, never as JSON text inside the message."""

from __future__ import annotations

import datetime as _dt
from typing import Any, Dict, List, Optional

_SHOWN = 20


class InputError(ValueError):
    """A malformed document: it gets no report, but the list of all its problems.

    ``errors`` is every problem in document order, each a dict with ``code`` (e.g.
    ``"input.money"``), ``path`` (a JSON Pointer such as ``"/lines/3/amount"``), ``message``
    (in the language asked for) and, for a CSV file, ``line``. ``path`` and ``code`` are the
    first problem's. ``index`` is the document's position in a ``check_many`` batch.
    """

    errors: List[Dict[str, Any]]
    path: str
    code: str
    index: Optional[int]

    def __init__(self, errors: List[Dict[str, Any]], index: Optional[int] = None) -> None:
        self.errors = list(errors)
        first = self.errors[0] if self.errors else {"code": "", "path": "", "message": ""}
        self.path = str(first.get("path", ""))
        self.code = str(first.get("code", ""))
        self.index = index
        super().__init__(_describe(self.errors, index))

    def __reduce__(self) -> Any:
        return (type(self), (self.errors, self.index))


def _describe(errors: List[Dict[str, Any]], index: Optional[int]) -> str:
    where = f"document {index}: " if index is not None else ""
    if len(errors) == 1:
        return where + _line(errors[0])
    lines = [f"{where}{len(errors)} problems in the input:"]
    lines += ["  " + _line(e) for e in errors[:_SHOWN]]
    if len(errors) > _SHOWN:
        lines.append(f"  … and {len(errors) - _SHOWN} more (see .errors)")
    return "\n".join(lines)


def _line(error: Dict[str, Any]) -> str:
    path = error.get("path") or "(document)"
    line = f" (line {error['line']})" if error.get("line") is not None else ""
    return f"{path}{line}: {error.get('message', '')} [{error.get('code', '')}]"


class PackError(ValueError):
    """A rule pack that cannot be built: ``errors`` lists each problem as
    ``{"place": "rules.<id>.<key>" | None, "message": ...}``; ``file`` names the pack."""

    errors: List[Dict[str, Any]]
    file: str

    def __init__(self, file: str, errors: List[Dict[str, Any]]) -> None:
        self.file = file
        self.errors = list(errors)
        shown = "; ".join(
            (f"{e['place']}: " if e.get("place") else "") + str(e.get("message", "")) for e in self.errors
        )
        super().__init__(f"{file}: {shown}")

    def __reduce__(self) -> Any:
        return (type(self), (self.file, self.errors))


class CalendarError(ValueError):
    """A date the working-day calendar does not cover (``date``, with the covered range
    ``first`` to ``last``)."""

    date: Optional[_dt.date]
    first: Optional[_dt.date]
    last: Optional[_dt.date]

    def __init__(
        self,
        message: str,
        date: Optional[_dt.date] = None,
        first: Optional[_dt.date] = None,
        last: Optional[_dt.date] = None,
    ) -> None:
        self.date, self.first, self.last = date, first, last
        super().__init__(message)

    def __reduce__(self) -> Any:
        return (type(self), (str(self), self.date, self.first, self.last))


class InternalError(RuntimeError):
    """A bug in fundcheck (the engine stopped on a case it did not foresee). Please report it
    with the document that caused it."""
