"""`itms-tui record OUT.yaml`: the app on a fresh world; what you do there becomes a scenario."""

from __future__ import annotations

import argparse
from pathlib import Path

from .common import FAILED, INVALID, OK, PROG, complain, say


def cmd_record(args: argparse.Namespace) -> int:
    """`itms-tui record OUT.yaml`: the app on a fresh world; what you do becomes a scenario."""
    from ..data import DEMO_FILE
    from ..session import SessionError, WorldSource, load_world

    out = Path(args.out)
    if out.suffix.lower() not in (".yaml", ".yml"):
        complain(f"{PROG} record: {out}: the recording is a scenario file: name it *.yaml")
        return INVALID
    if out.exists() and not args.force:
        complain(f"{PROG} record: {out} already exists: pick another name, or add --force to "
                 "replace it")
        return INVALID
    if not out.parent.is_dir():
        complain(f"{PROG} record: {out.parent}: no such folder")
        return INVALID
    # The demo's world without its steps: the recording starts from what its `world:` says.
    source = WorldSource.file(Path(args.world) if args.world else DEMO_FILE)
    try:
        world = load_world(source)
    except SessionError as error:
        complain(f"{PROG} record: {error}")
        return INVALID
    from ..ui.factory import desk_app_on_world

    app = desk_app_on_world(world, title="Recording", record_to=out)
    app.run()
    if app.recordings:
        say(f"recorded to {app.recordings[-1]}; replay it with: {PROG} run {app.recordings[-1]}")
        return OK
    complain(f"{PROG} record: nothing was saved")
    return FAILED
