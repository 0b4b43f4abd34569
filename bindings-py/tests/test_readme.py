"""The package README's examples run as written (doctest), from `examples/` as the README says."""

from __future__ import annotations

import doctest
import os
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


def test_the_readme_examples_give_what_they_show() -> None:
    pytest.importorskip("pandas")
    here = os.getcwd()
    os.chdir(ROOT / "examples")
    try:
        result = doctest.testfile(str(ROOT / "bindings-py" / "README.md"), module_relative=False, verbose=False)
    finally:
        os.chdir(here)
    assert result.attempted > 10
    assert result.failed == 0
