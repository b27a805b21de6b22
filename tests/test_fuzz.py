"""A bounded run of tools/fuzz.py: mutants of every format end in a document or our own error.

About a minute at most (``budget``); the full runs (2,000 mutants a format) are
made by hand, see tools/fuzz.py. Marked ``fuzz`` so that ``-m 'not fuzz'`` skips it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import ROOT

# Imported by name from tools/ (not loaded from its path): the spawned workers
# import the module again, through the sys.path they inherit.
sys.path.insert(0, str(ROOT / "tools"))
import fuzz


@pytest.mark.fuzz
@pytest.mark.skipif(sys.platform == "win32", reason="the worker's memory limit is POSIX")
def test_mutants_of_every_format_raise_only_our_errors(tmp_path: Path) -> None:
    tally = fuzz.fuzz(
        list(fuzz.FORMATS),
        count=150,
        # A mutant within the limits can still be slow (a table of 800,000 cells
        # takes seconds to read and parse on a busy machine): a hang is a minute.
        seconds=60,
        memory=1024 * 1024 * 1024,
        seed=20261129,
        out=tmp_path,
        budget=45,
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
