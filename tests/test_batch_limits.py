"""A batch survives what one input does: hangs past the alarm, runaway memory, bad
names, its own outputs inside an input folder; and resumes where it stopped."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import HEBEI, SAMPLES
from goalextract.api import ParseOptions
from goalextract.batch import (
    DEFAULT_MEMORY_MB,
    DEFAULT_TIMEOUT,
    InputFile,
    Outcome,
    ParseJob,
    expand_inputs,
    parse_one,
    recorded_path,
    run_batch,
)
from goalextract.cli import app
from goalextract.pool import available
from goalextract.runner import OutputSettings, RunSettings, Stats, Streams, run_parse
from hostile import hanging_pdf

runner = CliRunner()
needs_fork = pytest.mark.skipif(not available(), reason="bounded workers need os.fork")
TXT = SAMPLES / f"{HEBEI}.txt"


@pytest.fixture
def hang(tmp_path: Path) -> Path:
    path = tmp_path / "hang.pdf"
    path.write_bytes(hanging_pdf())
    return path


def test_the_cli_defaults_are_the_libraries() -> None:
    # cli.py repeats them as literals so as not to import the batch machinery at start-up.
    from goalextract.cli import parse

    defaults = {
        p.name: p.default for p in __import__("inspect").signature(parse).parameters.values()
    }
    assert defaults["timeout"] == DEFAULT_TIMEOUT
    assert defaults["max_memory"] == DEFAULT_MEMORY_MB


@needs_fork
def test_a_pdf_that_loops_past_the_alarm_ends_at_the_time_limit(hang: Path) -> None:
    started = time.monotonic()
    result = runner.invoke(app, ["parse", str(hang), "--timeout", "1"])
    assert time.monotonic() - started < 6  # the limit, the grace second, start-up
    assert result.exit_code == 1
    assert result.stderr == (
        f"goalextract: {hang}: time limit of 1 s reached (--timeout) while reading; "
        "the file is very large or damaged\n"
    )
    assert result.stdout == ""


@needs_fork
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_batch_with_a_hanging_input_ends_and_writes_the_rest(
    hang: Path, tmp_path: Path, jobs: str
) -> None:
    shutil.copy(TXT, tmp_path / "a.txt")
    shutil.copy(TXT, tmp_path / "z.txt")
    out = tmp_path / "all.jsonl"
    started = time.monotonic()
    result = runner.invoke(
        app, ["parse", str(tmp_path), "-o", str(out), "--timeout", "1", "--jobs", jobs]
    )
    assert time.monotonic() - started < 15
    assert result.exit_code == 1
    lines = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert [line["source"]["path"] for line in lines[:2]] == [
        str(tmp_path / "a.txt"),
        str(tmp_path / "z.txt"),
    ]
    assert lines[2]["failure"]["path"] == str(hang)
    assert lines[2]["failure"]["error"].startswith("time limit of 1 s reached (--timeout)")


@needs_fork
@pytest.mark.parametrize("command", ["cells", "show", "check"])
def test_every_command_honours_the_timeout(hang: Path, command: str) -> None:
    started = time.monotonic()
    result = runner.invoke(app, [command, str(hang), "--timeout", "0.5"])
    assert time.monotonic() - started < 6
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"goalextract: {hang}: time limit of 0.5 s reached (--timeout) while reading; "
        "the file is very large or damaged"
    ]


def _deaf(item: InputFile, job: ParseJob, data: bytes | None = None) -> Outcome:
    """An input whose parse no alarm can stop (C code that never returns, say)."""
    if item.path.endswith("stuck.txt"):
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(60)
    return Outcome(item)


@needs_fork
def test_a_worker_past_its_deadline_is_killed_and_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from goalextract import batch

    monkeypatch.setattr(batch, "parse_one", _deaf)
    names = ["a.txt", "stuck.txt", "c.txt", "d.txt", "e.txt"]
    inputs = [InputFile(str(tmp_path / name), name) for name in names]
    job = ParseJob(ParseOptions(timeout=0.3))
    outcomes = list(run_batch(inputs, job, jobs=2))
    assert [o.input.relative for o in outcomes] == names
    assert [o.error for o in outcomes] == [
        None,
        "time limit of 0.3 s reached (--timeout) while reading; the file is very large or damaged",
        None,
        None,
        None,
    ]


def _greedy(item: InputFile, job: ParseJob, data: bytes | None = None) -> Outcome:
    if item.path.endswith("greedy.txt"):
        # A reader running away with memory, in this worker only (it is forked):
        # parse_one's own handling applies.
        import goalextract.api

        def allocate(*_args: object) -> object:
            return bytearray(8 << 30)

        goalextract.api.parse_bytes = allocate  # type: ignore[assignment]
    return parse_one(item, job, data)


@needs_fork
def test_a_runaway_input_fails_at_the_memory_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from goalextract import batch

    shutil.copy(TXT, tmp_path / "a.txt")
    shutil.copy(TXT, tmp_path / "greedy.txt")
    monkeypatch.setattr(batch, "parse_one", _greedy)
    limit = "256"  # on top of this (pytest) process's own, which the worker inherits
    result = runner.invoke(
        app, ["parse", str(tmp_path), "--format", "jsonl", "--max-memory", limit, "--jobs", "1"]
    )
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"goalextract: {tmp_path / 'greedy.txt'}: memory limit of {limit} MB reached "
        "(--max-memory) while reading"
    ]
    assert json.loads(result.stdout.splitlines()[0])["source"]["path"] == str(tmp_path / "a.txt")


# -- names that stopped a batch ------------------------------------------------------------


def test_a_symlink_loop_is_one_failure(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(TXT, folder / "a.txt")
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    out = tmp_path / "out"
    result = runner.invoke(app, ["parse", str(folder), "-o", f"{out}/"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"goalextract: {folder / 'loop.txt'}: Too many levels of symbolic links"
    ]
    assert (out / "a.txt.json").exists()


_LATIN1 = os.fsdecode(b"caf\xe9.txt")  # not valid UTF-8: a lone surrogate in Python


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "tsv", "xlsx", "sqlite"])
def test_a_name_that_is_not_utf8_is_parsed_and_written(tmp_path: Path, fmt: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    try:
        shutil.copy(TXT, folder / _LATIN1)
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system refuses names that are not UTF-8")
    shutil.copy(TXT, folder / "b.txt")
    (folder / os.fsdecode(b"bad\xff.pdf")).write_bytes(b"%PDF-1.4\n")  # a failure row too
    out = tmp_path / f"all.{'db' if fmt == 'sqlite' else fmt}"
    table = ["--table", "documents"] if fmt in ("csv", "tsv") else []  # lists failures too
    result = runner.invoke(app, ["parse", str(folder), "-o", str(out), "--format", fmt, *table])
    assert result.exit_code == 1
    assert "bad" in result.stderr and "Traceback" not in result.stderr
    if fmt == "sqlite":
        with sqlite3.connect(out) as connection:
            paths = [row[0] for row in connection.execute("select path from documents")]
        assert sorted(paths) == [str(folder / "b.txt"), str(folder / "caf\\xe9.txt")]
    elif fmt == "xlsx":
        assert out.stat().st_size > 0
    else:
        text = out.read_text("utf-8-sig")
        assert "caf\\\\xe9.txt" in text or "caf\\xe9.txt" in text
        assert "bad\\\\xff.pdf" in text or "bad\\xff.pdf" in text


def test_recorded_path_escapes_only_bad_bytes() -> None:
    assert recorded_path("项目/a.txt") == "项目/a.txt"
    assert recorded_path(os.fsdecode(b"\xe9\xa1\xb9/caf\xe9.txt")) == "项/caf\\xe9.txt"


def test_a_long_chinese_name_gets_its_output(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    name = "绩" * 80 + ".txt"  # 244 bytes: its output's temporary name passed 255
    shutil.copy(TXT, folder / name)
    shutil.copy(TXT, folder / "b.txt")
    out = tmp_path / "out"
    result = runner.invoke(app, ["parse", str(folder), "-o", f"{out}/"])
    assert (result.exit_code, result.stderr) == (0, "")
    assert sorted(p.name for p in out.iterdir()) == sorted([f"{name}.json", "b.txt.json"])


def test_an_output_name_too_long_is_that_inputs_failure(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    name = "绩" * 83 + ".txt"  # 253 bytes: with .json the output's own name is too long
    shutil.copy(TXT, folder / name)
    shutil.copy(TXT, folder / "b.txt")
    out = tmp_path / "out"
    result = runner.invoke(app, ["parse", str(folder), "-o", f"{out}/"])
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line.startswith(f"goalextract: {folder / name}: cannot write: file name too long")
    # The other input's output, the failure report, no temporary file left.
    assert sorted(p.name for p in out.iterdir()) == ["_failures.csv", "b.txt.json"]


# -- outputs inside an input folder ----------------------------------------------------------


@pytest.mark.parametrize("target", ["all.xlsx", "out/"])
def test_a_second_run_does_not_parse_its_own_outputs(tmp_path: Path, target: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(TXT, folder / "a.txt")
    output = f"{folder}/{target}"
    for _ in range(2):
        result = runner.invoke(
            app, ["parse", str(folder), "-o", output, "--format", "xlsx", "--summary"]
        )
        assert result.exit_code == 0, result.stderr
    found = expand_inputs([str(folder)], outputs=[Path(output)])
    assert [i.relative for i in found.inputs] == ["a.txt"]
    assert found.skipped == {"output file" if target == "all.xlsx" else "output folder": 1}


# -- resuming ---------------------------------------------------------------------------------


class _Counting:
    """A reporter that keeps the final counts, and can stop the run after some inputs."""

    def __init__(self, stop_after: int | None = None) -> None:
        self.stats = Stats()
        self.seen = 0
        self.stop_after = stop_after

    def start(self, total: int) -> None:
        pass

    def advance(self, outcome: Outcome) -> None:
        self.seen += 1
        if self.stop_after is not None and self.seen > self.stop_after:
            raise KeyboardInterrupt

    def failure(self, path: str, message: str, traceback: str | None) -> None:
        pass

    def finish(self, stats: Stats) -> None:
        self.stats = stats

    def add(self, item: InputFile, document: object) -> str | None:
        return None

    def close(self, stats: Stats) -> None:
        pass


def _resume(folder: Path, db: Path, reporter: _Counting, *, skip: bool = True) -> None:
    output = OutputSettings(output=db, skip_existing=skip, folders=True)
    streams = Streams(text=None, binary=None)  # type: ignore[arg-type]  # not used with -o
    run_parse(
        expand_inputs([str(folder)]),
        ParseJob(ParseOptions(rules=None, timeout=None), memory_mb=None),
        RunSettings(jobs=1),
        output,
        streams,
        reporter,
    )


def _stored(db: Path) -> list[str]:
    with sqlite3.connect(db) as connection:
        return sorted(Path(row[0]).name for row in connection.execute("select path from documents"))


def test_sqlite_resume_skips_stored_documents_unparsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from goalextract import runner as runner_module

    folder = tmp_path / "in"
    folder.mkdir()
    for name in "abcd":
        shutil.copy(TXT, folder / f"{name}.txt")
    db = tmp_path / "out.db"
    # Commit every document, and stop the run after the second.
    monkeypatch.setattr(runner_module._DatabaseSink, "GROUP", 1)
    with pytest.raises(KeyboardInterrupt):
        _resume(folder, db, _Counting(stop_after=2))
    assert _stored(db) == ["a.txt", "b.txt"]
    # The second run parses only what is missing ...
    (folder / "b.txt").write_bytes(TXT.read_bytes() + b"\n")  # ... or changed since.
    second = _Counting()
    _resume(folder, db, second)
    assert second.stats.skipped == {"stored document": 1}
    assert second.stats.files == 3
    # The changed b.txt is a new document beside the old one (other bytes, same path).
    everything = ["a.txt", "b.txt", "b.txt", "c.txt", "d.txt"]
    assert _stored(db) == everything
    # Without --skip-existing every input is parsed again (and replaced, not added).
    third = _Counting()
    _resume(folder, db, third, skip=False)
    assert (third.stats.skipped, third.stats.files) == ({}, 4)
    assert _stored(db) == everything


def test_skip_existing_through_the_cli(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(TXT, folder / "a.txt")
    db = tmp_path / "out.db"
    runner.invoke(app, ["parse", str(folder), "-o", str(db)])
    result = runner.invoke(
        app, ["parse", str(folder), "-o", str(db), "--skip-existing", "--summary"]
    )
    assert result.exit_code == 0
    assert "1 stored document" in result.stderr


def test_a_single_failed_input_writes_no_database(tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\n")
    db = tmp_path / "out.db"
    result = runner.invoke(app, ["parse", str(broken), "-o", str(db)])
    assert result.exit_code == 1
    assert not db.exists()


def test_the_parent_writes_a_database_as_documents_come(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # It never holds every document: a long run's memory does not grow with it.
    from goalextract import runner as runner_module

    for name in "abcde":
        shutil.copy(TXT, tmp_path / f"{name}.txt")
    groups: list[int] = []
    from goalextract.writers import write_file as real

    def counting(writer: Any, documents: Any, path: Path, options: Any) -> None:
        groups.append(len(documents))
        real(writer, documents, path, options)

    monkeypatch.setattr(runner_module._DatabaseSink, "GROUP", 2)
    monkeypatch.setattr(runner_module, "write_file", counting)
    result = runner.invoke(app, ["parse", str(tmp_path), "-o", str(tmp_path / "out.db")])
    assert result.exit_code == 0
    assert groups == [2, 2, 1]


def test_an_engine_is_not_given_the_stored_documents(tmp_path: Path) -> None:
    from goalextract.runner import run

    folder = tmp_path / "in"
    folder.mkdir()
    for name in "ab":
        shutil.copy(TXT, folder / f"{name}.txt")
    (folder / "b.txt").write_bytes(TXT.read_bytes() + b"\n")
    given: list[str] = []

    def engine(inputs: Any, job: ParseJob, *, jobs: int, stdin: bytes | None) -> Iterator[Outcome]:
        for item in inputs:
            given.append(Path(item.path).name)
            yield parse_one(item, job, stdin)

    stored = {(hashlib.sha256(TXT.read_bytes()).hexdigest(), str(folder / "a.txt"))}
    stats = run(
        expand_inputs([str(folder)]).inputs,
        ParseJob(ParseOptions(rules=None)),
        RunSettings(engine=engine),
        _Counting(),  # a Sink too: add and close
        streams=Streams(text=None, binary=None),  # type: ignore[arg-type]
        reporter=_Counting(),
        stats=Stats(),
        stored=stored,
    )
    assert given == ["b.txt"]
    assert (stats.skipped, stats.files) == ({"stored document": 1}, 1)
