"""Mutation fuzzing of the readers: every mutant ends in a document or the package's own error.

    python tools/fuzz.py --count 2000 --seconds 20            # every format
    python tools/fuzz.py --format pdf --count 500 --budget 60  # one format, at most a minute

Mutants are made from the bundled samples and test fixtures (a .docx, .doc,
PDFs, HTML, text, and an .xlsx built from the text sample's tables): zip
packages have one member's XML mutated and are zipped again (a mutated zip
mostly fails its CRC check and tests nothing else); the other formats have
their bytes mutated (bits flipped, numbers replaced by extreme ones, slices cut,
repeated or moved). Each mutant is parsed in a worker process whose address
space is limited (RLIMIT_AS, ``--memory``) and whose time is bounded from
outside (``--seconds``; the worker is killed and replaced when it is spent).

A finding is a mutant that raises anything but a GoalExtractError (a bug), runs
out of memory, outlives its time or kills its worker. Findings are saved under
``--out`` (default ``fuzz-findings/``) with the traceback, and the exit status
is 1 when there is any. LibreOffice is switched off (a .doc the native reader
does not take ends in ConverterMissing): it is another program, and converting
thousands of mutants would take hours.
"""

from __future__ import annotations

import argparse
import io
import multiprocessing
import os
import random
import sys
import time
import traceback
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
DATA = ROOT / "tests" / "data"
FORMATS = ("docx", "xlsx", "doc", "pdf", "html", "txt")
_EXTREMES = (0, 1, 0x7F, 0x80, 0xFF, 0x7FFF, 0xFFFF, 0x7FFFFFFF, 0xFFFFFFFF, 0xFFFFFFFE)


# --------------------------------------------------------------------------- seeds


def seeds(fmt: str) -> list[bytes]:
    """The inputs mutants of ``fmt`` are made from."""
    if fmt == "xlsx":
        return [_xlsx_seed()]
    patterns = {
        "docx": [SAMPLES.glob("*.docx")],
        "doc": [SAMPLES.glob("*.doc")],
        "pdf": [SAMPLES.glob("*.pdf"), (DATA / "pdf").glob("*.pdf")],
        "html": [(DATA / "html").glob("*.htm*")],
        "txt": [SAMPLES.glob("*.txt"), (SAMPLES / "real").glob("*.txt")],
    }[fmt]
    found = sorted(path for pattern in patterns for path in pattern)
    return [path.read_bytes() for path in found if "encrypted" not in path.name]


def _xlsx_seed() -> bytes:
    """An .xlsx holding the text sample's tables, a sheet each, with a few merges."""
    from openpyxl import Workbook

    from goalextract.api import read_cells
    from goalextract.cells import Table

    workbook = Workbook()
    workbook.remove(workbook.active)
    tables = [b for b in read_cells(next(SAMPLES.glob("*.txt"))).blocks if isinstance(b, Table)]
    for number, table in enumerate(tables[:4]):
        sheet = workbook.create_sheet(f"表{number}")
        for r, row in enumerate(table.rows, start=1):
            for cell in row:
                sheet.cell(r, cell.col + 1, cell.text or None)
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=2)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# --------------------------------------------------------------------------- mutations


