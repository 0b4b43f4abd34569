"""fundcheck: checks subsidy applications, budget allocations and programme progress against
偃政办〔2019〕13号 (Yanshi's e-commerce-into-rural-areas special funds).

The rules run in the Rust engine; this package gives them Python types. The report of a
document is the same, to the byte (``Report.to_json()``), as the command line's and the
WebAssembly package's.

>>> import fundcheck
>>> report = fundcheck.check({"kind": "allocation", "lines": []})
>>> report.ok
True
"""

from __future__ import annotations

import datetime
import functools
import os
import pathlib
from decimal import Decimal
from typing import Any, Dict, Iterable, List, Literal, Mapping, Optional, Union

from . import _docs, _frames
from . import _fundcheck as _native
from ._errors import ArgumentError, CalendarError, FundcheckError, InputError, InternalError, PackError
from ._fundcheck import LINE_FIELDS, REQUIRED_LINE_FIELDS, Finding, Pack, Report, Rule, __version__

__all__ = [
    "ALLOCATION_COLUMNS",
    "OPTIONAL_COLUMNS",
    "ArgumentError",
    "CalendarError",
    "CalendarFiles",
    "DateLike",
    "Document",
    "Finding",
    "FundcheckError",
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
    "run_tests",
    "working_days_between",
]

#: The columns of an allocation table, in order (the CSV header).
ALLOCATION_COLUMNS = tuple(REQUIRED_LINE_FIELDS)
#: The optional columns some packs' rules read (`unit`, `investment`, `subcategory`, `year`).
OPTIONAL_COLUMNS = tuple(f for f in LINE_FIELDS if f not in REQUIRED_LINE_FIELDS)

#: Calendar years to add: a path to a year file (TOML as in ``rules/calendars/``, or its
#: JSON form), the file's text, or a list of them.
CalendarFiles = Union[str, "os.PathLike[str]", Iterable[Union[str, "os.PathLike[str]"]]]


def _calendar_files(calendar: Any) -> tuple:
    items = [calendar] if isinstance(calendar, (str, bytes, os.PathLike)) else list(calendar)
    files = []
    for index, item in enumerate(items):
        if isinstance(item, bytes):
            files.append((f"calendar[{index}]", item.decode("utf-8")))
        elif isinstance(item, str) and ("\n" in item or item.lstrip().startswith("{")):
            files.append((f"calendar[{index}]", item))  # the file's text
        elif isinstance(item, (str, os.PathLike)):
            path = pathlib.Path(os.fspath(item))
            files.append((str(path), path.read_text(encoding="utf-8")))
        else:
            raise TypeError(f"calendar: expected a path or the text of a year file, not {type(item).__name__}")
    return tuple(files)


@functools.lru_cache(maxsize=16)
def _calendared(pack: Pack, files: tuple, lang: str) -> Pack:
    return pack.with_calendar(list(files), lang=lang)


@functools.lru_cache(maxsize=16)
def _parametrised(pack: Pack, params: tuple, lang: str) -> Pack:
    import json

    return pack.with_params({key: json.loads(value) for key, value in params}, lang=lang)


def _with_params(pack: Optional[Pack], params: Optional[Mapping[str, Any]], lang: str = "en") -> Optional[Pack]:
    """The pack with ``params`` set (a what-if: ``{"/rules/<id>/params/<key>": value}``, keys
    as ``fundcheck check --param`` takes them); built once per pack and parameters."""
    if not params:
        return pack
    import json

    frozen = tuple((key, json.dumps(value, sort_keys=True, default=str)) for key, value in params.items())
    return _parametrised(pack if pack is not None else Pack.default(), frozen, lang)


def _with_calendar(pack: Optional[Pack], calendar: Any, lang: str = "en") -> Optional[Pack]:
    """The pack with the calendar years of ``calendar`` added (built once per pack and files)."""
    if calendar is None:
        return pack
    return _calendared(pack if pack is not None else Pack.default(), _calendar_files(calendar), lang)


#: A date argument: a ``datetime.date`` or a ``"YYYY-MM-DD"`` string.
DateLike = Union[datetime.date, str]
#: A document: a dict, JSON text or bytes, or a path to a ``.json`` or ``.csv`` file.
Document = Union[Mapping[str, Any], str, bytes, bytearray, "os.PathLike[str]"]
#: A typed fact or figure: money and ratios as Decimal, dates as date, counts as int.
Value = Union[Decimal, datetime.date, int, str, List[str]]
Lang = Literal["zh", "en"]
Severity = Literal["error", "warning", "info"]

_CHUNK = 512


