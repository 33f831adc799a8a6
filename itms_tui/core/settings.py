"""Settings with ITMS's defaults (SPEC.md section 3), readable from and writable to plain data."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, replace
from datetime import time, timedelta
from typing import Any, Mapping

from .clock import DurationError, format_duration, parse_duration
from .keywords import PROFILES, KeywordSettings
from .names import Template

_WINDOW = re.compile(r"([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)")


class SettingError(ValueError):
    """A bad setting; `path` names it (`pin_ttl`, `keywords.opt_out`) so a loader can place it."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


@dataclass(frozen=True)
class SendWindow:
    opens: time
    closes: time

    @classmethod
    def parse(cls, text: str) -> SendWindow:
        match = _WINDOW.fullmatch(text.strip()) if isinstance(text, str) else None
        if match is None:
            raise ValueError(f"{text!r} is not a window: write it as HH:MM-HH:MM, e.g. 08:00-21:00")
        oh, om, ch, cm = (int(g) for g in match.groups())
        opens = time(oh, om)
        closes = time.max if (ch, cm) >= (24, 0) else time(ch, cm)
        if (ch, cm) > (24, 0) or closes <= opens:
            raise ValueError(f"{text!r}: the window must close after it opens, on the same day")
        return cls(opens, closes)

    def __str__(self) -> str:
        closes = "24:00" if self.closes == time.max else self.closes.strftime("%H:%M")
        return f"{self.opens.strftime('%H:%M')}-{closes}"


@dataclass(frozen=True)
class Settings:
    send_window: SendWindow = field(default_factory=lambda: SendWindow(time(8), time(21)))
    pin_length: int = 4
    pin_ttl: timedelta = timedelta(hours=24)
    max_pin_attempts: int = 3
    max_invitations: int = 3
    agents_available: bool = True
    welcome_on_first_text: bool = False
    keywords: KeywordSettings = field(default_factory=KeywordSettings)
    #: Template bodies that differ from the built-in wording (a blank body turns a reply off).
    templates: Mapping[str, str] = field(default_factory=dict)

    def updated(self, changes: Mapping[str, Any]) -> Settings:
        """A copy with `changes` applied (plain data, as written in a scenario or the store)."""
        values: dict[str, Any] = {}
        for name, raw in changes.items():
            reader = _READERS.get(name)
            if reader is None:
                raise SettingError(str(name), "unknown setting")
            values[name] = reader(self, raw)
        return replace(self, **values)

    def to_data(self) -> dict[str, Any]:
        """Plain JSON-able data that `Settings().updated(...)` reads back."""
        keywords = asdict(self.keywords)
        return {
            "send_window": str(self.send_window),
            "pin_length": self.pin_length,
            "pin_ttl": format_duration(self.pin_ttl),
            "max_pin_attempts": self.max_pin_attempts,
            "max_invitations": self.max_invitations,
            "agents_available": self.agents_available,
            "welcome_on_first_text": self.welcome_on_first_text,
            "keywords": {key: list(value) if isinstance(value, tuple) else value
                         for key, value in keywords.items()},
            "templates": dict(self.templates),
        }


def _int(name: str, minimum: int, maximum: int):
    def read(_: Settings, raw: Any) -> int:
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise SettingError(name, f"expected a whole number, got {raw!r}")
        if not minimum <= raw <= maximum:
            raise SettingError(name, f"must be between {minimum} and {maximum}, got {raw}")
        return raw

    return read


def _bool(name: str):
    def read(_: Settings, raw: Any) -> bool:
        if not isinstance(raw, bool):
            raise SettingError(name, f"expected true or false, got {raw!r}")
        return raw

    return read


def _duration(name: str):
    def read(_: Settings, raw: Any) -> timedelta:
        try:
            return parse_duration(raw)
        except DurationError as error:
            raise SettingError(name, str(error)) from None

    return read


def _window(_: Settings, raw: Any) -> SendWindow:
    try:
        return SendWindow.parse(raw)
    except ValueError as error:
        raise SettingError("send_window", str(error)) from None


KEYWORD_LIST_NAMES = ("opt_out", "opt_out_emoji", "possible_opt_out", "yes", "help", "signup")


def _keywords(current: Settings, raw: Any) -> KeywordSettings:
    if not isinstance(raw, Mapping):
        raise SettingError("keywords", f"expected a mapping, got {raw!r}")
    values: dict[str, Any] = {}
    for key, value in raw.items():
        path = f"keywords.{key}"
        if key == "profile":
            if value not in PROFILES:
                raise SettingError(path, f"expected one of {', '.join(PROFILES)}, got {value!r}")
            values[key] = value
        elif key in KEYWORD_LIST_NAMES:
            if not isinstance(value, list | tuple) or not all(
                isinstance(item, str) and item.strip() for item in value
            ):
                raise SettingError(path, "expected a list of non-empty texts")
            values[key] = tuple(value)
        else:
            raise SettingError(path, "unknown keyword list")
    return replace(current.keywords, **values)


def _templates(current: Settings, raw: Any) -> Mapping[str, str]:
    if not isinstance(raw, Mapping):
        raise SettingError("templates", f"expected a mapping of template id to body, got {raw!r}")
    known = {t.value for t in Template}
    bodies = dict(current.templates)
    for key, value in raw.items():
        if key not in known:
            raise SettingError(f"templates.{key}", "unknown template")
        if not isinstance(value, str):
            raise SettingError(f"templates.{key}", "expected the body as text")
        bodies[key] = value
    return bodies


_READERS = {
    "send_window": _window,
    "pin_length": _int("pin_length", 4, 12),
    "pin_ttl": _duration("pin_ttl"),
    "max_pin_attempts": _int("max_pin_attempts", 1, 100),
    "max_invitations": _int("max_invitations", 1, 100),
    "agents_available": _bool("agents_available"),
    "welcome_on_first_text": _bool("welcome_on_first_text"),
    "keywords": _keywords,
    "templates": _templates,
}

#: Every setting a scenario's `settings:` or `set:` may name.
SETTING_NAMES: tuple[str, ...] = tuple(_READERS)
