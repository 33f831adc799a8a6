"""Which files `itms-tui validate|run PATH…` reads."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path


def is_curriculum_file(path: Path) -> bool:
    """A trainee-mode course (`curriculum.yaml`, `*.curriculum.yaml`), not a scenario."""
    name = path.name.lower()
    return name == "curriculum.yaml" or name.endswith(".curriculum.yaml")


def find_scenario_files(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given (in the order given), folders searched recursively for `*.yaml` (sorted).

    A folder's curriculum files (see `is_curriculum_file`) are courses, not scenarios: skipped.

    A path that does not exist raises FileNotFoundError whose message names it. A file named
    twice is listed once.
    """
    found: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*.yaml")
                                if p.is_file() and not is_curriculum_file(p)))
        elif path.exists():
            found.append(path)
        else:
            raise FileNotFoundError(f"{given}: no such file or folder")
    return list(dict.fromkeys(found))
