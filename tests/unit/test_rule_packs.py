"""Every built-in rule's own test cases pass, and the rule packs load clean."""

from __future__ import annotations

import re

import pytest
from testkit import shared_or_skip

from linter.rules.loader import load_rules
from linter.rules.model import RuleTest
from linter.rules.testing import run_test
from linter.support.resources import builtin_rules_dir

RULES = load_rules([builtin_rules_dir()])
CASES = [(rule, test) for rule in RULES for test in rule.tests]


def test_there_are_rules_with_fire_and_silent_cases() -> None:
    assert len(RULES) >= 5
    for rule in RULES:
        assert any(t.expect for t in rule.tests) and any(not t.expect for t in rule.tests), rule.id


@pytest.mark.parametrize(("rule", "test"), CASES, ids=[f"{r.id}: {t.name}" for r, t in CASES])
def test_rule_case(rule: object, test: RuleTest) -> None:
    result = run_test(rule, test)  # type: ignore[arg-type]
    assert result.passed, "\n".join(result.problems)


def test_rule_files_declare_their_schema() -> None:
    for path in sorted(builtin_rules_dir().rglob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path


def test_built_in_rules_state_versions_rationale_remediation_and_references() -> None:
    for rule in RULES:
        assert rule.exchange_versions, f"{rule.id}: exchange_versions"
        assert rule.rationale.strip() and rule.remediation.parts, rule.id
        assert rule.references, rule.id


def test_built_in_rules_cite_only_sourced_references() -> None:
    # The references come from the domain reference's sources, kept in ../shared (not vendored: it
    # is the team's living reference, and a copy would go stale).
    text = shared_or_skip("docs/hybrid-facts.md").read_text(encoding="utf-8")
    cited = {ref for rule in RULES for ref in rule.references}
    unsourced = sorted(ref for ref in cited if not _cited_in(ref, text))
    assert not unsourced, unsourced


def _cited_in(reference: str, facts: str) -> bool:
    """A reference is sourced when hybrid-facts.md names its page: the URL; the KB number of a
    support link; for a cmdlet page, the cmdlet or another verb of its noun (Set-TransportService's
    page documents what Get-TransportService shows); a CSS-Exchange page (the repository is a source); the
    post number of an Exchange Team blog post."""
    if reference in facts or reference.split("://", 1)[-1] in facts:
        return True
    last = reference.rstrip("/").rsplit("/", 1)[-1]
    lowered = facts.lower()
    if "support.microsoft.com/help/" in reference:
        return f"KB{last}" in facts
    if "/powershell/module/exchange/" in reference:
        noun = last.split("-", 1)[-1]
        return last in lowered or re.search(rf"\b[a-z]+-{re.escape(noun)}\b", lowered) is not None
    if "microsoft.github.io/CSS-Exchange/" in reference:
        # The pages of CSS-Exchange's documentation: sourced when facts cite the page or the
        # repository as a whole (hybrid-facts.md lists microsoft/CSS-Exchange as a source).
        path = reference.split("microsoft.github.io/CSS-Exchange/", 1)[1].rstrip("/")
        return f"docs/{path}.md" in facts or "https://github.com/microsoft/CSS-Exchange " in facts
    if reference.startswith("https://learn.microsoft.com/"):
        # hybrid-facts.md 10.6 cites Learn pages by their directory ("learn.microsoft.com
        # microsoft-365/security/office-365-security" and the page title, or the path spelled with spaces).
        path = reference.split("learn.microsoft.com/", 1)[1]
        return (
            f"learn.microsoft.com {path.replace('/', ' ')}" in facts
            or f"learn.microsoft.com {path.rsplit('/', 1)[0]} " in facts
        )
    if "techcommunity.microsoft.com/" in reference:
        return f"blog exchange {last}" in facts or f"ba-p/{last}" in facts
    return False


def test_explaining_rules_exist_and_evidence_rules_name_them() -> None:
    ids = {rule.id for rule in RULES}
    for rule in RULES:
        assert set(rule.explained_by) <= ids, (rule.id, set(rule.explained_by) - ids)
        if rule.kind == "Message":
            assert rule.explained_by, f"{rule.id}: evidence rules name the configuration rules that explain them"


def test_every_yaml_example_in_the_rule_guide_is_yaml() -> None:
    """docs/rules.md is what rule authors copy from: each of its ```yaml blocks must load."""
    from pathlib import Path

    from ruamel.yaml import YAML

    guide = Path(__file__).resolve().parents[2] / "docs" / "rules.md"
    blocks = re.findall(r"```yaml\n(.*?)```", guide.read_text(encoding="utf-8"), re.S)
    assert len(blocks) >= 3
    for block in blocks:
        document = YAML(typ="safe").load(block)
        assert isinstance(document, dict), block[:80]
