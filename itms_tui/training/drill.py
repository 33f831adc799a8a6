"""The recognition drill: a stream of consumer texts, and for each one the trainee says whether it
opts the number out (y), is a possible opt-out a person must judge (p), or is not one (n).

The stream covers every opt-out keyword and emoji of the keyword settings (each emoji also in a
spelling: as it is, with a style selector, a skin tone, doubled, spaced), texts that only contain an opt-out word
or say stop in other words, and decoys. The right answer to each text, and the explanation of a
wrong one, come from the engine's own classifier (`core.keywords.classify`): the drill keeps no
answer list of its own, so it can never teach something the desk does not do.

Each item has a time limit; no answer in time counts as wrong. The score is 100 less each missed
item's share of 100 (the shares add up to exactly 100), so it reads like an exercise's.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from ..core.keywords import (
    Classification,
    Intent,
    KeywordSettings,
    MatchKind,
    Normalisation,
    classify,
    normalisations,
    normalise,
)
from .grading import Grade, TaskResult
from .mistakes import Mistake

#: The only drill there is, as a curriculum names it (`drill: recognition`).
DRILL_KINDS = ("recognition",)
#: Seconds to answer one text, unless the curriculum says otherwise.
DEFAULT_SECONDS_PER_ITEM = 10
#: The kind of mistake a wrong answer is.
MISREAD = "misread_opt_out"

_SKIN_TONE = "\U0001F3FD"
_STYLE = "\uFE0F"
#: Emoji that take a skin tone (of the opt-out ones, the middle finger).
_TONED = frozenset({"\U0001F595"})

#: Texts that only contain an opt-out word, or say stop in other words: what the classifier
#: makes of each is its business, not this list's.
SENTENCES: tuple[str, ...] = (
    "please stop texting me",
    "Wrong number, I don't know any Jane",
    "I revoke my consent to these messages",
    "remove me from this list",
    "Can you cancel my appointment tomorrow?",
    "\U0001F6D1 no more please",
    "leave me alone!!",
    "not interested, thanks",
    "I'll pay at the end of the month",
    "STOP IT",
    "don’t text this number again",
    "I want to opt out of texts",
)
#: Texts that look like an opt-out at a glance.
DECOYS: tuple[str, ...] = (
    "I stopped by the office and paid",
    "Can I pay $50 on Friday?",
    "YES",
    "HELP",
    "START",
    "UNSTOP",
    "Unstoppable \U0001F602",
    "Weekend works for me",
    "blocked in traffic, I'll call you later",
    "\U0001F64F thanks",
)


class Answer(StrEnum):
    """What the trainee says of a text, by its key."""

    OPTS_OUT = "y"
    POSSIBLE = "p"
    NO = "n"

    @property
    def words(self) -> str:
        return {"y": "an opt-out", "p": "a possible opt-out", "n": "not an opt-out"}[self.value]


def answer_for(classification: Classification) -> Answer:
    """The right answer to a text the engine classified so."""
    if classification.intent is Intent.OPT_OUT:
        return Answer.OPTS_OUT
    if classification.intent is Intent.POSSIBLE_OPT_OUT:
        return Answer.POSSIBLE
    return Answer.NO


#: What a text is, as the reports count the texts missed: the engine's reading of it.
TEXT_KINDS = ("opt-out keyword", "opt-out emoji", "possible opt-out", "not an opt-out")


def text_kind(classification: Classification) -> str:
    """What a text the engine classified so is, in `TEXT_KINDS`' words."""
    if classification.intent is Intent.OPT_OUT:
        return "opt-out emoji" if classification.kind is MatchKind.EMOJI else "opt-out keyword"
    if classification.intent is Intent.POSSIBLE_OPT_OUT:
        return "possible opt-out"
    return "not an opt-out"


@dataclass(frozen=True)
class DrillTally:
    """What the records keep of a drill attempt beyond its grade: how many texts it asked, and
    how many of each kind were missed (a wrong answer, none in time, or not reached)."""

    texts: int
    missed: tuple[tuple[str, int], ...]

    @classmethod
    def from_data(cls, data: dict) -> DrillTally:
        missed = data.get("missed") or {}
        return cls(int(data.get("texts", 0)),
                   tuple((kind, int(missed[kind])) for kind in TEXT_KINDS if missed.get(kind)))

    def to_data(self) -> dict:
        return {"texts": self.texts, "missed": dict(self.missed)}

    @property
    def missed_count(self) -> int:
        return sum(count for _kind, count in self.missed)


