"""A trainee's report, in Markdown and in self-contained HTML (`itms-tui report TRAINEE`).

Both say the same: a summary, the exercises (of a course, when one is given: locked and untried
ones too), every attempt with its mistakes, and each kind of mistake made with the rule behind
it. Everything a person or a file wrote (names, texts quoted in mistakes) is made inert
(`itms_tui.inert`) and escaped: Markdown punctuation is backslashed, HTML is escaped, and the HTML page loads nothing from
anywhere.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from ..inert import inert_html, inert_line
from .curriculum import Curriculum
from .mistakes import KINDS
from .records import Attempt, TraineeRecords

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~])")


def md(text: str) -> str:
    """Text safe inside Markdown: inert, punctuation backslashed, lines joined."""
    return _MD_SPECIAL.sub(r"\\\1", inert_line(" ".join(str(text).split())))


def h(text: object) -> str:
    """Text safe inside HTML: inert, escaped, lines joined."""
    return inert_html(" ".join(str(text).split()))


def slug(name: str) -> str:
    """A file name part from a trainee's name: `jane-doe`."""
    plain = "".join(char for char in unicodedata.normalize("NFKD", name.casefold())
                    if not unicodedata.combining(char))
    text = re.sub(r"[\W_]+", "-", plain).strip("-")
    return text[:60] or "trainee"


def _when(iso: str) -> str:
    try:
        return datetime.fromisoformat(iso).strftime("%Y-%m-%d %H:%M UTC")
    except ValueError:
        return iso


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    return f"{seconds // 60}m {seconds % 60:02d}s"


@dataclass(frozen=True)
class Row:
    """One exercise in the summary table."""

    number: str
    title: str
    best: str
    status: str
    attempts: int
    last: str


@dataclass(frozen=True)
class Report:
    trainee: str
    generated: str
    course: str | None
    rows: tuple[Row, ...]
    attempts: tuple[Attempt, ...]
    mistake_counts: tuple[tuple[str, int], ...]

    @property
    def passed(self) -> int:
        return sum(1 for row in self.rows if row.status == "passed")


def build_report(records: TraineeRecords, trainee: str, *, course: Curriculum | None = None,
                 generated: datetime | None = None) -> Report:
    name = records.name_of(trainee) or trainee
    attempts = records.attempts(name, course.name) if course is not None else \
        records.attempts(name)
    rows: list[Row] = []
    if course is not None:
        passed = records.passed(name, course.name)
        for exercise in course.exercises:
            mine = [a for a in attempts if a.exercise == exercise.id]
            best = max(mine, key=lambda a: (a.passed, a.score), default=None)
            if exercise.id in passed:
                status = "passed"
            elif course.is_unlocked(exercise, passed):
                status = "not passed yet" if mine else "not tried"
            else:
                status = "locked"
            rows.append(Row(str(exercise.number), exercise.title,
                            f"{best.score}/100" if best else "—", status, len(mine),
                            _when(mine[-1].at) if mine else "—"))
    else:
        seen: dict[tuple[str | None, str], list[Attempt]] = {}
        for attempt in attempts:
            seen.setdefault((attempt.course, attempt.exercise), []).append(attempt)
        for number, ((course_name, _exercise), mine) in enumerate(seen.items(), 1):
            best = max(mine, key=lambda a: (a.passed, a.score))
            title = mine[-1].scenario + (f" ({course_name})" if course_name else "")
            rows.append(Row(str(number), title, f"{best.score}/100",
                            "passed" if any(a.passed for a in mine) else "not passed yet",
                            len(mine), _when(mine[-1].at)))
    counts = Counter(m.kind for a in attempts for m in a.mistakes)
    when = generated or datetime.now().astimezone()
    return Report(name, when.strftime("%Y-%m-%d %H:%M %Z").strip(),
                  course.name if course is not None else None, tuple(rows), tuple(attempts),
                  tuple(counts.most_common()))


