"""Template bodies (SPEC.md section 5) and their `${...}` variables, filled at send time."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping

from .names import Template

#: The project's own wording; each body says what the real ITMS template says.
DEFAULT_BODIES: dict[str, str] = {
    Template.OPT_IN: (
        "${company}: reply YES to get texts from us about your account. "
        "Reply HELP for help, STOP to cancel. Msg & data rates may apply."
    ),
    Template.OPT_IN_PIN: (
        "${company}: your PIN for texts from us is ${pin}. Give it to your agent to finish. "
        "Reply HELP for help, STOP to cancel."
    ),
    Template.OPTED_IN: (
        "${company}: thanks for agreeing to texts from us. "
        "Reply HELP for help, STOP to opt out. Msg & data rates may apply."
    ),
    Template.OPTED_OUT: (
        "${company}: you are unsubscribed and will get no more texts. Reply SIGNUP to subscribe again."
    ),
    Template.HELP: (
        "${company}: reply STOP to stop texts. Questions? Call ${company_phone} "
        "or visit ${va_url}"
    ),
    Template.LINK: "${company}: your account is at ${va_url} Reply STOP to opt out.",
    Template.UNKNOWN_NUMBER: (
        "${company}: we could not match this number to an account. "
        "Please reply with your NAME and ACCOUNT #. Reply STOP to opt out."
    ),
    Template.WELCOME: (
        "${company}: thanks for your text. Please reply with your NAME or ACCOUNT #. "
        "Reply STOP to opt out."
    ),
    Template.NO_ONE_AVAILABLE: (
        "${company}: no one is available right now; we'll answer as soon as we can. "
        "You can also call ${company_phone} or visit ${va_url}"
    ),
}

_VARIABLE = re.compile(r"\$\{([a-z_]+)\}")

#: The variables a body may use; unknown ones are left as written so a typo shows in the text.
VARIABLES = ("company", "company_phone", "va_url", "pin", "consumer", "account")


@dataclass(frozen=True)
class Rendered:
    body: str
    #: Where `${pin}` landed in the body, so the consumer side can read the PIN back.
    pin_span: tuple[int, int] | None = None


def body_for(template: str, overrides: Mapping[str, str]) -> str:
    return overrides.get(template, DEFAULT_BODIES[template])


def render(template: str, overrides: Mapping[str, str], values: Mapping[str, str]) -> Rendered:
    source = body_for(template, overrides)
    pieces: list[str] = []
    length = 0
    pin_span: tuple[int, int] | None = None
    last = 0
    for match in _VARIABLE.finditer(source):
        literal = source[last : match.start()]
        pieces.append(literal)
        length += len(literal)
        name = match.group(1)
        value = values.get(name, match.group(0))
        if name == "pin" and name in values:
            pin_span = (length, length + len(value))
        pieces.append(value)
        length += len(value)
        last = match.end()
    pieces.append(source[last:])
    return Rendered("".join(pieces), pin_span)