@dataclass(frozen=True)
class DrillItem:
    text: str
    #: Where the text came from: keyword, emoji, sentence or decoy (for coverage, not answers).
    family: str
    classification: Classification

    @property
    def answer(self) -> Answer:
        return answer_for(self.classification)

    @property
    def kind(self) -> str:
        return text_kind(self.classification)

    @property
    def explanation(self) -> str:
        return explain(self.text, self.classification)


_IGNORED = {
    Normalisation.CASE: "capitals",
    Normalisation.PUNCTUATION: "punctuation",
    Normalisation.SPACING: "spaces",
    Normalisation.SKIN_TONE: "the skin tone",
    Normalisation.VARIATION_SELECTOR: "the emoji style selector",
}


def explain(text: str, classification: Classification) -> str:
    """Why the engine reads `text` as it does, in a trainee's words."""
    ignored = [words for kind, words in _IGNORED.items() if kind in normalisations(text)]
    listed = ", ".join(ignored[:-1]) + " and " + ignored[-1] if len(ignored) > 1 else \
        "".join(ignored)
    aside = f" (ITMS ignores {listed})" if ignored else ""
    intent = classification.intent
    if intent is Intent.OPT_OUT and classification.kind is MatchKind.EMOJI:
        return (f"It is only opt-out emoji, {classification.reason}{aside}: the number is opted "
                "out at once.")
    if intent is Intent.OPT_OUT:
        return (f"It reads “{normalise(text)}”{aside}, exactly the opt-out "
                f"{classification.reason}: the number is opted out at once.")
    if intent is Intent.POSSIBLE_OPT_OUT:
        return (f"It is not exactly a keyword, but it {classification.reason}: ITMS flags it as "
                "a possible opt-out and a person decides (opt the number out, or dismiss the "
                "flag with a reason).")
    if intent is Intent.YES:
        return "It is YES: the answer to an opt-in request, nothing like an opt-out."
    if intent is Intent.HELP:
        return "It is a HELP keyword: ITMS answers with the help text, and nothing changes."
    if intent is Intent.SIGNUP:
        return (f"“{normalise(text)}” is a SIGNUP keyword: it asks to opt back in, the opposite "
                "of an opt-out.")
    return ("It holds no opt-out keyword, opt-out emoji or revocation phrase as a whole word: "
            "ordinary text, which goes to the agent's inbox.")


def _keyword_variant(word: str, rng: random.Random) -> str:
    return rng.choice((word.upper(), word.capitalize(), f" {word.title()}. ", f"{word}!!",
                       f"{word.upper()}."))


#: How the emoji without a skin tone are written, one each: every spelling appears in every drill.
_EMOJI_SPELLINGS: tuple[Callable[[str], str], ...] = (
    lambda emoji: emoji,
    lambda emoji: emoji + _STYLE,
    lambda emoji: emoji * 2,
    lambda emoji: f"{emoji} {emoji}",
    lambda emoji: emoji + _STYLE,
    lambda emoji: f"{emoji}{emoji}{emoji}",
)


def _emoji_texts(emoji: tuple[str, ...], rng: random.Random) -> list[str]:
    spellings = list(_EMOJI_SPELLINGS)
    rng.shuffle(spellings)
    texts = []
    for one in emoji:
        if one in _TONED:
            texts.append(one + _SKIN_TONE)
        else:
            spell = spellings.pop() if spellings else _EMOJI_SPELLINGS[0]
            texts.append(spell(one))
    return texts


def drill_items(keywords: KeywordSettings | None = None, seed: int = 0) -> list[DrillItem]:
    """The drill's texts for `keywords`, in an order (and spellings) drawn from `seed`."""
    keywords = keywords or KeywordSettings()
    rng = random.Random(seed)
    drawn: list[tuple[str, str]] = []
    drawn += [(_keyword_variant(word, rng), "keyword") for word in keywords.opt_out]
    drawn += [(text, "emoji") for text in _emoji_texts(keywords.opt_out_emoji, rng)]
    drawn += [(text, "sentence") for text in SENTENCES]
    drawn += [(text, "decoy") for text in DECOYS]
    rng.shuffle(drawn)
    return [DrillItem(text, family, classify(text, keywords)) for text, family in drawn]


