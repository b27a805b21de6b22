"""The README stays true: its Python example runs, its commands exist, its quick start works."""

from __future__ import annotations

import os
import re
import shlex

import pytest
from typer.testing import CliRunner

from conftest import ROOT
from goalextract.cli import app

README = (ROOT / "README.md").read_text(encoding="utf-8")
runner = CliRunner()


def test_python_examples_run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(ROOT)
    blocks = re.findall(r"```python\n(.*?)```", README, re.DOTALL)
    assert blocks
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})
    assert "综合事务管理 100000.0 9" in capsys.readouterr().out


def test_every_command_in_the_readme_exists() -> None:
    used = set(re.findall(r"^\s*(?:\$ )?goalextract (\w+)", README, re.MULTILINE))
    assert {"parse", "show", "check", "cells", "schema"} <= used
    for command in used:
        assert runner.invoke(app, [command, "--help"]).exit_code == 0, command


def test_quick_start_parse_command(monkeypatch: pytest.MonkeyPatch) -> None:
    # The first quick-start line ends with the main job; run that part here
    # (the install part is exercised by CI on a clean clone).
    line = next(line for line in README.splitlines() if "goalextract parse samples/" in line)
    command = shlex.split(line.split("&&")[-1])
    assert command[0].endswith("goalextract")
    monkeypatch.chdir(ROOT)
    result = runner.invoke(app, command[1:])
    assert result.exit_code == 0
    assert '"name": "综合事务管理"' in result.stdout


def test_readme_test_command_is_what_ci_runs() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    quick = [line for line in README.splitlines() if "pytest" in line and "pip install" in line]
    assert len(quick) == 1
    assert quick[0].strip() in ci
    assert os.access(ROOT / ".ci" / "run", os.X_OK)
