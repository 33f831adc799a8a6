"""The cohort report (`itms-tui report --cohort`): every trainee in a records file at once.

For a training manager: the pass rate of each exercise (and how many passed at the first try),
the mistakes made per rule, and who is stuck where (the exercise a trainee is on and has not
passed, with the attempts spent on it), and the recognition drill apart (each trainee's best and
first-try score, the texts missed by kind). Markdown, CSV (a row per trainee and exercise or
drill, for a spreadsheet) and self-contained HTML with inline SVG charts (no script, nothing
loaded).
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from ..inert import inert_line
from .curriculum import Curriculum
from .drill_report import (
    DrillSummary,
    drill_summaries,
    is_drill_attempt,
    missed_by_kind,
    missed_text,
)
from .mistakes import KINDS
from .trainee_records import Attempt, TraineeRecords
from .exam_report import ExamSitting, cohort_exams
from .trainee_report import (
    cohort_exam_html,
    cohort_exam_markdown,
    h,
    is_compliance,
    md,
    natural_key,
    page_head,
    when,
)


@dataclass(frozen=True)
class ExerciseStats:
    key: tuple[str, str]
    number: int
    title: str
    #: Trainees who tried it, passed it, and passed it at their first attempt.
    tried: int
    passed: int
    first_try: int
    attempts: int

    @property
    def pass_rate(self) -> float | None:
        return self.passed / self.tried if self.tried else None


@dataclass(frozen=True)
class Standing:
    """Where one trainee is."""

    trainee: str
    passed: int
    total: int
    #: The exercise they are on and have not passed (None: nothing open, or all passed).
    stuck_on: str | None
    attempts_on_it: int
    last_mistake: str | None
    last_seen: str


@dataclass(frozen=True)
class RuleCount:
    kind: str
    mistakes: int
    trainees: int


@dataclass(frozen=True)
class Cohort:
    generated: str
    course: str | None
    exercises: tuple[ExerciseStats, ...]
    standings: tuple[Standing, ...]
    rules: tuple[RuleCount, ...]
    #: Every (trainee, exercise) with its attempts, for the CSV.
    cells: tuple[tuple[str, ExerciseStats, tuple[Attempt, ...]], ...]
    #: Every exam sitting (`exam_report.py`), apart from the practice figures above.
    exams: tuple[ExamSitting, ...] = ()
    #: Each trainee's drills (`drill_report.py`), apart from the exercises' figures.
    drills: tuple[tuple[str, DrillSummary], ...] = ()

    @property
    def drill_missed(self) -> tuple[tuple[str, int], ...]:
        """The texts the cohort missed in the drills, by kind."""
        return missed_by_kind([a for _name, d in self.drills for a in d.attempts])


def _exercise_keys(course: Curriculum | None, attempts: list[Attempt]
                   ) -> list[tuple[tuple[str, str], str]]:
    if course is not None:
        return [((course.name, e.id), e.title) for e in course.exercises]
    titles: dict[tuple[str, str], str] = {}
    for attempt in attempts:
        titles[(attempt.course or "", attempt.exercise)] = attempt.scenario
    order = sorted(titles, key=lambda key: (natural_key(key[0]), natural_key(key[1])))
    return [(key, titles[key]) for key in order]


def build_cohort(records: TraineeRecords, *, course: Curriculum | None = None,
                 generated: datetime | None = None) -> Cohort:
    names = records.trainees()
    mine: dict[str, list[Attempt]] = {}
    #: When each trainee last trained (an exercise or a drill).
    seen: dict[str, str] = {}
    drills: list[tuple[str, DrillSummary]] = []
    for name in names:
        found = records.attempts(name, course.name) if course is not None else \
            records.attempts(name)
        drills += [(name, d) for d in drill_summaries(found, course) if d.attempts]
        mine[name] = [a for a in found if not is_drill_attempt(a, course)]
        seen[name] = when(found[-1].at) if found else "—"
    every = [a for found in mine.values() for a in found]
    keys = _exercise_keys(course, every)

    def key_of(attempt: Attempt) -> tuple[str, str]:
        return (course.name if course is not None else attempt.course or "", attempt.exercise)

    by_cell: dict[tuple[str, tuple[str, str]], list[Attempt]] = {}
    for name, found in mine.items():
        for attempt in found:
            by_cell.setdefault((name, key_of(attempt)), []).append(attempt)

    stats: list[ExerciseStats] = []
    for number, (key, title) in enumerate(keys, 1):
        cells = [by_cell.get((name, key), []) for name in names]
        tried = [c for c in cells if c]
        stats.append(ExerciseStats(
            key, number, title, len(tried), sum(1 for c in tried if any(a.passed for a in c)),
            sum(1 for c in tried if c[0].passed), sum(len(c) for c in tried)))

    standings: list[Standing] = []
    for name in names:
        found = mine[name]
        passed = {key_of(a) for a in found if a.passed}
        stuck: tuple[str, str] | None = None
        if course is not None:
            open_one = course.next_exercise({key[1] for key in passed})
            if open_one is not None and by_cell.get((name, (course.name, open_one.id))):
                stuck = (course.name, open_one.id)
        else:
            failing = [s.key for s in stats if s.key not in passed and by_cell.get((name, s.key))]
            if failing:
                stuck = max(failing, key=lambda key: len(by_cell[(name, key)]))
        title = next((s.title for s in stats if s.key == stuck), None) if stuck else None
        last_mistake = next((m.title for a in reversed(found) for m in reversed(a.mistakes)),
                            None)
        standings.append(Standing(
            name, len(passed & {s.key for s in stats}), len(stats), title,
            len(by_cell.get((name, stuck), [])) if stuck else 0, last_mistake, seen[name]))

    counts = Counter(m.kind for a in every for m in a.mistakes)
    people = Counter(kind for name in names
                     for kind in {m.kind for a in mine[name] for m in a.mistakes})
    rules = tuple(RuleCount(kind, n, people[kind]) for kind, n in counts.most_common())
    cells = tuple((name, s, tuple(by_cell.get((name, s.key), []))) for name in names
                  for s in stats if by_cell.get((name, s.key)))
    moment = generated or datetime.now().astimezone()
    return Cohort(moment.strftime("%Y-%m-%d %H:%M %Z").strip(),
                  course.name if course is not None else None, tuple(stats), tuple(standings),
                  rules, cells, _exams(records, course), tuple(drills))


def _exams(records: TraineeRecords, course: Curriculum | None) -> tuple[ExamSitting, ...]:
    return cohort_exams(records, course.name if course is not None else ...,
                        len(course.exercises) if course is not None else None)


def _rate(stats: ExerciseStats) -> str:
    rate = stats.pass_rate
    return "—" if rate is None else f"{rate:.0%}"


def render_cohort_markdown(cohort: Cohort) -> str:
    out = ["# Cohort report", "",
           f"Generated {md(cohort.generated)}" + (
               f" for the course *{md(cohort.course)}*." if cohort.course else "."),
           f"{len(cohort.standings)} trainees.", "", "## Exercises", ""]
    if cohort.exercises:
        out += ["| # | Exercise | Tried | Passed | Pass rate | Passed at first try | Attempts |",
                "|---|---|---|---|---|---|---|"]
        out += [f"| {s.number} | {md(s.title)} | {s.tried} | {s.passed} | {_rate(s)} | "
                f"{s.first_try} | {s.attempts} |" for s in cohort.exercises]
    else:
        out.append("No attempts yet.")
    out += ["", "## Who is stuck where", ""]
    if cohort.standings:
        out += ["| Trainee | Passed | Stuck on | Attempts on it | Last mistake | Last seen |",
                "|---|---|---|---|---|---|"]
        for s in cohort.standings:
            out.append(f"| {md(s.trainee)} | {s.passed} of {s.total} | "
                       f"{md(s.stuck_on) if s.stuck_on else '—'} | "
                       f"{s.attempts_on_it or '—'} | "
                       f"{md(s.last_mistake) if s.last_mistake else '—'} | {md(s.last_seen)} |")
    else:
        out.append("No trainees yet.")
    out += ["", "## Mistakes per rule", ""]
    if cohort.rules:
        out += ["| Mistake | Kind | Rule | Mistakes | Trainees |", "|---|---|---|---|---|"]
        for r in cohort.rules:
            info = KINDS[r.kind]
            kind = "violation" if is_compliance(r.kind) else "slip"
            out.append(f"| {md(info.title)} | {kind} | {md(info.rule)} | {r.mistakes} | "
                       f"{r.trainees} |")
    else:
        out.append("No mistakes.")
    out += [""] + _drill_markdown(cohort) + cohort_exam_markdown(cohort.exams)
    return "\n".join(out).rstrip() + "\n"


def _csv_cell(value: object) -> str:
    """A cell a spreadsheet shows as text: inert, and never read as a formula."""
    text = inert_line(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def render_cohort_csv(cohort: Cohort) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["trainee", "exercise_number", "exercise", "attempts", "best", "first_try",
                     "passed", "violations", "slips", "last_attempt"])
    for name, stats, attempts in cohort.cells:
        mistakes = [m for a in attempts for m in a.mistakes]
        writer.writerow([_csv_cell(name), stats.number, _csv_cell(stats.title), len(attempts),
                         max(a.score for a in attempts), attempts[0].score,
                         "yes" if any(a.passed for a in attempts) else "no",
                         sum(1 for m in mistakes if is_compliance(m.kind)),
                         sum(1 for m in mistakes if not is_compliance(m.kind)),
                         when(attempts[-1].at)])
    for name, drill in cohort.drills:
        attempts = drill.attempts
        writer.writerow([_csv_cell(name), "d", _csv_cell(drill.title), len(attempts),
                         drill.best, drill.first_try, "yes" if drill.passed else "no", 0,
                         sum(len(a.mistakes) for a in attempts), when(attempts[-1].at)])
    return buffer.getvalue()


def bar_chart(bars: list[tuple[str, float, str]], *, caption: str, scale: float) -> str:
    """An inline SVG of horizontal bars: (label, value, value's text); `scale` is a full bar."""
    row, label_width, bar_width = 26, 380, 340
    height = row * len(bars) + 10
    width = label_width + bar_width + 80
    out = [f'<figure><svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" '
           f'height="{height}" aria-label="{h(caption)}">']
    for i, (label, value, text) in enumerate(bars):
        y = 5 + i * row
        filled = 0 if scale <= 0 else round(bar_width * value / scale)
        short = label if len(label) <= 48 else label[:47] + "…"
        out.append(f'<text x="{label_width - 8}" y="{y + 16}" text-anchor="end" '
                   f'font-size="13" fill="#1d2330">{h(short)}</text>')
        out.append(f'<rect x="{label_width}" y="{y + 3}" width="{bar_width}" height="18" '
                   'fill="#eef2fa"/>')
        out.append(f'<rect x="{label_width}" y="{y + 3}" width="{filled}" height="18" '
                   'fill="#2d6cdf"/>')
        out.append(f'<text x="{label_width + bar_width + 8}" y="{y + 16}" font-size="13" '
                   f'fill="#1d2330">{h(text)}</text>')
    out.append(f"</svg><figcaption>{h(caption)}</figcaption></figure>")
    return "".join(out)


def render_cohort_html(cohort: Cohort) -> str:
    out = page_head("Cohort report")
    out.append(f"<p>Generated {h(cohort.generated)}"
               + (f" for the course <em>{h(cohort.course)}</em>" if cohort.course else "")
               + f"; {len(cohort.standings)} trainees.</p>")
    out.append("<h2>Exercises</h2>")
    if cohort.exercises:
        out.append(bar_chart(
            [(f"{s.number}. {s.title}", s.pass_rate or 0.0,
              f"{_rate(s)} of {s.tried}" if s.tried else "not tried") for s in cohort.exercises],
            caption="Pass rate per exercise, among the trainees who tried it", scale=1.0))
        out.append("<table><thead><tr><th>#</th><th>Exercise</th><th>Tried</th><th>Passed</th>"
                   "<th>Pass rate</th><th>Passed at first try</th><th>Attempts</th></tr>"
                   "</thead><tbody>")
        out += [f"<tr><td>{s.number}</td><td>{h(s.title)}</td><td>{s.tried}</td>"
                f"<td>{s.passed}</td><td>{_rate(s)}</td><td>{s.first_try}</td>"
                f"<td>{s.attempts}</td></tr>" for s in cohort.exercises]
        out.append("</tbody></table>")
    else:
        out.append("<p>No attempts yet.</p>")
    out.append("<h2>Who is stuck where</h2>")
    if cohort.standings:
        out.append("<table><thead><tr><th>Trainee</th><th>Passed</th><th>Stuck on</th>"
                   "<th>Attempts on it</th><th>Last mistake</th><th>Last seen</th></tr>"
                   "</thead><tbody>")
        for s in cohort.standings:
            stuck = h(s.stuck_on) if s.stuck_on else "—"
            css = ' class="failed"' if s.stuck_on else ""
            out.append(f"<tr><td>{h(s.trainee)}</td><td>{s.passed} of {s.total}</td>"
                       f"<td{css}>{stuck}</td><td>{s.attempts_on_it or '—'}</td>"
                       f"<td>{h(s.last_mistake) if s.last_mistake else '—'}</td>"
                       f"<td>{h(s.last_seen)}</td></tr>")
        out.append("</tbody></table>")
    else:
        out.append("<p>No trainees yet.</p>")
    out.append("<h2>Mistakes per rule</h2>")
    if cohort.rules:
        most = max(r.mistakes for r in cohort.rules)
        out.append(bar_chart([(KINDS[r.kind].title, r.mistakes,
                               f"{r.mistakes} by {r.trainees}") for r in cohort.rules],
                             caption="Mistakes per rule (how many, by how many trainees)",
                             scale=float(most)))
        out.append("<table><thead><tr><th>Mistake</th><th>Kind</th><th>Rule</th>"
                   "<th>Mistakes</th><th>Trainees</th></tr></thead><tbody>")
        for r in cohort.rules:
            info = KINDS[r.kind]
            kind = "violation" if is_compliance(r.kind) else "slip"
            out.append(f"<tr><td>{h(info.title)}</td><td>{kind}</td>"
                       f'<td class="rule">{h(info.rule)}</td><td>{r.mistakes}</td>'
                       f"<td>{r.trainees}</td></tr>")
        out.append("</tbody></table>")
    else:
        out.append("<p>No mistakes.</p>")
    out += _drill_html(cohort)
    out += cohort_exam_html(cohort.exams)
    out.append("</body></html>")
    return "\n".join(out) + "\n"


# -- the recognition drill, apart from the exercises --------------------------------------------

def _drill_markdown(cohort: Cohort) -> list[str]:
    if not cohort.drills:
        return []
    out = ["## Recognition drill", "",
           f"Texts missed by the cohort, by kind: {md(missed_text(cohort.drill_missed))}.", "",
           "| Trainee | Drill | Attempts | Best | First try | Status | Texts missed, by kind |",
           "|---|---|---|---|---|---|---|"]
    out += [f"| {md(name)} | {md(d.title)} | {len(d.attempts)} | {d.best}/100 | "
            f"{d.first_try}/100 | {d.status} | {md(missed_text(d.missed))} |"
            for name, d in cohort.drills]
    return out + [""]


def _drill_html(cohort: Cohort) -> list[str]:
    if not cohort.drills:
        return []
    out = ["<h2>Recognition drill</h2>"]
    missed = cohort.drill_missed
    if missed:
        out.append(bar_chart([(kind, count, str(count)) for kind, count in missed],
                             caption="Texts missed in the drill by the cohort, by kind",
                             scale=float(max(count for _kind, count in missed))))
    out.append("<table><thead><tr><th>Trainee</th><th>Drill</th><th>Attempts</th><th>Best</th>"
               "<th>First try</th><th>Status</th><th>Texts missed, by kind</th></tr></thead>"
               "<tbody>")
    for name, d in cohort.drills:
        css = "passed" if d.passed else "failed"
        out.append(f"<tr><td>{h(name)}</td><td>{h(d.title)}</td><td>{len(d.attempts)}</td>"
                   f"<td>{d.best}/100</td><td>{d.first_try}/100</td>"
                   f'<td class="{css}">{h(d.status)}</td><td>{h(missed_text(d.missed))}</td>'
                   "</tr>")
    out.append("</tbody></table>")
    return out
