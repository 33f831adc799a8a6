"""Scenario files (SPEC.md section 7): loading with positions, validation, the JSON Schema."""

from .discovery import find_scenario_files
from .errors import Position, ScenarioError, ScenarioInvalid
from .scenario import Scenario, Step
from .validate import load_scenario, load_world_file, parse_scenario, parse_world

__all__ = [
    "Position",
    "Scenario",
    "ScenarioError",
    "ScenarioInvalid",
    "Step",
    "find_scenario_files",
    "load_scenario",
    "load_world_file",
    "parse_scenario",
    "parse_world",
]
