"""What one action changed, turned into one `ChangeSet`: one action is one durable write.

The service marks the records it changes (`mark`); the bus reports its own (`take_changes`). At
the end of the outermost action the marked records become data and go to the repository; with no
repository nothing is turned into data at all.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime
from typing import Any, Callable, Iterator

from .bus import SmsBus
from .events import Event
from .repository import ChangeSet, Repository
from .world import (
    ACCOUNTS,
    AUDIT,
    CLIENTS,
    CONSENT,
    INBOX,
    INITIAL,
    MESSAGES,
    META,
    NUMBERS,
    World,
)


class ActionNotSaved(Exception):
    """The store could not keep an action, so the action was undone: the world is as it was
    before it, which is what the store holds. The message is the store's one line."""


class ChangeTracker:
    """The records one action changed, and the events it produced, until it ends."""

    def __init__(self, world: World, bus: SmsBus, repository: Repository | None,
                 now: Callable[[], datetime], *,
                 undo: Callable[[Exception], None] | None = None) -> None:
        """`undo(error)` puts the owner back as the repository has it, when a commit fails."""
        self._world = world
        self._undo = undo
        self._bus = bus
        self._repository = repository
        self._now = now
        self._changes: ChangeSet | None = None
        self._dirty: dict[str, set[Any]] = {}
        #: The events of the current action (of the last one, once it has ended).
        self.events: list[Event] = []

    @contextmanager
    def action(self) -> Iterator[list[Event]]:
        """One user action: its changes become one durable write, its events one list."""
        if self._changes is not None:  # nested: part of the enclosing action
            yield self.events
            return
        self._changes = ChangeSet()
        self.events = []
        self._bus.take_changes()  # what moved outside an action is not this action's
        try:
            yield self.events
        finally:
            self._commit()

    def mark(self, table: str, key: Any) -> None:
        """The record `key` of `table` changed in this action."""
        self._dirty.setdefault(table, set()).add(key)

    def mark_all(self) -> None:
        """Every record changed: a new store gets the whole world."""
        world = self._world
        for key in ("world", "settings"):
            self.mark(META, key)
        for client_id in world.clients:
            self.mark(CLIENTS, client_id)
        for account_id in world.accounts:
            self.mark(ACCOUNTS, account_id)
        for number in world.number_accounts:
            self.mark(NUMBERS, number)
        for number in world.consent:
            self.mark(CONSENT, number)
        for number in world.initial_consent:
            self.mark(INITIAL, number)
        for entry in world.audit:
            self.mark(AUDIT, entry.seq)
        for message_id in world.inbox:
            self.mark(INBOX, message_id)
        self._bus.touch_all()

    def _commit(self) -> None:
        changes = self._changes or ChangeSet()
        self._changes = None
        bus_changes = self._bus.take_changes()
        dirty, self._dirty = self._dirty, {}
        if self._repository is None:  # nothing keeps the records: skip turning them into data
            return
        world = self._world
        for message_id in bus_changes.messages:
            changes.put(MESSAGES, str(message_id), self._bus.messages[message_id].to_data())
        for number in dirty.pop(CONSENT, ()):
            changes.put(CONSENT, number, world.consent[number].to_data())
        for account_id in dirty.pop(ACCOUNTS, ()):
            order = list(world.accounts).index(account_id)
            changes.put(ACCOUNTS, account_id, world.accounts[account_id].to_data() | {"order": order})
        for client_id in dirty.pop(CLIENTS, ()):
            changes.put(CLIENTS, client_id, world.clients[client_id].to_data())
        for message_id in dirty.pop(INBOX, ()):
            changes.put(INBOX, str(message_id), world.inbox[message_id].to_data())
        for seq in dirty.pop(AUDIT, ()):
            changes.put(AUDIT, str(seq), world.audit[seq - 1].to_data())
        for number in dirty.pop(INITIAL, ()):
            changes.put(INITIAL, number, {"state": world.initial_consent[number].value})
        for key in dirty.pop(META, ()):
            changes.put(META, key, self._meta(key))
        for number in dirty.pop(NUMBERS, ()):
            changes.put(NUMBERS, number, {"accounts": list(world.number_accounts[number])})
        if bus_changes.faults:
            changes.put(META, "faults", self._meta("faults"))
        # The clock is the one record every action touches; the rest is written when it changes.
        changes.put(META, "clock", self._meta("clock"))
        try:
            self._repository.commit(changes)
        except Exception as error:
            # The world already moved in memory, and listeners saw this action's events (the
            # app drops them on ActionNotSaved).
            if self._undo is not None:
                self._undo(error)
            raise ActionNotSaved(str(error)) from error

    def _meta(self, key: str) -> dict[str, Any]:
        world = self._world
        if key == "world":
            return {"company": world.company.to_data(), "clock_start": world.clock_start.isoformat()}
        if key == "settings":
            return world.settings.to_data()
        if key == "faults":
            return {"faults": [f.to_data() for f in self._bus.faults]}
        return {"now": self._now().isoformat()}