@dataclass(frozen=True)
class ItemResult:
    item: DrillItem
    #: None: no answer before the time ran out.
    given: Answer | None
    seconds: float

    @property
    def right(self) -> bool:
        return self.given is self.item.answer


def shares(count: int) -> list[int]:
    """100 points split over `count` items as whole numbers that add up to exactly 100."""
    base, extra = divmod(100, count)
    return [base + (1 if index < extra else 0) for index in range(count)]


class DrillRun:
    """One go at the drill: the current text, answers, time limits, and the grade."""

    def __init__(self, items: list[DrillItem], *, name: str = "Does this opt out?",
                 pass_mark: int = 90, seconds_per_item: float = DEFAULT_SECONDS_PER_ITEM,
                 timer: Callable[[], float] = time.monotonic) -> None:
        if not items:
            raise ValueError("a drill needs at least one text")
        self.items = items
        self.name = name
        self.pass_mark = pass_mark
        self.seconds_per_item = seconds_per_item
        self.timer = timer
        self.results: list[ItemResult] = []
        self.points = shares(len(items))
        self.started_at = timer()
        self._item_started = self.started_at
        self.ended_early = False

    @property
    def position(self) -> int:
        return len(self.results)

    @property
    def current(self) -> DrillItem | None:
        if self.ended_early or self.position >= len(self.items):
            return None
        return self.items[self.position]

    @property
    def finished(self) -> bool:
        return self.current is None

    def remaining(self) -> float:
        """Seconds left to answer the current text."""
        return max(0.0, self.seconds_per_item - (self.timer() - self._item_started))

    def answer(self, given: Answer | None) -> ItemResult | None:
        """Record `given` for the current text (None, or too late: not answered)."""
        item = self.current
        if item is None:
            return None
        took = self.timer() - self._item_started
        if took > self.seconds_per_item:
            given = None
        result = ItemResult(item, given, took)
        self.results.append(result)
        self._item_started = self.timer()
        return result

    def time_out(self) -> ItemResult | None:
        """The current text's time is up: it counts as not answered."""
        return self.answer(None)

    def stop(self) -> None:
        """End now; the texts not answered count as wrong, and the drill does not pass."""
        if not self.finished:
            self.ended_early = True

    def missed(self) -> list[int]:
        """The indexes of the texts answered wrong, too late, or not at all."""
        return [index for index in range(len(self.items))
                if index >= len(self.results) or not self.results[index].right]

    def score(self) -> int:
        """100 less the share of each text missed."""
        return 100 - sum(self.points[index] for index in self.missed())

    def tally(self) -> DrillTally:
        counts = {kind: 0 for kind in TEXT_KINDS}
        for index in self.missed():
            counts[self.items[index].kind] += 1
        return DrillTally(len(self.items), tuple((k, n) for k, n in counts.items() if n))

    def grade(self) -> Grade:
        mistakes: list[Mistake] = []
        tasks: list[TaskResult] = []
        for number, (item, points) in enumerate(zip(self.items, self.points), 1):
            result = self.results[number - 1] if number <= len(self.results) else None
            shown = " ".join(item.text.split()) or item.text
            if result is None:
                status, seconds = "open", 0.0
            else:
                status, seconds = ("done" if result.given is not None else "open"), result.seconds
            tasks.append(TaskResult(number, f"“{shown}”: {item.answer.words}", status, seconds,
                                    0, 1 if result is not None else 0))
            if result is not None and result.right:
                continue
            if result is None:
                said = "the drill ended before it"
            elif result.given is None:
                said = f"no answer in {self.seconds_per_item:g}s"
            else:
                said = f"you said {result.given.words}"
            mistakes.append(Mistake(MISREAD, f"“{shown}”: {said}; it is {item.answer.words}. "
                                             f"{item.explanation.rstrip('.')}", number,
                                    points=points))
        end = self.timer()
        return Grade(self.name, self.score(), self.pass_mark, tuple(mistakes), 0, tuple(tasks),
                     end - self.started_at, completed=not self.ended_early)


__all__ = ["Answer", "DEFAULT_SECONDS_PER_ITEM", "DECOYS", "DRILL_KINDS", "DrillItem",
           "DrillRun", "DrillTally", "ItemResult", "MISREAD", "SENTENCES", "TEXT_KINDS",
           "answer_for", "drill_items", "explain", "shares", "text_kind"]
