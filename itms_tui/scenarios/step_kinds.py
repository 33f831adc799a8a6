"""The steps of a scenario file: each kind, its actions and their keys, in one table."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from ..core.names import FaultKind
from .setting_types import SettingsType
from .sink import MISSING, ProblemSink
from .value_types import (
    AUDIT_EVENT,
    Amount,
    CARRIER_STATUS,
    CONSENT_STATE,
    DIRECTION,
    Duration,
    ERROR_CODE,
    MESSAGE_STATUS,
    Pattern,
    Phone,
    QUEUE,
    TEMPLATE,
    Text,
    ValueType,
    WholeNumber,
)
from .yamlnodes import Node


#: Roles of keys that may be left out and default to the last one a step named.
ACCOUNT_ROLE = "account"
PHONE_ROLE = "phone"


@dataclass(frozen=True)
class Key:
    type: ValueType
    required: bool = False
    #: Filled in from earlier steps or the world when left out (`account`, `phone`).
    role: str | None = None
    #: The value the step gets when the key is left out (count: 1); MISSING for none.
    default: Any = MISSING
    description: str = ""


#: A caption any step may carry: shown when the step is played, written into transcripts, and
#: nothing else (it changes no state and checks nothing).
NOTE = Key(Text(nonempty=True, empty_message="the note is empty: leave the key out instead"),
           description="a caption shown when the step is played and written into transcripts; "
                       "changes nothing else")
#: Keys every step may carry, whatever its kind.
COMMON_STEP_KEYS: Mapping[str, Key] = {"note": NOTE}


@dataclass(frozen=True)
class Variant:
    """One action of a step kind (`agent: send_text`), or the one shape of a kind (`consumer`).

    Its `keys` include the keys every step may carry (`COMMON_STEP_KEYS`)."""

    keys: Mapping[str, Key]
    description: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "keys", {**self.keys, **COMMON_STEP_KEYS})


@dataclass(frozen=True)
class StepKind:
    name: str
    description: str
    #: For kinds whose value picks an action: the actions. None for `consumer`/`advance`/`set`.
    variants: Mapping[str, Variant] | None = None
    #: What an action is called: "agent action", "expectation".
    action_noun: str = ""
    #: For kinds without actions: the type of the value, and the other keys.
    value: ValueType | None = None
    keys: Mapping[str, Key] = field(default_factory=dict)

    def variant(self, action: str | None) -> Variant:
        if self.variants is None:
            return self.only_variant
        assert action is not None
        return self.variants[action]

    @property
    def only_variant(self) -> Variant:
        """The shape of a kind without actions (`consumer`, `advance`, `set`)."""
        return Variant(self.keys, self.description)


ACCOUNT = Key(Text(), role=ACCOUNT_ROLE,
              description="account id; defaults to the last account a step named, "
                          "else the world's only account")
PHONE = Key(Phone(), role=PHONE_ROLE,
            description="phone number; defaults to the last number a step named, "
                        "else the world's only number")
EXPECT_ERROR = Key(ERROR_CODE,
                   description="the step passes only if the action is refused with this code")
#: Trainee mode (`itms-tui train`): agent and supervisor steps become tasks the trainee performs.
TASK = Key(Text(nonempty=True, empty_message="the task is empty: say what the trainee should do"),
           description="trainee mode: what the trainee is asked to do, in plain words "
                       "(default: a task derived from the step)")
HINT = Key(Text(nonempty=True, empty_message="the hint is empty: leave the key out instead"),
           description="trainee mode: a hint the trainee may ask for (each hint used lowers "
                       "the score)")
#: Keys only the trainee mode reads; a run or playback ignores them.
TRAINING_KEYS = ("task", "hint")


def _actor(actions: dict[str, tuple[str, dict[str, Key]]]) -> dict[str, Variant]:
    return {
        action: Variant({**keys, "expect_error": EXPECT_ERROR, "task": TASK, "hint": HINT},
                        description)
        for action, (description, keys) in actions.items()
    }


_FAULT_COMMON = {
    "to": PHONE,
    "count": Key(WholeNumber(minimum=1), default=1,
                 description="how many texts the fault applies to"),
    "direction": Key(DIRECTION, default="out",
                     description="out: texts to the number; in: texts from it"),
}

STEP_KINDS: dict[str, StepKind] = {
    "agent": StepKind(
        "agent", "an action at the agent desk", action_noun="agent action",
        variants=_actor({
            "add_phone": ("store a number on an account", {
                "account": ACCOUNT,
                "phone": Key(Phone(raw=True), role=PHONE_ROLE,
                             description="the number to add, as typed (checked when it runs)"),
            }),
            "send_opt_in_request": ("flow 1: send the opt-in request",
                                    {"account": ACCOUNT, "phone": PHONE}),
            "enter_auth_code": ("flow 1, last step: enter the PIN the consumer read back", {
                "account": ACCOUNT, "phone": PHONE,
                "code": Key(Text(), required=True,
                            description='"{pin}" for the PIN most recently texted to the number, '
                                        "or literal digits"),
            }),
            "quick_opt_in": ("flow 2: Quick Opt In", {"account": ACCOUNT, "phone": PHONE}),
            "arrange_payment_plan": ("flow 3: arrange a payment plan", {
                "account": ACCOUNT, "phone": PHONE,
                "amount": Key(Amount(positive=True), description="the plan's amount"),
            }),
            "opt_out": ("flow 7: opt the number out", {"account": ACCOUNT, "phone": PHONE}),
            "send_text": ("flow 11: send free text", {
                "account": ACCOUNT, "phone": PHONE,
                "text": Key(Text(), required=True, description="the text to send"),
            }),
            "send_link": ("flow 11 with the link template", {"account": ACCOUNT, "phone": PHONE}),
            "dismiss_possible_opt_out": (
                "flow 10: the agent decides a flagged text is not an opt-out", {
                    "account": ACCOUNT, "phone": PHONE,
                    "reason": Key(Text(), description="why it is not an opt-out (kept in the audit)"),
                }),
        }),
    ),
    "supervisor": StepKind(
        "supervisor", "an action in the supervisor's view", action_noun="supervisor action",
        variants=_actor({
            "link_number": ("flow 4: link a number to an account",
                            {"phone": PHONE, "account": ACCOUNT}),
            "reply": ("answer a text in the supervisor's queues", {
                "phone": PHONE,
                "text": Key(Text(), required=True, description="the reply"),
            }),
        }),
    ),
    "consumer": StepKind(
        "consumer", "the phone sends a text",
        value=Text(nonempty=True, empty_message="the consumer's text is empty: "
                                                "a phone cannot send nothing"),
        keys={"from": PHONE},
    ),
    "advance": StepKind(
        "advance", "move the simulated clock, e.g. 90s, 15m, 2h, 1d5h, 1h30m", value=Duration(),
    ),
    "set": StepKind(
        "set", "change settings mid-scenario, e.g. {agents_available: false}",
        value=SettingsType(nonempty=True),
    ),
    "fault": StepKind(
        "fault", "inject a fault on the SMS bus for the next texts", action_noun="fault kind",
        variants={
            "delay": Variant({
                "to": PHONE,
                "duration": Key(Duration(), required=True,
                                description="how long delivery is delayed"),
                **{k: v for k, v in _FAULT_COMMON.items() if k != "to"},
            }, "stays sent, delivered after the duration"),
            "drop": Variant(dict(_FAULT_COMMON), "stays sent, never delivered"),
            "duplicate": Variant(dict(_FAULT_COMMON), "delivered twice"),
            "fail": Variant({
                "to": PHONE,
                "status": Key(CARRIER_STATUS, default="BOUNCED",
                              description="the carrier status the text fails with"),
                **{k: v for k, v in _FAULT_COMMON.items() if k != "to"},
            }, "ends failed with a carrier status"),
        },
    ),
    "expect": StepKind(
        "expect", "check what happened", action_noun="expectation",
        variants={
            "sms": Variant({
                "to": PHONE,
                "template": Key(TEMPLATE),
                "contains": Key(Text(), description="text the body must contain"),
                "matches": Key(Pattern(), description="a Python regular expression the body "
                                                      "must match"),
                "status": Key(MESSAGE_STATUS),
            }, "the oldest outbound text to the number not yet checked matches every key given"),
            "no_sms": Variant({"to": PHONE},
                              "no unchecked outbound text to the number is left"),
            "consent": Variant({"phone": PHONE, "state": Key(CONSENT_STATE, required=True)},
                               "the number's consent state"),
            "inbox": Variant({
                "queue": Key(QUEUE, required=True),
                "phone": PHONE,
                "contains": Key(Text(), description="case-sensitive"),
            }, "such an item is in the queue"),
            "audit": Variant({"phone": PHONE, "event": Key(AUDIT_EVENT, required=True)},
                             "an audit event of that kind was recorded"),
        },
    ),
}

# Every step kind and action, with their allowed actions in names.py's order.
assert set(FaultKind) == set(STEP_KINDS["fault"].variants or ())


@dataclass(frozen=True)
class Steps(ValueType):
    """The `steps:` list; each item is one of the shapes `STEP_KINDS` describes."""

    expected = "a non-empty list of steps"

    def null_message(self, key: str) -> str:
        return "'steps' must be a non-empty list"

    def read(self, node: Node, r: ProblemSink) -> Any:
        return r.read_steps(node)

    def schema(self) -> dict[str, Any]:
        return {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/step"}}

    @staticmethod
    def definition() -> dict[str, Any]:
        variants = []
        for kind in STEP_KINDS.values():
            actions = kind.variants.items() if kind.variants is not None else [(None, None)]
            for action, _ in actions:
                variants.append(step_schema(kind, action))
        return {"oneOf": variants}


def step_schema(kind: StepKind, action: str | None) -> dict[str, Any]:
    """The JSON Schema of one step shape: `{agent: send_text, account, phone, text, …}`."""
    variant = kind.variant(action)
    head: dict[str, Any]
    if action is not None:
        head = {"const": action}
    else:
        assert kind.value is not None
        head = kind.value.schema()
    properties: dict[str, Any] = {kind.name: head}
    for name, key in variant.keys.items():
        prop = key.type.schema()
        if key.default is not MISSING:
            prop = {**prop, "default": key.default}
        if key.description:
            prop = {**prop, "description": key.description}
        properties[name] = prop
    title = f"{kind.name}: {action}" if action is not None else kind.name
    return {
        "title": title,
        "description": variant.description or kind.description,
        "type": "object",
        "properties": properties,
        "required": [kind.name] + [n for n, k in variant.keys.items() if k.required],
        "additionalProperties": False,
    }