def mutate_bytes(data: bytes, rng: random.Random) -> bytes:
    """``data`` with one to four random edits."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        _EDITS[rng.randrange(len(_EDITS))](out, rng)
    return bytes(out)


def _flip(out: bytearray, rng: random.Random) -> None:
    for _ in range(rng.randint(1, 8)):
        if out:
            out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)


def _extreme(out: bytearray, rng: random.Random) -> None:
    if len(out) < 4:
        return
    width = rng.choice((1, 2, 4))
    at = rng.randrange(len(out) - width + 1)
    value = rng.choice(_EXTREMES) & ((1 << (8 * width)) - 1)
    out[at : at + width] = value.to_bytes(width, rng.choice(("little", "big")))


def _digits(out: bytearray, rng: random.Random) -> None:
    """A decimal number in text formats (PDF objects, XML attributes) made huge."""
    starts = [i for i in range(min(len(out), 200_000)) if 48 <= out[i] <= 57]
    if starts:
        at = rng.choice(starts)
        out[at : at + 1] = rng.choice((b"999999999", b"4294967295", b"0", b"-1", b"65535"))


def _cut(out: bytearray, rng: random.Random) -> None:
    if len(out) > 2:
        start = rng.randrange(len(out))
        del out[start : start + rng.randint(1, max(1, len(out) // 8))]


def _repeat(out: bytearray, rng: random.Random) -> None:
    if len(out) > 2:
        start = rng.randrange(len(out))
        piece = out[start : start + rng.randint(1, 512)]
        out[start:start] = piece * rng.randint(2, 64)


def _truncate(out: bytearray, rng: random.Random) -> None:
    if len(out) > 2:
        del out[rng.randrange(len(out)) :]


_EDITS: tuple[Callable[[bytearray, random.Random], None], ...] = (
    _flip,
    _extreme,
    _digits,
    _cut,
    _repeat,
    _truncate,
)


def mutate_zip(data: bytes, rng: random.Random) -> bytes:
    """A package with one member mutated (mostly an XML part), zipped again."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        members = [(info, source.read(info)) for info in source.infolist()]
    xml = [i for i, (info, _) in enumerate(members) if info.filename.endswith(".xml")]
    chosen = rng.choice(xml) if xml and rng.random() < 0.9 else rng.randrange(len(members))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for i, (info, content) in enumerate(members):
            target.writestr(info.filename, mutate_bytes(content, rng) if i == chosen else content)
    raw = out.getvalue()
    return mutate_bytes(raw, rng) if rng.random() < 0.1 else raw


# Text that means something to the text and HTML readers (cells, field codes, spans).
_TOKENS = (
    "\t",
    "\n",
    "\r\n",
    "\n\n",
    "\\",
    'TC "',
    " \\a ",
    " \\l 1 ",
    "<td>",
    "</td>",
    "<tr>",
    "<table>",
    "</table>",
    '<td colspan="1000">',
    '<td rowspan="65534">',
    '<td rowspan="0">',
    '<meta charset="zlib">',
    "<br>",
    "项目名称",
    "绩效指标",
    "一级指标",
    "≥",
    "%",
    "万元",
    "１２３",
    "9" * 40,
    " " * 300,
)


def mutate_text(data: bytes, rng: random.Random) -> bytes:
    """A text input (UTF-8) with tokens inserted and lines repeated or cut, as text."""
    text = data.decode("utf-8", errors="replace")
    for _ in range(rng.randint(1, 6)):
        at = rng.randrange(len(text) + 1)
        choice = rng.random()
        if choice < 0.6:
            text = text[:at] + rng.choice(_TOKENS) * rng.choice((1, 1, 2, 50)) + text[at:]
        elif choice < 0.8:
            text = text[:at] + text[at : at + rng.randint(1, 400)] * rng.randint(2, 30) + text[at:]
        else:
            text = text[:at] + text[at + rng.randint(1, 400) :]
    return text.encode("utf-8")


def mutant(fmt: str, seed: bytes, rng: random.Random) -> bytes:
    """One mutant of ``seed``."""
    if fmt in ("docx", "xlsx"):
        return mutate_zip(seed, rng)
    if fmt in ("txt", "html") and rng.random() < 0.8:
        return mutate_text(seed, rng)
    return mutate_bytes(seed, rng)


# --------------------------------------------------------------------------- the worker


def _worker(connection: Connection, memory: int) -> None:
    """Parse what arrives, under an address-space limit; answer with an outcome line."""
    os.environ["GOALEXTRACT_SOFFICE"] = "/nonexistent/soffice"  # see the module docstring
    import resource

    from goalextract.api import parse_bytes
    from goalextract.errors import GoalExtractError

    resource.setrlimit(resource.RLIMIT_AS, (memory, resource.getrlimit(resource.RLIMIT_AS)[1]))
    while True:
        try:
            fmt, data = connection.recv()
        except EOFError:
            return
        try:
            parse_bytes(data, f"mutant.{fmt}", input_format=fmt, rules=None)
            answer = ("ok", "")
        except GoalExtractError as error:
            answer = ("error", str(error))
        except MemoryError:
            answer = ("memory", traceback.format_exc())
        except RecursionError:
            answer = ("recursion", traceback.format_exc())
        except Exception:
            answer = ("bug", traceback.format_exc())
        connection.send(answer)


