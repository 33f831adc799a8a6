"""The exam: every exercise of a course once, in order, each in a variant drawn from a seed.

A variant is the exercise's scenario file rewritten and read again by the ordinary loader: other
consumers' names (first names in the prose too), other numbers in the same area codes (so the
time zones, and what the send window does, stay the same), another opt-out keyword or emoji where
the consumer texts one, another date (whole weeks back, so the weekday and the daylight-saving
offset stay the same) and, where the prose names no time of day, a few minutes later. A variant
is kept only if the exercise, walked as written, still scores 100 on it; otherwise the next draw
is tried, and after a few the exercise is set as written. The same seed always gives the same
variants, so a trainer can sit exactly the exam a trainee sat (`train --exam … --seed N`).
"""

from __future__ import annotations

import random
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from ..core.keywords import DEFAULT_OPT_OUT, DEFAULT_OPT_OUT_EMOJI, Intent, MatchKind, classify
from ..scenarios.errors import ScenarioInvalid
from ..scenarios.scenario import Scenario
from ..scenarios.validate import parse_scenario
from ..scenarios.yamlnodes import read_text
from .curriculum import Curriculum, Exercise

#: An exercise's time in the exam when the course gives it none.
EXAM_TIME_LIMIT = timedelta(minutes=10)
#: Draws tried before an exercise is set as written.
ATTEMPTS = 6

#: Replacement consumers, by the pronoun the prose uses for them.
NAMES = {
    "she": ("Ana Lima", "Grace Kim", "Nora Patel", "Maya Cohen", "Lucia Romero", "Ivy Chen",
            "Hana Sato", "Elena Petrova"),
    "he": ("Leo Grant", "Raj Mehta", "Diego Ruiz", "Owen Price", "Yusuf Aydin", "Paul Novak",
           "Kofi Boateng", "Luca Bianchi"),
}
#: The pronoun the course's prose uses for each first name it has (a name not listed keeps its
#: place: renaming it could leave a "she" for a "he").
PRONOUNS = {
    "Jane": "she", "Rosa": "she", "Maria": "she", "Carla": "she", "Dana": "she", "Linda": "she",
    "Sam": "he", "Tom": "he", "Ben": "he", "Omar": "he", "Kwame": "he", "James": "he",
}
#: Opt-out words a variant may swap in (the rude ones stay out of an exam's script).
POLITE_OPT_OUT = tuple(word for word in DEFAULT_OPT_OUT if "*" not in word and "fuck" not in word)

#: US numbers in 555-01xx as a scenario writes them: +16175550101, (617) 555-0101, 617-555-0101.
_NUMBERS = (re.compile(r"\+1(?P<area>[2-9]\d\d)555(?P<line>\d{4})\b"),
            re.compile(r"(?<![\d+])\(?(?P<area>[2-9]\d\d)\)?[ -]555-(?P<line>\d{4})\b"))
_CLOCK = re.compile(r'(?P<key>clock:\s*"?)(?P<date>\d{4}-\d{2}-\d{2})T(?P<h>\d{2}):(?P<m>\d{2})')
_TIME_OF_DAY = re.compile(r"\b\d{1,2}(?::\d{2})?\s?(?:am|pm)\b", re.IGNORECASE)
_CONSUMER = re.compile(r'^(?P<lead>\s*-?\s*consumer:\s*)(?P<q>"?)(?P<text>[^"\n#]*?)(?P=q)\s*$',
                       re.MULTILINE)
_ACCOUNT_NAME = re.compile(r"consumer:\s*(?P<name>[A-Z][a-z]+ [A-Z][a-z]+)\s*,")


def new_exam_seed() -> int:
    return secrets.randbelow(2**31)


def variant_seed(exam_seed: int, exercise: Exercise) -> int:
    """Each exercise's own seed, from the exam's: the same exam seed, the same variants."""
    return random.Random(f"{exam_seed}:{exercise.id}").randrange(2**31)


def _formats(area: str, line: str) -> list[str]:
    return [f"+1{area}555{line}", f"({area}) 555-{line}", f"{area}-555-{line}",
            f"{area}555{line}"]


