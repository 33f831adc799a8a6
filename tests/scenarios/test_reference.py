"""docs/scenarios.md: its generated lists are what the code says today, and every name is in them."""

from __future__ import annotations

from pathlib import Path

from itms_tui.core.names import AuditEvent, ErrorCode, Template
from itms_tui.scenarios.reference import BLOCKS, library_examples, regenerate
from itms_tui.scenarios.step_kinds import STEP_KINDS

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT / "docs" / "scenarios.md"


def test_the_generated_parts_match_the_code():
    text = REFERENCE.read_text(encoding="utf-8")
    assert regenerate(text, library_examples(ROOT)) == text, (
        "docs/scenarios.md is out of date: run "
        "`python -m itms_tui.scenarios.reference docs/scenarios.md`")
    for name in BLOCKS:
        assert f"<!-- generated: {name} -->" in text


def test_every_public_name_is_listed():
    text = REFERENCE.read_text(encoding="utf-8")
    for kind in STEP_KINDS.values():
        for action in kind.variants or [None]:
            assert (f"`{kind.name}: {action}`" if action else f"`{kind.name}`") in text
    for name in [*Template, *AuditEvent, *ErrorCode]:
        assert f"`{name.value}`" in text


def test_a_stale_block_is_rewritten():
    stale = "<!-- generated: templates -->\n| nothing |\n<!-- end: templates -->\n"
    fresh = regenerate(stale, library_examples(ROOT))
    assert "`opt_in_pin`" in fresh and "| nothing |" not in fresh
