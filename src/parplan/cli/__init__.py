"""The ``parplan`` command line: a thin layer that turns options into calls of the core.

- :mod:`parplan.cli.app`: the group, its error handling and the console entry point;
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
"""

from __future__ import annotations

import importlib

from parplan.cli.app import app, main

__all__ = ["app", "main"]

COMMAND_MODULES = (
    "commands_plan",
    "commands_views",
    "commands_edit",
    "commands_import",
    "commands_documents",
    "commands_document",
    "commands_frameworks",
    "commands_scores",
    "commands_years",
    "commands_new_year",
    "commands_rollup",
)
"""Importing the command modules registers their commands on :data:`app`, in this order (the
order of the help screen)."""

for _module in COMMAND_MODULES:
    importlib.import_module(f"parplan.cli.{_module}")
