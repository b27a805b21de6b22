"""Hostile and broken inputs, end to end: the acceptance run of the safety guarantees.

    python tools/hostile.py [--goalextract CMD] [--only NAME] [--keep DIR]

Every case is built in a temporary folder (inputs of a few hundred KB that ask
for far more: hangs, zip and flate bombs, huge spans, endless stdin; broken
output targets; bad names in a batch) and the installed command runs on it as a
user would, under an address-space limit of 4 GiB (``ulimit -v 4194304``) and a
cap of 120 s. A case passes when:

- the exit code is the expected one (1 for an input that cannot be read, 0 for
  a valid input that used to be rejected);
- standard error holds no traceback, and a failing single input gives exactly
  one line, ``goalextract: NAME: reason``;
- the peak resident memory of the whole process tree stays under 1 GiB;
- the tool's own ``--timeout`` is respected within 5 s.

Last, one folder holding every input case and the Hebei sample is parsed with
``--jobs 2``: the run must end, write the sample's output and list every other
input that cannot be read as a failure.

The script prints one line per case and exits 1 when any fails. It runs for
about a minute (building the 300 MB line takes a few seconds of disk).
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shlex
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import hostile  # noqa: E402  (the builders the unit tests use)

SAMPLE = ROOT / "samples" / "shanhaiguan-cppcc-2021.txt"
ADDRESS_SPACE = 4 * 1024**3  # ulimit -v 4194304
CAP = 120.0  # seconds for any one case
PEAK_RSS = 1024**3  # bytes
TIMEOUT = 10  # the tool's own --timeout in the cases that hang
TIMEOUT_SLACK = 5.0
MB = 1024 * 1024


@dataclass
class Result:
    code: int | None  # None: killed at the cap
    seconds: float
    peak_rss: int  # bytes, the process and every descendant it waited for
    stdout: str
    stderr: str


@dataclass
class Case:
    name: str
    # Builds the inputs in the folder given; returns the arguments after the command.
    build: Callable[[Path], list[str]]
    code: int = 1
    stdin: str | None = None  # a path read as standard input
    one_line: bool = True  # stderr is one `goalextract:` line (failures of one input)
    timed: bool = False  # the tool's --timeout must end it
    in_batch: bool = True  # its input joins the final folder batch
    check: Callable[[Path, Result], str | None] | None = None  # more checks; a reason if bad


def run(command: list[str], *, stdin: str | None, cwd: Path) -> Result:
    """Run ``command`` under the address-space limit and the cap; measure its peak RSS."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))

    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        Path(stdin or os.devnull).open("rb") as source,
    ):
        started = time.monotonic()
        process = subprocess.Popen(
            command,
            stdin=source,
            stdout=out,
            stderr=err,
            cwd=cwd,
            preexec_fn=limit,
            start_new_session=True,  # the cap kills the whole tree
        )
        code: int | None = None
        usage = None
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                code = os.waitstatus_to_exitcode(status)
                process.returncode = code
                break
            if time.monotonic() - started > CAP:
                os.killpg(process.pid, signal.SIGKILL)
                _, _, usage = os.wait4(process.pid, 0)
                process.returncode = -9
                break
            time.sleep(0.02)
        seconds = time.monotonic() - started
        out.seek(0)
        err.seek(0)
        return Result(
            code,
            seconds,
            usage.ru_maxrss * 1024,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
        )


# ------------------------------------------------------------------ the cases


def _file(name: str, make: Callable[[], bytes]) -> Callable[[Path], list[str]]:
    def build(folder: Path) -> list[str]:
        path = folder / name
        path.write_bytes(make())
        return ["parse", str(path), "--timeout", str(TIMEOUT)]

    return build