def check(
    doc: Any,
    *,
    pack: Optional[Pack] = None,
    as_of: Any = None,
    lang: str = "zh",
    final: bool = False,
    max_findings: Optional[int] = None,
    format: Optional[str] = None,
    encoding: str = "utf-8",
    calendar: Any = None,
    params: Optional[Mapping[str, Any]] = None,
    threads: Optional[int] = None,
) -> Report:
    """Checks one document: a dict, a JSON ``str``/``bytes``, or a path (``pathlib.Path``, or
    a ``str`` ending in ``.json`` or ``.csv``; a CSV file is an allocation).

    ``as_of`` (a ``date`` or ``"YYYY-MM-DD"``) is the evaluation date; ``final`` marks an
    allocation or progress report final; ``max_findings`` truncates the findings.
    ``format`` (``"json"`` or ``"csv"``) says how to read bytes or text; by default a path's
    suffix decides, and anything else is JSON. ``encoding`` (``"utf-8"`` or ``"gb18030"``)
    is that of a CSV file. ``calendar`` adds calendar years from files (the next year's
    holiday notice; see :data:`CalendarFiles`). Raises :class:`InputError` with every problem
    of a malformed document. ``params`` sets pack parameters for this check (a what-if, keyed
    as ``fundcheck check --param``; the report lists them in ``report.pack["overrides"]``).
    ``threads`` is how many threads may read a large allocation plan in CSV (a file, bytes or
    text; ``None`` or 0: two a core, at most four; 1: the calling thread only);
    the report is the same either way.
    """
    if threads is not None:  # the usual call gives none: no call to make
        _check_threads(threads)
    is_dict = type(doc) is dict
    if (
        is_dict
        and pack is None
        and params is None
        and calendar is None
        and as_of is None
        and max_findings is None
        and format is None
        and final is False
        and encoding == "utf-8"
    ):
        # Every option at its default but the language (the usual call from a program): the
        # core reads the defaults as it would from the full list. `None` as below.
        report = _native.check_dict(doc, lang=lang)
        if report is not None:
            return report
        is_dict = False
    options: Dict[str, Any] = dict(
        pack=_with_calendar(_with_params(pack, params, lang), calendar, lang),
        as_of=as_of,
        lang=lang,
        final=final,
        max_findings=max_findings,
        format=format,
        encoding=encoding,
    )
    if is_dict:
        # Read by the core straight from the dict; `None` when it holds something only its
        # JSON text says how to read (a Decimal, a date, a NaN, …): then the text, below.
        report = _native.check_dict(doc, **options)
        if report is not None:
            return report
    data, name = _docs.to_bytes(doc)
    try:
        return _native.check_bytes(data, name=name, threads=threads, **options)
    except InputError as e:
        if name is not None:
            raise e.with_file(os.fspath(doc)) from None
        raise


def _check_threads(threads: Any) -> None:
    if threads is not None and (type(threads) is not int or threads < 0):
        raise ValueError(f"threads must be None or a whole number of 0 or more, not {threads!r}")


def check_allocations(
    lines: Any,
    *,
    pack: Optional[Pack] = None,
    final: bool = False,
    lang: str = "zh",
    encoding: str = "utf-8",
    max_findings: Optional[int] = None,
    calendar: Any = None,
    params: Optional[Mapping[str, Any]] = None,
    threads: Optional[int] = None,
) -> Report:
    """Checks a set of budget lines: a list of dicts, a pandas or polars DataFrame (or a
    pyarrow Table) with the columns ``project, category, source, amount, use, upward``, or
    the path of a CSV file with that header.

    A DataFrame is read column by column, never row by row: from its Arrow buffers when
    pyarrow is installed, else numeric and boolean columns from their numpy buffers and the
    others as their values; either way the engine judges each cell as the same value in a
    list of dicts, so the report and the errors are the same. Amounts may be text,
    ``Decimal``, integers, or floats exact to the fen. A polars ``LazyFrame`` is refused
    (``TypeError``: call ``.collect()`` first).

    Problems name the cell as ``/lines/<row position>/<column>``; for a pandas frame whose
    index is not the default ``RangeIndex``, each problem of a row in
    :attr:`InputError.errors` also has ``"row_label"``, the row's index label as ``str``.

    ``threads`` is how many threads may read a large plan (``None`` or 0: two a core, at most
    four; 1: the calling thread only, for a process that runs its own workers); the
    report is the same either way.
    """
    _check_threads(threads)
    pack = _with_calendar(_with_params(pack, params, lang), calendar, lang)
    if isinstance(lines, (str, os.PathLike)):  # a file, read as check() reads one
        path = pathlib.Path(os.fspath(lines))
        return check(path, pack=pack, lang=lang, final=final, max_findings=max_findings, encoding=encoding, threads=threads)
    if _frames.is_frame(lines):
        length, columns, unknown = _frames.frame_columns(lines)
        try:
            return _native.check_columns(
                length, columns, unknown, pack=pack, lang=lang, final=final, max_findings=max_findings, threads=threads
            )
        except InputError as e:
            labels = _frames.row_labels(lines)
            if labels is not None:
                e._with_row_labels(labels)
            raise
    if isinstance(lines, (bytes, bytearray, dict)):
        raise TypeError("check_allocations takes lines (a list of dicts, a DataFrame or a CSV path); use check() for a document")
    rows = list(lines)
    table = _frames.dict_columns(rows)
    if table is not None:  # scalar cells: judged as a table's cells, as a DataFrame's are
        length, columns, unknown = table
        return _native.check_columns(length, columns, unknown, pack=pack, lang=lang, final=final, max_findings=max_findings, threads=threads)
    doc = {"kind": "allocation", "lines": rows}
    return _native.check_bytes(
        _docs.dumps(doc), pack=pack, lang=lang, final=final, max_findings=max_findings, threads=threads
    )


