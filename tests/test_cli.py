"""The command line as a user runs it: typer's runner, and the installed console script."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import HEBEI, ROOT, SAMPLES, load_expected, score
from goalextract import __version__
from goalextract.cli import app

runner = CliRunner()
SAMPLE = str(SAMPLES / f"{HEBEI}.txt")


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"goalextract {__version__}"


@pytest.mark.parametrize("flag", ["--help", "-h"])
@pytest.mark.parametrize("command", [[], ["parse"], ["cells"], ["show"], ["check"], ["schema"]])
def test_every_command_has_help(command: list[str], flag: str) -> None:
    result = runner.invoke(app, [*command, flag])
    assert result.exit_code == 0
    assert "Usage:" in result.output
    if command:
        assert len(result.output.splitlines()) > 5


def test_parse_to_stdout_scores_100_percent() -> None:
    result = runner.invoke(app, ["parse", SAMPLE])
    assert result.exit_code == 0, result.output
    matched, total, _ = score(load_expected(f"{HEBEI}.json"), json.loads(result.stdout))
    assert matched == total == 709


def test_parse_from_stdin() -> None:
    result = runner.invoke(app, ["parse", "-"], input=Path(SAMPLE).read_bytes())
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["source"]["path"] == "-"
    assert score(load_expected(f"{HEBEI}.json"), document)[0] == 709


def test_parse_to_file(tmp_path: Path) -> None:
    out = tmp_path / "sub" / "out.json"
    result = runner.invoke(app, ["parse", SAMPLE, "-o", str(out)])
    assert result.exit_code == 0
    assert result.stdout == ""
    text = out.read_text(encoding="utf-8")
    assert "综合事务管理" in text  # Chinese unescaped
    assert [p.name for p in out.parent.iterdir()] == ["out.json"]  # no temporary left


@pytest.mark.parametrize(("fmt", "start"), [("json", b"{"), ("csv", b"\xef\xbb\xbfsource,")])
def test_dash_output_is_standard_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str, start: bytes
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["parse", SAMPLE, "-o", "-", "--format", fmt])
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.startswith(start)
    assert list(tmp_path.iterdir()) == []  # no file named "-"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["parse", "missing.txt"], "goalextract: missing.txt: no such file"),
    ],
)
def test_bad_input_is_one_line_and_exit_1(args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(message)
    assert "Traceback" not in result.output


def test_empty_and_binary_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    for path, reason in ((empty, "the file is empty"), (binary, "not a supported format")):
        result = runner.invoke(app, ["parse", str(path)])
        assert result.exit_code == 1
        assert result.stderr.strip() == f"goalextract: {path}: {reason}" or reason in result.stderr


@pytest.mark.parametrize("command", ["parse", "show", "cells", "check"])
def test_file_names_reach_stderr_escaped(tmp_path: Path, command: str) -> None:
    # A newline in a name split the one-line error; an escape sequence drove the terminal.
    names = ["a\nb.txt", "\x1b[31mred.txt"]
    for name in names:
        (tmp_path / name).write_bytes(bytes(range(256)) * 4)
    for name in names:
        result = runner.invoke(app, [command, str(tmp_path / name)])
        assert result.exit_code == 1
        assert "\x1b" not in result.stderr
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("goalextract: '"), lines
        assert repr(str(tmp_path / name)) in lines[0]
    if command in ("parse", "check"):  # a folder: one line per failed input
        result = runner.invoke(app, [command, str(tmp_path)])
        assert "\x1b" not in result.stderr
        assert len(result.stderr.splitlines()) == 2


def test_shown_leaves_printable_names_alone() -> None:
    from goalextract.errors import shown

    assert shown("报告 2024/附件 1.docx") == "报告 2024/附件 1.docx"
    assert shown("a\u202eb") == "'a\\u202eb'"  # a bidi override reorders the line


def test_failed_input_writes_no_output_file(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    result = runner.invoke(app, ["parse", str(tmp_path / "missing.txt"), "-o", str(out)])
    assert result.exit_code == 1
    assert not out.exists()


def test_undecodable_text_names_encoding_option(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes("\t项目名称\n".encode("gb18030"))
    result = runner.invoke(app, ["parse", str(path), "--encoding", "ascii"])
    assert result.exit_code == 1
    assert "cannot decode as ascii" in result.stderr


def test_debug_shows_traceback() -> None:
    result = runner.invoke(app, ["parse", "missing.txt", "--debug"])
    assert result.exit_code == 1
    assert "Traceback" in result.stderr


def test_usage_errors_exit_2() -> None:
    assert runner.invoke(app, ["parse"]).exit_code == 2
    assert runner.invoke(app, ["parse", SAMPLE, "--format", "nope"]).exit_code == 2
    assert runner.invoke(app, ["frobnicate"]).exit_code == 2


def test_unknown_output_extension_is_a_usage_error(tmp_path: Path) -> None:
    out = tmp_path / "out.feather"
    result = runner.invoke(app, ["parse", SAMPLE, "-o", str(out)])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "'.feather'" in lines[0]
    assert "json, jsonl, csv, tsv, xlsx, sqlite, parquet" in lines[0]
    assert not out.exists()
    # --format says what to write, whatever the name.
    result = runner.invoke(app, ["parse", SAMPLE, "-o", str(out), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text("utf-8"))["projects"]


def test_tsv_output(tmp_path: Path) -> None:
    out = tmp_path / "out.tsv"
    result = runner.invoke(app, ["parse", SAMPLE, "-o", str(out), "--lang", "zh"])
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf") and b"\r" not in data  # no BOM, \n ends
    lines = data.decode("utf-8").splitlines()
    csv_result = runner.invoke(app, ["parse", SAMPLE, "--format", "csv", "--lang", "zh"])
    csv_lines = csv_result.stdout_bytes.decode("utf-8-sig").splitlines()
    assert len(lines) == len(csv_lines) > 1
    assert lines[0].split("\t") == csv_lines[0].split(",")
    assert "综合事务管理" in lines[1].split("\t")


def test_no_target_table_is_exit_0_with_warning(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("本文件没有绩效目标表。\n", encoding="utf-8")
    result = runner.invoke(app, ["parse", str(path)])
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["projects"] == []
    assert [w["code"] for w in document["warnings"]] == ["no_target_tables"]


def test_cells_shows_rows_with_locations() -> None:
    result = runner.invoke(app, ["cells", SAMPLE])
    assert result.exit_code == 0
    assert "r1 c0  项目编码" in result.stdout
    assert "line 32  ¶ 1.综合事务管理绩效目标表" in result.stdout


def test_cells_json_lines() -> None:
    result = runner.invoke(app, ["cells", SAMPLE, "--json"])
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records[0] == {"paragraph": " 第一部分", "location": {"line": 1}}
    assert any("row" in r and r["row"][0]["text"] == "项目编码" for r in records)


def test_schema_command_matches_committed_file() -> None:
    result = runner.invoke(app, ["schema"])
    committed = (ROOT / "schemas" / "goalextract.schema.json").read_text(encoding="utf-8")
    assert result.stdout == committed, (
        "schemas/ is stale: run `goalextract schema > schemas/goalextract.schema.json`"
    )


def _console_script() -> str:
    script = Path(sys.executable).parent / "goalextract"
    found = str(script) if script.exists() else shutil.which("goalextract")
    assert found, "the goalextract console script is not installed"
    return found


def test_installed_console_script_in_a_subprocess(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    completed = subprocess.run(
        [_console_script(), "parse", SAMPLE, "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    assert completed.returncode == 0, completed.stderr
    matched, total, _ = score(load_expected(f"{HEBEI}.json"), json.loads(out.read_text("utf-8")))
    assert matched == total == 709
    completed = subprocess.run(
        [_console_script(), "parse", str(tmp_path / "nope.txt")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 1
    assert completed.stderr == f"goalextract: {tmp_path / 'nope.txt'}: no such file\n"


def _ascii_stdout(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [_console_script(), *args],
        capture_output=True,
        timeout=60,
        check=False,
        env={**os.environ, "PYTHONIOENCODING": "ascii"},
    )


@pytest.mark.parametrize(
    "args", [["parse"], ["check", "--format", "json"], ["cells", "--json"], ["schema"]]
)
def test_data_on_a_non_utf8_stdout_is_utf8(args: list[str]) -> None:
    completed = _ascii_stdout(*args, *([SAMPLE] if args != ["schema"] else []))
    assert completed.returncode == 0, completed.stderr
    assert completed.stderr == b""
    text = completed.stdout.decode("utf-8")
    json.loads(text.splitlines()[0] if args[0] == "cells" else text)
    assert args[0] != "parse" or "综合事务管理" in text


@pytest.mark.parametrize("command", ["show", "check", "cells"])
def test_views_on_a_non_utf8_stdout_print_what_they_can(command: str) -> None:
    completed = _ascii_stdout(command, SAMPLE)
    assert completed.returncode == 0, completed.stderr
    assert completed.stderr == b""
    assert b"?" in completed.stdout  # Chinese replaced
    completed.stdout.decode("ascii")


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "xlsx"])
def test_a_closed_pipe_ends_quietly(fmt: str) -> None:
    # `goalextract parse … | head -c 100`: the reader goes away after 100 bytes of
    # an output far larger than a pipe's buffer, so later writes meet EPIPE.
    with subprocess.Popen(
        [_console_script(), "parse", *[SAMPLE] * 24, "--format", fmt, "--jobs", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        assert len(process.stdout.read(100)) == 100
        process.stdout.close()
        stderr = process.stderr.read()
        assert process.wait(timeout=60) == 0, stderr.decode()
    assert stderr == b""


@pytest.mark.parametrize("command", ["show", "check", "cells", "schema", "parse"])
def test_a_pipe_closed_before_the_first_write_ends_quietly(command: str) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # every write meets EPIPE
    completed = subprocess.run(
        [_console_script(), command, *([SAMPLE] if command != "schema" else [])],
        stdout=write_end,
        stderr=subprocess.PIPE,
        timeout=60,
        check=False,
    )
    os.close(write_end)
    assert (completed.returncode, completed.stderr) == (0, b"")


def test_python_dash_m(tmp_path: Path) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "goalextract", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0
    assert completed.stdout.strip() == f"goalextract {__version__}"


def test_start_up_does_not_import_heavy_readers() -> None:
    code = (
        "import sys, goalextract.cli, goalextract.api\n"
        "from goalextract import parse_file\n"
        f"parse_file({SAMPLE!r})\n"
        "heavy = [m for m in ('pdfplumber', 'docx', 'openpyxl', 'lxml', 'pdfminer') "
        "if m in sys.modules]\n"
        "print(heavy)"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert completed.stdout.strip() == "[]", completed.stderr


# What `goalextract parse FILE.txt` to standard output must not load: the terminal
# views' rich, the process pool, the other formats' libraries, the other writers.
_NOT_FOR_A_TXT_PARSE = (
    "rich",
    "concurrent.futures",
    "multiprocessing",
    "openpyxl",
    "pdfplumber",
    "pdfminer",
    "pypdfium2",
    "lxml",
    "docx",
    "olefile",
    "sqlite3",
    "goalextract.compare",
    "goalextract.writers.jsonl",
    "goalextract.writers.csv",
    "goalextract.writers.tsv",
    "goalextract.writers.xlsx",
    "goalextract.writers.sqlite",
    "goalextract.writers._tables",
)


@pytest.mark.parametrize(
    ("limits", "in_this_process"),
    [
        pytest.param([], False, id="bounded worker"),  # the default: parsed in a forked child
        pytest.param(["--timeout", "0", "--max-memory", "0"], True, id="in process"),
    ],
)
def test_cli_parse_of_a_txt_file_imports_only_what_it_uses(
    tmp_path: Path, limits: list[str], in_this_process: bool
) -> None:
    """The console script's whole path, in a fresh interpreter, stdout and stderr pipes.

    sys.modules at exit, not -X importtime: that misses importlib.import_module,
    which is how readers and writers are loaded. Without limits everything runs
    in the one process, so the reader's imports are seen too; with them the
    reader runs in the worker, and this process must not have loaded it.
    """
    listing = tmp_path / "modules.txt"
    code = (
        "import atexit, runpy, sys\n"
        "listing = sys.argv.pop()\n"
        "atexit.register(lambda: open(listing, 'w').write('\\n'.join(sys.modules)))\n"
        "runpy.run_module('goalextract', run_name='__main__')\n"
    )
    # Either would let rich's console call a pipe a terminal (and draw a summary).
    env = {k: v for k, v in os.environ.items() if k not in {"FORCE_COLOR", "TTY_COMPATIBLE"}}
    completed = subprocess.run(
        [sys.executable, "-c", code, "parse", SAMPLE, *limits, str(listing)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert (completed.returncode, completed.stderr) == (0, "")
    assert len(json.loads(completed.stdout)["projects"]) == 5
    loaded = set(listing.read_text().split())
    assert "goalextract.writers.json" in loaded
    assert ("goalextract.readers.text" in loaded) == in_this_process
    unwanted = sorted(
        m for m in loaded if any(m == n or m.startswith(n + ".") for n in _NOT_FOR_A_TXT_PARSE)
    )
    assert unwanted == []


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["parse", SAMPLE], id="parse"),
        pytest.param(["parse", "missing.txt"], id="failed input"),
        pytest.param(["--version"], id="version"),
    ],
)
def test_the_console_script_exits_without_collecting_its_objects(args: list[str]) -> None:
    """main() freezes the garbage collector's objects before the interpreter exits
    (its last collection cost a fifth of a cold parse), whatever the exit code;
    the output is whole and the atexit handlers still run."""
    code = (
        "import atexit, gc, sys\n"
        "atexit.register(lambda: print('frozen', gc.get_freeze_count() > 0, file=sys.stderr))\n"
        "from goalextract.cli import main\n"
        "sys.argv[0] = 'goalextract'\n"
        "main()\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=60, check=False
    )
    assert completed.stderr.endswith("frozen True\n"), completed.stderr
    if args[0] == "parse" and args[1] == SAMPLE:
        assert completed.returncode == 0
        assert len(json.loads(completed.stdout)["projects"]) == 5
    elif args[0] == "parse":
        assert completed.returncode == 1
        assert completed.stderr.startswith("goalextract: missing.txt: no such file")


def test_show_draws_budget_plan_and_indicator_tree() -> None:
    result = runner.invoke(app, ["show", SAMPLE])
    assert result.exit_code == 0
    out = result.stdout
    assert "1. 综合事务管理绩效目标表" in out
    assert "100,000.00 元" in out
    assert "3月底" in out and "blank" in out  # project 2's blank spending-plan cell
    assert "产出指标" in out and "综合事务管理费用: ≤100000元" in out
    assert "spending_plan_missing_value" in out


def test_show_bad_input() -> None:
    result = runner.invoke(app, ["show", "missing.docx"])
    assert result.exit_code == 1
    assert result.stderr.strip() == "goalextract: missing.docx: no such file"


@pytest.mark.parametrize("command", ["parse", "show", "check", "cells"])
def test_unknown_input_format_is_a_usage_error(command: str) -> None:
    result = runner.invoke(app, [command, SAMPLE, "--input-format", "odt"])
    assert result.exit_code == 2
    assert "Invalid value for '--input-format' / '-f'" in result.stderr
    assert "'odt' is not one of 'txt', 'docx', 'doc', 'wordml', 'pdf'" in result.stderr


# Options with a fixed set of values: --help lists them, a bad one is a usage error
# naming them, and the spellings that worked before still work.
CHOICES = [
    ("parse", "--format", "json|jsonl|csv|tsv|xlsx|sqlite|parquet"),
    ("parse", "--table", "indicators|projects|documents"),
    ("parse", "--lang", "en|zh"),
    ("parse", "--rules", "standard|cost|2024|2021"),
    ("parse", "--input-format", "txt|docx|doc|wordml|pdf|xlsx|xls|spreadsheetml|html"),
    ("check", "--format", "text|json"),
    ("check", "--rules", "standard|cost|2024|2021"),
    ("show", "--rules", "standard|cost|2024|2021"),
    ("cells", "--input-format", "txt|docx|doc|wordml|pdf|xlsx|xls|spreadsheetml|html"),
]


@pytest.mark.parametrize(("command", "option", "values"), CHOICES)
def test_help_lists_the_values(command: str, option: str, values: str) -> None:
    help_text = runner.invoke(app, [command, "--help"], env={"COLUMNS": "200"}).stdout
    assert f"{option} <{values}>" in help_text


@pytest.mark.parametrize(("command", "option", "values"), CHOICES)
def test_a_value_not_listed_is_a_usage_error(command: str, option: str, values: str) -> None:
    result = runner.invoke(app, [command, SAMPLE, option, "nope"])
    assert result.exit_code == 2
    assert f"Invalid value for '{option}'" in result.stderr
    listed = ", ".join(f"'{value}'" for value in values.split("|"))
    assert f"'nope' is not one of {listed}" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["parse", SAMPLE, "--format", "JSON"],  # the runner lower-cased it before
        ["parse", SAMPLE, "--rules", "COST"],  # the rule set resolver did
        ["parse", SAMPLE, "--rules", "2021", "--format", "csv", "--table", "projects"],
        ["parse", SAMPLE, "--format", "csv", "--lang", "zh", "-f", "txt"],
        ["check", SAMPLE, "--format", "json", "--rules", "2024"],
        ["show", SAMPLE, "--rules", "cost"],
        ["cells", SAMPLE, "--input-format", "txt"],
    ],
)
def test_existing_spellings_still_work(args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output


def test_lang_and_table_reach_the_csv() -> None:
    result = runner.invoke(
        app, ["parse", SAMPLE, "--format", "csv", "--table", "projects", "--lang", "zh"]
    )
    header = result.stdout_bytes.decode("utf-8-sig").splitlines()[0]
    assert header.startswith("来源,项目序号,表名,年度")


def test_cells_stage_tables_shows_the_table_rebuilt_from_text_lines() -> None:
    sample = ROOT / "samples" / "real" / "shanghai-putuo-jgw-2026-p23-24.txt"
    tables = runner.invoke(app, ["cells", "--json", str(sample)])
    read = runner.invoke(app, ["cells", "--json", "--stage", "read", str(sample)])
    assert tables.exit_code == read.exit_code == 0
    rows = [json.loads(line)["row"] for line in tables.stdout.splitlines() if '"row"' in line]
    assert not any('"row"' in line for line in read.stdout.splitlines())
    texts = [[cell["text"] for cell in row] for row in rows]
    assert ["项目名称", "兰溪路-真南路下立交工程"] in texts
    assert ["一级指标", "二级指标", "三级指标", "年度(/项目)指标值"] in texts
