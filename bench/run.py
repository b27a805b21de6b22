"""Benchmark: parse time per sample and format, batch throughput, CLI start-up.

    python bench/run.py [--quick] [--cold] [--repeat N] [--runs N] [--documents N] [--json]

Speed is measured here, not in the tests. Each sample is parsed `repeat` times
in this process (after one warm-up run); the median is reported. Start-up is the
wall time of `goalextract --version` in a fresh interpreter.

Cold parse is the wall time of `goalextract parse samples/shanhaiguan-cppcc-2021.txt`
to standard output in a fresh interpreter, as a ratio to `python -c "import pydantic"`
(the output is pydantic models). The commands alternate `runs` times and the
ratio is of their medians, so a busy machine slows all alike; the CPU time
(user + system of the process and its children) is given too, which a busy
machine disturbs less. All run with bytecode caching on (PYTHONDONTWRITEBYTECODE
removed), as for an installed package, after one warm-up run each. The cold
parse is also timed with the per-input limits off (`--timeout 0 --max-memory 0`:
parsed in the CLI's own process rather than a bounded worker), to show what the
worker costs; and bench/floor.py, a typer command printing a one-field pydantic
model, is the floor any command on those two libraries starts from.
`--cold` runs this measurement alone.

Jobs scaling is documents/s of `goalextract parse FOLDER -o out.db --jobs 1` and
`--jobs 2` over the same folder: the corpus PDFs (`--corpus`, default
../shared/corpus/files) linked under new names until there are `--documents` of
them (`--jobs-documents`); the two alternate `--jobs-runs` times and the ratio is
of the medians.

Memory over a long run samples every process of one `--jobs 2` run over
`--documents` documents (the corpus repeated under different names) from /proc
every 0.2 s: each process's peak resident memory (VmHWM), and whether memory
grows: the largest resident size of the parent, and of any worker, in the last
quarter of the run against the second (the first is the warm-up); near 1 is flat.

PDF pages: goalextract against bare pdfplumber (`page.extract_tables()` on every
page) in CPU seconds, over the whole corpus and over the pages goalextract sends
through the table finder (bench/pdfratio.py, which also prints each file).

`--quick` takes small sizes for a run of about a minute: figures to check that
the measurements work, not to quote.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pdfratio  # bench/pdfratio.py, beside this script

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


def _cli() -> list[str]:
    script = Path(sys.executable).parent / "goalextract"
    return [str(script)] if script.exists() else [sys.executable, "-m", "goalextract"]


def _children_cpu() -> float:
    """CPU seconds (user + system) of the waited-for children so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_cold_parse(runs: int) -> dict[str, float]:
    """Interleaved medians (s) of a cold single-file parse, of `import pydantic` and of
    the typer + pydantic floor (bench/floor.py): wall time under each name, CPU time
    under ``NAME_cpu``, and the ratios to `import pydantic`."""
    sample = str(ROOT / "samples" / "shanhaiguan-cppcc-2021.txt")
    commands = {
        "parse": [*_cli(), "parse", sample],
        "unbounded": [*_cli(), "parse", sample, "--timeout", "0", "--max-memory", "0"],
        "pydantic": [sys.executable, "-c", "import pydantic"],
        "floor": [sys.executable, str(Path(__file__).with_name("floor.py")), sample],
    }
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    times: dict[str, list[float]] = {name: [] for name in commands}
    cpu: dict[str, list[float]] = {name: [] for name in commands}
    for warm_up in [True] + [False] * runs:
        for name, command in commands.items():
            start, start_cpu = time.perf_counter(), _children_cpu()
            subprocess.run(command, stdout=subprocess.DEVNULL, check=True, env=env)
            if not warm_up:
                times[name].append(time.perf_counter() - start)
                cpu[name].append(_children_cpu() - start_cpu)
    medians = {name: statistics.median(values) for name, values in times.items()}
    medians |= {f"{name}_cpu": statistics.median(values) for name, values in cpu.items()}
    ratios = {
        f"{name}_ratio{kind}": medians[f"{name}{kind}"] / medians[f"pydantic{kind}"]
        for name in ("parse", "unbounded", "floor")
        for kind in ("", "_cpu")
    }
    return {**medians, **ratios, "ratio": ratios["parse_ratio"]}


