"""Warning codes (goalextract.codes): one table of codes, severities and meanings,
which the checks, the parser, the check report and the README all follow."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT
from goalextract.checks import CHECKS
from goalextract.codes import CODES, Code, RuleSet, Severity, markdown_table, severity_of
from goalextract.models import ParseWarning

README = ROOT / "README.md"
PARSER = ROOT / "src" / "goalextract" / "parser"

# A code as the parser writes it today (a string literal after `code=` or as the
# first argument of `warn(`) or after the switch to this module (`Code.NAME`).
_LITERAL = re.compile(r"""(?:\bcode=|\bwarn\(\s*)["']([a-z0-9_]+)["']""")
_MEMBER = re.compile(r"\bCode\.([A-Z0-9_]+)\b")


def _readme_table() -> str:
    text = README.read_text(encoding="utf-8")
    found = re.search(r"<!-- codes:[^\n]*-->\n(.*?)<!-- /codes -->", text, re.DOTALL)
    assert found, "README.md lost the <!-- codes: ... --> markers around the checks table"
    return found.group(1).strip() + "\n"


def test_readme_table_is_generated_from_codes() -> None:
    assert _readme_table() == markdown_table(), (
        "README.md's checks table differs from goalextract.codes.CODES; paste the output of "
        "`python -c 'from goalextract.codes import markdown_table; print(markdown_table())'`"
    )


def test_every_code_has_an_entry() -> None:
    assert set(CODES) == set(Code)


def test_meanings_are_one_table_cell() -> None:
    for code, info in CODES.items():
        assert info.meaning and "|" not in info.meaning and "\n" not in info.meaning, code


def test_registered_checks_are_exactly_the_check_codes() -> None:
    registered = [code for code, _fn in CHECKS]
    assert len(registered) == len(set(registered))
    assert set(registered) == {code for code, info in CODES.items() if info.origin == "check"}


def _parser_codes() -> set[str]:
    codes: set[str] = set()
    for path in sorted(PARSER.glob("*.py")):
        source = path.read_text(encoding="utf-8")
        codes.update(_LITERAL.findall(source))
        codes.update(Code[name].value for name in _MEMBER.findall(source))
    return codes


def test_every_code_the_parser_emits_is_a_parser_code() -> None:
    emitted = _parser_codes()
    assert emitted == {code.value for code, info in CODES.items() if info.origin == "parser"}


@pytest.mark.parametrize(
    ("code", "severity"),
    [
        ("budget_sum_mismatch", Severity.ERROR),
        ("spending_plan_over_100", Severity.ERROR),
        ("spending_plan_decreasing", Severity.ERROR),
        ("cost_exceeds_budget", Severity.ERROR),
        ("spending_plan_missing_value", Severity.WARNING),
        ("unmapped_cell", Severity.WARNING),
        ("no_target_tables", Severity.WARNING),
        ("money_unit_missing", Severity.WARNING),
        ("unparsed_target", Severity.INFO),
        ("self_evaluation_table", Severity.INFO),
        # Codes of another version, or of a caller's own warnings: looked at, not gated on.
        ("made_up_by_a_caller", Severity.WARNING),
    ],
)
def test_severity_of(code: str, severity: Severity) -> None:
    assert severity_of(code) is severity


@pytest.mark.parametrize("code", [Code.UNMAPPED_CELL, "unmapped_cell"])
def test_parse_warning_takes_a_member_or_its_string(code: str) -> None:
    warning = ParseWarning(code=code, message="m")
    assert warning.code == "unmapped_cell"
    assert type(warning.code) is str  # the model keeps the plain string either way
    assert warning.model_dump_json() == (
        '{"code":"unmapped_cell","message":"m","project":null,"location":null,"severity":"warning"}'
    )


@pytest.mark.parametrize(
    ("member", "text"),
    [(Code.LEVEL1_MISSING, "level1_missing"), (Severity.INFO, "info"), (RuleSet.Y2021, "2021")],
)
def test_members_read_as_their_values(member: str, text: str) -> None:
    assert member == text and str(member) == text and f"{member}" == text
    assert {text: 1}[member] == 1  # same hash as the plain string
