"""A trainee's report, in Markdown and in self-contained HTML (`itms-tui report TRAINEE`).

Both say the same: a summary, the exercises with each one's best and first-try score (of a course,
when one is given: locked and untried ones too), the recognition drill apart (`drill_report.py`:
best and first-try score, the texts missed by kind), the certificate (a course passed in full,
with the trainer's name and the drills passed), the mistakes made in the exercises — compliance
violations apart from procedural slips — each with the rule behind it, and the attempts grouped
by exercise. Everything a person or a file
wrote (names, texts quoted in mistakes) is made inert (no control character reaches the file) and
escaped: Markdown punctuation is backslashed, HTML is escaped, and the HTML page loads nothing.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from ..core.wording import plural
from ..inert import inert_html, inert_line
from .curriculum import Curriculum
from .drill_report import (
    DrillSummary,
    attempt_missed_text,
    drill_summaries,
    is_drill_attempt,
    missed_text,
)
from .exam_report import ExamSitting, exam_sittings
from .grading import rewinds_phrase
from .mistakes import KINDS
from .trainee_records import Attempt, TraineeRecords

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~])")


def md(text: object) -> str:
    """Text safe inside Markdown: inert, on one line, punctuation backslashed."""
    return _MD_SPECIAL.sub(r"\\\1", inert_line(" ".join(str(text).split())))


def h(text: object) -> str:
    """Text safe inside HTML: inert, on one line, escaped (elements and attributes)."""
    return inert_html(" ".join(str(text).split()))


def slug(name: str) -> str:
    """A file name part from a trainee's name: `jane-doe`."""
    plain = "".join(char for char in unicodedata.normalize("NFKD", name.casefold())
                    if not unicodedata.combining(char))
    text = re.sub(r"[\W_]+", "-", plain).strip("-")
    return text[:60] or "trainee"


def natural_key(text: str) -> list[object]:
    """Sorts `ex2` before `ex10`: digits compare as numbers."""
    return [int(part) if part.isdigit() else part.casefold()
            for part in re.split(r"(\d+)", text)]


def when(iso: str) -> str:
    try:
        return datetime.fromisoformat(iso).strftime("%Y-%m-%d %H:%M UTC")
    except ValueError:
        return iso


def day(iso: str) -> str:
    try:
        return datetime.fromisoformat(iso).strftime("%Y-%m-%d")
    except ValueError:
        return iso


def duration(seconds: float) -> str:
    seconds = int(round(seconds))
    return f"{seconds // 60}m {seconds % 60:02d}s"


def is_compliance(kind: str) -> bool:
    return KINDS[kind].compliance


@dataclass(frozen=True)
class Row:
    """One exercise: its scores and where the trainee stands."""

    number: str
    title: str
    pass_mark: int | None
    #: The best score, and the first attempt's (None: never tried).
    best: int | None
    first_try: int | None
    status: str
    attempts: tuple[Attempt, ...]

    @property
    def last(self) -> str:
        return when(self.attempts[-1].at) if self.attempts else "—"


@dataclass(frozen=True)
class Certificate:
    """A course passed in full: who, which course, when, and every exercise's pass mark."""

    trainee: str
    course: str
    date: str
    trainer: str | None
    #: (title, best score, pass mark) per exercise, in the course's order.
    scores: tuple[tuple[str, int, int], ...]
    #: The same for each drill of the course the trainee passed.
    drills: tuple[tuple[str, int, int], ...] = ()


@dataclass(frozen=True)
class Report:
    trainee: str
    generated: str
    course: str | None
    rows: tuple[Row, ...]
    mistake_counts: tuple[tuple[str, int], ...]
    certificate: Certificate | None = None
    #: Exercises of the course still to pass (when a course is given and not passed in full).
    to_pass: tuple[str, ...] = ()
    #: Exam sittings (`exam_report.py`), kept apart from the practice above.
    exams: tuple[ExamSitting, ...] = ()
    #: The recognition drill's attempts (`drill_report.py`), apart from the exercises.
    drills: tuple[DrillSummary, ...] = ()

    @property
    def passed(self) -> int:
        return sum(1 for row in self.rows if row.status == "passed")

    @property
    def attempts(self) -> tuple[Attempt, ...]:
        return tuple(attempt for row in self.rows for attempt in row.attempts)

    @property
    def violations(self) -> tuple[tuple[str, int], ...]:
        return tuple((k, n) for k, n in self.mistake_counts if is_compliance(k))

    @property
    def slips(self) -> tuple[tuple[str, int], ...]:
        return tuple((k, n) for k, n in self.mistake_counts if not is_compliance(k))


