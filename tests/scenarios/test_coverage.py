"""Rule coverage (`itms_tui.scenarios.coverage`): each item is counted when the engine does it and
missed when it does not; the universe follows the code's lists; the library covers everything."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest

from itms_tui.core.keywords import (
    DEFAULT_HELP,
    DEFAULT_OPT_OUT,
    DEFAULT_OPT_OUT_EMOJI,
    DEFAULT_REVOCATION_PHRASES,
    DEFAULT_SIGNUP,
    DEFAULT_YES,
    Normalisation,
    normalise,
)
from itms_tui.core.names import AuditEvent, Direction, ErrorCode, FaultKind, Template
from itms_tui.core.transitions import TRANSITIONS
from itms_tui.scenarios import find_scenario_files, load_scenario, parse_scenario
from itms_tui.scenarios.coverage import Coverage, measure, run_with_coverage, universe
from itms_tui.scenarios.coverage_report import render
from itms_tui.scenarios.demo import load_demo_world
from tests.support.scenarios import doc
from tests.support.worlds import ONE_WORLD, TWO_WORLD


LIBRARY = Path(__file__).resolve().parents[2] / "scenarios"
KEYS = {item.key for item in universe()}


def covered(steps: str, world: str = ONE_WORLD) -> set[str]:
    """The items one scenario of `steps` exercises (it must pass: a failing step would hide one)."""
    scenario = parse_scenario(doc(steps, world), "t.yaml")
    coverage = Coverage()
    result = run_with_coverage(scenario, coverage)
    assert result.passed, "\n".join(result.failure.failure_lines())
    return set(coverage.hits)


# -- the universe ---------------------------------------------------------------------------------


def test_the_universe_comes_from_the_codes_lists():
    for template in Template:
        assert f"template: {template.value}" in KEYS
    for event in AuditEvent:
        assert f"audit event: {event.value}" in KEYS
    for code in ErrorCode:
        assert f"error code: {code.value}" in KEYS
    for transition in TRANSITIONS:
        assert f"transition: {transition.key}" in KEYS
    for kind in FaultKind:
        for direction in Direction:
            assert f"bus fault: {kind.value} {direction.value}bound" in KEYS
    for word in DEFAULT_OPT_OUT:
        assert f"opt-out keyword: {normalise(word)}" in KEYS
    for emoji in DEFAULT_OPT_OUT_EMOJI:
        assert f"opt-out emoji: {emoji} U+{ord(emoji):04X}" in KEYS
    for phrase in DEFAULT_REVOCATION_PHRASES:
        assert f'possible opt-out: phrase "{normalise(phrase)}"' in KEYS
    for word in DEFAULT_YES + DEFAULT_HELP + DEFAULT_SIGNUP:
        assert f"reply keyword: {word}" in KEYS
    for kind in Normalisation:
        assert f"normalisation: {kind.value}" in KEYS
    assert {f"flow: {n}" for n in range(1, 12)} <= KEYS
    assert len(KEYS) == len(universe()), "item keys are unique"


# -- counted when exercised, missed when not ------------------------------------------------------

PIN_FLOW = """
  - agent: send_opt_in_request
  - consumer: "YES"
  - agent: enter_auth_code
    code: "{pin}"
"""


def test_a_pin_flow_counts_flow_1_its_transitions_templates_and_pin_rules():
    hits = covered(PIN_FLOW)
    assert {"flow: 1", "PIN rule: accepted", "template: opt_in", "template: opt_in_pin",
            "template: opted_in", "audit event: pin_accepted", "reply keyword: yes",
            "transition: none → awaiting_yes (opt_in_request)",
            "transition: awaiting_yes → awaiting_pin (yes)",
            "transition: awaiting_pin → opted_in (pin_accepted)"} <= hits
    assert not {"flow: 2", "PIN rule: single use", "PIN rule: wrong", "normalisation: spacing",
                "flow: 11", "template: help"} & hits


def test_a_used_pin_entered_again_is_single_use_but_a_pin_never_sent_is_not():
    assert "PIN rule: single use" in covered(PIN_FLOW + """
  - agent: enter_auth_code
    code: "1234"
    expect_error: no_pending_pin
""")
    hits = covered("""
  - agent: enter_auth_code
    code: "1234"
    expect_error: no_pending_pin
