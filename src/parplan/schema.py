"""The JSON Schema of plan files, generated from the pydantic models.

The committed copy (``plans/parplan.schema.json``) is what every plan file's
``# yaml-language-server: $schema=…`` line points at, so editors autocomplete and flag mistakes.

A field's description is the docstring written under it in the model's source. It is read here,
when the schema is made, not by pydantic when each model class is built
(``use_attribute_docstrings``): that reads and tokenizes the source of every model on every run
of every command, a third of the time the models take to import.
"""

from __future__ import annotations

import ast
import inspect
import itertools
import json
import textwrap
from functools import cache
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from parplan.model import PlanFile

__all__ = ["SCHEMA_FILE_NAME", "plan_file_schema", "plan_file_schema_text"]

SCHEMA_FILE_NAME = "parplan.schema.json"


_SCHEMA_NAMES = {"Unit": "Department"}
"""Models whose name in code differs from their name in the committed schema: plan files and
editors know the unit registry's entry as ``Department``."""


@cache
def attribute_docstrings(cls: type) -> dict[str, str]:
    """The docstrings written under the fields of ``cls`` itself (``name: T`` then ``\"\"\"…\"\"\"``),
    cleaned as Python cleans docstrings."""
    try:
        source = textwrap.dedent(inspect.getsource(cls))
    except (OSError, TypeError):  # no source (a class made at run time)
        return {}
    body = next(node for node in ast.parse(source).body if isinstance(node, ast.ClassDef)).body
    found: dict[str, str] = {}
    for field, following in itertools.pairwise(body):
        if (
            isinstance(field, ast.AnnAssign)
            and isinstance(field.target, ast.Name)
            and isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            found[field.target.id] = inspect.cleandoc(following.value.value)
    return found


class _PlanFileSchema(GenerateJsonSchema):
    def normalize_name(self, name: str) -> str:
        name = super().normalize_name(name)
        return _SCHEMA_NAMES.get(name, name)

    def model_schema(self, schema: core_schema.ModelSchema) -> JsonSchemaValue:
        """The model's schema, each field described by its docstring unless its ``Field`` or
        type says otherwise (as pydantic's ``use_attribute_docstrings`` would)."""
        json_schema = super().model_schema(schema)
        model: type[BaseModel] = schema["cls"]
        properties = json_schema.get("properties", {})
        for name, field in model.model_fields.items():
            owner = next(
                (c for c in model.__mro__ if name in vars(c).get("__annotations__", {})), None
            )
            docstring = attribute_docstrings(owner).get(name) if owner is not None else None
            key = field.alias or name
            if docstring is not None and field.description is None and key in properties:
                properties[key]["description"] = docstring
        return json_schema


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