def _scores(mine: list[Attempt]) -> tuple[int | None, int | None]:
    if not mine:
        return None, None
    return max(a.score for a in mine), mine[0].score


def build_report(records: TraineeRecords, trainee: str, *, course: Curriculum | None = None,
                 generated: datetime | None = None, trainer: str | None = None) -> Report:
    name = records.name_of(trainee) or trainee
    rows: list[Row] = []
    certificate = None
    to_pass: tuple[str, ...] = ()
    everything = records.attempts(name, course.name) if course is not None else \
        records.attempts(name)
    drills = drill_summaries(everything, course)
    if course is not None:
        attempts = [a for a in everything if not is_drill_attempt(a, course)]
        passed = records.passed(name, course.name)
        for exercise in course.exercises:
            mine = [a for a in attempts if a.exercise == exercise.id]
            if exercise.id in passed:
                status = "passed"
            elif course.is_unlocked(exercise, passed):
                status = "not passed yet" if mine else "not tried"
            else:
                status = "locked"
            best, first = _scores(mine)
            rows.append(Row(str(exercise.number), exercise.title, exercise.pass_mark, best,
                            first, status, tuple(mine)))
        if course.complete(passed):
            last_pass = max((a.at for a in attempts if a.passed), default="")
            certificate = Certificate(
                name, course.name, day(last_pass), trainer,
                tuple((row.title, row.best or 0, row.pass_mark or 0) for row in rows),
                tuple((d.title, d.best or 0, d.pass_mark or 0) for d in drills if d.passed))
        else:
            to_pass = tuple(row.title for row in rows if row.status != "passed")
    else:
        groups: dict[tuple[str, str], list[Attempt]] = {}
        for attempt in everything:
            if is_drill_attempt(attempt):
                continue
            groups.setdefault((attempt.course or "", attempt.exercise), []).append(attempt)
        order = sorted(groups, key=lambda key: (natural_key(key[0]), natural_key(key[1])))
        for number, key in enumerate(order, 1):
            mine = groups[key]
            title = mine[-1].scenario + (f" ({key[0]})" if key[0] else "")
            best, first = _scores(mine)
            rows.append(Row(str(number), title, mine[-1].pass_mark, best, first,
                            "passed" if any(a.passed for a in mine) else "not passed yet",
                            tuple(mine)))
    counts = Counter(m.kind for row in rows for a in row.attempts for m in a.mistakes)
    moment = generated or datetime.now().astimezone()
    exams = exam_sittings(records, name, course.name if course is not None else ...,
                          len(course.exercises) if course is not None else None)
    return Report(name, moment.strftime("%Y-%m-%d %H:%M %Z").strip(),
                  course.name if course is not None else None, tuple(rows),
                  tuple(counts.most_common()), certificate, to_pass, exams, drills)


def _score(value: int | None) -> str:
    return f"{value}/100" if value is not None else "—"


def _mistake_total(counts: tuple[tuple[str, int], ...]) -> int:
    return sum(n for _k, n in counts)