def check_many(
    docs: Iterable[Any],
    *,
    pack: Optional[Pack] = None,
    as_of: Any = None,
    lang: str = "zh",
    final: bool = False,
    max_findings: Optional[int] = None,
    progress: bool = False,
    errors: str = "raise",
    threads: Optional[int] = None,
    calendar: Any = None,
    params: Optional[Mapping[str, Any]] = None,
) -> List[Any]:
    """Checks many documents (each as :func:`check` takes it) in one call.

    The engine works without the GIL, on ``threads`` threads (``None`` or 0: one a core; 1:
    the calling thread only, a large CSV plan included), a chunk at a time. ``progress=True``
    shows a tqdm bar when tqdm is installed. With ``errors="raise"`` (the default) the first
    malformed document raises :class:`InputError` (its ``index`` says which); with
    ``errors="return"`` its place in the list holds the ``InputError`` instead of a report.
    """
    _check_threads(threads)
    pack = _with_calendar(_with_params(pack, params, lang), calendar, lang)
    if errors not in ("raise", "return"):
        raise ValueError(f"errors must be 'raise' or 'return', not {errors!r}")
    items = docs if isinstance(docs, list) else list(docs)
    bar = _progress_bar(len(items)) if progress else None
    out: List[Any] = []
    try:
        for start in range(0, len(items), _CHUNK):
            # A dict goes as it is: the core reads it (or its JSON text, see `check`).
            chunk = [(d, None) if type(d) is dict else _docs.to_bytes(d) for d in items[start : start + _CHUNK]]
            results = _native.check_many_bytes(
                [c[0] for c in chunk],
                [c[1] for c in chunk],
                pack=pack,
                as_of=as_of,
                lang=lang,
                final=final,
                max_findings=max_findings,
                threads=threads,
            )
            for offset, result in enumerate(results):
                if isinstance(result, InputError):
                    result.with_index(start + offset)
                    if errors == "raise":
                        raise result
                elif isinstance(result, InternalError):
                    raise result.with_index(start + offset)
                out.append(result)
            if bar is not None:
                bar.update(len(chunk))
    finally:
        if bar is not None:
            bar.close()
    return out


def _progress_bar(total: int) -> Any:
    try:
        from tqdm.auto import tqdm
    except ImportError:
        return None
    return tqdm(total=total, unit="doc", desc="fundcheck")


def add_working_days(d: Any, n: int, *, pack: Optional[Pack] = None, lang: str = "en", calendar: Any = None) -> Any:
    """The ``n``-th working day strictly after ``d`` in the official calendar (``n = 0``
    gives ``d``). ``d`` is a ``date`` or ``"YYYY-MM-DD"``; raises :class:`CalendarError`
    (its message in ``lang``) outside the years the calendar covers, :class:`ArgumentError`
    for a malformed date or count. ``calendar`` adds calendar years from files."""
    return _native.add_working_days(d, n, pack=_with_calendar(pack, calendar, lang), lang=lang)


def working_days_between(a: Any, b: Any, *, pack: Optional[Pack] = None, lang: str = "en", calendar: Any = None) -> int:
    """The number of working days in ``(a, b]``, so that
    ``working_days_between(d, add_working_days(d, n)) == n``."""
    return _native.working_days_between(a, b, pack=_with_calendar(pack, calendar, lang), lang=lang)



def run_tests(*paths: Any, pack: Optional[Pack] = None, min_coverage: Optional[float] = None) -> Dict[str, Any]:
    """Runs a pack's tests, as ``fundcheck test`` does: test files (or directories of them;
    ``rules/tests`` by default), each a case or a suite of cases in the shared vectors' format
    (TOML or JSON), against ``pack`` (the embedded Yanshi pack by default) or the pack a suite
    names. Returns ``{"passed", "failed", "cases": [{file, name, passed, failures}],
    "coverage": [{pack, digest, rules, messages, readings}]}``, each coverage part
    ``{covered, total, missing}``. With ``min_coverage`` (a percentage), raises
    ``AssertionError`` when a case fails or a pack's rule coverage is below it."""
    import json

    names = [os.fspath(p) for p in paths] or ["rules/tests"]
    outcome: Dict[str, Any] = json.loads(_native.run_tests(names, pack=pack))
    if min_coverage is not None:
        failed = [f"{c['file']}: {c['name']}: {'; '.join(c['failures'])}" for c in outcome["cases"] if not c["passed"]]
        low = [
            f"{c['pack']}: rules {c['rules']['covered']}/{c['rules']['total']}"
            for c in outcome["coverage"]
            if c["rules"]["total"] and c["rules"]["covered"] * 100 < min_coverage * c["rules"]["total"]
        ]
        if failed or low:
            raise AssertionError("\n".join(failed + [f"coverage below {min_coverage}%: {x}" for x in low]))
    return outcome
