"""The native module (Rust, pyo3). Use the package's functions rather than these."""

from typing import Any, Dict, List, Optional, Tuple, Union

from . import DateLike, Finding as Finding, Pack as Pack, Report as Report, Rule as Rule

__version__: str
__all__ = [
    "Report",
    "Finding",
    "Pack",
    "Rule",
    "check_bytes",
    "check_dict",
    "check_many_bytes",
    "run_tests",
    "check_columns",
    "add_working_days",
    "working_days_between",
    "_panic",
    "LINE_FIELDS",
    "REQUIRED_LINE_FIELDS",
    "__version__",
]
LINE_FIELDS: List[str]
REQUIRED_LINE_FIELDS: List[str]

_Buffers = Union[Tuple[str, int, Optional[bytes], bytes, Optional[bytes]], Tuple[str, List[Any]]]

def check_bytes(
    data: bytes,
    *,
    name: Optional[str] = ...,
    pack: Optional[Pack] = ...,
    as_of: Optional[DateLike] = ...,
    lang: Optional[str] = ...,
    final: Optional[bool] = ...,
    max_findings: Optional[int] = ...,
    format: Optional[str] = ...,
    encoding: Optional[str] = ...,
    threads: Optional[int] = ...,
) -> Report: ...
def check_dict(
    doc: Dict[str, Any],
    *,
    pack: Optional[Pack] = ...,
    as_of: Optional[DateLike] = ...,
    lang: Optional[str] = ...,
    final: Optional[bool] = ...,
    max_findings: Optional[int] = ...,
    format: Optional[str] = ...,
    encoding: Optional[str] = ...,
) -> Optional[Report]: ...
def check_many_bytes(
    docs: List[Union[bytes, Dict[str, Any]]],
    names: List[Optional[str]],
    *,
    pack: Optional[Pack] = ...,
    as_of: Optional[DateLike] = ...,
    lang: Optional[str] = ...,
    final: Optional[bool] = ...,
    max_findings: Optional[int] = ...,
    threads: Optional[int] = ...,
) -> List[Any]: ...
def check_columns(
    length: int,
    columns: Dict[str, _Buffers],
    unknown: List[str],
    *,
    pack: Optional[Pack] = ...,
    lang: Optional[str] = ...,
    final: Optional[bool] = ...,
    max_findings: Optional[int] = ...,
    threads: Optional[int] = ...,
) -> Report: ...
def run_tests(paths: List[str], *, pack: Optional[Pack] = ...) -> str: ...
def add_working_days(d: DateLike, n: int, *, pack: Optional[Pack] = ..., lang: str = ...) -> Any: ...
def _panic(message: str, *, detached: bool = ...) -> None: ...
def working_days_between(a: DateLike, b: DateLike, *, pack: Optional[Pack] = ..., lang: str = ...) -> int: ...