""")
    assert "error code: no_pending_pin" in hits
    assert "PIN rule: single use" not in hits


def test_wrong_codes_too_many_attempts_and_a_voided_pin():
    hits = covered("""
  - agent: send_opt_in_request
  - consumer: "YES"
  - agent: enter_auth_code
    code: "x"
    expect_error: wrong_code
  - agent: enter_auth_code
    code: "y"
    expect_error: wrong_code
  - agent: enter_auth_code
    code: "z"
    expect_error: too_many_attempts
""")
    assert {"PIN rule: wrong", "PIN rule: too many attempts", "error code: wrong_code",
            "audit event: pin_voided", "transition: awaiting_pin → none (pin_voided)"} <= hits
    # Voided by the attempt limit is not "a new request voids the PIN".
    assert "PIN rule: voided" not in hits
    assert "PIN rule: voided" in covered("""
  - agent: send_opt_in_request
  - consumer: "YES"
  - agent: quick_opt_in
""")


def test_an_expired_pin():
    hits = covered("""
  - agent: send_opt_in_request
  - consumer: "YES"
  - advance: 25h
  - agent: enter_auth_code
    code: "{pin}"
    expect_error: code_expired
""")
    assert {"PIN rule: expired", "audit event: pin_expired", "error code: code_expired",
            "transition: awaiting_pin → none (pin_expired)"} <= hits


@pytest.mark.parametrize(("request_step", "flow"), [
    ("agent: quick_opt_in", "flow: 2"),
    ("agent: arrange_payment_plan", "flow: 3"),
])
def test_yes_to_a_request_counts_the_flow_of_its_method(request_step, flow):
    hits = covered(f"  - {request_step}\n  - consumer: \"YES\"\n")
    assert flow in hits
    assert {"flow: 1", "flow: 2", "flow: 3", "flow: 4", "flow: 8"} & hits == {flow}
    # The request alone, unanswered, is not the flow.
    assert flow not in covered(f"  - {request_step}\n")


def test_signup_flow_and_its_synonyms_with_normalisation():
    hits = covered("""
  - consumer: STOP
  - consumer: " Unstop! "
  - consumer: "yes"
""")
    assert {"flow: 6", "flow: 8", "reply keyword: unstop", "reply keyword: yes",
            "opt-out keyword: stop", "normalisation: case", "normalisation: punctuation",
            "normalisation: spacing", "transition: opted_out → awaiting_yes (signup)"} <= hits
    assert not {"reply keyword: signup", "reply keyword: start", "normalisation: skin_tone",
                "normalisation: variation_selector"} & hits


def test_yes_outside_awaiting_yes_is_no_reply_keyword():
    hits = covered('  - consumer: "YES"\n')
    assert "reply keyword: yes" not in hits
    assert "flow: 10" in hits  # ordinary text, in the agent's inbox


def test_emoji_by_canonical_form_and_their_normalisations():
    hits = covered('  - consumer: "🖕🏾 ⛔️"\n')
    assert {"opt-out emoji: 🖕 U+1F595", "opt-out emoji: ⛔ U+26D4", "normalisation: skin_tone",
            "normalisation: variation_selector"} <= hits
    assert "opt-out emoji: 🛑 U+1F6D1" not in hits
    assert "normalisation: case" not in hits


def test_a_repeated_stop_changes_nothing_and_counts_no_keyword():
    hits = covered("""
  - consumer: STOP
  - consumer: QUIT
""")
    assert "opt-out keyword: stop" in hits
    assert "opt-out keyword: quit" not in hits


def test_help_synonyms_count_flow_9():
    hits = covered('  - consumer: "Info"\n')
    assert {"flow: 9", "reply keyword: info", "template: help", "normalisation: case"} <= hits
    assert "reply keyword: help" not in hits


def test_possible_opt_outs_by_phrase_keyword_and_emoji():
    hits = covered("""
  - consumer: "this is the wrong number"
  - consumer: "I want to cancel my plan"
  - consumer: "ok 🛑"
""")
    assert {'possible opt-out: phrase "wrong number"', "possible opt-out: keyword inside a text",
            "possible opt-out: emoji inside a text", "flow: 10"} <= hits
    assert 'possible opt-out: phrase "revoke"' not in hits
    assert "opt-out keyword: cancel" not in hits


def test_the_fcc_profile_counts_revoke_as_its_own_keyword():
    hits = covered("""
  - set: {keywords: {profile: fcc}}
  - consumer: "Revoke"