def render_markdown(report: Report) -> str:
    out: list[str] = [f"# Training report: {md(report.trainee)}", ""]
    out.append(f"Generated {md(report.generated)}" + (
        f" for the course *{md(report.course)}*." if report.course else "."))
    out += ["", "## Summary", ""]
    out.append(f"- Exercises passed: {report.passed} of {len(report.rows)}")
    out.append(f"- Attempts: {len(report.attempts)}")
    out.append(f"- Hints used: {sum(a.hints for a in report.attempts)}")
    out.append(f"- Compliance violations: {_mistake_total(report.violations)}")
    out.append(f"- Procedural slips: {_mistake_total(report.slips)}")
    if report.drills:
        out.append(f"- Drills passed: {sum(1 for d in report.drills if d.passed)} of "
                   f"{len(report.drills)}")
    out += ["", "## Exercises", ""]
    if report.rows:
        out.append("| # | Exercise | Pass mark | Best | First try | Status | Attempts | "
                   "Last attempt |")
        out.append("|---|---|---|---|---|---|---|---|")
        for row in report.rows:
            mark = row.pass_mark if row.pass_mark is not None else "—"
            out.append(f"| {row.number} | {md(row.title)} | {mark} | {_score(row.best)} | "
                       f"{_score(row.first_try)} | {row.status} | {len(row.attempts)} | "
                       f"{md(row.last)} |")
    else:
        out.append("No attempts yet.")
    out.append("")
    out += drill_markdown(report.drills)
    if report.certificate is not None:
        out += _certificate_markdown(report.certificate)
    elif report.course is not None:
        out += ["## Certificate", "",
                f"Not yet: {report.passed} of {len(report.rows)} exercises passed. Still to "
                f"pass: {', '.join(md(title) for title in report.to_pass)}.", ""]
    for heading, counts in (("Compliance violations", report.violations),
                            ("Procedural slips", report.slips)):
        if not counts:
            continue
        out += [f"## {heading} and the rules behind them", ""]
        for kind, count in counts:
            info = KINDS[kind]
            out += [f"### {md(info.title)} ({count}×, −{info.points} each)", "", md(info.why), "",
                    f"*Rule:* {md(info.rule)}", ""]
    out += ["## Attempts, by exercise", ""]
    for row in report.rows:
        if not row.attempts:
            continue
        out += [f"### {row.number}. {md(row.title)}", ""]
        for attempt in row.attempts:
            hints = f"hints {attempt.hints}{rewinds_phrase(attempt.rewinds, '; ')}"
            out.append(attempt_markdown(attempt, hints))
            for mistake in attempt.mistakes:
                task = f" (task {mistake.task})" if mistake.task else ""
                kind = "violation" if is_compliance(mistake.kind) else "slip"
                out.append(f"  - **{md(mistake.title)}**{task}, {kind}, −{mistake.points}: "
                           f"{md(mistake.detail)}. *Rule:* {md(mistake.rule)}")
            if not attempt.mistakes:
                out.append("  - No mistakes.")
        out.append("")
    out += exam_markdown(report.exams)
    return "\n".join(out).rstrip() + "\n"


def _certificate_markdown(cert: Certificate) -> list[str]:
    out = ["## Certificate", "",
           f"> **Certificate of completion.** {md(cert.trainee)} passed every exercise of the "
           f"course *{md(cert.course)}*, each at or above its pass mark, completing it on "
           f"{md(cert.date)}.", ">"]
    for title, best, mark in cert.scores:
        out.append(f"> - {md(title)}: {best}/100 (pass mark {mark})")
    if cert.drills:
        out += [">", "> Drills passed as well:", ">"]
        out += [f"> - {md(title)}: {best}/100 (pass mark {mark})"
                for title, best, mark in cert.drills]
    out += [">", f"> Trainer: {md(cert.trainer) if cert.trainer else '____________________'}", ""]
    return out


CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 62rem;
       margin: 2rem auto; padding: 0 1rem; color: #1d2330; line-height: 1.45; }
