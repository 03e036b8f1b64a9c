"""Checklists (danh sách việc) of units as files: Markdown with task-list boxes, HTML, Word, JSON.

One unit's checklist goes to a file or standard output; ``checklist --all`` writes one file per
unit into an output folder (:func:`write_every_unit`).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from parplan.errors import UsageProblem
from parplan.model import Plan, Unit
from parplan.occurrence_rows import occurrence_row
from parplan.status import PlanStatus, TrackedOccurrence
from parplan.status_listings import occurrence_payload, to_json

__all__ = [
    "Checklist",
    "check_checklist_options",
    "checklist_document",
    "checklist_payload",
    "checklist_rows",
    "file_format",
    "unit_checklist",
    "write_every_unit",
]


@dataclass(frozen=True)
class Checklist:
    """What one unit must do: the work it leads and, apart, the work it supports."""

    unit: Unit
    as_of: date
    leads: list[TrackedOccurrence]
    supports: list[TrackedOccurrence]


def _by_deadline(items: Sequence[TrackedOccurrence]) -> list[TrackedOccurrence]:
    """By the deadline in force on the day of the view, continuous duties last."""
    return sorted(items, key=lambda item: item.deadline or date.max)


def unit_checklist(status: PlanStatus, unit: Unit) -> Checklist:
    """The checklist of ``unit`` from the plan's status (one computed without filters): the
    work it leads (with other units or alone), and the work it supports without leading it."""
    plan = status.plan
    items = status.items
    leads = [item for item in items if unit.code in item.occurrence.task.lead]
    supports = [
        item
        for item in items
        if unit.code not in item.occurrence.task.lead
        and unit.code in item.occurrence.task.supporting_units(plan.departments)
    ]
    return Checklist(unit, status.as_of, _by_deadline(leads), _by_deadline(supports))


def file_format(output_format: str) -> str:
    """The file form of a checklist format: the human-readable one is Markdown in a file."""
    return "md" if output_format == "text" else output_format


def check_checklist_options(
    *, every_unit: bool, department: str | None, out: Path | None, output: Path | None
) -> None:
    """One unit (``--department``, optionally ``--output``) or every unit (``--all --out``)."""
    if every_unit == (department is not None):
        raise UsageProblem("chọn một đơn vị bằng --department, hoặc mọi đơn vị bằng --all")
    if every_unit and out is None:
        raise UsageProblem("--all cần --out THƯ_MỤC để ghi mỗi đơn vị một tệp")
    if out is not None and not every_unit:
        raise UsageProblem("--out chỉ dùng cùng --all")
    if output is not None and every_unit:
        raise UsageProblem("--output ghi một đơn vị; với --all hãy dùng --out THƯ_MỤC")


def write_every_unit(
    plan: Plan, plans: Path, out: Path, output_format: str, day: date, *, force: bool = False
) -> int:
    """Write the checklist of every unit of the plan into ``out``, one ``<code>.<format>`` file
    each (never into a plan folder nor through a link); the number of files written. Without
    ``force`` nothing is written when one of the files exists (:class:`OutputExists`)."""
    from parplan.errors import OutputExists
    from parplan.file_writing import OutputFolder, plan_folders
    from parplan.status import plan_status

    folder = OutputFolder(out, plan_folders(plans, plan.folder), "--out")
    extension = file_format(output_format)
    names = [f"{unit.code}.{extension}" for unit in plan.departments]
    if not force:
        existing = next((name for name in names if os.path.lexists(out / name)), None)
        if existing is not None:
            raise OutputExists(out / existing, "chọn thư mục khác bằng --out")
    status = plan_status(plan, day)
    for unit, name in zip(plan.departments, names, strict=True):
        checklist = unit_checklist(status, unit)
        folder.write(name, checklist_document(plan, checklist, extension), replace=force)
    return len(plan.departments)


def checklist_payload(plan: Plan, checklist: Checklist) -> dict[str, Any]:
    return {
        "as_of": checklist.as_of.isoformat(),
        "unit": {"code": checklist.unit.code, "name": checklist.unit.name},
        "leads": [occurrence_payload(plan, item) for item in checklist.leads],
        "supports": [occurrence_payload(plan, item) for item in checklist.supports],
    }


def checklist_rows(plan: Plan, items: list[TrackedOccurrence]) -> list[dict[str, Any]]:
    """What checklist templates see of each occurrence, from its :func:`occurrence_row`; work
    carried into a later year says so in its ``status_text`` ("…; chuyển sang năm 2023"), with
    ``carried_to`` and ``carried_reason`` for an office's own template."""
    rows = []
    for item in items:
        row = occurrence_row(plan, item)
        rows.append(
            {
                "key": row.key,
                "title": row.title,
                "done": row.done,
                "reported": row.reported,
                "ticked": row.done or row.reported,
                "deadline": row.deadline,
                "status_text": row.status_text,
                "overdue": row.overdue,
                "lead_name": row.lead_label,
                "output": row.output,
                "source": row.source,
                "criteria": "; ".join(row.criteria_labels),
                "parent": f"{row.parent_id}: {row.parent_title}" if row.parent_id else None,
                "carried_to": row.carried_to,
                "carried_reason": row.carried_reason,
            }
        )
    return rows


def checklist_document(plan: Plan, checklist: Checklist, output_format: str) -> bytes:
    """The checklist as a file: Markdown with task-list boxes, HTML, Word or JSON."""
    if output_format == "json":
        return to_json(checklist_payload(plan, checklist)).encode("utf-8")
    from parplan.template_loader import office_templates
    from parplan.template_rendering import render_docx, render_template

    context = _checklist_context(plan, checklist)
    override = office_templates(plan.folder)
    if output_format == "docx":
        return render_docx("checklist.docx", context, override)
    return render_template(f"checklist.{output_format}.j2", context, override).encode("utf-8")


def _checklist_context(plan: Plan, checklist: Checklist) -> dict[str, Any]:
    """What checklist templates see, as plain data (no plan model, no Path)."""
    from parplan.template_data import plan_data, unit_data

    return {
        "plan": plan_data(plan),
        "unit": unit_data(checklist.unit),
        "as_of": checklist.as_of,
        "leads": checklist_rows(plan, checklist.leads),
        "supports": checklist_rows(plan, checklist.supports),
    }
