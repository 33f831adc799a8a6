"""SPEC section 9: the agency side never shows the digits of a PIN; only the phone does."""

from __future__ import annotations

from itms_tui.core.names import Template
from itms_tui.core.pins import PIN_MASK, agency_body
from tests.support.engine import make_service
from tests.support.worlds import EASTERN


def pin_text(svc, number=EASTERN):
    assert svc.send_opt_in_request("1001", number).ok
    svc.consumer_text(number, "YES")
    return next(m for m in svc.thread(number) if m.template == Template.OPT_IN_PIN)


def test_the_pin_is_masked_digit_for_digit_and_the_rest_kept(svc):
    message = pin_text(svc)
    pin = svc.pin_for_consumer(EASTERN)
    shown = agency_body(message)
    assert pin not in shown
    assert PIN_MASK * len(pin) in shown
    start, end = message.pin_span
    assert shown[:start] == message.body[:start] and shown[end:] == message.body[end:]
    assert message.body[start:end] == pin  # the engine keeps the real text for the phone


def test_a_body_that_says_the_pin_twice_hides_it_twice():
    svc = make_service(settings={"templates": {"opt_in_pin": "PIN ${pin}. Again: ${pin}."}})
    message = pin_text(svc)
    pin = svc.pin_for_consumer(EASTERN)
    assert agency_body(message) == f"PIN {PIN_MASK * 4}. Again: {PIN_MASK * 4}."
    assert pin in message.body


def test_other_texts_are_shown_as_they_are(svc):
    svc.send_opt_in_request("1001", EASTERN)
    request = svc.thread(EASTERN)[0]
    assert agency_body(request) == request.body