def _big_line(folder: Path) -> list[str]:
    path = folder / "one-line-300mb.txt"
    with path.open("wb") as out:
        chunk = "预算".encode() * (MB // 6)
        for _ in range(300):
            out.write(chunk)
    return ["parse", str(path), "--timeout", str(TIMEOUT)]


def _field_codes(folder: Path) -> list[str]:
    path = folder / "field-codes.txt"
    lines = [
        'TC "x" ' + "\\a  " * 24 + "\\",  # exponential backtracking in a naive stripper
        " " * 150_000 + "TC 总体绩效目标 \\f A \\l 1 ",  # quadratic in a naive one
    ]
    path.write_text("\n".join(lines * 20) + "\n", encoding="utf-8")
    return ["parse", str(path), "--timeout", str(TIMEOUT)]


def _pdf_marker_text(folder: Path) -> list[str]:
    text = SAMPLE.read_text(encoding="utf-8")
    path = folder / "mentions-pdf.txt"
    path.write_text("导出说明：原文件头 %PDF-1.7 已去掉\n" + text, encoding="utf-8")
    return ["parse", str(path)]


def _meta_zlib(folder: Path) -> list[str]:
    path = folder / "charset-zlib.html"
    body = SAMPLE.read_text(encoding="utf-8").replace("\n", "<br>\n")
    page = f'<html><head><meta charset="zlib"></head><body><p>{body}</p></body></html>'
    path.write_bytes(page.encode("utf-8"))
    return ["parse", str(path)]


def _has_projects(_folder: Path, result: Result) -> str | None:
    return None if '"projects": [\n' in result.stdout else "no project parsed"


def _output(target: Callable[[Path], Path]) -> Callable[[Path], list[str]]:
    def build(folder: Path) -> list[str]:
        return ["parse", str(SAMPLE), "-o", str(target(folder))]

    return build


def _not_a_database(folder: Path) -> Path:
    path = folder / "not-a-database.db"
    path.write_bytes(b"this is no SQLite database\n" * 100)
    return path


_LOCKS: list[sqlite3.Connection] = []


def _locked_database(folder: Path) -> Path:
    path = folder / "locked.db"
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("CREATE TABLE t (x)")
    connection.execute("BEGIN EXCLUSIVE")
    _LOCKS.append(connection)  # held until the case is over
    return path


def _fifo(folder: Path) -> Path:
    path = folder / "out.json"
    os.mkfifo(path)

    def drain() -> None:
        with path.open("rb") as reader:
            while reader.read(65536):
                pass

    threading.Thread(target=drain, daemon=True).start()
    return path


def _still_fifo(folder: Path, _result: Result) -> str | None:
    return None if (folder / "out.json").is_fifo() else "the FIFO was replaced"


def _symlink(folder: Path) -> Path:
    (folder / "real.json").write_text("old", encoding="utf-8")
    link = folder / "link.json"
    link.symlink_to("real.json")
    return link


def _symlink_kept(folder: Path, _result: Result) -> str | None:
    if not (folder / "link.json").is_symlink():
        return "the symbolic link was replaced"
    if not (folder / "real.json").read_text(encoding="utf-8").startswith("{"):
        return "the link's target was not written"
    return None


def _bad_names(folder: Path) -> list[str]:
    batch = folder / "names"
    batch.mkdir()
    shutil.copy(SAMPLE, batch / "good.txt")
    (batch / "loop.txt").symlink_to("loop.txt")
    (batch / "cycle").symlink_to(".")
    os.mkfifo(batch / "pipe.txt")
    # A socket's path may have 107 bytes at most: bound in a short folder, then moved.
    short = Path(tempfile.mkdtemp())
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(short / "s"))
    (short / "s").rename(batch / "socket.txt")
    short.rmdir()
    shutil.copy(SAMPLE, os.fsencode(batch) + b"/latin-\xe9.txt")  # no UTF-8 name
    shutil.copy(SAMPLE, batch / ("很长的文件名" * 13 + "之二.txt"))  # 80 characters, 240 bytes
    (batch / "line\nbreak\x1b[31m.pdf").write_bytes(b"%PDF-1.4\nbroken\n")
    return ["parse", str(batch), "-o", str(folder / "names-out"), "--jobs", "2"]