def cold_report(cold: dict[str, float], runs: int) -> str:
    """The cold-parse measurement in a few lines."""

    def line(label: str, name: str) -> str:
        return (
            f"  {label:<46} {cold[name] * 1000:4.0f} ms wall, {cold[name + '_cpu'] * 1000:4.0f} ms"
            f" CPU; ratio {cold.get(name + '_ratio', 1.0):.2f} wall,"
            f" {cold.get(name + '_ratio_cpu', 1.0):.2f} CPU"
        )

    return "\n".join(
        [
            f"cold start (medians of {runs} interleaved runs; ratios to import pydantic):",
            line("goalextract parse sample.txt", "parse"),
            line("... --timeout 0 --max-memory 0 (no worker)", "unbounded"),
            line("bench/floor.py (typer + one pydantic model)", "floor"),
            line('python -c "import pydantic"', "pydantic"),
        ]
    )


# --quick takes this many of the smallest corpus PDFs (the largest take 10 s and more).
QUICK_FILES = 4


def corpus_folder(corpus: Path, documents: int, folder: Path, *, quick: bool = False) -> int:
    """``folder`` filled with ``documents`` links to the corpus PDFs, each under a
    name of its own (the corpus repeated); return how many there are."""
    files = sorted(p for p in corpus.glob("*.pdf") if not p.name.startswith("NEG_"))
    if not files:  # no corpus here: the bundled samples stand in
        files = [p for p in SAMPLES if p.suffix == ".pdf"]
    if quick:
        files = sorted(files, key=lambda p: p.stat().st_size)[:QUICK_FILES]
    for number in range(documents):
        source = files[number % len(files)]
        (folder / f"{number:05d}-{source.name}").symlink_to(source.resolve())
    return documents


def _parse_folder(folder: Path, jobs: int, out: Path) -> list[str]:
    out.unlink(missing_ok=True)
    return [*_cli(), "parse", str(folder), "-o", str(out), "--jobs", str(jobs), "--quiet"]


def time_jobs(corpus: Path, documents: int, runs: int, *, quick: bool) -> dict[str, float]:
    """Documents/s with --jobs 1 and --jobs 2 (interleaved medians) and their ratio."""
    rates: dict[int, list[float]] = {1: [], 2: []}
    with tempfile.TemporaryDirectory(prefix="goalextract-bench-") as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        count = corpus_folder(corpus, documents, folder, quick=quick)
        for _ in range(runs):
            for jobs in rates:
                command = _parse_folder(folder, jobs, Path(tmp) / "out.db")
                start = time.perf_counter()
                # Exit 1 is fine: some corpus files fail (no text layer, damaged).
                subprocess.run(command, stdout=subprocess.DEVNULL, check=False)
                rates[jobs].append(count / (time.perf_counter() - start))
    one, two = statistics.median(rates[1]), statistics.median(rates[2])
    return {
        "documents": count,
        "jobs1_docs_per_s": one,
        "jobs2_docs_per_s": two,
        "ratio": two / one,
    }


