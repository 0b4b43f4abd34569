"""The package's exceptions: each is the core's flattened error (the same object the
JavaScript package throws and ``fundcheck check --format json`` prints), as attributes, never
as JSON text inside the message.

Every error has ``code`` (e.g. ``"input.money"``, ``"pack.invalid"``,
``"calendar.out_of_range"``, ``"argument.invalid"``), ``path`` (a JSON Pointer into the
document, the option at fault such as ``"/lang"``, or a place in the pack) and ``errors``, the
list of every problem, each ``{"code", "path", "message"[, "line"]}``; ``code`` and ``path``
are the first problem's, and ``str(error)`` is the core's one-line summary.
"""

from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Union


class FundcheckError(Exception):
    """What every function of the package raises for a problem it can name."""

    code: str
    path: str
    errors: List[Dict[str, Any]]
    index: Optional[int]

    def __init__(self, failure: Union[str, Dict[str, Any]], index: Optional[int] = None) -> None:
        data = json.loads(failure) if isinstance(failure, str) else dict(failure)
        self._failure = data
        self.code = str(data.get("code", ""))
        self.path = str(data.get("path", ""))
        self.errors = list(data.get("errors", []))
        self.summary = str(data.get("message", ""))
        self.index = index
        super().__init__(self._message())

    def _message(self) -> str:
        where = f"document {self.index}: " if self.index is not None else ""
        return where + self.summary

    def with_index(self, index: int) -> "FundcheckError":
        """The same error, naming the document's position in a batch."""
        self.index = index
        self.args = (self._message(),)
        return self

    def __reduce__(self) -> Any:
        return (type(self), (self._failure, self.index))


class InputError(FundcheckError, ValueError):
    """A malformed document: it gets no report, but the list of all its problems, in document
    order (``line`` for a CSV file). ``index`` is its position in a ``check_many`` batch."""


class PackError(FundcheckError, ValueError):
    """A rule pack that cannot be built, or a parameter that does not apply to it: each
    problem's ``path`` is its place (``rules.<id>.params.<key>``); details are in English."""


class CalendarError(FundcheckError, ValueError):
    """A date the working-day calendar does not cover (``calendar.out_of_range``)."""


class ArgumentError(FundcheckError, ValueError, TypeError):
    """A bad option or argument (``argument.invalid``), named by its ``path`` (``/as_of``)."""


class InternalError(FundcheckError, RuntimeError):
    """A bug in fundcheck (the engine stopped on a case it did not foresee). Please report it
    with the document that caused it."""
