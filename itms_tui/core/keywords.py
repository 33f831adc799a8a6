"""The keyword classifier of SPEC.md section 4: what a consumer's text means to ITMS."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

#: ITMS's own opt-out keywords (matched against the whole normalised message).
DEFAULT_OPT_OUT: tuple[str, ...] = (
    "stop", "unsubscribe", "cancel", "opt-out", "opt out", "end", "optout", "quit", "delete",
    "go away", "leave", "cease", "block", "halt", "stopall", "f*** off", "f*** you",
    "fuck off", "fuck you",
)
#: 🛑 🚫 ❌ ⛔ 🔕 📴 🖕, keyed on code points, not names (names differ between Unicode and CLDR).
DEFAULT_OPT_OUT_EMOJI: tuple[str, ...] = (
    "\U0001F6D1", "\U0001F6AB", "\u274C", "\u26D4", "\U0001F515", "\U0001F4F4", "\U0001F595",
)
#: Phrases that may mean "stop texting me" without being a keyword: flagged for a human.
DEFAULT_REVOCATION_PHRASES: tuple[str, ...] = (
    "revoke", "don't text", "dont text", "do not text", "stop texting", "stop sending",
    "no more texts", "no more messages", "leave me alone", "remove me", "take me off",
    "wrong number", "unsubscribe me", "not interested", "stop messaging", "stop contacting",
    "don't message", "do not message", "don't contact", "do not contact", "opt me out", "no más",
    "no mas",
)
DEFAULT_YES: tuple[str, ...] = ("yes",)
DEFAULT_HELP: tuple[str, ...] = ("help", "info")
DEFAULT_SIGNUP: tuple[str, ...] = ("signup", "start", "unstop")
#: The words FCC 24-24 names that ITMS's list lacks; the `fcc` profile makes them exact opt-outs.
FCC_EXTRA_OPT_OUT: tuple[str, ...] = ("revoke",)

PROFILES = ("itms", "fcc")


class Intent(StrEnum):
    OPT_OUT = "opt_out"
    POSSIBLE_OPT_OUT = "possible_opt_out"
    YES = "yes"
    HELP = "help"
    SIGNUP = "signup"
    TEXT = "text"


@dataclass(frozen=True)
class KeywordSettings:
    profile: str = "itms"
    opt_out: tuple[str, ...] = DEFAULT_OPT_OUT
    opt_out_emoji: tuple[str, ...] = DEFAULT_OPT_OUT_EMOJI
    possible_opt_out: tuple[str, ...] = DEFAULT_REVOCATION_PHRASES
    yes: tuple[str, ...] = DEFAULT_YES
    help: tuple[str, ...] = DEFAULT_HELP
    signup: tuple[str, ...] = DEFAULT_SIGNUP


class MatchKind(StrEnum):
    """What in a message made it a keyword or a possible opt-out."""

    KEYWORD = "keyword"
    EMOJI = "emoji"
    PHRASE = "phrase"


@dataclass(frozen=True)
class Classification:
    intent: Intent
    #: For (possible) opt-outs, what matched, in words a person reads: 'keyword "stop"'.
    reason: str | None = field(default=None)
    # Detail for tools that count what matched (coverage); two classifications that mean the
    # same to ITMS compare equal whatever the detail.
    #: What matched, in normalised form: the keyword, the phrase, or each distinct emoji.
    matched: tuple[str, ...] = field(default=(), compare=False)
    kind: MatchKind | None = field(default=None, compare=False)


_VARIATION_SELECTORS = (0xFE0E, 0xFE0F)
_SKIN_TONES = range(0x1F3FB, 0x1F400)
#: Invisible characters that change how a message compares but not how it reads: variation
#: selectors (U+FE0E/U+FE0F) and skin-tone modifiers (U+1F3FB-U+1F3FF). Format characters
#: (category Cf: zero-width space and joiner, BOM, direction marks, soft hyphen) go too.
_INVISIBLE = dict.fromkeys(_VARIATION_SELECTORS) | dict.fromkeys(_SKIN_TONES)
#: Phones type curly apostrophes ("don’t text"); NFKC leaves them, so fold them to ASCII.
_APOSTROPHES = {ord(quote): "'" for quote in "\u2018\u2019\u02bc"}
#: Edge characters stripped besides white space: punctuation (P*) and the symbol categories a typo
#: or smiley leaves ("stop~", "stop :)"). Emoji are category So and stay.
_STRIPPABLE_CATEGORIES = ("P", "Sm", "Sc", "Sk")


def _is_strippable(char: str) -> bool:
    return char.isspace() or unicodedata.category(char).startswith(_STRIPPABLE_CATEGORIES)


def normalise(text: str) -> str:
    """The form both a message and a keyword are compared in (SPEC.md section 4)."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = "".join(char for char in text.translate(_INVISIBLE).translate(_APOSTROPHES)
                   if unicodedata.category(char) != "Cf")
    start, end = 0, len(text)
    while start < end and _is_strippable(text[start]):
        start += 1
    while end > start and _is_strippable(text[end - 1]):
        end -= 1
    return " ".join(text[start:end].split())