h1 { border-bottom: 3px solid #2d6cdf; padding-bottom: .3rem; }
h2 { margin-top: 2rem; color: #2459b8; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #ccd3e0; padding: .35rem .6rem; text-align: left; }
th { background: #eef2fa; }
.passed { color: #1b7f3b; font-weight: 600; }
.failed { color: #b3261e; font-weight: 600; }
.locked { color: #5f6368; }
.rule { color: #4a4f57; font-style: italic; }
.kind { color: #4a4f57; font-size: .9em; }
.mistake { margin: .4rem 0; }
.card { border: 1px solid #ccd3e0; border-radius: 6px; padding: .6rem 1rem; margin: .8rem 0; }
.certificate { border: 3px double #2d6cdf; border-radius: 8px; padding: 1rem 1.5rem;
               margin: 1rem 0; background: #f7f9fe; }
.certificate h3 { margin-top: 0; text-align: center; letter-spacing: .05em; }
.signature { margin-top: 1.2rem; }
"""


def page_head(title: str) -> list[str]:
    return ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{h(title)}</title>", f"<style>{CSS}</style></head><body>",
            f"<h1>{h(title)}</h1>"]


def render_html(report: Report) -> str:
    out = page_head(f"Training report: {report.trainee}")
    out.append(f"<p>Generated {h(report.generated)}"
               + (f" for the course <em>{h(report.course)}</em>." if report.course else ".")
               + "</p>")
    out += ["<h2>Summary</h2><ul>",
            f"<li>Exercises passed: {report.passed} of {len(report.rows)}</li>",
            f"<li>Attempts: {len(report.attempts)}</li>",
            f"<li>Hints used: {sum(a.hints for a in report.attempts)}</li>",
            f"<li>Compliance violations: {_mistake_total(report.violations)}</li>",
            f"<li>Procedural slips: {_mistake_total(report.slips)}</li>"]
    if report.drills:
        out.append(f"<li>Drills passed: {sum(1 for d in report.drills if d.passed)} of "
                   f"{len(report.drills)}</li>")
    out += ["</ul>", "<h2>Exercises</h2>"]
    if report.rows:
        out.append("<table><thead><tr><th>#</th><th>Exercise</th><th>Pass mark</th>"
                   "<th>Best</th><th>First try</th><th>Status</th><th>Attempts</th>"
                   "<th>Last attempt</th></tr></thead><tbody>")
        for row in report.rows:
            css = {"passed": "passed", "locked": "locked"}.get(row.status, "failed")
            mark = row.pass_mark if row.pass_mark is not None else "—"
            out.append(f"<tr><td>{h(row.number)}</td><td>{h(row.title)}</td><td>{mark}</td>"
                       f"<td>{_score(row.best)}</td><td>{_score(row.first_try)}</td>"
                       f'<td class="{css}">{h(row.status)}</td><td>{len(row.attempts)}</td>'
                       f"<td>{h(row.last)}</td></tr>")
        out.append("</tbody></table>")
    else:
        out.append("<p>No attempts yet.</p>")
    out += drill_html(report.drills)
    cert = report.certificate
    if cert is not None:
        out += ['<h2>Certificate</h2><div class="certificate">',
                "<h3>Certificate of completion</h3>",
                f"<p><strong>{h(cert.trainee)}</strong> passed every exercise of the course "
                f"<em>{h(cert.course)}</em>, each at or above its pass mark, completing it on "
                f"{h(cert.date)}.</p><ul>"]
        out += [f"<li>{h(title)}: {best}/100 (pass mark {mark})</li>"
                for title, best, mark in cert.scores]
        if cert.drills:
            out.append("</ul><p>Drills passed as well:</p><ul>")
            out += [f"<li>{h(title)}: {best}/100 (pass mark {mark})</li>"
                    for title, best, mark in cert.drills]
        signer = h(cert.trainer) if cert.trainer else "____________________"
        out.append(f'</ul><p class="signature">Trainer: {signer}</p></div>')
    elif report.course is not None:
        out.append(f"<h2>Certificate</h2><p>Not yet: {report.passed} of {len(report.rows)} "
                   f"exercises passed. Still to pass: "
                   f"{', '.join(h(title) for title in report.to_pass)}.</p>")
    for heading, counts in (("Compliance violations", report.violations),
                            ("Procedural slips", report.slips)):
        if not counts:
            continue
        out.append(f"<h2>{heading} and the rules behind them</h2>")
        for kind, count in counts:
            info = KINDS[kind]
            out.append(f'<div class="card"><h3>{h(info.title)} ({count}&times;, '
                       f"&minus;{info.points} each)</h3><p>{h(info.why)}</p>"
                       f'<p class="rule">Rule: {h(info.rule)}</p></div>')
    out.append("<h2>Attempts, by exercise</h2>")
    for row in report.rows:
        if not row.attempts:
            continue
        out.append(f'<div class="card"><h3>{h(row.number)}. {h(row.title)}</h3>')
        for attempt in row.attempts:
            hints = f"hints {attempt.hints}{rewinds_phrase(attempt.rewinds, '; ')}"
            out.append(attempt_html(attempt, hints))
            if attempt.mistakes:
                out.append("<ul>")
                for mistake in attempt.mistakes:
                    task = f" (task {mistake.task})" if mistake.task else ""
                    kind = "violation" if is_compliance(mistake.kind) else "slip"
                    out.append(f'<li class="mistake"><strong>{h(mistake.title)}</strong>{task}, '
                               f'<span class="kind">{kind}</span>, &minus;{mistake.points}: '
                               f'{h(mistake.detail)}. <span class="rule">Rule: '
                               f"{h(mistake.rule)}</span></li>")
                out.append("</ul>")
            else:
                out.append("<p>No mistakes.</p>")
        out.append("</div>")
    out += exam_html(report.exams)
    out.append("</body></html>")
    return "\n".join(out) + "\n"


# -- the recognition drill, apart from the exercises --------------------------------------------

def drill_markdown(drills: tuple[DrillSummary, ...]) -> list[str]:
    if not drills:
        return []
    out = ["## Recognition drill", "",
           "| Drill | Pass mark | Best | First try | Status | Attempts | Texts missed, by kind "
           "(all attempts) |", "|---|---|---|---|---|---|---|"]
    for drill in drills:
        mark = drill.pass_mark if drill.pass_mark is not None else "—"
        out.append(f"| {md(drill.title)} | {mark} | {_score(drill.best)} | "
                   f"{_score(drill.first_try)} | {drill.status} | {len(drill.attempts)} | "
                   f"{md(missed_text(drill.missed)) if drill.attempts else '—'} |")
    out.append("")
    for drill in drills:
        if not drill.attempts:
            continue
        out += [f"### {md(drill.title)}: attempts", ""]
        for attempt in drill.attempts:
            out.append(attempt_markdown(attempt, md(attempt_missed_text(attempt))))
            out += [f"  - {md(mistake.detail)}." for mistake in attempt.mistakes]
        out.append("")
    return out


def drill_html(drills: tuple[DrillSummary, ...]) -> list[str]:
    if not drills:
        return []
    out = ["<h2>Recognition drill</h2>",
           "<table><thead><tr><th>Drill</th><th>Pass mark</th><th>Best</th><th>First try</th>"
           "<th>Status</th><th>Attempts</th><th>Texts missed, by kind (all attempts)</th></tr>"
           "</thead><tbody>"]
    for drill in drills:
        css = "passed" if drill.passed else "failed" if drill.attempts else "locked"
        mark = drill.pass_mark if drill.pass_mark is not None else "—"
        missed = h(missed_text(drill.missed)) if drill.attempts else "—"
        out.append(f"<tr><td>{h(drill.title)}</td><td>{mark}</td><td>{_score(drill.best)}</td>"
                   f"<td>{_score(drill.first_try)}</td>"
                   f'<td class="{css}">{h(drill.status)}</td><td>{len(drill.attempts)}</td>'
                   f"<td>{missed}</td></tr>")
    out.append("</tbody></table>")
    for drill in drills:
        if not drill.attempts:
            continue
        out.append(f'<div class="card"><h3>{h(drill.title)}: attempts</h3>')
        for attempt in drill.attempts:
            out.append(attempt_html(attempt, h(attempt_missed_text(attempt))))
            if attempt.mistakes:
                out.append("<ul>")
                out += [f'<li class="mistake">{h(mistake.detail)}.</li>'
                        for mistake in attempt.mistakes]
                out.append("</ul>")
        out.append("</div>")
    return out


# -- exams, apart from practice ------------------------------------------------------------------

def exam_markdown(sittings: tuple[ExamSitting, ...]) -> list[str]:
    if not sittings:
        return []
    out = ["## Exams (apart from practice)", ""]
    for number, sitting in enumerate(sittings, 1):
        out += [f"### Exam {number}: {sitting.verdict}, {sitting.passed_count} of "
                f"{sitting.total} exercises at their pass mark", "",
                f"{md(when(sitting.at))} · seed {sitting.seed} (`itms-tui train --exam COURSE "
                f"--seed {sitting.seed}` sets the same variants)", ""]
        for attempt in sitting.attempts:
            mark = "passed" if attempt.passed else "not passed"
            mistakes = plural(len(attempt.mistakes), "mistake")
            out.append(f"- {md(attempt.scenario)}: **{attempt.score}/100** (pass mark "
                       f"{attempt.pass_mark}), {mark}; {mistakes}"
                       f"{rewinds_phrase(attempt.rewinds, '; ')}")
        out.append("")
    return out


def exam_html(sittings: tuple[ExamSitting, ...]) -> list[str]:
    if not sittings:
        return []
    out = ["<h2>Exams (apart from practice)</h2>"]
    for number, sitting in enumerate(sittings, 1):
        css = "passed" if sitting.passed else "failed"
        out.append(f'<div class="card"><h3>Exam {number}: <span class="{css}">'
                   f"{sitting.verdict}</span>, {sitting.passed_count} of {sitting.total} "
                   f"exercises at their pass mark</h3><p>{h(when(sitting.at))} · seed "
                   f"{sitting.seed}</p><ul>")
        for attempt in sitting.attempts:
            mark = "passed" if attempt.passed else "not passed"
            mistakes = plural(len(attempt.mistakes), "mistake")
            out.append(f"<li>{h(attempt.scenario)}: <strong>{attempt.score}/100</strong> (pass "
                       f"mark {attempt.pass_mark}), {mark}; {mistakes}"
                       f"{rewinds_phrase(attempt.rewinds, '; ')}</li>")
        out.append("</ul></div>")
    return out


def cohort_exam_markdown(sittings: tuple[ExamSitting, ...]) -> list[str]:
    if not sittings:
        return []
    out = ["## Exams (apart from practice)", "",
           "| Trainee | When | Seed | Exercises at pass mark | Rewinds | Result |",
           "|---|---|---|---|---|---|"]
    out += [f"| {md(s.trainee)} | {md(when(s.at))} | {s.seed} | {s.passed_count} of {s.total} | "
            f"{s.rewinds} | {s.verdict} |" for s in sittings]
    return out + [""]


def cohort_exam_html(sittings: tuple[ExamSitting, ...]) -> list[str]:
    if not sittings:
        return []
    out = ["<h2>Exams (apart from practice)</h2><table><thead><tr><th>Trainee</th><th>When</th>"
           "<th>Seed</th><th>Exercises at pass mark</th><th>Rewinds</th><th>Result</th></tr>"
           "</thead><tbody>"]
    for s in sittings:
        css = "passed" if s.passed else "failed"
        out.append(f"<tr><td>{h(s.trainee)}</td><td>{h(when(s.at))}</td><td>{s.seed}</td>"
                   f"<td>{s.passed_count} of {s.total}</td><td>{s.rewinds}</td>"
                   f'<td class="{css}">{s.verdict}</td></tr>')
    out.append("</tbody></table>")
    return out


def attempt_markdown(attempt: Attempt, details: str) -> str:
    """One attempt's line (an exercise's or a drill's): when, score, verdict, time, `details`
    (Markdown, already made inert)."""
    verdict = "passed" if attempt.passed else "not passed"
    ended = "" if attempt.completed else ", ended early"
    return (f"- {md(when(attempt.at))}: score **{attempt.score}/100** (pass mark "
            f"{attempt.pass_mark}), {verdict}{ended}; {duration(attempt.seconds)}; {details}.")


def attempt_html(attempt: Attempt, details: str) -> str:
    """One attempt's paragraph (an exercise's or a drill's); `details` is HTML, already made
    inert."""
    css = "passed" if attempt.passed else "failed"
    verdict = "passed" if attempt.passed else "not passed"
    ended = "" if attempt.completed else ", ended early"
    return (f"<p>{h(when(attempt.at))}: score <strong>{attempt.score}/100</strong> "
            f'(pass mark {attempt.pass_mark}), <span class="{css}">{verdict}</span>'
            f"{h(ended)}; {h(duration(attempt.seconds))}; {details}.</p>")

