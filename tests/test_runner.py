"""The batch runner driven from Python: output goes to the streams it is given, and
`check` runs through the same loop as `parse`."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from conftest import HEBEI, SAMPLES
from goalextract.api import ParseOptions
from goalextract.batch import ParseJob, expand_inputs
from goalextract.models import Document, ParseWarning, Source
from goalextract.runner import (
    CheckReport,
    OutputSettings,
    RunSettings,
    Stats,
    Streams,
    UsageError,
    run_check,
    run_parse,
)

SAMPLE = str(SAMPLES / f"{HEBEI}.txt")


class _Recorder:
    """A Reporter that keeps what it was told."""

    def __init__(self) -> None:
        self.failures: list[tuple[str, str]] = []
        self.stats: Stats | None = None

    def start(self, total: int) -> None:
        self.total = total

    def advance(self, outcome: object) -> None:
        pass

    def failure(self, path: str, message: str, traceback: str | None) -> None:
        self.failures.append((path, message))

    def finish(self, stats: Stats) -> None:
        self.stats = stats


def _streams(stdin: bytes | None = None) -> tuple[Streams, io.BytesIO]:
    raw = io.BytesIO()
    text = io.TextIOWrapper(raw, encoding="utf-8", newline="", write_through=True)
    return Streams(text, raw, io.BytesIO(stdin) if stdin is not None else None), raw


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    root.mkdir()
    shutil.copy(SAMPLE, root / "a.txt")
    (root / "broken.pdf").write_bytes(b"%PDF-1.4\n")
    return root


@pytest.mark.parametrize(
    ("output_format", "first_bytes"),
    [("json", b"{\n"), ("jsonl", b'{"schema_version"'), ("csv", b"\xef\xbb\xbfsource,")],
)
def test_parse_writes_to_the_given_streams_only(
    capsys: pytest.CaptureFixture[str], output_format: str, first_bytes: bytes
) -> None:
    streams, raw = _streams()
    failed = run_parse(
        expand_inputs([SAMPLE]),
        ParseJob(ParseOptions()),
        RunSettings(),
        OutputSettings(output_format=output_format),
        streams,
    )
    assert not failed
    assert raw.getvalue().startswith(first_bytes)
    assert capsys.readouterr() == ("", "")


def test_parse_reads_dash_from_the_given_stdin() -> None:
    streams, raw = _streams(stdin=Path(SAMPLE).read_bytes())
    run_parse(expand_inputs(["-"]), ParseJob(), RunSettings(), OutputSettings(), streams)
    assert json.loads(raw.getvalue())["source"]["path"] == "-"


def test_dash_without_a_stdin_is_a_usage_error() -> None:
    streams = Streams(io.StringIO(), io.BytesIO())
    with pytest.raises(UsageError, match="standard input"):
        run_parse(expand_inputs(["-"]), ParseJob(), RunSettings(), OutputSettings(), streams)


def test_a_failure_is_reported_and_listed_in_the_merged_output(folder: Path) -> None:
    streams, raw = _streams()
    reporter = _Recorder()
    failed = run_parse(
        expand_inputs([str(folder)]),
        ParseJob(),
        RunSettings(),
        OutputSettings(folders=True),
        streams,
        reporter,
    )
    assert failed
    assert [path for path, _ in reporter.failures] == [str(folder / "broken.pdf")]
    merged = json.loads(raw.getvalue())
    assert [d["source"]["path"] for d in merged["documents"]] == [str(folder / "a.txt")]
    assert merged["failures"][0]["path"] == str(folder / "broken.pdf")
    assert reporter.stats is not None and reporter.stats.files == 2


def test_check_runs_through_the_same_loop(folder: Path) -> None:
    reporter = _Recorder()
    streams, raw = _streams()
    report = run_check(
        expand_inputs([str(folder)]),
        ParseJob(ParseOptions(rules="2021")),
        RunSettings(),
        streams,
        reporter,
    )
    assert [d.source.path for d in report.documents] == [str(folder / "a.txt")]
    assert report.failed_inputs == 1 and len(reporter.failures) == 1
    assert reporter.stats is not None and reporter.stats.projects == 5
    codes = {w.code for w in report.documents[0].warnings}
    assert "missing_indicator_category" in codes  # the 2021 rules reached the checks
    assert raw.getvalue() == b""  # the report is the caller's to draw


def test_check_without_inputs_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no input files found"):
        run_check(expand_inputs([str(tmp_path)]), ParseJob(), RunSettings(), _streams()[0])


def _document(*codes: str) -> Document:
    warnings = [ParseWarning(code=code, message="m") for code in codes]
    return Document(source=Source(path="x", format="txt", sha256=""), warnings=warnings)


@pytest.mark.parametrize(
    ("report", "relaxed", "strict"),
    [
        (CheckReport([_document()]), False, False),
        (CheckReport([_document("unparsed_target")]), False, False),  # info
        (CheckReport([_document("spending_plan_missing_value")]), False, True),  # warning
        (CheckReport([_document("a_code_of_a_newer_version")]), False, True),  # as a warning
        (CheckReport([_document(), _document("budget_sum_mismatch")]), True, True),  # error
        (CheckReport([_document()], failed_inputs=1), True, True),
    ],
)
def test_check_gate(report: CheckReport, relaxed: bool, strict: bool) -> None:
    assert report.fails() is relaxed
    assert report.fails(strict=True) is strict


class _StopAfter(_Recorder):
    """A Reporter that interrupts the run (as Ctrl-C would) after ``count`` inputs."""

    def __init__(self, count: int, target: Path) -> None:
        super().__init__()
        self.count, self.target = count, target
        self.seen_on_disk: list[int] = []

    def advance(self, outcome: object) -> None:
        # What the sink has written so far sits in the target's temporary twin.
        twins = [p for p in self.target.parent.iterdir() if p.name.endswith(".tmp")]
        self.seen_on_disk.append(sum(p.stat().st_size for p in twins))
        self.count -= 1
        if self.count < 0:
            raise KeyboardInterrupt


def _jsonl_run(folder: Path, target: Path, reporter: _Recorder) -> bool:
    streams, _ = _streams()
    return run_parse(
        expand_inputs([str(folder)]),
        ParseJob(ParseOptions()),
        RunSettings(),
        OutputSettings(output=target, folders=True),
        streams,
        reporter,
    )


def test_jsonl_file_is_written_as_documents_come(tmp_path: Path) -> None:
    root = tmp_path / "in"
    root.mkdir()
    for name in ("a", "b", "c"):
        shutil.copy(SAMPLE, root / f"{name}.txt")
    target = tmp_path / "out" / "all.jsonl"
    reporter = _StopAfter(3, target)
    (tmp_path / "out").mkdir()
    assert not _jsonl_run(root, target, reporter)
    # The parent does not hold the documents: the 2nd and 3rd found the earlier ones on disk.
    assert reporter.seen_on_disk[0] == 0 < reporter.seen_on_disk[1] < reporter.seen_on_disk[2]
    lines = target.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["source"]["path"].rsplit("/", 1)[-1] for line in lines] == [
        "a.txt",
        "b.txt",
        "c.txt",
    ]
    assert [p.name for p in target.parent.iterdir()] == ["all.jsonl"]


def test_interrupted_jsonl_file_leaves_nothing(tmp_path: Path) -> None:
    root = tmp_path / "in"
    root.mkdir()
    for name in ("a", "b", "c"):
        shutil.copy(SAMPLE, root / f"{name}.txt")
    out = tmp_path / "out"
    out.mkdir()
    target = out / "all.jsonl"
    target.write_text("earlier run\n", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt):
        _jsonl_run(root, target, _StopAfter(1, target))
    assert target.read_text(encoding="utf-8") == "earlier run\n"
    assert [p.name for p in out.iterdir()] == ["all.jsonl"]


def test_jsonl_file_lists_failures_after_the_documents(folder: Path, tmp_path: Path) -> None:
    target = tmp_path / "all.jsonl"
    assert _jsonl_run(folder, target, _Recorder())
    lines = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert "schema_version" in lines[0]
    assert lines[1]["failure"]["path"].endswith("broken.pdf")
