"""Shared bits of the scenario-file tests: the SPEC's example, helpers to load text, YAML 1.2 → JSON
(the worlds are in `tests.support.worlds`)."""

from __future__ import annotations

import re
import textwrap
from typing import Any

from itms_tui.scenarios import ScenarioInvalid, parse_scenario
from itms_tui.scenarios.yamlnodes import Map, Node, Scalar, Seq, compose, resolve
from tests.support.worlds import ONE_WORLD

#: The example of SPEC.md section 7, verbatim.
SPEC_EXAMPLE = """\
name: Agent-initiated opt-in with PIN        # required
description: The agent sends a request; the consumer answers YES and reads the PIN back.
tags: [opt-in, pin]
world:                                       # optional; omitted = the built-in demo world
  company: {name: Acme Recovery, phone: "+18005550100", va_url: "https://pay.example.com/va",
            timezone: America/New_York}
  clock: "2026-03-02T10:00:00-05:00"         # simulated start time
  settings: {pin_ttl: 24h, max_invitations: 3, agents_available: true}
  clients:
    - {id: MED, name: Acme Medical, business_type: medical, auto_opt_in: false}
  accounts:
    - {id: "1001", consumer: Jane Doe, client: MED, balance: 1250.00, phones: ["+16175550101"]}
  consent: {"+16175550101": none}            # optional starting states
steps:
  - agent: send_opt_in_request
    account: "1001"
    phone: "+16175550101"
  - expect: sms
    to: "+16175550101"
    template: opt_in
  - consumer: "YES"
    from: "+16175550101"
  - expect: sms
    template: opt_in_pin
  - agent: enter_auth_code
    code: "{pin}"                            # the PIN most recently texted to this number
  - expect: consent
    state: opted_in
  - expect: sms
    template: opted_in
  - expect: no_sms
"""


def doc(steps: str, world: str | None = ONE_WORLD, name: str = "t") -> str:
    """A scenario whose steps start on line 3 (the world comes last, so it moves no line)."""
    text = f"name: {name}\nsteps:\n{textwrap.dedent(steps).strip(chr(10))}\n"
    return text + (world or "")


def problems(text: str, **kwargs: Any) -> list[str]:
    """The problems of a scenario text as `line:col: message` (empty when it is valid)."""
    try:
        parse_scenario(text, "s.yaml", **kwargs)
    except ScenarioInvalid as invalid:
        for error in invalid.errors:
            assert error.file == "s.yaml"
        return [f"{e.line}:{e.col}: {e.message}" for e in invalid.errors]
    return []


# -- YAML 1.2 core schema, as an editor reads a file, for checking the JSON Schema ---------------

_NULL = re.compile(r"~|null|Null|NULL|")
_TRUE = re.compile(r"true|True|TRUE")
_FALSE = re.compile(r"false|False|FALSE")
_INT = re.compile(r"[-+]?[0-9]+")
_OCT = re.compile(r"0o[0-7]+")
_HEX = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_INF = re.compile(r"[-+]?\.(inf|Inf|INF)")
_NAN = re.compile(r"\.(nan|NaN|NAN)")


def _core12(text: str) -> Any:
    if _NULL.fullmatch(text):
        return None
    if _TRUE.fullmatch(text):
        return True
    if _FALSE.fullmatch(text):
        return False
    if _INT.fullmatch(text):
        return int(text)
    if _OCT.fullmatch(text):
        return int(text[2:], 8)
    if _HEX.fullmatch(text):
        return int(text[2:], 16)
    if _FLOAT.fullmatch(text) or _INF.fullmatch(text) or _NAN.fullmatch(text):
        return float(text.replace(".inf", "inf").replace(".Inf", "inf").replace(".INF", "inf")
                     .replace(".nan", "nan").replace(".NaN", "nan").replace(".NAN", "nan"))
    return text


def node_json(node: Node) -> Any:
    node = resolve(node)
    if isinstance(node, Map):
        return {resolve(k).value: node_json(v) for k, v in node.pairs}  # type: ignore[union-attr]
    if isinstance(node, Seq):
        return [node_json(item) for item in node.items]
    assert isinstance(node, Scalar)
    return _core12(node.value) if node.plain else node.value


def yaml12(text: str) -> Any:
    """`text` read the way a YAML 1.2 editor (yaml-language-server) reads it."""
    root = compose(text, "s.yaml")
    assert root is not None
    return node_json(root)
