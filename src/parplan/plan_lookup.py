"""What a user names in an option, found in the plan: a unit (``--department``) by its code or
name regardless of case and diacritics, a PAR Index field (``--field``) by its code; a name that
matches nothing is a usage problem listing what there is and the closest match."""

from __future__ import annotations

from parplan.errors import UsageProblem
from parplan.model import IndexItem, Plan, Unit
from parplan.text import closest, fold

__all__ = ["resolve_field", "resolve_unit"]


def _unit_names(unit: Unit) -> list[str]:
    names = [unit.code, unit.name, *unit.aliases]
    for prefix in ("phong ", "ban ", "trung tam "):
        folded = fold(unit.name)
        if folded.startswith(prefix):
            names.append(folded.removeprefix(prefix))
    return names


def resolve_unit(plan: Plan, text: str) -> Unit:
    """The unit a user means: by code or name, regardless of case and diacritics."""
    wanted = fold(text)
    for unit in plan.departments:
        if any(fold(name) == wanted for name in _unit_names(unit)):
            return unit
    containing = [unit for unit in plan.departments if wanted and wanted in fold(unit.name)]
    if len(containing) == 1:
        guess: Unit | None = containing[0]
    else:
        candidates = {name: unit for unit in plan.departments for name in _unit_names(unit)}
        name = closest(text, candidates)
        guess = candidates[name] if name is not None else None
    hint = f" Bạn có muốn chọn '{guess.code}' ({guess.name})?" if guess else ""
    codes = ", ".join(unit.code for unit in plan.departments)
    raise UsageProblem(f"không có đơn vị '{text}'.{hint} Các mã đơn vị: {codes}")


def resolve_field(plan: Plan, code: str) -> IndexItem:
    """A PAR Index field by its code ("3")."""
    for par_field in plan.par_fields:
        if par_field.code == code.strip():
            return par_field
    known = ", ".join(f.code for f in plan.par_fields) or "kế hoạch chưa có lĩnh vực nào"
    raise UsageProblem(f"không có lĩnh vực PAR Index {code}; các lĩnh vực: {known}")
