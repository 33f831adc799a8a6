"""`itms-tui report TRAINEE`: a trainee's attempts as Markdown and self-contained HTML files."""

from __future__ import annotations

import argparse
from pathlib import Path

from .common import INVALID, OK, PROG, complain, complain_all, say


def cmd_report(args: argparse.Namespace) -> int:
    """A trainee's report: TRAINEE's attempts as Markdown and self-contained HTML files."""
    from ..store import StoreError
    from ..training.records import RecordsError, TraineeRecords, default_records_path
    from ..training.report import build_report, render_html, render_markdown, slug

    path = Path(args.records) if args.records else default_records_path()
    if not path.exists():
        complain(f"{PROG} report: no trainee records at {path} (train with --trainee NAME first)")
        return INVALID
    course = None
    if args.course is not None:
        from ..scenarios import ScenarioInvalid
        from ..scenarios.demo import load_demo_world
        from ..training.curriculum import load_curriculum

        try:
            course = load_curriculum(args.course, demo_world=load_demo_world())
        except ScenarioInvalid as problem:
            complain_all(problem.errors)
            return INVALID
    try:
        records = TraineeRecords.open(path)
    except (StoreError, RecordsError) as error:
        complain(f"{PROG} report: {error}")
        return INVALID
    try:
        name = records.name_of(args.trainee)
        if name is None:
            known = ", ".join(records.trainees()) or "none yet"
            complain(f"{PROG} report: no trainee named {args.trainee!r} (trainees: {known})")
            return INVALID
        report = build_report(records, name, course=course)
    finally:
        records.close()
    out = Path(args.out) if args.out else Path.cwd()
    stem = f"{slug(name)}-training-report"
    written = []
    try:
        out.mkdir(parents=True, exist_ok=True)
        for suffix, text in ((".md", render_markdown(report)), (".html", render_html(report))):
            target = out / f"{stem}{suffix}"
            target.write_text(text, encoding="utf-8")
            written.append(target)
    except OSError as error:
        complain(f"{PROG} report: cannot write the report in {out}: {error.strerror or error}")
        return INVALID
    for target in written:
        say(str(target))
    return OK
