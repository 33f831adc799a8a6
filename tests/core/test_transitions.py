"""`core.transitions`: what `moves()` says the rules allow a number now is what the service does."""

from __future__ import annotations

from datetime import timedelta

import pytest

from itms_tui.core.names import ConsentState, ErrorCode
from itms_tui.core.transitions import TRANSITIONS, moves
from tests.support.engine import make_service
from tests.support.worlds import EASTERN


def _none(service):
    pass


def _awaiting_yes_quick(service):
    service.quick_opt_in("1001", EASTERN)


def _awaiting_yes_pin_flow(service):
    service.send_opt_in_request("1001", EASTERN)


def _awaiting_pin(service):
    service.send_opt_in_request("1001", EASTERN)
    service.consumer_text(EASTERN, "YES")


def _expired(service):
    _awaiting_pin(service)
    service.advance(timedelta(hours=25))


def _opted_in(service):
    _awaiting_pin(service)
    service.enter_auth_code("1001", EASTERN, service.pin_for_consumer(EASTERN))


def _opted_out(service):
    service.consumer_text(EASTERN, "STOP")


def _at_the_limit(service):
    for _ in range(3):
        service.quick_opt_in("1001", EASTERN)


SETUPS = [_none, _awaiting_yes_quick, _awaiting_yes_pin_flow, _awaiting_pin, _expired, _opted_in,
          _opted_out, _at_the_limit]

#: Each move, done for real on the service.
ACTIONS = {
    "agent's request": lambda s: s.quick_opt_in("1001", EASTERN),
    "consumer's YES": lambda s: s.consumer_text(EASTERN, "YES"),
    "agent's PIN": lambda s: s.enter_auth_code("1001", EASTERN,
                                                        s.pin_for_consumer(EASTERN) or "0000"),
    "PIN expires": lambda s: s.advance(timedelta(hours=25)),
    "consumer's SIGNUP": lambda s: s.consumer_text(EASTERN, "SIGNUP"),
    "auto opt-in client": lambda s: s.add_phone("2001", EASTERN),
    "consumer's STOP": lambda s: s.consumer_text(EASTERN, "STOP"),
    "agent's opt-out": lambda s: s.opt_out("1001", EASTERN),
}


@pytest.mark.parametrize("setup", SETUPS, ids=lambda f: f.__name__.strip("_"))
def test_every_move_does_what_the_service_does(setup):
    probe = make_service()
    setup(probe)
    predicted = moves(probe.consent(EASTERN), probe.settings)
    assert predicted, "there is always something someone could do"
    for move in predicted:
        service = make_service()
        setup(service)
        assert service.consent(EASTERN).state is move.before
        result = ACTIONS[move.action](service)
        if move.refused:
            assert not result.ok and result.code is move.refusal, move
            assert service.consent(EASTERN).state is move.before
        else:
            assert result.ok, (move, result.code)
            assert service.consent(EASTERN).state is move.after, move
            # A request to a number awaiting its PIN goes through none (the PIN is voided first).
            before = ConsentState.NONE if move.before is ConsentState.AWAITING_PIN and (
                move.after is ConsentState.AWAITING_YES) else move.before
            assert any((t.before, t.after, t.cause) == (before, move.after, move.cause)
                       for t in TRANSITIONS), move

def test_refused_now_names_the_codes_the_service_gives():
    service = make_service()
    _opted_out(service)
    refused = {m.action: m.refusal for m in moves(service.consent(EASTERN), service.settings)
               if m.refused}
    assert refused == {"agent's request": ErrorCode.OPTED_OUT,
                       "agent's PIN": ErrorCode.NO_PENDING_PIN,
                       "agent's opt-out": ErrorCode.OPTED_OUT}
    service = make_service()
    _expired(service)
    refused = {m.action: m.refusal for m in moves(service.consent(EASTERN), service.settings)}
    assert refused["agent's PIN"] is ErrorCode.CODE_EXPIRED
    service = make_service()
    _at_the_limit(service)
    refused = {m.action: m.refusal for m in moves(service.consent(EASTERN), service.settings)}
    assert refused["agent's request"] is ErrorCode.MAX_INVITATIONS
