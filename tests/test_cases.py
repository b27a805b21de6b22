"""Parser cases: tests/cases/*.case documents against their expected JSON (see cases/README.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import score
from goalextract import parse_bytes

CASES = Path(__file__).parent / "cases"


def case_to_export(source: str) -> bytes:
    """Render the pipe form as a Word plain-text export (one TAB-led line per cell)."""
    out: list[str] = []
    in_table = False
    for line in source.splitlines():
        if line.startswith("#"):
            continue
        if line.startswith("|"):
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            for cell in cells:
                out.append("\t" + cell.replace("⏎", "\n"))
            out.append("")  # an empty line ends the row
            in_table = True
            continue
        if in_table:
            out.append("")
            in_table = False
        if line.strip():
            out.append(line)
    return ("\n".join(out) + "\n").encode("utf-8")


def _cases() -> list[Path]:
    return sorted(CASES.glob("*.case"))


@pytest.mark.parametrize("case", _cases(), ids=lambda p: p.stem)
def test_case(case: Path) -> None:
    expected: dict[str, Any] = json.loads(case.with_suffix(".json").read_text(encoding="utf-8"))
    # The parser alone: the checks have their own tests (test_checks.py).
    document = parse_bytes(case_to_export(case.read_text(encoding="utf-8")), case.name, rules=None)
    actual = document.to_json_dict()
    codes = expected.pop("warning_codes", None)
    extras = {k: expected.pop(k) for k in list(expected) if k.startswith("extra_of_project_")}
    matched, total, misses = score(expected, actual)
    assert not misses, "\n".join(misses)
    assert matched == total
    if codes is not None:
        assert [w["code"] for w in actual["warnings"]] == codes, actual["warnings"]
    for key, extra in extras.items():
        index = int(key.rsplit("_", 1)[1]) - 1
        assert actual["projects"][index]["extra"] == extra


def test_cases_exist() -> None:
    assert len(_cases()) >= 8
