"""What `itms-tui run` leaves behind: Markdown transcripts (QA's evidence) and JUnit XML (for CI).

A transcript shows one scenario as it ran: its steps and how each went, every message both ways
with simulated times and statuses, the consent timeline and the audit log. Text that came from a
scenario file or a consumer is escaped, so a `|`, a newline or a `<b>` in a text cannot break a
table or turn into formatting.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from ..core.clock import format_duration
from ..core.names import Direction
from ..inert import inert, inert_markdown_cell, inert_markdown_text
from ..core.pins import agency_body
from .errors import ScenarioError
from .scenario import Step
from .runner import ScenarioResult, StepOutcome


def _fence(body: str) -> str:
    """A code fence longer than any run of backticks in `body`."""
    longest = max((len(run) for run in re.findall(r"`+", body)), default=0)
    return "`" * max(3, longest + 1)


def _table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines.extend("| " + " | ".join(inert_markdown_cell(cell) for cell in row) + " |" for row in rows)
    return lines


def step_text(step: Step) -> str:
    """A step in words with the values it used: `agent: send_text · account 1001 · text 'Hi'`."""
    parts = [step.label()]
    for key, value in step.args.items():
        if isinstance(value, Decimal):
            value = f"{value:.2f}"
        elif key == "duration":
            value = format_duration(value)
        elif isinstance(value, str) and key in ("text", "contains", "code"):
            value = repr(value)
        mark = " (default)" if key in step.defaulted else ""
        parts.append(f"{key} {value}{mark}")
    if step.expect_error:
        parts.append(f"expect_error {step.expect_error}")
    if step.kind == "set":
        parts[0] = "set: " + ", ".join(f"{k}={v!r}" for k, v in step.action.items())
    return " · ".join(parts)


def _captioned(step: Step) -> str:
    """The step in words, with its caption (`note:`) on a line of its own."""
    text = step_text(step)
    return f"{text}\nnote: {step.note}" if step.note else text


class _Clock:
    def __init__(self, zone_name: str) -> None:
        self.zone = ZoneInfo(zone_name)

    def __call__(self, when: datetime | None, *, day: bool = True) -> str:
        if when is None:
            return ""
        local = when.astimezone(self.zone)
        return local.strftime("%a %d %b %H:%M:%S %Z" if day else "%H:%M:%S")


def transcript(result: ScenarioResult) -> str:
    """The Markdown transcript of one scenario run."""
    scenario = result.scenario
    service = result.service
    out: list[str] = [f"# {inert_markdown_cell(scenario.name)}", ""]
    failure = result.failure
    ran = len(result.outcomes)
    total = len(scenario.steps)
    if result.passed:
        verdict = f"PASS ({ran} of {total} steps)"
    elif failure is not None:
        verdict = f"FAIL at step {failure.index} ({failure.where})"
    else:
        verdict = f"FAIL ({ran} of {total} steps run)"
    facts: list[tuple[str, object]] = [("Result", verdict), ("File", str(scenario.path))]
    if scenario.tags:
        facts.append(("Tags", ", ".join(scenario.tags)))
    clock = None
    if service is not None:
        company = service.world.company
        clock = _Clock(company.timezone)
        facts.append(("Company", f"{company.name} ({company.phone}, {company.timezone})"))
        facts.append(("World", "the scenario's own" if scenario.world is not None
                      else "the built-in demo world"))
        facts.append(("Simulated time",
                      f"{clock(service.world.clock_start)} → {clock(service.now())}"))
    out.extend(_table(("", ""), facts))
    if scenario.description:
        out += ["", inert_markdown_text(scenario.description)]

    out += ["", "## Steps", ""]
    rows = []
    for outcome in result.outcomes:
        mark = "✓ pass" if outcome.passed else "✗ FAIL"
        rows.append((outcome.index, outcome.step.line, _captioned(outcome.step), mark,
                     outcome.actual if outcome.passed
                     else f"expected {outcome.expected}; actual: {outcome.actual}"))
    for index in range(ran + 1, total + 1):
        step = scenario.steps[index - 1]
        rows.append((index, step.line, _captioned(step), "not run", ""))
    out.extend(_table(("#", "Line", "Step", "Outcome", "Details"), rows))

    if failure is not None:
        body = inert("\n".join(failure.failure_lines()))
        fence = _fence(body)
        out += ["", "## Failure", "", f"{fence}text", body, fence]

    if service is None or clock is None:
        return "\n".join(out) + "\n"

    out += ["", "## Messages", ""]
    rows = []
    for m in service.messages():
        out_bound = m.direction is Direction.OUT
        status = m.status.value
        if m.carrier_status:
            status += f" ({m.carrier_status})"
        if m.deliveries > 1:
            status += f", ×{m.deliveries}"
        timing = []
        if m.release_at is not None and m.status.value == "scheduled":
            timing.append(f"held until {clock(m.release_at)}")
        elif m.release_at is not None and m.status.value == "blocked":
            timing.append(f"held, then blocked {clock(m.status_at)}")
        elif m.release_at is not None:
            timing.append(f"held, released {clock(m.sent_at or m.status_at)}")
        if m.delivered_at is not None and m.delivered_at != m.created_at:
            timing.append(f"delivered {clock(m.delivered_at)}")
        rows.append((
            m.id, clock(m.created_at), "→ out" if out_bound else "← in", m.number,
            m.account_id or "", m.template or ("" if not out_bound else f"free text ({m.actor.value})"),
            status + ("; " + "; ".join(timing) if timing else ""), agency_body(m),
        ))
    if rows:
        out.extend(_table(("#", "Time", "Dir", "Number", "Account", "Template", "Status",
                           "Text"), rows))
    else:
        out.append("No messages.")

    audit = service.audit()
    out += ["", "## Consent timeline", ""]
    changes = [e for e in audit if not e.is_refusal]
    if changes:
        out.extend(_table(
            ("Time", "Number", "Before → after", "Cause", "Actor", "Method", "Account", "Reason"),
            ((clock(e.at), e.number or "", _states(e.before, e.after), e.event, e.actor.value,
              e.method.value if e.method else "", e.account_id or "", e.reason) for e in changes),
        ))
    else:
        out.append("No consent changes.")

    out += ["", "## Audit log", ""]
    if audit:
        out.extend(_table(
            ("#", "Time", "Number", "Event", "Before → after", "Actor", "Account", "Message",
             "Reason"),
            ((e.seq, clock(e.at), e.number or "", e.event, _states(e.before, e.after),
              e.actor.value, e.account_id or "", e.message_id or "", e.reason) for e in audit),
        ))
    else:
        out.append("No audit events.")
    return "\n".join(out) + "\n"


def _states(before: object, after: object) -> str:
    b = getattr(before, "value", None) or "—"
    a = getattr(after, "value", None) or "—"
    return b if a == b else f"{b} → {a}"


def transcript_name(path: Path, taken: set[str]) -> str:
    """A file name for a scenario's transcript, unique among `taken` (which it joins)."""
    try:
        relative = path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        relative = Path(path.name)
    parts = [re.sub(r"[^A-Za-z0-9._-]+", "-", part) for part in relative.with_suffix("").parts]
    stem = "__".join(part for part in parts if part not in ("", ".", "..")) or "scenario"
    name, n = f"{stem}.md", 1
    while name.lower() in taken:
        n += 1
        name = f"{stem}-{n}.md"
    taken.add(name.lower())
    return name


