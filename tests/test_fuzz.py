"""A bounded run of tools/fuzz.py: mutants of every format end in a document or our own error.

About a minute at most (``budget``); the full runs (2,000 mutants a format) are
made by hand, see tools/fuzz.py. Marked ``fuzz`` so that ``-m 'not fuzz'`` skips it.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from conftest import ROOT

_spec = importlib.util.spec_from_file_location("goalextract_fuzz", ROOT / "tools" / "fuzz.py")
assert _spec is not None and _spec.loader is not None
fuzz = importlib.util.module_from_spec(_spec)
sys.modules["goalextract_fuzz"] = fuzz
_spec.loader.exec_module(fuzz)


@pytest.mark.fuzz
@pytest.mark.skipif(sys.platform == "win32", reason="the worker's memory limit is POSIX")
def test_mutants_of_every_format_raise_only_our_errors(tmp_path: Path) -> None:
    tally = fuzz.fuzz(
        list(fuzz.FORMATS),
        count=25,
        # A mutant within the limits can still be slow (a table of 800,000 cells
        # takes seconds to read and parse on a busy machine): a hang is a minute.
        seconds=60,
        memory=1024 * 1024 * 1024,
        seed=20261129,
        out=tmp_path,
        budget=40,
    )
    assert sum(sum(per.values()) for per in tally.counts.values()) > 0
    assert tally.findings == []


def test_mutations_are_deterministic_and_change_the_input() -> None:
    import random

    seed = fuzz.seeds("docx")[0]
    first = fuzz.mutant("docx", seed, random.Random(5))
    assert first == fuzz.mutant("docx", seed, random.Random(5))
    assert first != seed
    text = fuzz.seeds("txt")[0]
    assert fuzz.mutant("txt", text, random.Random(6)) != text
