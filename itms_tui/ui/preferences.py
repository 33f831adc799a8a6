"""What the desk remembers between runs: the theme, and the account last open in each session.

A small JSON file in the data folder (`desk.json`), apart from the session: the session holds
only what ITMS itself holds. A file that cannot be read is left as it is and not written over;
the desk then starts with its defaults.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PREFERENCES_FILE = "desk.json"


@dataclass
class Preferences:
    #: Where they are kept; None: nothing is written (a damaged file is left alone).
    path: Path | None
    #: The session file these preferences open on (its last account is kept under its path).
    session: str = ""
    theme: str | None = None
    last_accounts: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path, session: Path) -> Preferences:
        key = str(session.expanduser().resolve())
        try:
            data: Any = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls(path, key)
        except (OSError, ValueError):
            return cls(None, key)
        if not isinstance(data, dict):
            return cls(None, key)
        theme = data.get("theme")
        accounts = data.get("last_accounts")
        return cls(path, key, theme if isinstance(theme, str) else None,
                   {str(k): str(v) for k, v in accounts.items()} if isinstance(accounts, dict) else {})

    @property
    def last_account(self) -> str | None:
        return self.last_accounts.get(self.session)

    def remember(self, *, theme: str | None = None, account: str | None = None) -> None:
        changed = False
        if theme is not None and theme != self.theme:
            self.theme, changed = theme, True
        if account is not None and account != self.last_account:
            self.last_accounts[self.session], changed = account, True
        if changed:
            self._save()

    def _save(self) -> None:
        if self.path is None:
            return
        data = {"theme": self.theme, "last_accounts": self.last_accounts}
        temporary = self.path.with_name(self.path.name + ".tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_text(json.dumps(data, indent=2), encoding="utf-8")
            os.replace(temporary, self.path)
        except OSError:
            pass  # a preference is not worth an error: the desk works the same without it
