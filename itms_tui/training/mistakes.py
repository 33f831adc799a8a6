"""The catalogue: every kind of mistake a trainee can make, with the rule behind it, in plain
words. It is the one source of these texts: the grader names a kind, and the live coach, the
hints (`tasks.derive_hint`), the score card, `itms-tui grade` and the reports all read its title,
rule, explanation and advice from here.

The rule texts paraphrase the sources in `reference/consent-rules.md` (FCC 24-24, CTIA, Regulation F,
the carriers' STOP handling). They are training material, not legal advice.

Scoring (see `score`): an exercise starts at 100; each mistake takes off its kind's `points`,
each hint used takes off `HINT_POINTS`; the score never goes below 0.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

#: Points a hint costs.
HINT_POINTS = 5
#: The pass mark when neither the curriculum nor the scenario gives one.
DEFAULT_PASS_MARK = 80


@dataclass(frozen=True)
class MistakeKind:
    id: str
    #: What went wrong, as a heading: "Texted a number that has opted out".
    title: str
    #: The rule behind it, as a citation: "FCC 24-24 (47 CFR 64.1200(a)(10)); carrier STOP".
    rule: str
    #: Why the rule exists and what to do instead, in plain words.
    why: str
    points: int
    #: Compliance mistakes break a consent rule; the others are about doing the task.
    compliance: bool = True
    #: How not to make it, as a hint says it before the fact (empty: nothing to add to a hint).
    advice: str = ""


KINDS: dict[str, MistakeKind] = {kind.id: kind for kind in (
    MistakeKind(
        "texted_opted_out", "Tried to text a number that has opted out",
        "FCC 24-24 (TCPA revocation of consent, 47 CFR 64.1200(a)(10)-(12)); the carriers' STOP "
        "blocking",
        "Once a number has opted out, whether the consumer texted a keyword or an agent opted "
        "it out at the consumer's request, nothing more may be sent to it but the one "
        "confirmation. It stays opted out until the consumer texts SIGNUP, START or UNSTOP: "
        "only the consumer can opt back in. The carriers also block texts to a number that "
        "opted out.",
        25),
    MistakeKind(
        "ignored_possible_opt_out", "Ignored a possible opt-out",
        "FCC 24-24: consent may be revoked \"by any reasonable means\" (47 CFR 64.1200(a)(10)); "
        "Regulation F 12 CFR 1006.14(h)",
        "The consumer's text reads like a request to stop (\"please stop texting me\"). ITMS only "
        "flags it: a person must decide. Revocation does not need the word STOP, so opt the "
        "number out instead of carrying on as if nothing was said. Only a text that plainly is "
        "not a request to stop may be dismissed (u), with the reason.",
        20,
        advice=("A text that reads like a request to stop is an opt-out, even without the "
                "word STOP: opt the number out.")),
    MistakeKind(
        "dismissed_opt_out", "Dismissed a text that asks to stop",
        "FCC 24-24: consent may be revoked \"by any reasonable means\" (47 CFR 64.1200(a)(10)); "
        "Regulation F 12 CFR 1006.6(d) (a text must not reach a third party)",
        "The text asked, in its own words, for the texts to stop. \"Please don't text me\" "
        "revokes consent; \"wrong number\" means the person who holds the number now never "
        "agreed to texts about this debt, and each further text would reach a stranger. "
        "Dismissing the flag (u) records it as not an opt-out, and the texts would go on. Opt the number out (x) instead; dismiss only a "
        "text that plainly does not ask to stop, such as \"I stopped by the office\".",
        20,
        advice="A text that asks to stop in its own words, \"wrong number\" too, is an "
               "opt-out: opt the number out (x), never dismiss it (u)."),
    MistakeKind(
        "outside_window", "Started a text outside 8am-9pm at the consumer's location",
        "Regulation F 12 CFR 1006.6(b)(1) (inconvenient times)",
        "Before 8:00 a.m. and after 9:00 p.m. local time at the consumer's location is "
        "inconvenient, for texts as for calls; where a number could be in several time zones, "
        "only hours convenient in all of them count. ITMS held the text until the window "
        "opened, but this step was meant to go out at once: do it while the window is open.",
        15),
    MistakeKind(
        "no_opt_out_line", "Sent a free text without an opt-out line",
        "Regulation F 12 CFR 1006.6(e) (opt-out notice in every electronic message)",
        "Every text about a debt must say, clearly, a simple way to stop texts, e.g. \"Reply "
        "STOP to stop texts to this number.\" The templates carry one; a text you type must "
        "too.",
        10,
        advice="Every text must say how to opt out, e.g. “Reply STOP to opt out.”"),
    MistakeKind(
        "wrong_pin", "Entered a PIN the consumer did not give",
        "ITMS PIN authorisation (double opt-in; CTIA Messaging Principles 5.1.2)",
        "The PIN proves that the person on the call holds the phone that agreed. Type only the "
        "code the consumer reads to you from their own phone: any other code is a wrong "
        "attempt, and the last allowed one voids the PIN.",
        15,
        advice="Type only the code the consumer reads out to you: never one they did not give."),
    MistakeKind(
        "over_invitation_limit", "Asked for opt-in again past the invitation limit",
        "ITMS's invitation limit; CTIA Messaging Principles 5.1.2 (one clear opt-in request); "
        "Regulation F 12 CFR 1006.14 (harassment)",
        "A number may get only a few unanswered opt-in requests (three, unless the agency set "
        "another limit). "
        "Asking again and again reads as harassment, so ITMS refuses: wait for the consumer to "
        "answer YES, or to text SIGNUP themselves.",
        10),
    MistakeKind(
        "texted_not_opted_in", "Tried to text a number that has not opted in",
        "TCPA prior express consent (47 U.S.C. 227; FCC 24-24); CTIA Messaging Principles 5.1.2",
        "Texts may go only to a number that opted in. Ask for consent first: Quick Opt In, "
        "then wait for the consumer's YES; or Send Opt In Request, wait for the consumer's "
        "YES, and enter the PIN the consumer reads you from their phone.",
        15),
    MistakeKind(
        "refused", "Did something the desk refused",
        "ITMS rules (the order of checks: account, number, consent state, invitation limit)",
        "The desk refused the action. Look at the number's state on the phone record before "
        "acting: the refusal says what was wrong.",
        10, compliance=False),
    MistakeKind(
        "unscripted_text", "Sent a text that should not have been sent",
        "Regulation F 12 CFR 1006.14 (harassment); TCPA consent covers only what the consumer "
        "expects",
        "The task did not call for this text. Every text reaches a real person's phone: send "
        "only what the conversation needs.",
        15),
    MistakeKind(
        "wrong_number", "Acted on the wrong number",
        "Consent belongs to the number, not the account (TCPA; FCC 24-24)",
        "Consent is given and revoked number by number, so acting on another number of the "
        "account does not do the task: check the number in the phone record before acting.",
        10, compliance=False),
    MistakeKind(
        "wrong_account", "Acted on the wrong account",
        "FDCPA 15 U.S.C. 1692c(b) / Regulation F 12 CFR 1006.6(d)(1): talk about a debt only "
        "with the consumer",
        "The task is about another account. Acting on the wrong account can tell a third party "
        "about someone else's debt: check the account number and the consumer's name first.",
        10, compliance=False),
    MistakeKind(
        "opt_out_waiting", "Left an opt-out waiting",
        "FCC 24-24: honour a revocation promptly (47 CFR 64.1200(a)(10))",
        "A consumer has asked to stop texts and the opt-out is not done yet. An opt-out comes "
        "before anything else on the desk: opt the number out first, then carry on.",
        10),
    MistakeKind(
        "out_of_order", "Did a later task first",
        "The ITMS consent flows go in order",
        "That action belongs to a later task. Consent flows have an order: ask, wait for YES, "
        "then (PIN flow) enter the PIN the consumer read back.",
        10, compliance=False,
        advice=("The PIN flow goes in order: ask, wait for the consumer's YES, then enter the PIN "
                "the consumer reads out to you (p).")),
    MistakeKind(
        "wrong_action", "Did something the task did not ask for",
        "Follow the procedure",
        "The task asked for something else. Read the task card again (h gives a hint).",
        10, compliance=False),
    MistakeKind(
        "skipped", "Skipped a task",
        "Follow the procedure",
        "The task was not done by the trainee; it was played for them so the exercise could go "
        "on.",
        20, compliance=False),
    MistakeKind(
        "not_done", "Left a task undone",
        "Follow the procedure",
        "The exercise was ended before the trainee did this task.",
        20, compliance=False),
    MistakeKind(
        "too_slow", "Took longer than the time limit",
        "Timely handling (FCC 24-24: honour an opt-out as soon as practicable)",
        "Consent work is time-sensitive: an opt-out must be honoured promptly and a consumer "
        "on the call is waiting for you.",
        5, compliance=False),
    MistakeKind(
        "misread_opt_out", "Misread whether a text opts out",
        "FCC 24-24: consent may be revoked \"by any reasonable means\" (47 CFR 64.1200(a)(10)); "
        "ITMS's opt-out keywords and emoji",
        "A text that is exactly an opt-out keyword or only opt-out emoji opts the number out by "
        "itself; one that contains such a word, or says stop in other words, is a possible "
        "opt-out a person must act on; anything else is ordinary text. Reading which is which "
        "at a glance keeps an agent from texting someone who said stop. (Recognition drill: "
        "each text is worth its share of 100.)",
        2, compliance=False),
)}

#: The compliance mistakes the live coach raises as they happen.
COMPLIANCE = tuple(kind.id for kind in KINDS.values() if kind.compliance)


@dataclass(frozen=True)
class Mistake:
    kind: str
    #: What happened, in plain words: "you texted 617-555-0101, which opted out at 10:02".
    detail: str
    #: The task (1-based) the trainee was on, 0 when there was none.
    task: int = 0
    #: Simulated time, ISO 8601.
    at: str = ""
    points: int = -1

    def __post_init__(self) -> None:
        if self.points < 0:
            object.__setattr__(self, "points", KINDS[self.kind].points)

    @property
    def info(self) -> MistakeKind:
        return KINDS[self.kind]

    @property
    def title(self) -> str:
        return self.info.title

    @property
    def rule(self) -> str:
        return self.info.rule

    @property
    def why(self) -> str:
        return self.info.why

    def explanation(self) -> str:
        """The mistake in one paragraph: what happened, why it matters, the rule."""
        return f"{self.title}: {self.detail.rstrip('.')}. {self.why} (Rule: {self.rule}.)"

    def to_data(self) -> dict[str, Any]:
        return asdict(self) | {"title": self.title, "rule": self.rule}

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Mistake:
        kind = data.get("kind")
        if kind not in KINDS:
            kind = "wrong_action"
        return cls(kind, str(data.get("detail", "")), int(data.get("task", 0)),
                   str(data.get("at", "")), int(data.get("points", KINDS[kind].points)))


def score(mistakes: Iterable[Mistake], hints: int) -> int:
    """100, less each mistake's points and HINT_POINTS per hint used; never below 0."""
    lost = sum(m.points for m in mistakes) + HINT_POINTS * hints
    return max(0, 100 - lost)


# An opt-out line: STOP, UNSUBSCRIBE, OPT OUT (or OPT-OUT, OPTOUT), QUIT or CANCEL as a word.
_OPT_OUT_LINE = re.compile(r"(?<![^\W_])(stop|unsubscribe|opt[- ]?out|quit|cancel)(?![^\W_])",
                           re.IGNORECASE)


def has_opt_out_line(text: str) -> bool:
    """Whether a free text tells the consumer how to opt out ("Reply STOP to opt out")."""
    return _OPT_OUT_LINE.search(text) is not None
