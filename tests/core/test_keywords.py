"""The keyword classifier against SPEC.md section 4."""

from __future__ import annotations

import pytest

from itms_tui.core.keywords import (
    DEFAULT_OPT_OUT,
    DEFAULT_OPT_OUT_EMOJI,
    Classification,
    Intent,
    KeywordSettings,
    classify,
    normalise,
)

SKIN_TONES = [chr(code) for code in range(0x1F3FB, 0x1F400)]
MIDDLE_FINGER = "\U0001F595"
STOP_SIGN = "\U0001F6D1"
VS16 = "\uFE0F"


def _case_variants(word: str) -> list[str]:
    mixed = "".join(char.upper() if index % 2 else char for index, char in enumerate(word))
    return [word.upper(), word.lower(), word.capitalize(), mixed]


@pytest.mark.parametrize(
    ("keyword", "message"),
    [
        (keyword, framed.format(variant))
        for keyword in DEFAULT_OPT_OUT
        for variant in _case_variants(keyword)
        for framed in ("{}", "  {}.  ", "{}!!", "{}?", "\t{} \n", '"{}"')
    ],
)
def test_every_keyword_in_any_case_and_framing_opts_out(keyword: str, message: str) -> None:
    assert classify(message) == Classification(Intent.OPT_OUT, f'keyword "{keyword}"')


@pytest.mark.parametrize(
    "message",
    [
        form
        for emoji in DEFAULT_OPT_OUT_EMOJI
        for form in (emoji, emoji + VS16, emoji * 3, f"{emoji} {emoji}",
                     f"{emoji}{VS16} {emoji}{VS16}", f"  {emoji}  ", emoji + "\uFE0E")
    ],
)
def test_opt_out_emoji_alone_repeated_or_spaced_opt_out(message: str) -> None:
    result = classify(message)
    assert result.intent is Intent.OPT_OUT
    assert result.reason == f"emoji {message.strip()[0]}"


@pytest.mark.parametrize("tone", SKIN_TONES)
@pytest.mark.parametrize("count", [1, 2, 3])
def test_middle_finger_in_every_skin_tone_opts_out(tone: str, count: int) -> None:
    assert classify((MIDDLE_FINGER + tone) * count) == Classification(
        Intent.OPT_OUT, f"emoji {MIDDLE_FINGER}"
    )


def test_different_opt_out_emoji_together_opt_out_and_are_all_named() -> None:
    assert classify("\U0001F6D1\U0001F6AB \U0001F6D1") == Classification(
        Intent.OPT_OUT, "emoji \U0001F6D1 \U0001F6AB"
    )


@pytest.mark.parametrize(
    "message",
    ["stopped", "endless", "blockbuster", "stopped by the store", "cancellation", "halter",
     "unstoppable", "quitting time", "deleted it", "leaves", "blocked", "",
     "   ", "!!!", "...?", "hello", "👍", "😀 😀"],
)
def test_near_misses_and_plain_text_are_text(message: str) -> None:
    assert classify(message) == Classification(Intent.TEXT)


@pytest.mark.parametrize(
    ("message", "reason"),
    [
        ("I'll quit my job", 'contains the keyword "quit"'),
        ("please stop", 'contains the keyword "stop"'),
        ("STOP ALL", 'contains the keyword "stop"'),
        ("cancel my order", 'contains the keyword "cancel"'),
        ("I want to opt-out now", 'contains the keyword "opt-out"'),
        ("just f*** off already", 'contains the keyword "f*** off"'),
        ("stop, I paid", 'contains the keyword "stop"'),
        ("please remove me", 'contains the phrase "remove me"'),
        ("Wrong number", 'contains the phrase "wrong number"'),
        ("don't text me", 'contains the phrase "don\'t text"'),
        ("don\u2019t text me", 'contains the phrase "don\'t text"'),
        ("revoke", 'contains the phrase "revoke"'),
        ("I revoke my consent", 'contains the phrase "revoke"'),
        ("stop texting me please", 'contains the phrase "stop texting"'),
        ("LEAVE ME ALONE!!", 'contains the phrase "leave me alone"'),
        ("stop \U0001F6D1 now", 'contains the keyword "stop"'),
        ("no thanks \U0001F6D1", f"contains the emoji {STOP_SIGN}"),
        (f"ok{MIDDLE_FINGER}\U0001F3FD", f"contains the emoji {MIDDLE_FINGER}"),
    ],
)
def test_possible_opt_outs_name_what_they_found(message: str, reason: str) -> None:
    assert classify(message) == Classification(Intent.POSSIBLE_OPT_OUT, reason)


def test_revoke_is_exact_under_the_fcc_profile() -> None:
    fcc = KeywordSettings(profile="fcc")
    assert classify(" Revoke. ", fcc) == Classification(Intent.OPT_OUT, 'keyword "revoke"')
    assert classify("I revoke it", fcc) == Classification(
        Intent.POSSIBLE_OPT_OUT, 'contains the keyword "revoke"'
    )


@pytest.mark.parametrize(
    ("message", "intent"),
    [
        ("YES", Intent.YES), ("yes", Intent.YES), (" Yes! ", Intent.YES),
        ("HELP", Intent.HELP), ("info", Intent.HELP), ("Help?", Intent.HELP),
        ("SIGNUP", Intent.SIGNUP), ("START", Intent.SIGNUP), ("unstop", Intent.SIGNUP),
        ("yes please", Intent.TEXT), ("yesterday", Intent.TEXT), ("helpful", Intent.TEXT),
    ],
)
def test_reply_keywords_match_the_whole_message(message: str, intent: Intent) -> None:
    assert classify(message) == Classification(intent)


@pytest.mark.parametrize(
    "message",
    ["\uFF33\uFF34\uFF2F\uFF30", "STOP\u200b", "\u200bSTOP", "\ufeffstop", "S\u200dTOP",
     "stop\u00a0", "\u3000stop\u3000"],
)
def test_invisible_and_full_width_characters_do_not_hide_stop(message: str) -> None:
    assert classify(message) == Classification(Intent.OPT_OUT, 'keyword "stop"')


def test_a_cyrillic_look_alike_is_not_folded() -> None:
    assert classify("\u0405TOP").intent is Intent.TEXT


def test_custom_lists_replace_the_defaults() -> None:
    french = KeywordSettings(opt_out=("arret",), yes=("oui",))
    assert classify("ARRET!", french) == Classification(Intent.OPT_OUT, 'keyword "arret"')
    assert classify("Oui", french) == Classification(Intent.YES)
    assert classify("stop", french).intent is Intent.TEXT
    assert classify("yes", french).intent is Intent.TEXT


def test_an_empty_emoji_list_makes_emoji_plain_text() -> None:
    assert classify(STOP_SIGN, KeywordSettings(opt_out_emoji=())) == Classification(Intent.TEXT)


def test_a_keyword_that_normalises_to_nothing_matches_nothing() -> None:
    assert classify("...", KeywordSettings(opt_out=("!!!",))) == Classification(Intent.TEXT)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  Stop.  ", "stop"),
        ("F*** OFF!", "f*** off"),
        ("-opt-out-", "opt-out"),
        ("go \t  away", "go away"),
        ("\u26d4\ufe0f", "\u26d4"),
        (f"{MIDDLE_FINGER}\U0001F3FF\u200d", MIDDLE_FINGER),
        ("(stop)", "stop"),
        ("don\u2019t", "don't"),
        ("\u00bfQu\u00e9?", "qu\u00e9"),
        ("!!!", ""),
    ],
)
def test_normalise(text: str, expected: str) -> None:
    assert normalise(text) == expected
