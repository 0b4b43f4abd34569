"""The package's exceptions: each is the core's flattened error (the same object the
JavaScript package throws and ``fundcheck check --format json`` prints), as attributes, never
as JSON text inside the message.

Every error has ``code`` (e.g. ``"input.money"``, ``"pack.invalid"``,
``"calendar.out_of_range"``, ``"argument.invalid"``), ``path`` (a JSON Pointer into the
document, the option at fault such as ``"/lang"``, or a place in the pack) and ``errors``, the
list of every problem, each ``{"code", "path", "message"[, "line"][, "row_label"]}``;
``code`` and ``path`` are the first problem's, and ``str(error)`` is the core's one-line
summary.

An error about a document read from a file also has ``file`` (the path as given), and its
``str()`` starts with it, as the command line names the file (``plan.csv: line 3 …``).

For a pandas DataFrame whose index is not the default ``RangeIndex``, each problem in a row
also has ``"row_label"``: the row's index label, as ``str`` (``path`` keeps the row's
position, ``/lines/<position>/<column>``, as every face of fundcheck names it).
"""

from __future__ import annotations

import json
import re
from typing import Any, Dict, List, Optional, Sequence, Union

_ROW = re.compile(r"/lines/(\d+)(?:/|$)")


class FundcheckError(Exception):
    """What every function of the package raises for a problem it can name."""

    code: str
    path: str
    errors: List[Dict[str, Any]]
    index: Optional[int]
    file: Optional[str]

    def __init__(
        self, failure: Union[str, Dict[str, Any]], index: Optional[int] = None, file: Optional[str] = None
    ) -> None:
        data = json.loads(failure) if isinstance(failure, str) else dict(failure)
        self._failure = data
        self.code = str(data.get("code", ""))
        self.path = str(data.get("path", ""))
        self.errors = list(data.get("errors", []))
        self.summary = str(data.get("message", ""))
        self.index = index
        self.file = file
        super().__init__(self._message())

    def _message(self) -> str:
        where = f"document {self.index}: " if self.index is not None else ""
        if self.file is not None:
            where += f"{self.file}: "
        return where + self.summary

    def with_file(self, file: str) -> "FundcheckError":
        """The same error, naming the file the document was read from."""
        self.file = file
        self.args = (self._message(),)
        return self

    def with_index(self, index: int) -> "FundcheckError":
        """The same error, naming the document's position in a batch."""
        self.index = index
        self.args = (self._message(),)
        return self

    def _with_row_labels(self, labels: Sequence[Any]) -> "FundcheckError":
        """The same error, each problem in a table row (``/lines/<position>…``) also naming the
        row by its label in ``labels`` (a DataFrame's index), as ``row_label`` (a ``str``)."""
        errors: List[Dict[str, Any]] = []
        for problem in self.errors:
            problem = dict(problem)
            row = _ROW.match(str(problem.get("path", "")))
            if row is not None and int(row.group(1)) < len(labels):
                problem["row_label"] = str(labels[int(row.group(1))])
            errors.append(problem)
        self.errors = errors
        self._failure = {**self._failure, "errors": errors}
        return self

    def __reduce__(self) -> Any:
        return (type(self), (self._failure, self.index, self.file))


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