""")
    assert "opt-out keyword: revoke (fcc profile)" in hits
    assert 'possible opt-out: phrase "revoke"' not in hits


def test_send_window_held_then_released_and_then_blocked():
    released = covered("""
  - advance: 11h
  - agent: quick_opt_in
  - expect: sms
    status: scheduled
  - advance: 12h
""")
    assert "send window: held then released" in released
    assert "send window: held then blocked" not in released
    blocked = covered("""
  - advance: 11h
  - agent: quick_opt_in
  - consumer: STOP
  - advance: 12h
""")
    assert "send window: held then blocked" in blocked
    assert "send window: held then released" not in blocked
    assert "send window: multi-zone number" not in blocked  # Boston has one zone


def test_a_multi_zone_number_held():
    hits = covered("""
  - agent: quick_opt_in
    account: "1002"
    phone: "+12085550123"
""", TWO_WORLD.replace("T10:00:00-05:00", "T09:30:00-05:00"))
    assert "send window: multi-zone number" in hits


@pytest.mark.parametrize("kind", ["delay", "drop", "duplicate", "fail"])
@pytest.mark.parametrize("direction", ["out", "in"])
def test_each_fault_kind_counts_in_its_own_direction(kind, direction):
    extra = {"delay": "    duration: 5m\n", "fail": "    status: SPAM\n"}.get(kind, "")
    action = '  - consumer: "hello"\n' if direction == "in" else "  - agent: send_link\n"
    hits = covered(f"  - fault: {kind}\n    direction: {direction}\n{extra}{action}"
                   "  - advance: 10m\n", ONE_WORLD + '  consent: {"+16175550101": opted_in}\n')
    faults = {key for key in hits if key.startswith("bus fault:")}
    assert faults == {f"bus fault: {kind} {direction}bound"}


def test_a_fault_never_used_is_not_counted():
    hits = covered("  - fault: drop\n  - fault: fail\n    direction: in\n")
    assert not {key for key in hits if key.startswith("bus fault:")}


def test_compound_outcomes_of_a_payment_plan():
    sent = covered("  - agent: arrange_payment_plan\n")
    assert "compound action: arrange_payment_plan: request sent" in sent
    refused = covered("  - agent: arrange_payment_plan\n",
                      ONE_WORLD + '  consent: {"+16175550101": opted_in}\n')
    assert "compound action: arrange_payment_plan: no request (already_opted_in)" in refused
    assert "compound action: arrange_payment_plan: request sent" not in refused
    # The same code from a plain request is a refusal, not a compound outcome.
    plain = covered("  - agent: quick_opt_in\n    expect_error: already_opted_in\n",
                    ONE_WORLD + '  consent: {"+16175550101": opted_in}\n')
    assert "error code: already_opted_in" in plain
    assert not {key for key in plain if key.startswith("compound action:")}


def test_invitation_limit_reached_and_reset():
    reached = """
  - set: {max_invitations: 1}
  - agent: quick_opt_in
  - agent: quick_opt_in
    expect_error: max_invitations
"""
    hits = covered(reached)
    assert "invitation limit: reached" in hits
    assert "invitation limit: reset" not in hits
    assert "invitation limit: reset" in covered(reached + '  - consumer: "YES"\n')


def test_supervisor_link_and_reply_count_flow_4_and_11():
    hits = covered("""
  - consumer: "hi, this is Jane"
    from: "+16175550199"
  - supervisor: link_number
    account: "1001"
  - consumer: "YES"
  - supervisor: reply
    text: "Thanks Jane"
