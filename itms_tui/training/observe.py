"""Seeing what a user does on the desk: every action a service performs, as a scenario step.

`ActionTap(service, listener)` wraps the public actions of one `ItmsService` instance (nothing in
the core changes, and other services are untouched). Each outermost call — an action calls no
other, except `advance` which moves the clock with `advance_to` — reaches the listener as an
`Action`: its step kind and action in scenario words (`agent`/`send_text`, `consumer`, `advance`),
its arguments, its `Result`, the simulated time before and after, and whatever the listener's
`before` hook noted just before it ran. `close()` takes the wrappers off.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..core.events import MessageQueued
from ..core.models import Message
from ..core.names import Direction
from ..core.service import ItmsService, Result

#: service method → (step kind, step action or None when the action is the first argument).
ACTIONS: dict[str, tuple[str, str | None]] = {
    "add_phone": ("agent", "add_phone"),
    "send_opt_in_request": ("agent", "send_opt_in_request"),
    "enter_auth_code": ("agent", "enter_auth_code"),
    "quick_opt_in": ("agent", "quick_opt_in"),
    "arrange_payment_plan": ("agent", "arrange_payment_plan"),
    "opt_out": ("agent", "opt_out"),
    "send_text": ("agent", "send_text"),
    "send_link": ("agent", "send_link"),
    "dismiss_possible_opt_out": ("agent", "dismiss_possible_opt_out"),
    "link_number": ("supervisor", "link_number"),
    "supervisor_reply": ("supervisor", "reply"),
    "consumer_text": ("consumer", None),
    "advance": ("advance", None),
    "advance_to": ("advance", None),
    "update_settings": ("set", None),
    "inject_fault": ("fault", None),
}

#: The parameters of each method, in order, as the scenario step names them.
_PARAMETERS: dict[str, tuple[str, ...]] = {
    "add_phone": ("account", "phone"),
    "send_opt_in_request": ("account", "phone"),
    "enter_auth_code": ("account", "phone", "code"),
    "quick_opt_in": ("account", "phone"),
    "arrange_payment_plan": ("account", "phone", "amount"),
    "opt_out": ("account", "phone"),
    "send_text": ("account", "phone", "text"),
    "send_link": ("account", "phone"),
    "dismiss_possible_opt_out": ("account", "phone", "reason"),
    "link_number": ("phone", "account"),
    "supervisor_reply": ("phone", "text"),
    "consumer_text": ("from", "text"),
    "advance": ("delta",),
    "advance_to": ("target",),
    "update_settings": ("changes",),
    "inject_fault": ("kind", "to"),
}


@dataclass(frozen=True)
class Action:
    """One action a user (or a script) performed on the service."""

    #: Scenario step kind: agent, supervisor, consumer, advance, set, fault.
    kind: str
    #: The agent/supervisor action (`send_text`), the text for a consumer, the `timedelta` moved
    #: for advance, the settings mapping for set, the fault kind for fault.
    action: Any
    #: The other arguments as scenario keys: account, phone, code, text, amount, from, to, ….
    args: dict[str, Any]
    result: Result
    started: datetime
    ended: datetime
    #: What the listener's `before` hook returned just before the action ran.
    context: Any = None
    #: Outbound texts this action queued (copies as they were when queued).
    sent: tuple[Message, ...] = field(default=())

    @property
    def refused(self) -> bool:
        return not self.result.ok

    @property
    def code(self) -> str | None:
        return self.result.code.value if self.result.code is not None else None

    @property
    def held(self) -> tuple[Message, ...]:
        """Outbound texts this action queued that the send window held."""
        return tuple(m for m in self.sent if m.release_at is not None)

    def label(self) -> str:
        if self.kind == "consumer":
            return f"consumer: {self.action!r}"
        return f"{self.kind}: {self.action}"


Listener = Callable[[Action], None]


class ActionTap:
    def __init__(self, service: ItmsService, listener: Listener,
                 before: Callable[[str, dict[str, Any]], Any] | None = None) -> None:
        self.service = service
        self.listener = listener
        self.before = before
        self._depth = 0
        self._active = True
        #: name -> (our wrapper, the instance attribute it replaced, if any)
        self._installed: dict[str, tuple[Callable[..., Result], Any]] = {}
        for name in ACTIONS:
            original = getattr(service, name)
            wrapper = self._wrap(name, original)
            self._installed[name] = (wrapper, service.__dict__.get(name))
            setattr(service, name, wrapper)

    def close(self) -> None:
        """Stop listening; put back what was there (another tap may have wrapped on top: then
        ours stays in its chain but only passes calls through)."""
        self._active = False
        for name, (wrapper, previous) in self._installed.items():
            if self.service.__dict__.get(name) is wrapper:
                if previous is None:
                    del self.service.__dict__[name]
                else:
                    self.service.__dict__[name] = previous
        self._installed = {}

    @property
    def active(self) -> bool:
        return self._active

    def _wrap(self, name: str, original: Callable[..., Result]) -> Callable[..., Result]:
        @functools.wraps(original)
        def wrapper(*args: Any, **kwargs: Any) -> Result:
            if self._depth or not self._active:
                return original(*args, **kwargs)
            values = _arguments(name, args, kwargs)
            context = self.before(name, values) if self.before is not None else None
            started = self.service.now()
            self._depth += 1
            try:
                result = original(*args, **kwargs)
            finally:
                self._depth -= 1
            action = _action(name, values, result, started, self.service.now(), context)
            self.listener(action)
            return result

        return wrapper


def _arguments(name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> dict[str, Any]:
    values = dict(zip(_PARAMETERS[name], args))
    values.update(kwargs)
    return values


def _action(name: str, values: dict[str, Any], result: Result, started: datetime,
            ended: datetime, context: Any) -> Action:
    kind, action = ACTIONS[name]
    args = dict(values)
    if name == "consumer_text":
        action = args.pop("text")
    elif name == "advance" or name == "advance_to":
        action = ended - started
        args = {}
    elif name == "update_settings":
        action = dict(args.pop("changes"))
    elif name == "inject_fault":
        fault = args.pop("kind")
        action = getattr(fault, "value", fault)
        for key in ("direction", "status"):
            if key in args:
                args[key] = getattr(args[key], "value", args[key])
    sent = tuple(
        event.message for event in result.events
        if isinstance(event, MessageQueued) and event.message.direction is Direction.OUT
    )
    return Action(kind, action, args, result, started, ended, context, sent)
