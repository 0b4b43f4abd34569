"""check_many: one call for many documents, without the GIL, with a progress bar on request."""

from __future__ import annotations

import json
import pathlib
import threading
import time
from typing import Any, Dict, List

import pytest

import fundcheck
from fundcheck import _fundcheck as native

ROOT = pathlib.Path(__file__).resolve().parents[2]
APPLICATION_BYTES = (ROOT / "examples" / "application-service-stations.json").read_bytes()
APPLICATION: Dict[str, Any] = json.loads(APPLICATION_BYTES)


def variants(n: int) -> List[Dict[str, Any]]:
    docs = []
    for i in range(n):
        doc = json.loads(APPLICATION_BYTES)
        doc["id"] = f"YS-{i:05d}"
        doc["payments"][0]["amount"] = f"{400000 + (i % 5) * 100000}.00"  # 600000.00 and up break the cap
        docs.append(doc)
    return docs


def test_same_reports_as_one_at_a_time() -> None:
    docs: List[Any] = variants(1200)
    docs[7] = APPLICATION_BYTES
    docs[8] = str(ROOT / "examples" / "programme-2019.csv")
    many = fundcheck.check_many(docs, as_of="2020-06-20", lang="en")
    assert [r.to_json() for r in many] == [fundcheck.check(d, as_of="2020-06-20", lang="en").to_json() for d in docs]
    assert sum(not r.ok for r in many) > 200
    assert fundcheck.check_many(docs[:50], threads=1)[9].to_json() == fundcheck.check(docs[9]).to_json()
    # 0 is the default (one thread a core), as for check and check_allocations; the same reports.
    assert [r.to_json() for r in fundcheck.check_many(docs[:50], threads=0)] == [
        fundcheck.check(d).to_json() for d in docs[:50]
    ]


@pytest.mark.parametrize("threads", [-1, 1.5, True, "2"])
def test_a_thread_count_that_is_not_a_whole_number_is_refused(threads: Any) -> None:
    with pytest.raises(ValueError, match="threads must be"):
        fundcheck.check_many(variants(2), threads=threads)


def test_errors_raise_with_the_index_or_come_back_in_place() -> None:
    docs: List[Any] = variants(600)
    bad = dict(docs[555])
    bad["payments"] = [{"date": "2019-13-01", "amount": "1.00"}]
    docs[555] = bad
    with pytest.raises(fundcheck.InputError) as caught:
        fundcheck.check_many(docs)
    assert caught.value.index == 555
    assert caught.value.path == "/payments/0/date"
    assert str(caught.value).startswith("document 555: /payments/0/date")
    results = fundcheck.check_many(docs, errors="return")
    assert isinstance(results[555], fundcheck.InputError) and results[555].index == 555
    assert all(isinstance(r, fundcheck.Report) for i, r in enumerate(results) if i != 555)
    with pytest.raises(ValueError, match="errors must be 'raise' or 'return'"):
        fundcheck.check_many(docs, errors="ignore")


def test_the_batch_runs_without_the_gil() -> None:
    """While the engine checks a batch, another Python thread keeps running: the longest
    pause it sees is a small part of the batch's time (holding the GIL, it would be all)."""
    docs = [APPLICATION_BYTES] * 20_000
    names = [None] * len(docs)
    done: Dict[str, float] = {}

    def batch() -> None:
        start = time.perf_counter()
        native.check_many_bytes(docs, names, threads=1)
        done["seconds"] = time.perf_counter() - start

    worker = threading.Thread(target=batch)
    ticks = [time.perf_counter()]
    worker.start()
    while worker.is_alive():
        ticks.append(time.perf_counter())
    worker.join()
    ticks.append(time.perf_counter())
    longest = max(b - a for a, b in zip(ticks, ticks[1:]))
    assert done["seconds"] > 0.1, "batch too small to tell"
    assert longest < done["seconds"] / 3, (longest, done["seconds"], len(ticks))
    assert len(ticks) > 100


def test_progress_bar(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("tqdm")
    reports = fundcheck.check_many([APPLICATION_BYTES] * 1100, progress=True)
    assert len(reports) == 1100
    err = capsys.readouterr().err
    assert "fundcheck" in err and "1100/1100" in err


def test_empty_batch() -> None:
    assert fundcheck.check_many([]) == []
    assert fundcheck.check_many(iter([APPLICATION]))[0].ok
