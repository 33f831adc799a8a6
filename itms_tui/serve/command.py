"""`itms-tui serve`: its flags, and the checks made before anything listens."""

from __future__ import annotations

import argparse
import ipaddress
import sys
from pathlib import Path

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
                             "35 MiB each; a class joining at once is fastest with one per "
                             "trainee)")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def cmd_serve(args: argparse.Namespace, prog: str) -> int:
    """Check the flags, say what is served where, and serve until Ctrl+C."""
    try:
        import textual_serve  # noqa: F401
    except ImportError:
        print(f"{prog} serve: textual-serve is not installed: pip install -e '.[serve]'",
              file=sys.stderr)
        return 2
    from ..session import data_dir, library_path
    from ..store import StoreError
    from .server import ClassroomServer

    if not is_loopback(args.host) and not args.public_url:
        print(f"{prog} serve: --host {args.host} lets other machines in: add --public-url with "
              "the address their browsers use (e.g. http://HOST:PORT)", file=sys.stderr)
        return 2
    if not 0 < args.port < 65536:
        print(f"{prog} serve: --port {args.port} is not a port (1-65535)", file=sys.stderr)
        return 2
    if args.warm < 0:
        print(f"{prog} serve: --warm {args.warm}: give 0 or more", file=sys.stderr)
        return 2
    if args.trainer_token is not None and len(args.trainer_token) < 8:
        print(f"{prog} serve: --trainer-token: use at least 8 characters", file=sys.stderr)
        return 2
    root = Path(args.root).expanduser() if args.root else data_dir() / ROOT_FOLDER
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        print(f"{prog} serve: cannot create {root}: {error.strerror or error}", file=sys.stderr)
        return 2
    course = _course(args, prog, library_path())
    if course is False:
        return 2
    if not is_loopback(args.host):
        print(f"Warning: listening on {args.host}: anyone who can reach {args.public_url} can "
              "join as any trainee name (there are no passwords; only the trainer's page has a "
              "token).", file=sys.stderr)
    server = ClassroomServer(root, host=args.host, port=args.port, public_url=args.public_url,
                             trainer_token=args.trainer_token, course=course or None,
                             warm=args.warm)
    try:
        server.serve()
    except OSError as error:
        print(f"{prog} serve: cannot listen on {args.host}:{args.port}: "
              f"{error.strerror or error}", file=sys.stderr)
        return 2
    except StoreError as error:  # pragma: no cover - the server opens no store itself
        print(f"{prog} serve: {error}", file=sys.stderr)
        return 2
    return 0


def _course(args: argparse.Namespace, prog: str, library: Path | None) -> Path | None | bool:
    """The course to offer (checked now, so a bad one is one line here, not in every tab);
    None: no course; False: a bad --course, already said."""
    from ..scenarios import ScenarioInvalid
    from ..scenarios.runner import default_demo_world
    from ..training.curriculum import load_curriculum

    if args.course is not None:
        path = Path(args.course).expanduser()
    elif library is not None and (library / "curriculum.yaml").is_file():
        path = library / "curriculum.yaml"
    else:
        return None
    try:
        load_curriculum(path, demo_world=default_demo_world())
    except ScenarioInvalid as problem:
        for error in problem.errors:
            print(str(error), file=sys.stderr)
        return False
    except OSError as error:
        print(f"{prog} serve: --course {path}: {error.strerror or error}", file=sys.stderr)
        return False
    return path.resolve()
