"""The JSON Schema of plan files, generated from the pydantic models.

The committed copy (``plans/parplan.schema.json``) is what every plan file's
``# yaml-language-server: $schema=…`` line points at, so editors autocomplete and flag mistakes.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic.json_schema import GenerateJsonSchema

from parplan.model import PlanFile

__all__ = ["SCHEMA_FILE_NAME", "plan_file_schema", "plan_file_schema_text"]

SCHEMA_FILE_NAME = "parplan.schema.json"


_SCHEMA_NAMES = {"Unit": "Department"}
"""Models whose name in code differs from their name in the committed schema: plan files and
editors know the unit registry's entry as ``Department``."""


class _PlanFileSchema(GenerateJsonSchema):
    def normalize_name(self, name: str) -> str:
        name = super().normalize_name(name)
        return _SCHEMA_NAMES.get(name, name)


def plan_file_schema() -> dict[str, Any]:
    schema = PlanFile.model_json_schema(mode="validation", schema_generator=_PlanFileSchema)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://parplan.invalid/schema/plan-file.json",
        **schema,
    }


def plan_file_schema_text() -> str:
    """The schema as committed: stable key order, two-space indent, UTF-8, final newline."""
    return json.dumps(plan_file_schema(), ensure_ascii=False, indent=2) + "\n"