def _bad_names_checked(folder: Path, result: Result) -> str | None:
    out = folder / "names-out"
    written = sorted(p.name for p in out.iterdir()) if out.exists() else []
    if not any(name.startswith("good") for name in written):
        return f"the good input was not written ({written})"
    if not any(name.startswith("很长的文件名") for name in written):
        return "the long name was not written"
    if "\x1b" in result.stderr:
        return "a terminal escape reached stderr"
    failures = [line for line in result.stderr.splitlines() if line.startswith("goalextract: ")]
    if not any("loop" in line for line in failures):
        return "the symbolic link loop is not named"
    return None


def _own_outputs(folder: Path) -> list[str]:
    batch = folder / "own"
    batch.mkdir()
    shutil.copy(SAMPLE, batch / "a.txt")
    command = [*_COMMAND, "parse", str(batch), "-o", str(batch / "all.xlsx")]
    subprocess.run(command, check=True, capture_output=True)
    return ["parse", str(batch), "-o", str(batch / "all.xlsx")]


def _own_outputs_checked(_folder: Path, result: Result) -> str | None:
    return None if "all.xlsx" not in result.stderr else "the run's own output was parsed"


def _xlsx_bomb() -> bytes:
    cell = '<c r="A1" t="inlineStr"><is><t>' + " " * (400 * MB) + "</t></is></c>"
    return hostile.xlsx(f'<row r="1">{cell}</row>')


_COMMAND: list[str] = []

CASES = [
    Case(
        "self-referring /MediaBox PDF", _file("mediabox-loop.pdf", hostile.hanging_pdf), timed=True
    ),
    Case("field codes that backtrack", _field_codes, code=0, one_line=False),
    Case(
        "xlsx with cells at A1 and XFD1048576",
        _file("far-corners.xlsx", hostile.xlsx_far_corners),
    ),
    Case(
        "HTML with 20,000 cells of colspan=1000",
        _file("wide.html", lambda: hostile.html_wide(20_000)),
    ),
    Case(
        "HTML with 4,000 rows of rowspan=65534",
        _file("tall.html", lambda: hostile.html_tall(4_000)),
    ),
    Case("docx inflating to 400 MB", _file("bomb.docx", lambda: hostile.docx_bomb(400 * MB))),
    Case("xlsx inflating to 400 MB", _file("bomb.xlsx", _xlsx_bomb)),
    Case(
        "PDF flate stream inflating to 400 MB",
        _file("flate-bomb.pdf", lambda: hostile.pdf_flate_bomb(400 * MB)),
    ),
    Case(
        # Turned, so that pdfminer reads the page (pdfium takes upright pages in its stride).
        "PDF ToUnicode range over the 32-bit space",
        _file("cmap-range.pdf", lambda: hostile.pdf_cmap_range(rotate=90)),
    ),
    Case("300 MB on one line", _big_line),
    Case(
        "/dev/zero on standard input", lambda _f: ["parse", "-"], stdin="/dev/zero", in_batch=False
    ),
    Case(
        "text mentioning %PDF- in its first KiB",
        _pdf_marker_text,
        code=0,
        one_line=False,
        check=_has_projects,
    ),
    Case(
        'HTML with <meta charset="zlib">', _meta_zlib, code=0, one_line=False, check=_has_projects
    ),
    Case("output to /dev/full", _output(lambda _f: Path("/dev/full")), in_batch=False),
    Case("output to a file that is no database", _output(_not_a_database), in_batch=False),
    Case("output to a locked database", _output(_locked_database), in_batch=False),
    Case(
        "output to a FIFO",
        _output(_fifo),
        code=0,
        one_line=False,
        in_batch=False,
        check=_still_fifo,
    ),
    Case(
        "output to a symbolic link",
        _output(_symlink),
        code=0,
        one_line=False,
        in_batch=False,
        check=_symlink_kept,
    ),
    Case(
        "batch with bad names, a FIFO and a socket",
        _bad_names,
        one_line=False,
        in_batch=False,
        check=_bad_names_checked,
    ),
    Case(
        "second run with its output inside the input folder",
        _own_outputs,
        code=0,
        one_line=False,
        in_batch=False,
        check=_own_outputs_checked,
    ),
]


