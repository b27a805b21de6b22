"""Benchmark: parse time per sample and format, batch throughput, CLI start-up.

    python bench/run.py [--repeat N] [--runs N] [--json]

Speed is measured here, not in the tests. Each sample is parsed `repeat` times
in this process (after one warm-up run); the median is reported. Start-up is the
wall time of `goalextract --version` in a fresh interpreter.

Cold parse is the wall time of `goalextract parse samples/shanhaiguan-cppcc-2021.txt`
to standard output in a fresh interpreter, as a ratio to `python -c "import pydantic"`
(the floor: the output is pydantic models). The two commands alternate `runs`
times and the ratio is of their medians, so a busy machine slows both alike.
Both run with bytecode caching on (PYTHONDONTWRITEBYTECODE removed), as for an
installed package, after one warm-up run each.
"""

from __future__ import annotations

import argparse
import json
import os
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


def time_cold_parse(runs: int) -> dict[str, float]:
    """Interleaved medians (s) of a cold single-file parse and of `import pydantic`."""
    script = Path(sys.executable).parent / "goalextract"
    cli = [str(script)] if script.exists() else [sys.executable, "-m", "goalextract"]
    commands = {
        "parse": [*cli, "parse", str(ROOT / "samples" / "shanhaiguan-cppcc-2021.txt")],
        "pydantic": [sys.executable, "-c", "import pydantic"],
    }
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    times: dict[str, list[float]] = {name: [] for name in commands}
    for warm_up in [True] + [False] * runs:
        for name, command in commands.items():
            start = time.perf_counter()
            subprocess.run(command, stdout=subprocess.DEVNULL, check=True, env=env)
            if not warm_up:
                times[name].append(time.perf_counter() - start)
    medians = {name: statistics.median(values) for name, values in times.items()}
    return {**medians, "ratio": medians["parse"] / medians["pydantic"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--runs", type=int, default=11, help="cold-parse runs of each command")
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
    cold = time_cold_parse(args.runs)
    if args.json:
        result = {
            "parse": rows,
            "startup_ms": round(startup * 1000, 1),
            "cold_parse_ms": round(cold["parse"] * 1000, 1),
            "import_pydantic_ms": round(cold["pydantic"] * 1000, 1),
            "cold_parse_ratio": round(cold["ratio"], 2),
        }
        print(json.dumps(result, indent=2))
        return
    width = max(len(r["sample"]) for r in rows)
    print(f"{'sample':<{width}}  {'median ms':>10}  {'pages':>5}  note")
    for r in rows:
        print(f"{r['sample']:<{width}}  {r['ms']:>10}  {r['pages']:>5}  {r['note']}")
    print(f"\nCLI start-up (goalextract --version): {startup * 1000:.0f} ms")
    print(
        f"cold parse of the .txt sample: {cold['parse'] * 1000:.0f} ms, "
        f"import pydantic: {cold['pydantic'] * 1000:.0f} ms, ratio {cold['ratio']:.2f} "
        f"(medians of {args.runs} interleaved runs)"
    )


if __name__ == "__main__":
    main()
