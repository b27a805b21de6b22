"""PDF speed as a ratio to bare pdfplumber, on real publications.

    python bench/pdfratio.py [FILES_OR_FOLDERS ...] [--quick] [--json]

For every PDF (default: ../shared/corpus/files/*.pdf) two timings are taken in
this process, one after the other, in CPU seconds (`time.process_time`, so a
busy machine disturbs them less than wall time):

- ours: `goalextract.parse_bytes` on the whole file (read, parse, checks);
- baseline: bare pdfplumber, `page.extract_tables()` on every page.

The table-page ratio repeats both on a PDF made of only the pages that
goalextract's reader takes through the table finder (its quick pdfium pass
sends the rest as plain text): there the work is the same kind, and the ratio
shows what is ours on top of pdfplumber.

Ratios are of sums over all files (a file's weight is its time), reported with
the per-file figures.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "files"
# A spread of the corpus for --quick: templates of three cities, 1 to 60 pages.
QUICK = (
    "xian_shenji_2026_bmys.pdf",
    "fuzhou_sthj_gulou_2026_dwys.pdf",
    "beijing_gongan_2026_bmysbb.pdf",
    "hangzhou_sifa_2026_bmys.pdf",
)


@dataclass
class FileTiming:
    file: str
    pages: int
    table_pages: int
    ours: float
    baseline: float
    ours_tables: float
    baseline_tables: float


def cpu_seconds(work: Callable[[], Any]) -> float:
    start = time.process_time()
    work()
    return time.process_time() - start


def bare_pdfplumber(data: bytes) -> None:
    """The baseline: what a script using pdfplumber alone would do."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_tables()
            page.close()


@contextmanager
def recording_table_pages() -> Iterator[list[int]]:
    """Page numbers the PDF reader sends through the table finder."""
    from goalextract.readers import pdf as reader

    seen: list[int] = []
    original = reader._read_page

    def spy(page: Any, previous: Any = None) -> Any:
        seen.append(page.page_number)
        return original(page, previous)

    reader._read_page = spy  # type: ignore[assignment]
    try:
        yield seen
    finally:
        reader._read_page = original  # type: ignore[assignment]


def only_pages(data: bytes, numbers: list[int]) -> bytes:
    """A PDF holding just these pages (1-based), through pdfium."""
    import pypdfium2

    source = pypdfium2.PdfDocument(data)
    target = pypdfium2.PdfDocument.new()
    try:
        target.import_pages(source, [n - 1 for n in numbers])
        buffer = io.BytesIO()
        target.save(buffer)
        return buffer.getvalue()
    finally:
        target.close()
        source.close()


def time_file(path: Path) -> FileTiming:
    from goalextract import parse_bytes

    data = path.read_bytes()
    parse_bytes(data, name=path.name)  # warm-up: imports, font caches
    with recording_table_pages() as table_pages:
        ours = cpu_seconds(lambda: parse_bytes(data, name=path.name))
    baseline = cpu_seconds(lambda: bare_pdfplumber(data))
    numbers = sorted(set(table_pages))
    ours_tables = baseline_tables = 0.0
    if numbers:
        subset = only_pages(data, numbers)
        ours_tables = cpu_seconds(lambda: parse_bytes(subset, name=path.name))
        baseline_tables = cpu_seconds(lambda: bare_pdfplumber(subset))
    import pypdfium2

    pages = len(pypdfium2.PdfDocument(data))
    return FileTiming(path.name, pages, len(numbers), ours, baseline, ours_tables, baseline_tables)


def inputs(arguments: list[str], quick: bool) -> list[Path]:
    if quick and not arguments:
        return [CORPUS / name for name in QUICK if (CORPUS / name).exists()]
    found: list[Path] = []
    for argument in arguments or [str(CORPUS)]:
        path = Path(argument)
        found.extend(sorted(path.glob("*.pdf")) if path.is_dir() else [path])
    return found


def summarise(rows: list[FileTiming]) -> dict[str, Any]:
    """Sums over the files and the two ratios."""
    total = {key: sum(getattr(r, key) for r in rows) for key in asdict(rows[0]) if key != "file"}
    return {
        "files": len(rows),
        **{key: round(value, 2) for key, value in total.items()},
        "ratio": round(total["ours"] / total["baseline"], 3),
        "table_page_ratio": round(total["ours_tables"] / total["baseline_tables"], 3)
        if total["baseline_tables"]
        else None,
    }


def measure(
    files: list[Path], report: Callable[[FileTiming], None] | None = None
) -> dict[str, Any]:
    """Time every file (``report`` sees each as it is done); the summary of all."""
    rows = []
    for path in files:
        rows.append(time_file(path))
        if report is not None:
            report(rows[-1])
    return summarise(rows)


def _print_row(r: FileTiming) -> None:
    print(
        f"{r.file:<42} {r.pages:>4} p {r.table_pages:>3} tp  "
        f"ours {r.ours:6.2f} s  base {r.baseline:6.2f} s  "
        f"tables: ours {r.ours_tables:6.2f} s  base {r.baseline_tables:6.2f} s",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", help="PDF files or folders (default: the corpus)")
    parser.add_argument("--quick", action="store_true", help=f"{len(QUICK)} corpus files only")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    args = parser.parse_args()
    files = inputs(args.paths, args.quick)
    if not files:
        sys.exit(f"pdfratio: no PDF found (looked in {CORPUS})")
    if args.json:
        rows: list[FileTiming] = []
        summary = measure(files, rows.append)
        print(json.dumps({"files": [asdict(r) for r in rows], "summary": summary}, indent=2))
        return
    summary = measure(files, _print_row)
    print(
        f"\n{summary['files']} files, {summary['pages']} pages ({summary['table_pages']} through "
        f"the table finder): ours / bare pdfplumber = {summary['ratio']} overall, "
        f"{summary['table_page_ratio']} on the table pages (CPU seconds)"
    )


if __name__ == "__main__":
    main()
