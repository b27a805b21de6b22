"""Shared fixtures: repository paths and the contract scorer (tests/compare.py)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
EXPECTED = Path(__file__).resolve().parent / "expected"
HEBEI = "shanhaiguan-cppcc-2021"

_spec = importlib.util.spec_from_file_location(
    "contract_compare", Path(__file__).parent / "compare.py"
)
assert _spec is not None and _spec.loader is not None
compare_module = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(compare_module)


def score(expected: Any, actual: Any) -> tuple[int, int, list[str]]:
    """Score ``actual`` against ``expected`` the way shared/tools/compare.py does."""
    misses: list[str] = []
    matched = compare_module.compare(expected, actual, "$", misses)
    return matched, compare_module.leaves(expected), misses


def load_expected(name: str) -> Any:
    """An expected JSON file from tests/expected/."""
    return json.loads((EXPECTED / name).read_text(encoding="utf-8"))


def projects_of(path: Path) -> list[dict[str, Any]]:
    """A file's projects as JSON, without ``location`` (it differs by format by design)."""
    from goalextract import parse_file

    projects: list[dict[str, Any]] = parse_file(path).to_json_dict()["projects"]
    for project in projects:
        project.pop("location", None)
    return projects


def warnings_of(path: Path) -> list[tuple[str, str, int | None]]:
    """A file's warnings without their locations (which differ by format by design)."""
    from goalextract import parse_file

    return [(w.code, w.message, w.project) for w in parse_file(path).warnings]


@pytest.fixture
def hebei_txt_bytes() -> bytes:
    """The Hebei sample as a Word text export (UTF-8)."""
    return (SAMPLES / f"{HEBEI}.txt").read_bytes()
