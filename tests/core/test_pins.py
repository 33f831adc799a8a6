"""PIN rules of SPEC.md section 3: length, hashing, wrong codes, attempts, expiry, single use."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from itms_tui.core.names import Actor, MessageStatus
from itms_tui.core.service import ItmsService
from tests.support.engine import advance, audit_events, make_service, sent_templates, state
from tests.support.worlds import EASTERN


def await_pin(svc, account="1001", number=EASTERN) -> str:
    assert svc.send_opt_in_request(account, number).ok
    svc.consumer_text(number, "YES")
    assert state(svc, number) == "awaiting_pin"
    pin = svc.pin_for_consumer(number)
    assert pin is not None
    return pin


def wrong(pin: str) -> str:
    return str((int(pin) + 1) % 10 ** len(pin)).zfill(len(pin))


@pytest.mark.parametrize("length", [4, 6, 12])
def test_pin_length_comes_from_settings(length):
    svc = make_service(settings={"pin_length": length})
    pin = await_pin(svc)
    assert len(pin) == length and pin.isdigit()


def test_pin_length_changed_mid_session_applies_to_the_next_pin(svc):
    svc.update_settings({"pin_length": 8})
    assert len(await_pin(svc)) == 8


def test_only_a_salted_hash_is_stored(svc):
    pin = await_pin(svc)
    record = svc.consent(EASTERN)
    data = record.to_data()
    stored = json.dumps(data)
    assert pin not in stored
    assert data["pin"]["salt"] and data["pin"]["digest"]
    assert len(data["pin"]["digest"]) == 64
    assert pin not in data["pin"]["digest"]
    # Two numbers with the same PIN would still hash differently: the salt is drawn per PIN.
    assert len(data["pin"]["salt"]) >= 16
    assert pin not in json.dumps([e.to_data() for e in svc.audit()])


def test_salts_differ_between_pins(svc):
    await_pin(svc)
    first = svc.consent(EASTERN).pin.salt
    await_pin(svc)
    assert svc.consent(EASTERN).pin.salt != first


def test_the_right_pin_opts_in_and_is_single_use(svc):
    pin = await_pin(svc)
    assert svc.enter_auth_code("1001", EASTERN, pin).ok
    assert state(svc, EASTERN) == "opted_in"
    assert svc.consent(EASTERN).pin is None
    again = svc.enter_auth_code("1001", EASTERN, pin)
    assert again.code.value == "no_pending_pin"
    assert sent_templates(svc, EASTERN).count("opted_in") == 1


def test_pin_entered_with_surrounding_space_is_accepted(svc):
    pin = await_pin(svc)
    assert svc.enter_auth_code("1001", EASTERN, f" {pin} ").ok


class TestWrongCodes:
    def test_wrong_codes_are_counted(self, svc):
        pin = await_pin(svc)
        result = svc.enter_auth_code("1001", EASTERN, wrong(pin))
        assert result.code.value == "wrong_code"
        assert svc.consent(EASTERN).pin.wrong_attempts == 1
        assert svc.enter_auth_code("1001", EASTERN, "not digits").code.value == "wrong_code"
        assert svc.consent(EASTERN).pin.wrong_attempts == 2
        assert state(svc, EASTERN) == "awaiting_pin"
        # still enterable before the limit
        assert svc.enter_auth_code("1001", EASTERN, pin).ok

    def test_last_allowed_attempt_voids_the_pin(self, svc):
        pin = await_pin(svc)
        codes = [svc.enter_auth_code("1001", EASTERN, wrong(pin)).code.value for _ in range(3)]
        assert codes == ["wrong_code", "wrong_code", "too_many_attempts"]
        assert state(svc, EASTERN) == "none"
        assert svc.consent(EASTERN).pin is None
        assert audit_events(svc, EASTERN)[-2:] == ["too_many_attempts", "pin_voided"]
        voided = svc.audit()[-1]
        assert (voided.before.value, voided.after.value) == ("awaiting_pin", "none")
        # the real PIN no longer works
        assert svc.enter_auth_code("1001", EASTERN, pin).code.value == "no_pending_pin"
        assert state(svc, EASTERN) == "none"

    @pytest.mark.parametrize("limit", [1, 5])
    def test_max_pin_attempts_setting(self, limit):
        svc = make_service(settings={"max_pin_attempts": limit})
        pin = await_pin(svc)
        codes = [svc.enter_auth_code("1001", EASTERN, wrong(pin)).code.value for _ in range(limit)]
        assert codes == ["wrong_code"] * (limit - 1) + ["too_many_attempts"]
        assert state(svc, EASTERN) == "none"

    def test_a_new_request_after_voiding_gives_a_fresh_pin(self, svc):
        pin = await_pin(svc)
        for _ in range(3):
            svc.enter_auth_code("1001", EASTERN, wrong(pin))
        new_pin = await_pin(svc)
        assert svc.consent(EASTERN).pin.wrong_attempts == 0
        assert svc.enter_auth_code("1001", EASTERN, new_pin).ok


class TestExpiry:
    def test_state_returns_to_none_the_moment_the_pin_expires(self, svc):
        pin = await_pin(svc)
        advance(svc, hours=23, minutes=59, seconds=59)
        assert state(svc, EASTERN) == "awaiting_pin"
        advance(svc, seconds=1)
        assert state(svc, EASTERN) == "none"
        entry = svc.audit()[-1]
        assert (entry.event, entry.before.value, entry.after.value, entry.actor) == (
            "pin_expired", "awaiting_pin", "none", Actor.SYSTEM)
        assert entry.at == svc.now()
        assert svc.enter_auth_code("1001", EASTERN, pin).code.value == "code_expired"
        assert svc.enter_auth_code("1001", EASTERN, wrong(pin)).code.value == "code_expired"
        assert state(svc, EASTERN) == "none"

    def test_expiry_is_recorded_at_the_expiry_time_when_the_clock_jumps_past(self, svc):
        await_pin(svc)
        issued = svc.now()
        advance(svc, days=3)
        [entry] = [e for e in svc.audit() if e.event == "pin_expired"]
        assert entry.at == issued + timedelta(hours=24)

    def test_an_expiry_that_never_happens_fails_the_clock_move_instead_of_hanging_it(
        self, svc, monkeypatch
    ):
        """Were a due PIN ever left unexpired (an off-by-one in the expiry comparison), moving
        the clock past it must raise, not loop for ever."""
        await_pin(svc)
        monkeypatch.setattr(ItmsService, "_run_due", lambda self: None)
        with pytest.raises(RuntimeError, match="stays due after"):
            advance(svc, hours=25)

    def test_code_expired_until_a_new_request_replaces_it(self, svc):
        pin = await_pin(svc)
        advance(svc, hours=25)
        assert svc.enter_auth_code("1001", EASTERN, pin).code.value == "code_expired"
        assert svc.send_opt_in_request("1001", EASTERN).ok
        assert svc.enter_auth_code("1001", EASTERN, pin).code.value == "no_pending_pin"

    def test_pin_ttl_setting(self):
        svc = make_service(settings={"pin_ttl": "15m"})
        pin = await_pin(svc)
        advance(svc, minutes=14)
        assert state(svc, EASTERN) == "awaiting_pin"
        advance(svc, minutes=1)
        assert state(svc, EASTERN) == "none"
        assert svc.enter_auth_code("1001", EASTERN, pin).code.value == "code_expired"

    def test_entered_in_time_is_accepted(self, svc):
        pin = await_pin(svc)
        advance(svc, hours=23)
        assert svc.enter_auth_code("1001", EASTERN, pin).ok
        advance(svc, hours=2)
        assert state(svc, EASTERN) == "opted_in"
        assert "pin_expired" not in audit_events(svc)


class TestNewRequestVoidsOlderPin:
    def test_a_new_request_voids_the_pin(self, svc):
        old = await_pin(svc)
        assert svc.send_opt_in_request("1001", EASTERN).ok
        assert state(svc, EASTERN) == "awaiting_yes"
        assert audit_events(svc, EASTERN)[-2:] == ["pin_voided", "opt_in_request"]
        assert svc.enter_auth_code("1001", EASTERN, old).code.value == "no_pending_pin"
        svc.consumer_text(EASTERN, "YES")
        new = svc.pin_for_consumer(EASTERN)
        if new != old:  # 1 in 10,000 the draw repeats the digits; the old PIN is void all the same
            assert svc.enter_auth_code("1001", EASTERN, old).code.value == "wrong_code"
        assert svc.enter_auth_code("1001", EASTERN, new).ok

    @pytest.mark.parametrize("action", ["quick_opt_in", "arrange_payment_plan"])
    def test_another_method_replaces_the_pin_flow(self, svc, action):
        old = await_pin(svc)
        assert getattr(svc, action)("1001", EASTERN).ok
        assert svc.consent(EASTERN).method.value == {"quick_opt_in": "quick",
                                                      "arrange_payment_plan": "payment_plan"}[action]
        assert svc.enter_auth_code("1001", EASTERN, old).code.value == "no_pending_pin"
        svc.consumer_text(EASTERN, "YES")
        assert state(svc, EASTERN) == "opted_in"
        assert sent_templates(svc, EASTERN)[-1] == "opted_in"

    def test_the_voided_pin_does_not_expire_later(self, svc):
        await_pin(svc)
        svc.quick_opt_in("1001", EASTERN)
        advance(svc, days=2)
        assert "pin_expired" not in audit_events(svc)
        assert state(svc, EASTERN) == "awaiting_yes"


def test_pin_text_is_not_held_and_carries_the_pin(svc):
    pin = await_pin(svc)
    text = [m for m in svc.thread(EASTERN) if m.template == "opt_in_pin"][0]
    assert text.status is MessageStatus.DELIVERED
    start, end = text.pin_span
    assert text.body[start:end] == pin


def test_a_pin_is_never_one_of_the_codes_the_service_is_told_a_script_types(monkeypatch):
    from itms_tui.core import pins
    from itms_tui.core.world import build_world
    from tests.support.engine import DealtDigits
    from tests.support.worlds import engine_world

    monkeypatch.setattr("itms_tui.core.service.draw_pin", pins.draw_pin)
    monkeypatch.setattr(pins, "secrets", DealtDigits("1234" "0000" "1234"))
    plain = make_service()
    assert await_pin(plain) == "1234"  # what is dealt is drawn
    svc = ItmsService(build_world(engine_world()), codes_never_drawn=frozenset({"1234", "0000"}))
    pin = await_pin(svc)
    assert pin not in ("1234", "0000")  # "0000", then "1234", was dealt: each drawn again
    assert svc.enter_auth_code("1001", EASTERN, "1234").code.value == "wrong_code"
    assert svc.enter_auth_code("1001", EASTERN, pin).ok
