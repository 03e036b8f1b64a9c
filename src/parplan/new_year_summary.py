"""What ``parplan new-year`` says it did: as lines for the office (Vietnamese), or as JSON for CI.

The folder written and its files; the recurring and continuous work copied; the open work carried
with each id and its old deadline; the done work not copied; the work carried into another year;
the public holidays of the new year the schedule uses (for the office to check against the
government's announcement); what is to confirm; then how to check and read the draft.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from parplan.dates import format_date
from parplan.new_year import NewYearDraft

__all__ = ["summary_json", "summary_lines"]


def _carried_line(draft: NewYearDraft, index: int) -> str:
    carried = draft.tasks.carried[index]
    line = f"  - {carried.id} (hạn năm {draft.old_year}: {format_date(carried.old_deadline)}"
    line += f"; hạn mới: {carried.new_deadline or 'theo phần việc'}, chờ xác nhận)"
    if carried.parts:
        line += f"; phần việc: {', '.join(carried.parts)}"
    if carried.reason:
        line += f"; lý do: {carried.reason}"
    return line


def summary_lines(draft: NewYearDraft, folder: Path, files: list[Path]) -> list[str]:
    """The summary, one line each, in Vietnamese."""
    roll = draft.tasks
    lines = [
        f"Đã lập bản dự thảo kế hoạch năm {draft.year} từ kế hoạch năm {draft.old_year} "
        f"(tình hình đến ngày {format_date(draft.as_of)}): {folder}",
        "Các tệp:",
        *(f"  - {file}" for file in files),
        f"Giữ {len(roll.recurring)} nhiệm vụ định kỳ, thường xuyên (kỳ thực hiện cả năm "
        f"{draft.year}, hạn các kỳ tính theo quy định kỳ báo cáo và lịch năm {draft.year}).",
        (
            f"Chuyển {len(roll.carried)} nhiệm vụ chưa hoàn thành năm {draft.old_year}:"
            if roll.carried
            else f"Năm {draft.old_year} không còn nhiệm vụ một lần nào chưa hoàn thành để chuyển."
        ),
        *(_carried_line(draft, index) for index in range(len(roll.carried))),
        (
            f"Không chép {len(roll.done)} nhiệm vụ đã hoàn thành: {', '.join(roll.done)}."
            if roll.done
            else f"Năm {draft.old_year} không có nhiệm vụ một lần nào đã hoàn thành để bỏ lại."
        ),
    ]
    if roll.elsewhere:
        lines.append(
            "Không chuyển (đã ghi chuyển sang năm khác): "
            + ", ".join(f"{task_id} → năm {year}" for task_id, year in roll.elsewhere)
            + "."
        )
    lines.append(f"Ngày nghỉ lễ, Tết năm {draft.year} parplan dùng (gói holidays), cần đối chiếu:")
    lines += [f"  - {format_date(day)}: {name}" for day, name in draft.holidays]
    lines.append("Chờ Văn phòng xác nhận (to_confirm):")
    lines += [f"  - {item}" for item in draft.to_confirm]
    lines.append(
        f"Kiểm tra: parplan validate {folder}; xem bản dự thảo: parplan document --year "
        f"{draft.year}"
    )
    return lines


def summary_json(draft: NewYearDraft, folder: Path, files: list[Path]) -> str:
    """The summary as JSON (dates YYYY-MM-DD, as the JSON of ``status`` writes them)."""
    roll = draft.tasks
    payload: dict[str, Any] = {
        "folder": str(folder),
        "from_year": draft.old_year,
        "year": draft.year,
        "as_of": draft.as_of.isoformat(),
        "files": [str(file) for file in files],
        "recurring": roll.recurring,
        "carried": [
            {
                "id": item.id,
                "old_deadline": item.old_deadline.isoformat() if item.old_deadline else None,
                "new_deadline": item.new_deadline,
                "parts": list(item.parts),
                "reason": item.reason,
            }
            for item in roll.carried
        ],
        "done_not_copied": roll.done,
        "carried_elsewhere": [{"id": task_id, "to_year": year} for task_id, year in roll.elsewhere],
        "holidays": [{"date": day.isoformat(), "name": name} for day, name in draft.holidays],
        "to_confirm": draft.to_confirm,
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
