"""The ``parplan`` command line: a thin layer that turns options into calls of the core.

- :mod:`parplan.cli.group`: the group, its error handling and what a run of the console script
  does (:func:`main` here registers the command it runs first);
- :mod:`parplan.cli.vietnamese`: the Vietnamese help words and Click messages;
- :mod:`parplan.cli.options`: options shared by several commands;
- :mod:`parplan.cli.commands_plan`, :mod:`parplan.cli.commands_views`,
  :mod:`parplan.cli.commands_edit`, :mod:`parplan.cli.commands_import`,
  :mod:`parplan.cli.commands_documents`, :mod:`parplan.cli.commands_document`,
  :mod:`parplan.cli.commands_frameworks`, :mod:`parplan.cli.commands_scores`,
  :mod:`parplan.cli.commands_new_year`, :mod:`parplan.cli.commands_rollup`: the commands, by family;
- :mod:`parplan.cli.terminal`: the rich views.

Every error reaches the user once, in Vietnamese, on standard error, with the exit code
documented in README.md and :mod:`parplan.errors`; never a Python traceback.

A command module registers its commands on the group when it is imported. ``parplan validate``
imports only the module of ``validate`` (:data:`COMMANDS`): building the other nineteen commands'
options is time a short run does not need. Help, an unknown command and ``app`` taken from this
package (the tests' way in) register them all, in the order of the help screen.
"""

from __future__ import annotations

import gc
import importlib
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from parplan.cli.group import app

__all__ = ["COMMANDS", "app", "main", "register_commands"]

COMMANDS = {
    "validate": "commands_plan",
    "schema": "commands_plan",
    "export": "commands_plan",
    "status": "commands_views",
    "overdue": "commands_views",
    "checklist": "commands_views",
    "update": "commands_edit",
    "diff": "commands_edit",
    "migrate": "commands_edit",
    "import": "commands_import",
    "result": "commands_import",
    "report": "commands_documents",
    "calendar": "commands_documents",
    "site": "commands_documents",
    "document": "commands_document",
    "frameworks": "commands_frameworks",
    "scores": "commands_scores",
    "years": "commands_years",
    "new-year": "commands_new_year",
    "rollup": "commands_rollup",
}
"""Each command and the module that registers it, in the order of the help screen."""

_HELP = frozenset({"-h", "--help"})


def register_commands(names: Sequence[str] = ()) -> None:
    """Import the modules of the commands ``names``: of every command when ``names`` is empty
    or names one that does not exist (Click then lists the commands there are). A module
    registers its commands once, and every module imported follows the order of the help."""
    wanted = [COMMANDS.get(name) for name in names]
    modules = dict.fromkeys(COMMANDS.values())
    if names and None not in wanted:
        modules = {module: None for module in modules if module in wanted}
    for module in modules:
        importlib.import_module(f"parplan.cli.{module}")


def command_named(arguments: Sequence[str]) -> list[str]:
    """The command a command line runs, as far as registering it goes: the first argument that is
    not an option (the group's options take no value); none (every command registered) when help
    is asked of the group, which lists them all."""
    for argument in arguments:
        if argument in _HELP:
            return []
        if not argument.startswith("-"):
            return [argument]
    return []


def main() -> None:
    """Entry point of the ``parplan`` console script (:func:`parplan.cli.group.main`), with only
    the command it runs registered. The cycle collector is off from here on: a run is short and
    keeps what it builds (the imports that follow make many objects and free none)."""
    gc.disable()
    register_commands(command_named(sys.argv[1:]))
    from parplan.cli.group import main as run

    run()


def __getattr__(name: str) -> Any:
    """``parplan.cli.app``: the group (:data:`parplan.cli.group.app`), every command registered."""
    if name == "app":
        register_commands()
        return importlib.import_module("parplan.cli.group").app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