def render_markdown(report: Report) -> str:
    out: list[str] = [f"# Training report: {md(report.trainee)}", ""]
    out.append(f"Generated {md(report.generated)}" + (
        f" for the course *{md(report.course)}*." if report.course else "."))
    out.append("")
    out.append("## Summary")
    out.append("")
    scores = [a.score for a in report.attempts]
    out.append(f"- Exercises passed: {report.passed} of {len(report.rows)}")
    out.append(f"- Attempts: {len(report.attempts)}")
    if scores:
        out.append(f"- Average score: {sum(scores) / len(scores):.0f}/100")
    out.append(f"- Hints used: {sum(a.hints for a in report.attempts)}")
    out.append(f"- Mistakes: {sum(n for _k, n in report.mistake_counts)}")
    out.append("")
    out.append("## Exercises")
    out.append("")
    if report.rows:
        out.append("| # | Exercise | Best | Status | Attempts | Last attempt |")
        out.append("|---|---|---|---|---|---|")
        for row in report.rows:
            out.append(f"| {row.number} | {md(row.title)} | {row.best} | {row.status} | "
                       f"{row.attempts} | {md(row.last)} |")
    else:
        out.append("No attempts yet.")
    out.append("")
    if report.mistake_counts:
        out.append("## Mistakes and the rules behind them")
        out.append("")
        for kind, count in report.mistake_counts:
            info = KINDS[kind]
            out.append(f"### {md(info.title)} ({count}×, −{info.points} each)")
            out.append("")
            out.append(md(info.why))
            out.append("")
            out.append(f"*Rule:* {md(info.rule)}")
            out.append("")
    out.append("## Attempts")
    out.append("")
    for attempt in report.attempts:
        verdict = "passed" if attempt.passed else "not passed"
        ended = "" if attempt.completed else ", ended early"
        out.append(f"### {md(_when(attempt.at))}: {md(attempt.scenario)}")
        out.append("")
        out.append(f"Score **{attempt.score}/100** (pass mark {attempt.pass_mark}), {verdict}"
                   f"{ended}; {_duration(attempt.seconds)}; hints {attempt.hints}.")
        out.append("")
        if attempt.mistakes:
            for mistake in attempt.mistakes:
                task = f" (task {mistake.task})" if mistake.task else ""
                out.append(f"- **{md(mistake.title)}**{task}, −{mistake.points}: "
                           f"{md(mistake.detail)}. *Rule:* {md(mistake.rule)}")
        else:
            out.append("- No mistakes.")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 60rem;
       margin: 2rem auto; padding: 0 1rem; color: #1d2330; line-height: 1.45; }
h1 { border-bottom: 3px solid #2d6cdf; padding-bottom: .3rem; }
h2 { margin-top: 2rem; color: #2d6cdf; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #ccd3e0; padding: .35rem .6rem; text-align: left; }
th { background: #eef2fa; }
.passed { color: #1b7f3b; font-weight: 600; }
.failed { color: #b3261e; font-weight: 600; }
.locked { color: #777; }
.rule { color: #555; font-style: italic; }
.mistake { margin: .4rem 0; }
.card { border: 1px solid #ccd3e0; border-radius: 6px; padding: .6rem 1rem; margin: .8rem 0; }
"""


def render_html(report: Report) -> str:
    out: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Training report: {h(report.trainee)}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>Training report: {h(report.trainee)}</h1>",
        f"<p>Generated {h(report.generated)}"
        + (f" for the course <em>{h(report.course)}</em>." if report.course else ".") + "</p>",
        "<h2>Summary</h2><ul>",
        f"<li>Exercises passed: {report.passed} of {len(report.rows)}</li>",
        f"<li>Attempts: {len(report.attempts)}</li>",
    ]
    scores = [a.score for a in report.attempts]
    if scores:
        out.append(f"<li>Average score: {sum(scores) / len(scores):.0f}/100</li>")
    out.append(f"<li>Hints used: {sum(a.hints for a in report.attempts)}</li>")
    out.append(f"<li>Mistakes: {sum(n for _k, n in report.mistake_counts)}</li></ul>")
    out.append("<h2>Exercises</h2>")
    if report.rows:
        out.append("<table><thead><tr><th>#</th><th>Exercise</th><th>Best</th><th>Status</th>"
                   "<th>Attempts</th><th>Last attempt</th></tr></thead><tbody>")
        for row in report.rows:
            css = {"passed": "passed", "locked": "locked"}.get(row.status, "failed")
            out.append(f"<tr><td>{h(row.number)}</td><td>{h(row.title)}</td>"
                       f"<td>{h(row.best)}</td><td class=\"{css}\">{h(row.status)}</td>"
                       f"<td>{row.attempts}</td><td>{h(row.last)}</td></tr>")
        out.append("</tbody></table>")
    else:
        out.append("<p>No attempts yet.</p>")
    if report.mistake_counts:
        out.append("<h2>Mistakes and the rules behind them</h2>")
        for kind, count in report.mistake_counts:
            info = KINDS[kind]
            out.append(f'<div class="card"><h3>{h(info.title)} ({count}&times;, '
                       f"&minus;{info.points} each)</h3><p>{h(info.why)}</p>"
                       f'<p class="rule">Rule: {h(info.rule)}</p></div>')
    out.append("<h2>Attempts</h2>")
    for attempt in report.attempts:
        css = "passed" if attempt.passed else "failed"
        verdict = "passed" if attempt.passed else "not passed"
        ended = "" if attempt.completed else ", ended early"
        out.append(f'<div class="card"><h3>{h(_when(attempt.at))}: {h(attempt.scenario)}</h3>')
        out.append(f'<p>Score <strong>{attempt.score}/100</strong> (pass mark '
                   f'{attempt.pass_mark}), <span class="{css}">{verdict}</span>{h(ended)}; '
                   f"{h(_duration(attempt.seconds))}; hints {attempt.hints}.</p>")
        if attempt.mistakes:
            out.append("<ul>")
            for mistake in attempt.mistakes:
                task = f" (task {mistake.task})" if mistake.task else ""
                out.append(f'<li class="mistake"><strong>{h(mistake.title)}</strong>{h(task)}, '
                           f"&minus;{mistake.points}: {h(mistake.detail)}. "
                           f'<span class="rule">Rule: {h(mistake.rule)}</span></li>')
            out.append("</ul>")
        else:
            out.append("<p>No mistakes.</p>")
        out.append("</div>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"