def judge(case: Case, folder: Path, result: Result) -> list[str]:
    problems = []
    if result.code != case.code:
        problems.append(f"exit {result.code}, expected {case.code}")
    if "Traceback" in result.stderr:
        problems.append("a traceback on stderr")
    lines = result.stderr.splitlines()
    if case.one_line and (len(lines) != 1 or not lines[0].startswith("goalextract: ")):
        problems.append(f"{len(lines)} lines on stderr, expected one goalextract: line")
    if result.peak_rss >= PEAK_RSS:
        problems.append(f"peak RSS {result.peak_rss // MB} MB")
    if case.timed and result.seconds > TIMEOUT + TIMEOUT_SLACK:
        problems.append(f"--timeout {TIMEOUT} ended it only after {result.seconds:.1f} s")
    if case.check is not None:
        reason = case.check(folder, result)
        if reason:
            problems.append(reason)
    return problems


def _batch(folder: Path, inputs: list[tuple[Path, bool]]) -> list[str]:
    """Every input case and the sample in one folder, parsed with --jobs 2."""
    batch = folder / "all"
    batch.mkdir()
    for path, _ in inputs:
        shutil.copy(path, batch / path.name)
    shutil.copy(SAMPLE, batch / SAMPLE.name)
    out = folder / "all-out"
    result = run(
        [*_COMMAND, "parse", str(batch), "-o", str(out), "--jobs", "2", "--timeout", str(TIMEOUT)],
        stdin=None,
        cwd=folder,
    )
    problems = []
    if result.code != 1:
        problems.append(f"exit {result.code}, expected 1")
    if "Traceback" in result.stderr:
        problems.append("a traceback on stderr")
    if not (out / (SAMPLE.name + ".json")).exists():
        problems.append("the sample's output was not written")
    failures = (
        (out / "_failures.csv").read_text("utf-8") if (out / "_failures.csv").exists() else ""
    )
    for path, fails in inputs:
        if fails and path.name not in failures:
            problems.append(f"{path.name} is not listed as a failure")
        if not fails and not (out / (path.name + ".json")).exists():
            problems.append(f"{path.name} was not written")
    if result.peak_rss >= PEAK_RSS:
        problems.append(f"peak RSS {result.peak_rss // MB} MB")
    print(_line("folder batch of every input and the sample, --jobs 2", result, problems))
    return problems


def _line(name: str, result: Result, problems: list[str]) -> str:
    status = "ok  " if not problems else "FAIL"
    detail = f"exit {result.code}, {result.seconds:5.1f} s, {result.peak_rss // MB:4d} MB"
    first = result.stderr.strip().splitlines()[:1]
    said = f"  | {first[0][:110]}" if first else ""
    return f"{status} {name:<52} {detail}{said}" + "".join(f"\n     ! {p}" for p in problems)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--goalextract",
        default=str(Path(sys.executable).parent / "goalextract"),
        help="the command to test (default: the one beside this Python)",
    )
    parser.add_argument("--only", help="run the cases whose name contains this")
    parser.add_argument("--keep", type=Path, help="build the cases in this folder and keep it")
    args = parser.parse_args()
    _COMMAND[:] = shlex.split(args.goalextract)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="goalextract-hostile-"))
    folder.mkdir(parents=True, exist_ok=True)
    failed = 0
    inputs: list[tuple[Path, bool]] = []  # and whether it must fail
    try:
        for case in CASES:
            if args.only and args.only not in case.name:
                continue
            place = folder / re.sub(r"\W+", "-", case.name).strip("-")
            place.mkdir()
            command = [*_COMMAND, *case.build(place)]
            result = run(command, stdin=case.stdin, cwd=place)
            for lock in _LOCKS:
                lock.close()
            _LOCKS.clear()
            problems = judge(case, place, result)
            failed += bool(problems)
            print(_line(case.name, result, problems), flush=True)
            if case.in_batch:
                inputs.extend((p, case.code == 1) for p in place.iterdir() if p.is_file())
        if not args.only:
            failed += bool(_batch(folder, inputs))
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    print(f"\n{failed} failing" if failed else "\nall cases pass")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
