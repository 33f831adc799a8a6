"""`itms-tui serve`: its flags, and the checks made before anything listens (the classroom
itself is `itms_tui.serve`)."""

from __future__ import annotations

import argparse
import ipaddress
from pathlib import Path

from .common import INVALID, OK, PROG, complain, complain_all

#: Where trainees' folders go when --root is not given: beside the user's own session.
ROOT_FOLDER = "classroom"
DEFAULT_PORT = 8000


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1",
                        help="the address to listen on (default 127.0.0.1: this machine only; "
                             "another needs --public-url)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT,
                        help=f"the port to listen on (default {DEFAULT_PORT})")
    parser.add_argument("--root", metavar="DIR",
                        help="the folder that holds one data folder per trainee "
                             f"(default: {ROOT_FOLDER}/ in the data folder)")
    parser.add_argument("--public-url", metavar="URL",
                        help="the address trainees' browsers use, e.g. http://10.0.0.5:8000 "
                             "(needed with a --host other than this machine)")
    parser.add_argument("--trainer-token", metavar="TOKEN",
                        help="the token of the trainer's page (default: a new one, printed)")
    parser.add_argument("--course", metavar="CURRICULUM",
                        help="the course ctrl+t opens (default: the library's curriculum.yaml)")
    parser.add_argument("--warm", type=int, default=4, metavar="N",
                        help="app processes kept started ahead of trainees (default 4; about "
                             "30-40 MiB each while waiting; a class joining at once is fastest "
                             "with one per trainee)")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def cmd_serve(args: argparse.Namespace) -> int:
    """Check the flags, say what is served where, and serve until Ctrl+C."""
    from ..serve.server import ClassroomServer
    from ..session import data_dir, library_path

    if not is_loopback(args.host) and not args.public_url:
        complain(f"{PROG} serve: --host {args.host} lets other machines in: add --public-url "
                 "with the address their browsers use (e.g. http://HOST:PORT)")
        return INVALID
    if not 0 < args.port < 65536:
        complain(f"{PROG} serve: --port {args.port} is not a port (1-65535)")
        return INVALID
    if args.warm < 0:
        complain(f"{PROG} serve: --warm {args.warm}: give 0 or more")
        return INVALID
    if args.trainer_token is not None and len(args.trainer_token) < 8:
        complain(f"{PROG} serve: --trainer-token: use at least 8 characters")
        return INVALID
    root = Path(args.root).expanduser() if args.root else data_dir() / ROOT_FOLDER
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        complain(f"{PROG} serve: cannot create {root}: {error.strerror or error}")
        return INVALID
    course = _course(args, library_path())
    if course is False:
        return INVALID
    if not is_loopback(args.host):
        complain(f"Warning: listening on {args.host}: anyone who can reach {args.public_url} "
                 "can train as any name (trainees have no passwords; only the trainer's page "
                 "has a token).")
    server = ClassroomServer(root, host=args.host, port=args.port, public_url=args.public_url,
                             trainer_token=args.trainer_token, course=course or None,
                             warm=args.warm)
    try:
        server.serve()
    except OSError as error:
        complain(f"{PROG} serve: cannot listen on {args.host}:{args.port}: "
                 f"{error.strerror or error}")
        return INVALID
    return OK


def _course(args: argparse.Namespace, library: Path | None) -> Path | None | bool:
    """The course to offer (checked now, so a bad one is one line here, not in every tab);
    None: no course; False: a bad --course, already said."""
    from ..scenarios import ScenarioInvalid
    from ..scenarios.demo import load_demo_world
    from ..training.curriculum import load_curriculum

    if args.course is not None:
        path = Path(args.course).expanduser()
    elif library is not None and (library / "curriculum.yaml").is_file():
        path = library / "curriculum.yaml"
    else:
        return None
    try:
        load_curriculum(path, demo_world=load_demo_world())
    except ScenarioInvalid as problem:
        complain_all(problem.errors)
        return False
    except OSError as error:
        complain(f"{PROG} serve: --course {path}: {error.strerror or error}")
        return False
    return path.resolve()
