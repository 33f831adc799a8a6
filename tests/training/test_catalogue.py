"""One catalogue (training/mistakes.py) feeds the grader, the coach, the hints, the score card
and the reports: every mistake the grader can give is in it with its explanation, and the rule
texts that hints and the coach say are read from it, never written a second time."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import itms_tui
from itms_tui.scenarios import parse_scenario
from itms_tui.training.mistakes import KINDS, Mistake
from itms_tui.training.tasks import derive_hint
from tests.support.training import JANE, STRANGER, exercise_text

PACKAGE = Path(itms_tui.__file__).parent
CATALOGUE = PACKAGE / "training" / "mistakes.py"


def emitted_kinds() -> dict[str, list[str]]:
    """Each mistake kind named where the training package makes a Mistake (`Mistake("kind",
    …)`, or a judge's `add("kind", …)`), with the places."""
    found: dict[str, list[str]] = {}
    for path in sorted((PACKAGE / "training").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        # A kind may be named by a module constant: `MISREAD = "misread_opt_out"`.
        constants = {target.id: node.value.value for node in tree.body
                     if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
                     and isinstance(node.value.value, str)
                     for target in node.targets if isinstance(target, ast.Name)}
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args or path == CATALOGUE:
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(
                node.func, "attr", "")
            first = node.args[0]
            kind = first.value if isinstance(first, ast.Constant) else constants.get(
                first.id) if isinstance(first, ast.Name) else None
            if name in ("Mistake", "add") and isinstance(kind, str):
                found.setdefault(kind, []).append(f"{path.name}:{node.lineno}")
    return found


def test_every_mistake_the_grader_can_give_is_in_the_catalogue_with_its_explanation() -> None:
    emitted = emitted_kinds()
    assert len(emitted) >= 10, emitted  # the scan finds the grader's mistakes
    missing = {kind: where for kind, where in emitted.items() if kind not in KINDS}
    assert missing == {}
    for kind in emitted:
        entry = KINDS[kind]
        assert entry.title and entry.rule and entry.why and entry.points > 0, kind
        explained = Mistake(kind, "what happened").explanation()
        assert entry.why in explained and entry.rule in explained


def test_every_kind_in_the_catalogue_can_be_given() -> None:
    assert set(KINDS) - set(emitted_kinds()) == set()


def hint_for(step_yaml: str) -> str:
    scenario = parse_scenario(exercise_text(step_yaml), "x.yaml")
    return derive_hint(scenario.steps[0])


HINTS_AND_THEIR_RULE = [
    (f'- agent: send_text\n  account: "1001"\n  phone: "{JANE}"\n  text: "Hi. Reply STOP."',
     "no_opt_out_line"),
    (f'- supervisor: reply\n  phone: "{STRANGER}"\n  text: "Hi. Reply STOP."', "no_opt_out_line"),
    (f'- agent: enter_auth_code\n  account: "1001"\n  phone: "{JANE}"\n  code: "{{pin}}"',
     "wrong_pin"),
    (f'- agent: send_opt_in_request\n  account: "1001"\n  phone: "{JANE}"', "out_of_order"),
]


@pytest.mark.parametrize(("step", "kind"), HINTS_AND_THEIR_RULE,
                         ids=[kind + "-" + step.split()[2] for step, kind in HINTS_AND_THEIR_RULE])
def test_a_hint_says_its_rule_in_the_catalogues_words(step: str, kind: str) -> None:
    assert KINDS[kind].advice and hint_for(step).endswith(KINDS[kind].advice)


def test_no_rule_text_of_the_catalogue_is_written_twice_in_the_package() -> None:
    """A title, rule, explanation or advice written out again elsewhere would drift apart."""
    sources = {path: path.read_text(encoding="utf-8") for path in PACKAGE.rglob("*.py")
               if path != CATALOGUE}
    sources |= {path: path.read_text(encoding="utf-8") for path in PACKAGE.rglob("*.html")}
    texts = [text for kind in KINDS.values() for text in (kind.why, kind.advice) if text]
    for text in texts:
        # The first words of each sentence long enough to be recognised.
        for sentence in text.split(". "):
            probe = sentence[:40]
            if len(probe) < 30:
                continue
            copies = [path.name for path, source in sources.items() if probe in source]
            assert copies == [], (probe, copies)