@dataclass
class _Worker:
    memory: int
    process: multiprocessing.process.BaseProcess | None = None
    connection: Connection | None = None

    def start(self) -> None:
        # Spawned, not forked: a fork of a process with threads (a test session
        # that ran a dask cluster) can crash in a C library, and a fresh worker
        # has Python's own warning filters, not a test runner's.
        context: Any = multiprocessing.get_context("spawn")
        parent, child = context.Pipe()
        self.process = context.Process(target=_worker, args=(child, self.memory), daemon=True)
        self.process.start()
        child.close()
        self.connection = parent

    def run(self, fmt: str, data: bytes, seconds: float) -> tuple[str, str]:
        if self.process is None or not self.process.is_alive() or self.connection is None:
            self.start()
        assert self.connection is not None
        try:
            self.connection.send((fmt, data))
            if self.connection.poll(seconds):
                answer: tuple[str, str] = self.connection.recv()
                return answer
            self.stop()
            return "hang", f"no answer in {seconds:g} s"
        except (EOFError, BrokenPipeError, ConnectionResetError):
            code = self.process.exitcode if self.process else None
            self.stop()
            return "crash", f"the worker died (exit code {code})"

    def stop(self) -> None:
        if self.process is not None and self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.process = None
        self.connection = None


# --------------------------------------------------------------------------- the run


@dataclass
class Tally:
    """Outcomes counted per format, and the findings."""

    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    findings: list[tuple[str, str, str, Path]] = field(default_factory=list)

    def add(self, fmt: str, kind: str) -> None:
        per = self.counts.setdefault(fmt, {})
        per[kind] = per.get(kind, 0) + 1


FINDINGS = frozenset({"bug", "memory", "recursion", "hang", "crash"})


def fuzz(
    formats: list[str],
    count: int,
    seconds: float,
    memory: int,
    seed: int,
    out: Path,
    budget: float | None = None,
) -> Tally:
    """Run ``count`` mutants of each format; stop early when ``budget`` seconds are spent."""
    rng = random.Random(seed)
    tally = Tally()
    worker = _Worker(memory)
    started = time.monotonic()
    try:
        for fmt in formats:
            pool = seeds(fmt)
            for number in range(count):
                if budget is not None and time.monotonic() - started > budget:
                    return tally
                data = mutant(fmt, rng.choice(pool), rng)
                kind, detail = worker.run(fmt, data, seconds)
                tally.add(fmt, kind)
                if kind in FINDINGS:
                    out.mkdir(parents=True, exist_ok=True)
                    saved = out / f"{fmt}-{seed}-{number}.{fmt}"
                    saved.write_bytes(data)
                    saved.with_suffix(saved.suffix + ".txt").write_text(detail, encoding="utf-8")
                    tally.findings.append((fmt, kind, detail.strip().splitlines()[-1], saved))
    finally:
        worker.stop()
    return tally


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--format", choices=(*FORMATS, "all"), default="all")
    parser.add_argument("--count", type=int, default=200, help="mutants per format")
    parser.add_argument("--seconds", type=float, default=60.0, help="time per mutant")
    parser.add_argument("--memory", type=int, default=1024, help="MiB of address space")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--budget", type=float, default=None, help="seconds for the whole run")
    parser.add_argument("--out", type=Path, default=Path("fuzz-findings"))
    args = parser.parse_args(argv)
    formats = list(FORMATS) if args.format == "all" else [args.format]
    tally = fuzz(
        formats,
        args.count,
        args.seconds,
        args.memory * 1024 * 1024,
        args.seed,
        args.out,
        args.budget,
    )
    for fmt, per in tally.counts.items():
        figures = ", ".join(f"{kind} {n}" for kind, n in sorted(per.items()))
        print(f"{fmt}: {sum(per.values())} mutants: {figures}")
    for fmt, kind, line, saved in tally.findings:
        print(f"FINDING {fmt} {kind}: {line} ({saved})")
    return 1 if tally.findings else 0


if __name__ == "__main__":
    sys.exit(main())
