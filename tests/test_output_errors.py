"""Output-side failures: one line on stderr naming the output, exit 1, no traceback,
no half-written file (folder that is a file, read-only folder, disk full, standard
output on /dev/full, an SQLite target that is not a database or is locked)."""

from __future__ import annotations

import errno
import io
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import IO, Any

import pytest
from typer.testing import CliRunner

from conftest import HEBEI, SAMPLES
from goalextract.cli import app
from goalextract.writers import sqlite as sqlite_writer

runner = CliRunner()
SAMPLE = str(SAMPLES / f"{HEBEI}.txt")
FORMATS = ["json", "jsonl", "csv", "tsv", "xlsx", "sqlite"]
SUFFIX = {"sqlite": "db"}
HAS_DEV_FULL = Path("/dev/full").is_char_device()


def _one_line(result: Any, target: str) -> str:
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"goalextract: {target}: cannot write"), lines[0]
    assert "Traceback" not in result.output
    return str(lines[0])


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize("fmt", FORMATS)
def test_output_under_a_regular_file(tmp_path: Path, fmt: str) -> None:
    (tmp_path / "somefile.txt").write_text("x")
    target = f"{tmp_path}/somefile.txt/out.{SUFFIX.get(fmt, fmt)}"
    result = runner.invoke(app, ["parse", SAMPLE, "-o", target])
    line = _one_line(result, target)
    assert line.endswith("somefile.txt is not a folder")
    assert _files(tmp_path) == ["somefile.txt"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder")
@pytest.mark.parametrize("fmt", FORMATS)
def test_output_in_a_read_only_folder(tmp_path: Path, fmt: str) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        target = str(folder / f"out.{SUFFIX.get(fmt, fmt)}")
        result = runner.invoke(app, ["parse", SAMPLE, "-o", target])
        assert "permission denied" in _one_line(result, target)
        assert _files(folder) == []
    finally:
        folder.chmod(0o755)


@pytest.mark.parametrize("fmt", FORMATS)
def test_disk_full_leaves_the_old_output(
    tmp_path: Path, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / f"out.{SUFFIX.get(fmt, fmt)}"
    assert runner.invoke(app, ["parse", SAMPLE, "-o", str(target)]).exit_code == 0
    before = target.read_bytes()

    if fmt == "sqlite":
        monkeypatch.setattr(sqlite_writer, "_insert_document", _database_full)
    else:
        monkeypatch.setattr(os, "fdopen", _full_fdopen)  # the atomic writer's temporary file
    result = runner.invoke(app, ["parse", SAMPLE, "-o", str(target)])
    monkeypatch.undo()
    line = _one_line(result, str(target))
    assert "full" in line
    assert target.read_bytes() == before
    assert _files(tmp_path) == [target.name]


class _FullBinary(io.BufferedWriter):
    def write(self, data: Any) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


class _FullText(io.TextIOWrapper):
    def write(self, text: str) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def _full_fdopen(fd: int, mode: str, **kwargs: Any) -> IO[Any]:
    """The atomic writer's temporary file on a full disk: every write fails."""
    raw = io.FileIO(fd, "wb")
    if "b" in mode:
        return _FullBinary(raw)
    return _FullText(io.BufferedWriter(raw), **kwargs)


def _database_full(*args: Any, **kwargs: Any) -> None:
    raise sqlite3.OperationalError("database or disk is full")


def _cli(*args: str, stdout: Any) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "goalextract", *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        check=False,
        timeout=60,
    )


@pytest.mark.skipif(not HAS_DEV_FULL, reason="no /dev/full")
@pytest.mark.parametrize("fmt", FORMATS)
def test_output_file_dev_full(fmt: str) -> None:
    completed = _cli("parse", SAMPLE, "--format", fmt, "-o", "/dev/full", stdout=subprocess.PIPE)
    assert completed.returncode == 1
    lines = completed.stderr.decode().splitlines()
    assert len(lines) == 1 and lines[0].startswith("goalextract: /dev/full: cannot write"), lines
    assert Path("/dev/full").is_char_device()  # written to, never renamed over


@pytest.mark.skipif(not HAS_DEV_FULL, reason="no /dev/full")
@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "xlsx"])
@pytest.mark.parametrize("inputs", [1, 2])
def test_standard_output_dev_full(fmt: str, inputs: int) -> None:
    with Path("/dev/full").open("wb") as full:
        completed = _cli("parse", *[SAMPLE] * inputs, "--format", fmt, stdout=full)
    assert completed.returncode == 1
    assert completed.stderr.decode().splitlines() == [
        "goalextract: standard output: cannot write: no space left on device"
    ]


def test_sqlite_target_that_is_not_a_database(tmp_path: Path) -> None:
    target = tmp_path / "out.db"
    target.write_text("not a database\n")
    result = runner.invoke(app, ["parse", SAMPLE, "-o", str(target)])
    assert "file is not a database" in _one_line(result, str(target))
    assert target.read_text() == "not a database\n"


def test_sqlite_target_locked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.db"
    assert runner.invoke(app, ["parse", SAMPLE, "-o", str(target)]).exit_code == 0
    monkeypatch.setattr(sqlite_writer, "LOCK_TIMEOUT", 0.5)
    holder = sqlite3.connect(target, isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        result = runner.invoke(app, ["parse", SAMPLE, "-o", str(target)])
        assert "database is locked" in _one_line(result, str(target))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    count = sqlite3.connect(target).execute("SELECT count(*) FROM documents").fetchone()
    assert count == (1,)
