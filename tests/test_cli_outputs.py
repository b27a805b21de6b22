"""The command line's rough edges for people: several files in `show`, check's grand total,
shell completion, narrow progress bars, refused formats."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rich.progress import Progress
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


def test_an_rtf_file_is_refused_with_one_line_and_exit_1(tmp_path: Path) -> None:
    rtf = tmp_path / "report.rtf"
    rtf.write_bytes(b"{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Times;}}\\f0 x\\par}")
    result = runner.invoke(app, ["parse", str(rtf)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"goalextract: {rtf}: not a supported format: an RTF document;"
        " save it as .docx and try again\n"
    )


def test_a_wrong_explicit_encoding_is_warned_about() -> None:
    result = runner.invoke(app, ["parse", str(SAMPLE), "--encoding", "latin-1"])
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["projects"] == []
    first = doc["warnings"][0]
    assert (first["code"], first["severity"]) == ("implausible_encoding", "warning")
    assert "latin-1" in first["message"] and "utf-8" in first["message"]


@pytest.mark.parametrize("encoding", ["utf-8", "UTF8"])
def test_a_right_explicit_encoding_is_not(encoding: str) -> None:
    result = runner.invoke(app, ["parse", str(SAMPLE), "--encoding", encoding])
    codes = [w["code"] for w in json.loads(result.stdout)["warnings"]]
    assert "implausible_encoding" not in codes


def test_gb18030_read_as_big5_or_latin1(tmp_path: Path) -> None:
    from goalextract.readers.encoding import implausible

    data = SAMPLE.read_text(encoding="utf-8").encode("gb18030")
    assert implausible(data, data.decode("latin-1"), "latin-1") is not None
    assert implausible(data, data.decode("gb18030"), "gbk") is None


@pytest.mark.parametrize("width", [40, 60, 80, 120])
def test_the_progress_bar_keeps_count_and_eta_on_narrow_terminals(width: int) -> None:
    from types import SimpleNamespace

    from rich.console import Console

    from goalextract.views import RichReporter

    screen = io.StringIO()
    reporter = RichReporter(quiet=False, summary=False, debug=False)
    reporter._console = Console(file=screen, width=width, force_terminal=True, color_system=None)
    reporter.show_progress = True
    reporter.start(101)
    for n in range(19):
        name = f"submissions/2024/某某区教育局/项目支出绩效目标表-{n}.docx"
        reporter.advance(SimpleNamespace(input=SimpleNamespace(relative=name)))  # type: ignore[arg-type]
    progress = reporter._progress
    assert isinstance(progress, Progress)
    line = io.StringIO()
    Console(file=line, width=width, color_system=None).print(
        progress.make_tasks_table(progress.tasks)
    )
    progress.stop()
    shown = line.getvalue().rstrip("\n")
    assert "\n" not in shown  # one line
    assert "19/101" in shown
    assert re.search(r"(-:--:--|\d:\d\d:\d\d)", shown), shown
    if width >= 80:
        assert "files/s" in shown
    if width >= 120:
        assert "项目支出绩效目标表-18.docx" in shown


def _script() -> str:
    script = Path(sys.executable).parent / "goalextract"
    found = str(script) if script.exists() else shutil.which("goalextract")
    assert found, "the goalextract console script is not installed"
    return found


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("goalextract pa", {"parse"}),
        ("goalextract parse --form", {"--format"}),
        ("goalextract parse --format ", {"json", "jsonl", "csv", "tsv", "xlsx", "sqlite"}),
    ],
)
def test_shell_completion_completes_commands_options_and_choices(
    words: str, expected: set[str]
) -> None:
    env = {
        **os.environ,
        "_GOALEXTRACT_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split(" ")) - 1),
    }
    done = subprocess.run(
        [_script()], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert expected <= set(done.stdout.split())


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash to detect the shell")
def test_install_completion_writes_the_bash_script(tmp_path: Path) -> None:
    env = {**os.environ, "HOME": str(tmp_path)}
    # Run from bash: typer names the shell after the parent process.
    done = subprocess.run(
        ["bash", "-c", f"'{_script()}' --install-completion"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    script = tmp_path / ".bash_completions" / "goalextract.sh"
    assert "_GOALEXTRACT_COMPLETE=complete_bash" in script.read_text(encoding="utf-8")
    assert str(script) in (tmp_path / ".bashrc").read_text(encoding="utf-8")
