"""Type stubs of the fundcheck package (checked with ``mypy --strict``)."""

import datetime
import os
from decimal import Decimal
from typing import Any, Dict, Iterable, List, Literal, Mapping, Optional, Protocol, Sequence, Tuple, Union, final, overload

__version__: str
__all__ = [
    "ALLOCATION_COLUMNS",
    "OPTIONAL_COLUMNS",
    "CalendarError",
    "DateLike",
    "Document",
    "Finding",
    "InputError",
    "InternalError",
    "Lang",
    "Pack",
    "PackError",
    "Report",
    "Rule",
    "Severity",
    "Value",
    "__version__",
    "add_working_days",
    "check",
    "check_allocations",
    "check_many",
    "working_days_between",
]

#: The columns of an allocation table, in order (the CSV header).
ALLOCATION_COLUMNS: Tuple[str, ...]
OPTIONAL_COLUMNS: Tuple[str, ...]
LINE_FIELDS: List[str]

#: A date argument: a ``datetime.date`` or a ``"YYYY-MM-DD"`` string.
DateLike = Union[datetime.date, str]
#: Calendar years to add: a path to a year file, its text, or a list of them.
CalendarFiles = Union[str, "os.PathLike[str]", Iterable[Union[str, "os.PathLike[str]"]]]
#: A document: a dict, JSON text or bytes, or a path to a ``.json`` or ``.csv`` file.
Document = Union[Mapping[str, Any], str, bytes, bytearray, "os.PathLike[str]"]
#: A typed fact or figure: money and ratios as Decimal, dates as date, counts as int.
Value = Union[Decimal, datetime.date, int, str, List[str]]
Lang = Literal["zh", "en"]
Severity = Literal["error", "warning", "info"]

class _Frame(Protocol):
    """A pandas or polars DataFrame (not a polars LazyFrame: ``.collect()`` it first), or a
    pyarrow Table; pyarrow is optional for DataFrames."""

    @property
    def columns(self) -> Any: ...

_Lines = Union[Sequence[Mapping[str, Any]], Iterable[Mapping[str, Any]], str, "os.PathLike[str]", _Frame]

