"""`itms-tui report TRAINEE` (one trainee's report) and `itms-tui report --cohort` (everyone's)."""

from __future__ import annotations

import argparse
from pathlib import Path

from .common import INVALID, OK, OTHER_RECORDS, PROG, complain, complain_all, say, store_problem


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("trainee", metavar="TRAINEE", nargs="?", default=None,
                        help="the trainee's name (any case); leave out with --cohort")
    parser.add_argument("--cohort", action="store_true",
                        help="every trainee in the records: pass rate per exercise, mistakes "
                             "per rule, who is stuck where (cohort-report.md, .csv and .html)")
    parser.add_argument("--out", metavar="DIR", default=None,
                        help="the folder to write the files in (default: here)")
    parser.add_argument("--course", metavar="CURRICULUM", default=None,
                        help="report on this course only, listing its untried and locked "
                             "exercises too, with the certificate of a course passed in full")
    parser.add_argument("--trainer", metavar="NAME", default=None,
                        help="the trainer who signs the certificate")
    parser.add_argument("--records", metavar="PATH", default=None,
                        help="the trainee records file (default: training.json in the data "
                             "folder)")


def cmd_report(args: argparse.Namespace) -> int:
    """A trainee's report, or the cohort's, as files in --out."""
    from ..inert import inert_line
    from ..store import StoreError, store_exists
    from ..training.trainee_records import RecordsError, TraineeRecords, default_records_path

    if args.cohort == (args.trainee is not None):
        complain(f"{PROG} report: name one TRAINEE, or give --cohort for every trainee")
        return INVALID
    path = Path(args.records) if args.records else default_records_path()
    if not store_exists(path):
        complain(f"{PROG} report: no trainee records at {inert_line(path)} (train with "
                 "--trainee NAME first)")
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
        complain(f"{PROG} report: {inert_line(store_problem(error, OTHER_RECORDS))}")
        return INVALID
    try:
        if args.cohort:
            from ..training.cohort import (
                build_cohort,
                render_cohort_csv,
                render_cohort_html,
                render_cohort_markdown,
            )

            cohort = build_cohort(records, course=course)
            stem = "cohort-report"
            files = ((".md", render_cohort_markdown(cohort)), (".csv", render_cohort_csv(cohort)),
                     (".html", render_cohort_html(cohort)))
        else:
            from ..training.trainee_report import build_report, render_html, render_markdown, slug

            name = records.name_of(args.trainee)
            if name is None:
                known = ", ".join(records.trainees()) or "none yet"
                complain(inert_line(f"{PROG} report: no trainee named {args.trainee!r} "
                                    f"(trainees: {known})"))
                return INVALID
            report = build_report(records, name, course=course, trainer=args.trainer)
            stem = f"{slug(name)}-training-report"
            files = ((".md", render_markdown(report)), (".html", render_html(report)))
    finally:
        records.close()
    out = Path(args.out) if args.out else Path.cwd()
    written = []
    try:
        out.mkdir(parents=True, exist_ok=True)
        for suffix, text in files:
            target = out / f"{stem}{suffix}"
            target.write_text(text, encoding="utf-8")
            written.append(target)
    except OSError as error:
        complain(inert_line(f"{PROG} report: cannot write the report in {out}: "
                            f"{error.strerror or error}"))
        return INVALID
    for target in written:
        say(inert_line(target))
    return OK