# -- JUnit ----------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _xml_invalid() -> re.Pattern[str]:
    # Compiled on first use: a pattern over all of Unicode takes milliseconds to build.
    return re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml(text: object) -> str:
    """Text XML 1.0 can carry, inert: controls as stand-ins, what XML forbids as escapes."""
    return _xml_invalid().sub(lambda m: f"\\u{ord(m.group()):04x}", inert(text))


@dataclass(frozen=True)
class InvalidFile:
    path: Path
    errors: Sequence[ScenarioError]


def _classname(path: Path) -> str:
    try:
        relative = path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        relative = Path(path.name)
    return ".".join(relative.with_suffix("").parts) or path.stem


def junit_xml(results: Sequence[ScenarioResult], invalid: Sequence[InvalidFile] = (),
              *, suite: str = "itms-tui scenarios") -> str:
    """A JUnit XML report: one testcase per scenario, `failure` for a failed scenario (message:
    expected vs. actual; body: the full report), `error` for an invalid file."""
    import xml.etree.ElementTree as ET  # only a --junit run pays for it
    failures = sum(1 for r in results if not r.passed)
    seconds = sum(r.seconds for r in results)
    root = ET.Element("testsuites", {
        "name": suite, "tests": str(len(results) + len(invalid)),
        "failures": str(failures), "errors": str(len(invalid)), "time": f"{seconds:.3f}",
    })
    element = ET.SubElement(root, "testsuite", {
        "name": suite, "tests": str(len(results) + len(invalid)), "failures": str(failures),
        "errors": str(len(invalid)), "skipped": "0", "time": f"{seconds:.3f}",
    })
    for result in results:
        scenario = result.scenario
        case = ET.SubElement(element, "testcase", {
            "classname": _xml(_classname(scenario.path)), "name": _xml(scenario.name),
            "file": _xml(scenario.path), "time": f"{result.seconds:.3f}",
        })
        failure = result.failure
        if failure is not None:
            case.set("line", str(failure.step.line))
            node = ET.SubElement(case, "failure", {
                "message": _xml(f"{failure.where}: expected {failure.expected}; "
                                f"actual: {failure.actual}"),
                "type": "ScenarioFailure",
            })
            node.text = _xml("\n".join(failure.failure_lines()))
        elif not result.passed:
            ET.SubElement(case, "failure", {"message": "the scenario did not run to the end",
                                            "type": "ScenarioFailure"})
        steps = "\n".join(_step_line(o) for o in result.outcomes)
        if steps:
            ET.SubElement(case, "system-out").text = _xml(steps)
    for bad in invalid:
        case = ET.SubElement(element, "testcase", {
            "classname": _xml(_classname(bad.path)), "name": _xml(bad.path.name),
            "file": _xml(bad.path), "time": "0.000",
        })
        node = ET.SubElement(case, "error", {
            "message": _xml(f"invalid scenario file: {len(bad.errors)} problem(s)"),
            "type": "ScenarioInvalid",
        })
        node.text = _xml("\n".join(str(error) for error in bad.errors))
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _step_line(outcome: StepOutcome) -> str:
    mark = "ok  " if outcome.passed else "FAIL"
    return f"{mark} {outcome.summary()}"


__all__ = ["InvalidFile", "junit_xml", "step_text", "transcript", "transcript_name"]