def _descendants(root: int) -> Iterator[int]:
    """``root`` and every process below it (from /proc)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                # The command name is in parentheses and may hold spaces: split after it.
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            parents[int(entry.name)] = int(fields[1])
    for pid in parents:
        ancestor = pid
        while ancestor not in (root, 0, 1) and ancestor in parents:
            ancestor = parents[ancestor]
        if ancestor == root:
            yield pid


def _memory_kb(pid: int) -> tuple[int, int] | None:
    """(VmRSS, VmHWM) of ``pid`` in KiB, or None when it has gone."""
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return None
    values = {k: v for k, _, v in (line.partition(":") for line in lines)}
    try:
        return int(values["VmRSS"].split()[0]), int(values["VmHWM"].split()[0])
    except (KeyError, ValueError, IndexError):
        return None  # a zombie: no memory left to read


def watch_memory(corpus: Path, documents: int, *, quick: bool, jobs: int = 2) -> dict[str, float]:
    """Peak memory of every process of one long batch run, and its growth."""
    samples: list[tuple[float, int, int]] = []  # (time, pid, rss KiB)
    peaks: dict[int, int] = {}
    with tempfile.TemporaryDirectory(prefix="goalextract-bench-") as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        count = corpus_folder(corpus, documents, folder, quick=quick)
        command = _parse_folder(folder, jobs, Path(tmp) / "out.db")
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        while process.poll() is None:
            now = time.perf_counter() - start
            for pid in _descendants(process.pid):
                memory = _memory_kb(pid)
                if memory is not None:
                    samples.append((now, pid, memory[0]))
                    peaks[pid] = max(peaks.get(pid, 0), memory[1])
            time.sleep(0.2)
        seconds = time.perf_counter() - start
    parent = process.pid
    workers = {pid: kb for pid, kb in peaks.items() if pid != parent}

    def largest(start: float, end: float, of_parent: bool) -> int:
        return max(
            (
                rss
                for at, pid, rss in samples
                if (pid == parent) == of_parent and start * seconds <= at <= end * seconds
            ),
            default=0,
        )

    def growth(of_parent: bool) -> float:
        # The first quarter is the warm-up (imports, the first pages); the second
        # against the last says whether memory grows with the documents done.
        early = largest(0.25, 0.5, of_parent)
        return largest(0.75, 1.0, of_parent) / early if early else float("nan")

    return {
        "documents": count,
        "docs_per_s": count / seconds,
        "parent_peak_mb": peaks.get(parent, 0) / 1024,
        "worker_peak_mb": max(workers.values(), default=0) / 1024,
        "workers_seen": len(workers),
        "parent_growth": growth(True),
        "worker_growth": growth(False),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--runs", type=int, default=11, help="cold-parse runs of each command")
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "files")
    parser.add_argument("--jobs-documents", type=int, default=200, help="documents per jobs run")
    parser.add_argument("--jobs-runs", type=int, default=3, help="runs of each --jobs value")
    parser.add_argument("--documents", type=int, default=2000, help="documents of the memory run")
    parser.add_argument("--quick", action="store_true", help="small sizes: about a minute")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("--cold", action="store_true", help="the cold-parse measurement alone")
    args = parser.parse_args()
    if args.cold:
        cold = time_cold_parse(args.runs)
        rounded = {
            k: round(v * 1000, 1) if "ratio" not in k else round(v, 2) for k, v in cold.items()
        }
        print(json.dumps(rounded, indent=2) if args.json else cold_report(cold, args.runs))
        return
    if args.quick:
        args.repeat, args.runs, args.jobs_runs = 1, 3, 1
        args.jobs_documents, args.documents = 8, 24
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
    scaling = time_jobs(args.corpus, args.jobs_documents, args.jobs_runs, quick=args.quick)
    memory = watch_memory(args.corpus, args.documents, quick=args.quick)
    pdf = pdfratio.measure(pdfratio.inputs([] if args.quick else [str(args.corpus)], args.quick))
    if args.json:
        result = {
            "parse": rows,
            "startup_ms": round(startup * 1000, 1),
            "cold_parse_ms": round(cold["parse"] * 1000, 1),
            "cold_parse_unbounded_ms": round(cold["unbounded"] * 1000, 1),
            "import_pydantic_ms": round(cold["pydantic"] * 1000, 1),
            "cold_parse_ratio": round(cold["ratio"], 2),
            "cold_parse_cpu_ratio": round(cold["parse_ratio_cpu"], 2),
            "cold_floor_ratio": round(cold["floor_ratio"], 2),
            "jobs": {k: round(v, 2) for k, v in scaling.items()},
            "memory": {k: round(v, 2) for k, v in memory.items()},
            "pdf_vs_pdfplumber": pdf,
        }
        print(json.dumps(result, indent=2))
        return
    width = max(len(str(r["sample"])) for r in rows)
    print(f"{'sample':<{width}}  {'median ms':>10}  {'pages':>5}  note")
    for r in rows:
        print(f"{r['sample']:<{width}}  {r['ms']:>10}  {r['pages']:>5}  {r['note']}")
    print(f"\nCLI start-up (goalextract --version): {startup * 1000:.0f} ms")
    print(cold_report(cold, args.runs))
    print(
        f"jobs scaling over {scaling['documents']:.0f} documents: --jobs 1 "
        f"{scaling['jobs1_docs_per_s']:.2f} docs/s, --jobs 2 {scaling['jobs2_docs_per_s']:.2f} "
        f"docs/s, ratio {scaling['ratio']:.2f} (medians of {args.jobs_runs} runs each)"
    )
    print(
        f"memory over {memory['documents']:.0f} documents (--jobs 2, "
        f"{memory['docs_per_s']:.2f} docs/s): peak parent {memory['parent_peak_mb']:.0f} MB, "
        f"peak worker {memory['worker_peak_mb']:.0f} MB ({memory['workers_seen']:.0f} workers); "
        f"growth last/first quarter: parent {memory['parent_growth']:.2f}, "
        f"workers {memory['worker_growth']:.2f}"
    )
    print(
        f"PDF pages, CPU seconds against bare pdfplumber extract_tables() on every page, "
        f"{pdf['files']} files, {pdf['pages']} pages: ratio {pdf['ratio']} overall, "
        f"{pdf['table_page_ratio']} on the {pdf['table_pages']} pages through the table finder "
        f"(per file: bench/pdfratio.py)"
    )


if __name__ == "__main__":
    main()