@final
class Rule:
    """One rule of a pack."""

    @property
    def id(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def clause(self) -> str: ...
    @property
    def clause_text(self) -> str: ...
    @property
    def severity(self) -> Severity: ...
    @property
    def owner(self) -> Literal["applicant", "administration"]: ...
    @property
    def base(self) -> Optional[str]: ...
    @property
    def summary_zh(self) -> str: ...
    @property
    def summary_en(self) -> str: ...

@final
class Pack:
    """A built rule pack."""

    @staticmethod
    def default() -> Pack: ...
    @staticmethod
    def load(path: Union[str, "os.PathLike[str]"]) -> Pack: ...
    def with_params(self, params: Dict[str, Any], *, lang: Lang = ...) -> Pack: ...
    def with_calendar(self, files: List[Tuple[str, str]], *, lang: Lang = ...) -> Pack: ...
    @property
    def id(self) -> str: ...
    @property
    def version(self) -> str: ...
    @property
    def digest(self) -> str: ...
    @property
    def rules(self) -> List[Rule]: ...
    @property
    def resolved(self) -> Dict[str, Any]: ...
    @property
    def info(self) -> Dict[str, Any]: ...
    def requirements(self, category: str) -> Optional[Dict[str, Any]]: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class Finding:
    """A rule's verdict on one place of the document."""

    @property
    def rule(self) -> str: ...
    @property
    def severity(self) -> Severity: ...
    @property
    def owner(self) -> Literal["applicant", "administration"]: ...
    @property
    def path(self) -> str: ...
    @property
    def clause(self) -> str: ...
    @property
    def message(self) -> str: ...
    @property
    def facts(self) -> Dict[str, Value]: ...
    def to_dict(self) -> Dict[str, Any]: ...

@final
class Report:
    """The outcome of checking one well-formed document."""

    @property
    def ok(self) -> bool: ...
    @property
    def applicant_ok(self) -> bool: ...
    @property
    def kind(self) -> Literal["application", "allocation", "progress"]: ...
    @property
    def as_of(self) -> Optional[datetime.date]: ...
    @property
    def pack(self) -> Dict[str, str]: ...
    @property
    def counts(self) -> Dict[str, int]: ...
    @property
    def findings(self) -> List[Finding]: ...
    @property
    def figures(self) -> Dict[str, Value]: ...
    def to_json(self) -> str: ...
    def to_dict(self) -> Dict[str, Any]: ...
    def to_pandas(self) -> Any:
        """A ``pandas.DataFrame``: one row per finding."""
    def _repr_html_(self) -> str: ...

class FundcheckError(Exception):
    """The core's flattened error: ``code``, ``path``, every problem in ``errors`` (each
    ``{"code", "path", "message"[, "line"][, "row_label"]}``: ``line`` for a CSV file,
    ``row_label`` (a ``str``) for a pandas DataFrame whose index is not the default
    ``RangeIndex``), the one-line ``summary``."""

    code: str
    path: str
    errors: List[Dict[str, Any]]
    summary: str
    index: Optional[int]
    def __init__(self, failure: Union[str, Dict[str, Any]], index: Optional[int] = ...) -> None: ...
    def with_index(self, index: int) -> FundcheckError: ...

class InputError(FundcheckError, ValueError): ...
class PackError(FundcheckError, ValueError): ...
class CalendarError(FundcheckError, ValueError): ...
class ArgumentError(FundcheckError, ValueError, TypeError): ...
class InternalError(FundcheckError, RuntimeError): ...

def check(
    doc: Document,
    *,
    pack: Optional[Pack] = ...,
    as_of: Optional[DateLike] = ...,
    lang: Lang = ...,
    final: bool = ...,
    max_findings: Optional[int] = ...,
    format: Optional[Literal["json", "csv"]] = ...,
    encoding: Literal["utf-8", "gb18030"] = ...,
    calendar: Optional[CalendarFiles] = ...,
    params: Optional[Mapping[str, Any]] = ...,
    threads: Optional[int] = ...,
) -> Report: ...
def check_allocations(
    lines: _Lines,
    *,
    pack: Optional[Pack] = ...,
    final: bool = ...,
    lang: Lang = ...,
    encoding: Literal["utf-8", "gb18030"] = ...,
    max_findings: Optional[int] = ...,
    calendar: Optional[CalendarFiles] = ...,
    params: Optional[Mapping[str, Any]] = ...,
    threads: Optional[int] = ...,
) -> Report: ...
@overload
def check_many(
    docs: Iterable[Document],
    *,
    pack: Optional[Pack] = ...,
    as_of: Optional[DateLike] = ...,
    lang: Lang = ...,
    final: bool = ...,
    max_findings: Optional[int] = ...,
    progress: bool = ...,
    errors: Literal["raise"] = ...,
    threads: Optional[int] = ...,
    calendar: Optional[CalendarFiles] = ...,
    params: Optional[Mapping[str, Any]] = ...,
) -> List[Report]: ...
@overload
def check_many(
    docs: Iterable[Document],
    *,
    pack: Optional[Pack] = ...,
    as_of: Optional[DateLike] = ...,
    lang: Lang = ...,
    final: bool = ...,
    max_findings: Optional[int] = ...,
    progress: bool = ...,
    errors: Literal["return"],
    threads: Optional[int] = ...,
    calendar: Optional[CalendarFiles] = ...,
    params: Optional[Mapping[str, Any]] = ...,
) -> List[Union[Report, InputError]]: ...
def add_working_days(
    d: DateLike, n: int, *, pack: Optional[Pack] = ..., lang: Lang = ..., calendar: Optional[CalendarFiles] = ...
) -> datetime.date: ...
def working_days_between(
    a: DateLike, b: DateLike, *, pack: Optional[Pack] = ..., lang: Lang = ..., calendar: Optional[CalendarFiles] = ...
) -> int: ...
def run_tests(
    *paths: Union[str, "os.PathLike[str]"], pack: Optional[Pack] = ..., min_coverage: Optional[float] = ...
) -> Dict[str, Any]: ...
