"""Printing a validation result: text (file:line:col), JSON, or GitHub workflow commands."""

from __future__ import annotations

import json
import os
from pathlib import Path

from parplan.findings import Finding, ValidationResult
from parplan.neutralise import (
    WorkflowCommands,
    github_data,
    github_property,
    json_text,
    terminal_text,
)
from parplan.repository import repository_root

__all__ = ["render_findings"]

SEVERITY_WORDS = {"error": "lỗi", "warning": "cảnh báo"}


def _display_path(path: Path, base: Path | None) -> str:
    """A path as users typed it: relative to ``base`` when below it, never starting with ./"""
    if base is not None:
        try:
            return path.resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            pass
    text = path.as_posix()
    return text.removeprefix("./")


def _place(finding: Finding, base: Path | None) -> str:
    place = _display_path(finding.file, base)
    if finding.line is not None:
        place += f":{finding.line}:{finding.column or 1}"
    return place


def render_text(result: ValidationResult, base: Path | None) -> str:
    """One line a finding, file:line:col first; text from the plan (paths, YAML keys, values
    quoted in messages) shown with control characters escaped, never on a line of its own."""
    lines = []
    for finding in result.sorted_findings():
        where = f" {finding.path_text}:" if finding.path_text else ""
        line = (
            f"{_place(finding, base)}: {SEVERITY_WORDS[finding.severity]} [{finding.rule}]"
            f"{where} {finding.message}"
        )
        lines.append(terminal_text(line, keep_newlines=False))
    files = len(result.files)
    errors = len(result.errors)
    if errors:
        lines.append(f"Có {errors} lỗi trong {files} tệp.")
    else:
        lines.append(f"Hợp lệ: {files} tệp, không có lỗi.")
    return "\n".join(lines) + "\n"


def render_json(result: ValidationResult, base: Path | None) -> str:
    payload = {
        "valid": result.ok,
        "files": [_display_path(path, base) for path in result.files],
        "error_count": len(result.errors),
        "findings": [
            {
                "file": _display_path(finding.file, base),
                "line": finding.line,
                "column": finding.column,
                "yaml_path": finding.path_text,
                "rule": finding.rule,
                "severity": finding.severity,
                "message": finding.message,
            }
            for finding in result.sorted_findings()
        ],
    }
    return json_text(json.dumps(payload, ensure_ascii=False, indent=2)) + "\n"


def _escape_data(text: str) -> str:
    return github_data(terminal_text(text))


def _escape_property(text: str) -> str:
    return github_property(terminal_text(text))


def annotation_base(start: Path) -> Path | None:
    """The folder the paths of GitHub annotations are relative to: the workspace of the job,
    else the repository ``start`` is in."""
    workspace = os.environ.get("GITHUB_WORKSPACE")
    if workspace:
        return Path(workspace)
    return repository_root(start.resolve())


def render_github(result: ValidationResult, base: Path | None) -> WorkflowCommands:
    """GitHub workflow commands, one annotation a finding: the only text parplan lets through
    as commands when it runs under GitHub Actions (see :mod:`parplan.neutralise`)."""
    lines = []
    for finding in result.sorted_findings():
        properties = [f"file={_escape_property(_display_path(finding.file, base))}"]
        if finding.line is not None:
            properties += [f"line={finding.line}", f"col={finding.column or 1}"]
        properties.append(f"title={_escape_property(f'parplan [{finding.rule}]')}")
        where = f"{finding.path_text}: " if finding.path_text else ""
        lines.append(
            f"::{finding.severity} {','.join(properties)}::{_escape_data(where + finding.message)}"
        )
    lines.append(
        render_text(ValidationResult(result.files, []), None).strip()
        if result.ok
        else f"Có {len(result.errors)} lỗi trong {len(result.files)} tệp."
    )
    return WorkflowCommands("\n".join(lines) + "\n")


def render_findings(result: ValidationResult, output_format: str, cwd: Path) -> str:
    if output_format == "json":
        return render_json(result, cwd)
    if output_format == "github":
        return render_github(result, annotation_base(cwd))
    return render_text(result, cwd)
