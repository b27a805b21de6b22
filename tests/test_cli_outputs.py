"""The command line's rough edges for people: several files in `show`, check's grand total,
shell completion, narrow progress bars, refused formats."""

from __future__ import annotations

import shutil
from pathlib import Path

from typer.testing import CliRunner

from conftest import HEBEI, SAMPLES
from goalextract.cli import app

runner = CliRunner()
SAMPLE = SAMPLES / f"{HEBEI}.txt"


def test_show_takes_several_files_and_goes_on_after_a_failure(tmp_path: Path) -> None:
    copy = tmp_path / "copy.txt"
    shutil.copyfile(SAMPLE, copy)
    result = runner.invoke(app, ["show", str(SAMPLE), "missing.docx", str(copy)])
    assert result.exit_code == 1
    assert result.stderr.strip() == "goalextract: missing.docx: no such file"
    assert result.stdout.count("1. 综合事务管理绩效目标表") == 2
    assert "copy.txt" in result.stdout


def test_show_two_files_exit_0() -> None:
    result = runner.invoke(app, ["show", str(SAMPLE), str(SAMPLE)])
    assert result.exit_code == 0
    assert result.stdout.count("1. 综合事务管理绩效目标表") == 2


def test_check_on_a_folder_ends_with_a_grand_total(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt"):
        shutil.copyfile(SAMPLE, tmp_path / name)
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    result = runner.invoke(app, ["check", str(tmp_path), "--jobs", "1"])
    assert result.exit_code == 1  # the broken input
    last = result.stdout.strip().splitlines()[-1]
    one = runner.invoke(app, ["check", str(SAMPLE)]).stdout.splitlines()[0]
    projects = int(one.split(": ", 1)[1].split(" ", 1)[0])
    assert last.startswith(f"total: 3 files, 1 failed, {2 * projects} projects, 0 errors, ")
    assert last.endswith(" notes") or last.endswith(" note")


def test_check_on_one_file_has_no_total() -> None:
    result = runner.invoke(app, ["check", str(SAMPLE)])
    assert "total:" not in result.stdout
