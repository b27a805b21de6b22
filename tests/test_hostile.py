"""The hostile inputs end to end: tools/hostile.py run on the installed command.

Each case (a hang, bombs, huge spans, endless stdin, broken output targets, bad
names in a batch) must end with its exit code, one stderr line per failure, no
traceback, a peak RSS under 1 GiB and --timeout kept; see the script. About a
minute; marked ``hostile`` so that ``-m 'not hostile'`` skips it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

COMMAND = Path(sys.executable).parent / "goalextract"


@pytest.mark.hostile
@pytest.mark.skipif(sys.platform == "win32", reason="the cases use FIFOs, sockets and rlimits")
@pytest.mark.skipif(not COMMAND.exists(), reason="needs the installed goalextract command")
def test_every_hostile_case_passes(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "tools" / "hostile.py"),
            "--goalextract",
            str(COMMAND),
            "--keep",
            str(tmp_path / "cases"),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.rstrip().endswith("all cases pass")