def rewrite(text: str, rng: random.Random) -> str:
    """`text` (a scenario file) with names, numbers, the opt-out keyword or emoji, and the date
    drawn anew from `rng`."""
    # Names: each account's consumer, and their first name wherever the prose uses it.
    taken: set[str] = set()
    names: dict[str, str] = {}
    for found in _ACCOUNT_NAME.finditer(text):
        name = found["name"]
        first = name.split()[0]
        pronoun = PRONOUNS.get(first)
        if name in names or pronoun is None:
            continue
        choices = [n for n in NAMES[pronoun] if n.split()[0] not in taken
                   and n.split()[0] not in PRONOUNS]
        new = rng.choice(choices)
        taken.add(new.split()[0])
        names[name] = new
    for old, new in names.items():
        text = text.replace(old, new)
        text = re.sub(rf"\b{re.escape(old.split()[0])}\b", new.split()[0], text)

    # Numbers: the same area code, another fictional line (555-0100 to 555-0199).
    lines = {(m["area"], m["line"]) for pattern in _NUMBERS for m in pattern.finditer(text)
             if m["area"] != "800"}
    free = [f"01{n:02d}" for n in range(100)]
    rng.shuffle(free)
    free = [line for line in free if all(line != old for _a, old in lines)]
    mapping = {old: (old[0], free.pop()) for old in sorted(lines)}
    replacements: dict[str, str] = {}
    for (area, line), (_same, new) in mapping.items():
        for before, after in zip(_formats(area, line), _formats(area, new)):
            replacements[before] = after
    if replacements:
        pattern = re.compile("|".join(re.escape(k) for k in sorted(replacements, key=len,
                                                                      reverse=True)))
        text = pattern.sub(lambda m: replacements[m.group(0)], text)

    # The opt-out keyword or emoji the consumer texts, and its name in the prose.
    swaps: dict[str, str] = {}

    def consumer_line(found: re.Match[str]) -> str:
        said = found["text"]
        meaning = classify(said)
        if meaning.intent is not Intent.OPT_OUT:
            return found.group(0)
        if said not in swaps:
            if meaning.kind is MatchKind.EMOJI:
                swaps[said] = rng.choice([e for e in DEFAULT_OPT_OUT_EMOJI if e not in said])
            else:
                word = rng.choice([w for w in POLITE_OPT_OUT if w != meaning.matched[0]])
                swaps[said] = word.upper() if said.isupper() else word
        return f'{found["lead"]}"{swaps[said]}"'

    text = _CONSUMER.sub(consumer_line, text)
    for old, new in swaps.items():
        if old.isupper() and len(old) > 1:
            text = re.sub(rf"(?<![\w-]){re.escape(old)}(?![\w-])(?! to opt out)", new.upper(),
                          text)
        elif not old.isalpha():
            text = text.replace(old, new).replace("stop-sign emoji", "opt-out emoji")

    # The date: whole weeks back; minutes later only where the prose names no time of day.
    weeks = rng.randint(1, 8)
    minutes = 0 if _TIME_OF_DAY.search(text) else rng.randint(1, 9)

    def clock(found: re.Match[str]) -> str:
        from datetime import date

        day = date.fromisoformat(found["date"]) - timedelta(weeks=weeks)
        minute = int(found["m"]) + minutes
        return (f"{found['key']}{day.isoformat()}T{found['h']}:"
                f"{min(minute, 59):02d}")

    return _CLOCK.sub(clock, text)


@dataclass(frozen=True)
class ExamExercise:
    exercise: Exercise
    #: The variant the trainee is set (the exercise as written when no draw held).
    scenario: Scenario
    seed: int
    time_limit: timedelta
    #: False when every draw broke the exercise and it is set as written.
    varied: bool


def exam_exercise(exercise: Exercise, exam_seed: int,
                  check: Callable[[Scenario], bool] | None = None) -> ExamExercise:
    """`exercise`'s variant for the exam drawn from `exam_seed`."""
    seed = variant_seed(exam_seed, exercise)
    rng = random.Random(seed)
    source = read_text(exercise.path, str(exercise.path))
    check = check or scores_100
    limit = exercise.time_limit or EXAM_TIME_LIMIT
    for _ in range(ATTEMPTS):
        try:
            variant = parse_scenario(rewrite(source, rng), str(exercise.path),
                                     path=exercise.path)
        except ScenarioInvalid:
            continue
        if check(variant):
            return ExamExercise(exercise, variant, seed, limit, True)
    return ExamExercise(exercise, exercise.scenario, seed, limit, False)


def scores_100(scenario: Scenario) -> bool:
    """Whether `scenario`, walked as written, scores 100 (so the variant is a fair exercise)."""
    from .replay import grade_recording

    grade = grade_recording(scenario, scenario)
    return grade.score == 100 and not grade.divergences


def exam_exercises(course: Curriculum, exam_seed: int) -> list[ExamExercise]:
    return [exam_exercise(exercise, exam_seed) for exercise in course.exercises]


__all__ = ["EXAM_TIME_LIMIT", "ExamExercise", "exam_exercise", "exam_exercises",
           "new_exam_seed", "rewrite", "scores_100", "variant_seed"]