class Normalisation(StrEnum):
    """The kinds of difference `normalise` irons out (SPEC.md section 4)."""

    CASE = "case"
    PUNCTUATION = "punctuation"
    SPACING = "spacing"
    SKIN_TONE = "skin_tone"
    VARIATION_SELECTOR = "variation_selector"


def normalisations(text: str) -> frozenset[Normalisation]:
    """Which kinds of normalisation change `text` on its way to its compared form."""
    found: set[Normalisation] = set()
    codes = {ord(char) for char in text}
    if codes.intersection(_SKIN_TONES):
        found.add(Normalisation.SKIN_TONE)
    if codes.intersection(_VARIATION_SELECTORS):
        found.add(Normalisation.VARIATION_SELECTOR)
    folded = unicodedata.normalize("NFKC", text)
    if folded != folded.casefold():
        found.add(Normalisation.CASE)
    visible = "".join(char for char in folded.casefold().translate(_INVISIBLE)
                      .translate(_APOSTROPHES) if unicodedata.category(char) != "Cf")
    trimmed = visible.strip()
    if trimmed != visible or " ".join(trimmed.split()) != trimmed:
        found.add(Normalisation.SPACING)
    if normalise(trimmed) != " ".join(trimmed.split()):
        found.add(Normalisation.PUNCTUATION)
    return frozenset(found)


def _normalised_set(words: tuple[str, ...]) -> frozenset[str]:
    # A listed word that normalises to nothing ("!!!") would match every empty message.
    return frozenset(filter(None, map(normalise, words)))


def _alternation(texts: frozenset[str]) -> str:
    if not texts:
        return "(?!)"  # an empty list matches nothing, rather than everything
    # Longest first, so "stop texting" wins over "stop" where both start at the same place.
    return "|".join(re.escape(text) for text in sorted(texts, key=lambda text: (-len(text), text)))


#: Bounds for a whole word or phrase: the message's ends or a character that is not a letter or
#: digit (`[^\W_]` is exactly "letter or digit").
_WORD_START = r"(?<![^\W_])"
_WORD_END = r"(?![^\W_])"


@dataclass(frozen=True)
class _CompiledKeywords:
    opt_out: frozenset[str]
    yes: frozenset[str]
    help: frozenset[str]
    signup: frozenset[str]
    #: One opt-out emoji, and a whole message of them (optionally separated by single spaces).
    one_emoji: re.Pattern[str]
    only_emoji: re.Pattern[str]
    #: Finds an opt-out keyword or revocation phrase as a whole word (group `word`), or an opt-out
    #: emoji anywhere (group `emoji`).
    anywhere: re.Pattern[str]
    phrases: frozenset[str]


@lru_cache(maxsize=32)
def _compile(keywords: KeywordSettings) -> _CompiledKeywords:
    extra = FCC_EXTRA_OPT_OUT if keywords.profile == "fcc" else ()
    opt_out = _normalised_set(keywords.opt_out + extra)
    emoji = _normalised_set(keywords.opt_out_emoji)
    phrases = _normalised_set(keywords.possible_opt_out) - opt_out
    one_emoji = f"(?:{_alternation(emoji)})"
    return _CompiledKeywords(
        opt_out=opt_out,
        yes=_normalised_set(keywords.yes),
        help=_normalised_set(keywords.help),
        signup=_normalised_set(keywords.signup),
        one_emoji=re.compile(one_emoji),
        only_emoji=re.compile(f"{one_emoji}(?: ?{one_emoji})*"),
        anywhere=re.compile(
            f"{_WORD_START}(?P<word>{_alternation(opt_out | phrases)}){_WORD_END}"
            f"|(?P<emoji>{one_emoji})"
        ),
        phrases=phrases,
    )


_DEFAULT_KEYWORDS = KeywordSettings()


def classify(text: str, keywords: KeywordSettings | None = None) -> Classification:
    """What a consumer's text means: an opt-out, a possible one for a human to judge, a reply
    keyword, or ordinary text."""
    compiled = _compile(keywords or _DEFAULT_KEYWORDS)
    message = normalise(text)
    if not message:
        return Classification(Intent.TEXT)
    if message in compiled.opt_out:
        return Classification(Intent.OPT_OUT, f'keyword "{message}"', (message,), MatchKind.KEYWORD)
    if compiled.only_emoji.fullmatch(message):
        distinct = tuple(dict.fromkeys(compiled.one_emoji.findall(message)))
        return Classification(Intent.OPT_OUT, f"emoji {' '.join(distinct)}", distinct,
                              MatchKind.EMOJI)
    for words, intent in ((compiled.yes, Intent.YES), (compiled.help, Intent.HELP),
                          (compiled.signup, Intent.SIGNUP)):
        if message in words:
            return Classification(intent, matched=(message,), kind=MatchKind.KEYWORD)
    found = compiled.anywhere.search(message)
    if found is None:
        return Classification(Intent.TEXT)
    if found.lastgroup == "emoji":
        return Classification(Intent.POSSIBLE_OPT_OUT, f"contains the emoji {found['emoji']}",
                              (found["emoji"],), MatchKind.EMOJI)
    kind = MatchKind.PHRASE if found["word"] in compiled.phrases else MatchKind.KEYWORD
    return Classification(Intent.POSSIBLE_OPT_OUT, f'contains the {kind} "{found["word"]}"',
                          (found["word"],), kind)
