"""Golden snapshots: the whole JSON document of every bundled input, byte for byte.

The acceptance oracles (tests/expected, tests/cases/*.json) score only the fields
they name; these snapshots pin everything else too (warnings, extra, locations,
field order), so that a restructuring of readers or parser cannot change an
output unnoticed. A deliberate change regenerates them:

    GOALEXTRACT_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py

and the diff of tests/golden/ is then reviewed like code.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from goalextract import parse_bytes
from test_cases import case_to_export

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("GOALEXTRACT_UPDATE_GOLDEN") == "1"

# Inputs whose reading needs LibreOffice are left out: their output depends on
# the machine having it (they have tests of their own).
_INPUTS = [
    "samples/shanhaiguan-cppcc-2021.txt",
    "samples/shanhaiguan-cppcc-2021.docx",
    "samples/shanhaiguan-cppcc-2021.pdf",
    "samples/shanhaiguan-cppcc-2021.doc",
    "samples/real/shanghai-putuo-cgjf-2026-p23-24.txt",
    "samples/real/shanghai-putuo-jgw-2026-p23-24.txt",
    "samples/real/shanghai-putuo-commerce-2025-budget.pdf",
    "tests/data/html/shanhaiguan-cppcc-2021.html",
    "tests/data/html/shanhaiguan-cppcc-2021-web.xls",
    "tests/data/html/shanhaiguan-cppcc-2021-positioned.html",
    "tests/data/html/shanhaiguan-cppcc-2021-positioned-classes.html",
    "tests/data/sheet/shanhaiguan-cppcc-2021.xlsx",
    "tests/data/sheet/shanhaiguan-cppcc-2021-2003xml.xls",
    "tests/data/shanghai/shanghai-cgjf-form.docx",
    "tests/data/shanghai/shanghai-cgjf-form.pdf",
    "tests/data/pdf/long.pdf",
    "tests/data/pdf/merged.pdf",
]
_CASES = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "tests" / "cases").glob("*.case"))


def _render(relative: str) -> str:
    path = ROOT / relative
    if path.suffix == ".case":
        data = case_to_export(path.read_text(encoding="utf-8"))
    else:
        data = path.read_bytes()
    document = parse_bytes(data, relative)
    return json.dumps(document.to_json_dict(), ensure_ascii=False, indent=2) + "\n"


def _golden_path(relative: str) -> Path:
    return GOLDEN / (relative.replace("/", "__") + ".json")


@pytest.mark.parametrize("relative", _INPUTS + _CASES)
def test_golden(relative: str) -> None:
    actual = _render(relative)
    golden = _golden_path(relative)
    if UPDATE:
        golden.write_text(actual, encoding="utf-8")
    assert golden.exists(), f"no snapshot for {relative}: run with GOALEXTRACT_UPDATE_GOLDEN=1"
    assert actual == golden.read_text(encoding="utf-8")


def test_no_stale_snapshots() -> None:
    wanted = {_golden_path(r).name for r in _INPUTS + _CASES}
    present = {p.name for p in GOLDEN.glob("*.json")}
    assert present == wanted
