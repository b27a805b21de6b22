"""Batch work through the CLI: folders, skip rules, workers, outputs, failures, atomic writes."""

from __future__ import annotations

import csv
import json
import os
import pty
import select
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import HEBEI, SAMPLES
from goalextract.api import ParseOptions
from goalextract.batch import InputFile, ParseJob, expand_inputs, parse_one
from goalextract.cli import app
from goalextract.output import atomic_output

runner = CliRunner()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A small submissions folder: nested, mixed formats, a corrupt file, junk to skip."""
    root = tmp_path / "in"
    (root / "district" / "a").mkdir(parents=True)
    (root / "b").mkdir()
    shutil.copy(SAMPLES / f"{HEBEI}.txt", root / "hebei.txt")
    shutil.copy(SAMPLES / f"{HEBEI}.docx", root / "district" / "a" / "hebei.docx")
    shutil.copy(SAMPLES / "real" / "shanghai-putuo-jgw-2026-p23-24.txt", root / "b" / "jgw.txt")
    (root / "b" / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\ntrailer\n")
    (root / "district" / "~$hebei.docx").write_bytes(b"lock")
    (root / ".hidden.txt").write_text("secret", encoding="utf-8")
    (root / "notes.md").write_text("# not an input", encoding="utf-8")
    return root


def test_expand_inputs_skips_and_sorts(folder: Path) -> None:
    found = expand_inputs([str(folder)])
    assert [i.relative for i in found.inputs] == [
        "b/broken.pdf",
        "b/jgw.txt",
        "district/a/hebei.docx",
        "hebei.txt",
    ]
    assert found.skipped == {"office lock file": 1, "hidden file": 1, "unsupported extension": 1}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are a POSIX thing")
def test_special_files_in_a_folder_are_skipped_not_opened(folder: Path) -> None:
    # Opening a FIFO blocks until a writer comes: it stalled a batch for its timeout.
    os.mkfifo(folder / "b" / "pipe.txt")
    (folder / "link.txt").symlink_to(folder / "hebei.txt")  # a link to a file is a file
    found = expand_inputs([str(folder)])
    assert "b/pipe.txt" not in [i.relative for i in found.inputs]
    assert "link.txt" in [i.relative for i in found.inputs]
    assert found.skipped["special file"] == 1
    result = runner.invoke(app, ["parse", str(folder / "b"), "--format", "jsonl"])
    assert result.exit_code == 1  # broken.pdf; pipe.txt never read
    assert "pipe.txt" not in result.stderr


def _stall(*_args: object, **_kwargs: object) -> None:
    time.sleep(30)  # SIGALRM interrupts the sleep


def _xlsx(tmp_path: Path) -> Path:
    from openpyxl import Workbook

    path = tmp_path / "a.xlsx"
    Workbook().save(path)
    return path


@pytest.mark.skipif(not hasattr(signal, "SIGALRM"), reason="the time limit needs SIGALRM")
@pytest.mark.parametrize(
    ("make", "target"),
    [
        pytest.param(_xlsx, "openpyxl.load_workbook", id="xlsx"),  # was "damaged .xlsx file"
        pytest.param(
            lambda _tmp: SAMPLES / f"{HEBEI}.pdf",
            "goalextract.readers.pdf._read_page",
            id="pdf",  # was "page 1 cannot be read (damaged?)"
        ),
    ],
)
def test_a_timeout_says_which_limit_ran_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make: object, target: str
) -> None:
    assert callable(make)
    path = str(make(tmp_path))
    monkeypatch.setattr(target, _stall)
    monkeypatch.setattr("goalextract.readers.pdf._plain_page", _stall)
    started = time.perf_counter()
    outcome = parse_one(InputFile(path, "x"), ParseJob(ParseOptions(timeout=0.5)))
    assert time.perf_counter() - started < 10
    assert outcome.error is not None
    assert outcome.error.startswith("time limit of 0.5 s reached (--timeout)"), outcome.error
    assert "_Timeout" not in outcome.error and "cannot be read" not in outcome.error


def test_the_pdf_readers_own_time_limit_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from goalextract.errors import ReaderError
    from goalextract.readers import ReadOptions, pdf

    def slow(*args: Any) -> Any:
        time.sleep(0.2)
        return real(*args)

    real = pdf._read_page
    monkeypatch.setattr(pdf, "_read_page", slow)
    monkeypatch.setattr(pdf, "_pages_to_read", lambda _texts: None)  # every page in full
    data = (SAMPLES / f"{HEBEI}.pdf").read_bytes()
    with pytest.raises(
        ReaderError, match=r"^time limit of 0\.1 s reached \(--timeout\) at page 2 of"
    ):
        pdf.read(data, options=ReadOptions(timeout=0.1))


def test_folder_to_per_input_json(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["parse", str(folder), "-o", f"{out}/", "--jobs", "1"])
    assert result.exit_code == 1  # the broken PDF
    assert result.stderr.count("\n") == 1 and "broken.pdf" in result.stderr
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert written == [
        "_failures.csv",
        "b/jgw.txt.json",
        "district/a/hebei.docx.json",
        "hebei.txt.json",
    ]
    with (out / "_failures.csv").open(encoding="utf-8-sig") as stream:
        rows = list(csv.DictReader(stream))
    assert [r["path"] for r in rows] == [str(folder / "b" / "broken.pdf")]
    # Every output equals a single-file run of the same input.
    for name in ("hebei.txt", "b/jgw.txt", "district/a/hebei.docx"):
        single = runner.invoke(app, ["parse", str(folder / name)])
        assert json.loads((out / f"{name}.json").read_text("utf-8")) == json.loads(single.stdout)


def test_workers_give_the_same_outputs(folder: Path, tmp_path: Path) -> None:
    one = runner.invoke(app, ["parse", str(folder), "--format", "jsonl", "--jobs", "1"])
    two = runner.invoke(app, ["parse", str(folder), "--format", "jsonl", "--jobs", "2"])
    assert one.exit_code == two.exit_code == 1
    assert one.stdout == two.stdout
    lines = [json.loads(line) for line in one.stdout.splitlines()]
    assert [d["source"]["path"] for d in lines[:-1]] == [
        str(folder / "b/jgw.txt"),
        str(folder / "district/a/hebei.docx"),
        str(folder / "hebei.txt"),
    ]
    assert "failure" in lines[-1]


def test_merged_json_lists_failures(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "all.json"
    result = runner.invoke(app, ["parse", str(folder), "-o", str(out)])
    assert result.exit_code == 1
    merged = json.loads(out.read_text("utf-8"))
    assert len(merged["documents"]) == 3
    assert [f["path"] for f in merged["failures"]] == [str(folder / "b" / "broken.pdf")]


def test_sqlite_second_run_keeps_counts(folder: Path, tmp_path: Path) -> None:
    db = tmp_path / "out.db"
    for _ in range(2):
        runner.invoke(app, ["parse", str(folder), "-o", str(db)])
        with sqlite3.connect(db) as connection:
            counts = [
                connection.execute(f"select count(*) from {table}").fetchone()[0]
                for table in ("documents", "projects", "indicators")
            ]
        assert counts == [3, 11, 99]


def test_csv_merged_one_row_per_indicator(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "all.csv"
    runner.invoke(app, ["parse", str(folder), "-o", str(out)])
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert len(rows) == 99


def test_skip_existing_resumes(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    runner.invoke(app, ["parse", str(folder), "-o", f"{out}/"])
    target = out / "hebei.txt.json"
    target.write_text("{}", encoding="utf-8")  # an output from "an earlier run"
    result = runner.invoke(app, ["parse", str(folder), "-o", f"{out}/", "--skip-existing"])
    assert result.exit_code == 1  # the broken PDF is tried again
    assert target.read_text("utf-8") == "{}"


def test_fail_fast_stops_at_the_first_failure(folder: Path) -> None:
    result = runner.invoke(app, ["parse", str(folder), "--fail-fast", "--format", "jsonl"])
    assert result.exit_code == 1
    # broken.pdf comes first: nothing after it is parsed; the stream records the failure.
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [list(line) for line in lines] == [["failure"]]


def test_skipped_files_are_counted_in_words(tmp_path: Path) -> None:
    (tmp_path / "~$a.docx").write_bytes(b"x")
    (tmp_path / "~$b.docx").write_bytes(b"x")
    (tmp_path / "notes.md").write_bytes(b"x")
    result = runner.invoke(app, ["parse", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr == (
        "goalextract: no input files found (skipped: 2 office lock files, "
        "1 unsupported extension)\n"
    )


def test_refuses_to_overwrite_an_input(folder: Path) -> None:
    target = folder / "hebei.txt"
    result = runner.invoke(app, ["parse", str(target), "-o", str(target), "--format", "json"])
    assert result.exit_code == 2
    assert "refusing to overwrite the input" in result.stderr
    # Without --format, .txt names no output format: refused before that.
    result = runner.invoke(app, ["parse", str(target), "-o", str(target)])
    assert result.exit_code == 2
    assert "unknown output extension '.txt'" in result.stderr
    assert target.read_bytes() == (SAMPLES / f"{HEBEI}.txt").read_bytes()


@pytest.mark.parametrize("slash", ["", "/"])
def test_merge_into_an_existing_folder_is_a_usage_error(
    folder: Path, tmp_path: Path, slash: str
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    result = runner.invoke(app, ["parse", str(folder), "-o", f"{out}{slash}", "--merge"])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"goalextract: -o {out} is a folder and --merge writes one file: "
        f"give -o FILE (e.g. -o {out / 'all'}.json)"
    ]
    assert list(out.iterdir()) == []


def test_sqlite_needs_an_output_file(folder: Path) -> None:
    result = runner.invoke(app, ["parse", str(folder), "--format", "sqlite"])
    assert result.exit_code == 2
    assert "give -o FILE" in result.stderr


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664)])
def test_outputs_get_the_mode_the_umask_allows(
    folder: Path, tmp_path: Path, umask: int, mode: int
) -> None:
    previous = os.umask(umask)
    try:
        runner.invoke(app, ["parse", str(folder / "hebei.txt"), "-o", str(tmp_path / "one.csv")])
        runner.invoke(app, ["parse", str(folder), "-o", str(tmp_path / "many")])
    finally:
        os.umask(previous)
    written = [tmp_path / "one.csv", *(p for p in (tmp_path / "many").rglob("*") if p.is_file())]
    assert len(written) == 5  # one.csv, 3 outputs and _failures.csv
    assert {oct(stat.S_IMODE(p.stat().st_mode)) for p in written} == {oct(mode)}


def test_atomic_output_leaves_nothing_on_error(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    with pytest.raises(RuntimeError), atomic_output(target) as stream:
        stream.write("{half")
        raise RuntimeError("writer failed")
    assert list(tmp_path.iterdir()) == []


def test_atomic_output_survives_a_kill(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text('{"old": true}', encoding="utf-8")
    code = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from goalextract.output import atomic_output\n"
        f"with atomic_output(Path({str(target)!r})) as s:\n"
        "    s.write('{\"half\": ')\n"
        "    s.flush()\n"
        "    print('writing', flush=True)\n"
        "    time.sleep(60)\n"
    )
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "writing"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    process.stdout.close()
    assert json.loads(target.read_text("utf-8")) == {"old": True}


def test_progress_bar_and_summary_on_a_terminal(folder: Path, tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "goalextract"
    primary, secondary = pty.openpty()
    process = subprocess.Popen(
        [str(script), "parse", str(folder), "-o", str(tmp_path / "out") + "/", "--jobs", "1"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=secondary,
        env={**os.environ, "COLUMNS": "120", "TERM": "xterm"},
    )
    os.close(secondary)
    output = b""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([primary], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(primary, 65536)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
        elif process.poll() is not None:
            break
    process.wait(timeout=30)
    os.close(primary)
    text = output.decode("utf-8", "replace")
    assert process.returncode == 1
    assert "goalextract parse" in text  # the summary table
    assert "projects" in text and "11" in text
    assert "failures" in text and "broken.pdf" in text
    assert "files skipped" in text and "office lock file" in text


def test_quiet_prints_only_errors(folder: Path) -> None:
    result = runner.invoke(app, ["parse", str(folder), "--quiet", "--summary", "--format", "jsonl"])
    assert result.stderr.strip().splitlines() == [
        f"goalextract: {folder / 'b' / 'broken.pdf'}: " + result.stderr.split(": ", 2)[2].strip()
    ]


def test_folder_without_inputs_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "readme.md").write_text("nothing to parse", encoding="utf-8")
    for command in ("parse", "check"):
        result = runner.invoke(app, [command, str(tmp_path)])
        assert result.exit_code == 2
        assert result.stderr.strip() == (
            "goalextract: no input files found (skipped: 1 unsupported extension)"
        )


def test_jsonl_to_a_pipe_streams_each_document(folder: Path) -> None:
    # The first document reaches the pipe before the last input is parsed.
    script = Path(sys.executable).parent / "goalextract"
    process = subprocess.Popen(
        [str(script), "parse", str(folder), "--format", "jsonl", "--jobs", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    first = json.loads(process.stdout.readline())
    assert first["source"]["path"].endswith("jgw.txt")
    rest = process.stdout.read().splitlines()
    process.wait(timeout=60)
    process.stdout.close()
    assert len(rest) == 3 and "failure" in json.loads(rest[-1])


@pytest.mark.skipif(
    __import__("multiprocessing").get_start_method() != "fork",
    reason="the crash is injected into forked workers",
)
def test_a_worker_crash_fails_one_input_not_the_batch(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from goalextract import batch

    real = batch.parse_one

    def crashing(
        item: batch.InputFile, job: batch.ParseJob, data: bytes | None = None
    ) -> batch.Outcome:
        if item.path.endswith("jgw.txt"):
            os._exit(134)  # what a native library's segfault looks like to the pool
        return real(item, job, data)

    monkeypatch.setattr(batch, "parse_one", crashing)
    found = expand_inputs([str(folder)])
    outcomes = list(batch.run_batch(found.inputs, batch.ParseJob(ParseOptions(rules=None)), jobs=2))
    assert [o.input.relative for o in outcomes] == [i.relative for i in found.inputs]
    assert [o.error is None for o in outcomes] == [False, False, True, True]
    assert outcomes[1].error is not None and "crashed" in outcomes[1].error
    assert outcomes[0].error is not None and "PDF" in outcomes[0].error  # broken.pdf, as usual