""")
    assert {"flow: 4", "flow: 11", "audit event: number_linked", "template: unknown_number",
            "compound action: link_number: request sent"} <= hits


# -- the library ------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def library_coverage():
    demo = load_demo_world()
    scenarios = [load_scenario(path, demo_world=demo) for path in find_scenario_files([LIBRARY])]
    per_file = {}
    for scenario in scenarios:
        alone = Coverage()
        result = run_with_coverage(scenario, alone, demo)
        assert result.passed, scenario.path
        per_file[scenario.path.name] = set(alone.hits)
    return measure(scenarios, demo)[0], per_file


def test_the_library_exercises_every_item():
    coverage, _ = library_coverage()
    assert [item.key for item in coverage.missed] == []
    assert coverage.percent == 100.0


def _whole_library_run(*case: str):
    """Each case runs the whole library again: the quick loop keeps the first."""
    return pytest.param(*case, marks=pytest.mark.slow)


@pytest.mark.parametrize(("removed", "lost"), [
    ("pin_single_use.yaml", "PIN rule: single use"),
    _whole_library_run("fail_inbound.yaml", "bus fault: fail inbound"),
    _whole_library_run("possible_opt_out_phrases.yaml", 'possible opt-out: phrase "opt me out"'),
    _whole_library_run("link_already_opted_in.yaml",
                       "compound action: link_number: no request (already_opted_in)"),
])
def test_a_scenario_removed_from_a_copy_of_the_library_shows_up_as_missing(tmp_path, removed, lost):
    copy = tmp_path / "library"
    for path in find_scenario_files([LIBRARY]):
        if path.name != removed:
            target = copy / path.relative_to(LIBRARY)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    demo = load_demo_world()
    scenarios = [load_scenario(path, demo_world=demo) for path in find_scenario_files([copy])]
    coverage, _ = measure(scenarios, demo)
    assert lost in [item.key for item in coverage.missed]
    assert coverage.percent < 100.0


def test_every_item_has_a_scenario_of_its_own_measure():
    """What the whole library covers is the union of what each scenario covers alone."""
    coverage, per_file = library_coverage()
    union = set().union(*per_file.values())
    assert union == set(coverage.hits)


# -- reports ----------------------------------------------------------------------------------------


def _partial() -> Coverage:
    coverage = Coverage()
    coverage.scenarios = 1
    coverage.mark("flow: 1", "scenarios/x\u202e.yaml")
    return coverage


def test_text_and_markdown_reports_list_the_summary_and_what_was_missed():
    coverage = _partial()
    text = render(coverage, "text")
    assert text.startswith(f"Rule coverage: 1 of {len(KEYS)} items")
    assert "\nflow " in text and "Never exercised" in text
    assert "  flow: 2 — Quick Opt In" in text
    assert "  flow: 1 —" not in text
    md = render(coverage, "md")
    assert "| flow | 1 | 11 |" in md or "| flow | 1 | 12 |" in md
    assert "- `flow: 2` — " in md


def test_json_and_html_reports_are_complete_and_inert():
    coverage = _partial()
    data = json.loads(render(coverage, "json"))
    assert data["covered"] == 1 and data["total"] == len(KEYS)
    assert data["items"][0] == {"group": "flow", "name": "1",
                                "description": data["items"][0]["description"], "covered": True,
                                "count": 1, "first": "scenarios/x\u202e.yaml"}
    assert "flow: 2" in data["missed"]
    assert "\u202e" not in render(coverage, "json")
    page = render(coverage, "html")
    assert page.startswith("<!DOCTYPE html>") and "flow: 2" in page
    assert "\u202e" not in page and "scenarios/x⟨U+202E⟩.yaml" in page


def test_the_dismissal_of_a_possible_opt_out_joins_once_the_engine_records_it(monkeypatch):
    """Flow 10's `agent: dismiss_possible_opt_out` (audit `possible_opt_out_dismissed`) is an item
    as soon as the engine's list of audit events names it, and its audit entry counts it."""
    from datetime import UTC, datetime

    from itms_tui.core.events import AuditRecorded
    from itms_tui.core.models import AuditEntry
    from itms_tui.core.names import AUDIT_EVENT_NAMES, Actor, ConsentState
    from itms_tui.scenarios import coverage as module

    names = AUDIT_EVENT_NAMES
    if "possible_opt_out_dismissed" not in names:
        monkeypatch.setattr(module, "AUDIT_EVENT_NAMES", names + ("possible_opt_out_dismissed",))
    keys = [item.key for item in module.universe()]
    assert "flow: 10 dismissed" in keys and "audit event: possible_opt_out_dismissed" in keys
    assert keys.index("flow: 10 dismissed") == keys.index("flow: 10") + 1

    coverage = module.Coverage()
    scenario = parse_scenario(doc('  - consumer: "please stop texting me"\n', ONE_WORLD), "t.yaml")
    service = module.build_service(scenario)
    probe = coverage.probe(service, "t.yaml")
    entry = AuditEntry(1, datetime(2026, 3, 2, 15, tzinfo=UTC), "+16175550101",
                       ConsentState.NONE, ConsentState.NONE, "possible_opt_out_dismissed",
                       Actor.AGENT, reason="asked about a late fee")
    probe._on_event(AuditRecorded(entry.at, entry))
    probe.finish()
    assert {"flow: 10 dismissed", "audit event: possible_opt_out_dismissed"} <= set(coverage.hits)
