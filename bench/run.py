"""Benchmark: parse time per sample and format, batch throughput, CLI start-up.

    python bench/run.py [--repeat N] [--json]

Speed is measured here, not in the tests. Each sample is parsed `repeat` times
in this process (after one warm-up run); the median is reported. Start-up is the
wall time of `goalextract --version` in a fresh interpreter.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted(
    p
    for p in (ROOT / "samples").rglob("*")
    if p.is_file() and p.suffix in {".txt", ".docx", ".pdf", ".doc", ".xlsx", ".xls", ".html"}
)


def time_parse(path: Path, repeat: int) -> tuple[float, int, str]:
    from goalextract import parse_file
    from goalextract.errors import GoalExtractError

    try:
        document = parse_file(path)  # warm-up: imports, caches
    except GoalExtractError as error:
        return float("nan"), 0, f"error: {error}"
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        parse_file(path)
        times.append(time.perf_counter() - start)
    pages = document.source.pages or 0
    return statistics.median(times), pages, f"{len(document.projects)} projects"


def time_startup(repeat: int) -> float:
    script = Path(sys.executable).parent / "goalextract"
    command = (
        [str(script), "--version"]
        if script.exists()
        else [sys.executable, "-m", "goalextract", "--version"]
    )
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    args = parser.parse_args()
    rows = []
    for path in SAMPLES:
        seconds, pages, note = time_parse(path, args.repeat)
        rows.append(
            {
                "sample": str(path.relative_to(ROOT)),
                "ms": round(seconds * 1000, 1),
                "pages": pages,
                "note": note,
            }
        )
    startup = time_startup(args.repeat)
    if args.json:
        print(json.dumps({"parse": rows, "startup_ms": round(startup * 1000, 1)}, indent=2))
        return
    width = max(len(r["sample"]) for r in rows)
    print(f"{'sample':<{width}}  {'median ms':>10}  {'pages':>5}  note")
    for r in rows:
        print(f"{r['sample']:<{width}}  {r['ms']:>10}  {r['pages']:>5}  {r['note']}")
    print(f"\nCLI start-up (goalextract --version): {startup * 1000:.0f} ms")


if __name__ == "__main__":
    main()
