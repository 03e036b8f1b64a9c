"""The body of the plan document: the plan's structured fields (purposes, requirements,
objectives, solutions, organisation) as the sections of the usual outline, merged with the
document's own ``outline``.

Each structured section is titled from ``outline`` when it has that ref, by the usual words
otherwise (I. MỤC ĐÍCH, YÊU CẦU; 1. Mục đích; 2. Yêu cầu; II. MỤC TIÊU, NHIỆM VỤ VÀ GIẢI PHÁP;
1. <objectives>; 2. Giải pháp: <solutions_intro>, a) …; III. TỔ CHỨC THỰC HIỆN; 1., 2. …), and is
there only when the plan says something under it or the outline names it. The outline's other
headings (a peer plan's "A. KẾT QUẢ …", "B.II", "II.3.1") are printed with their titles and
nothing under them, nothing being known.

The order is the outline's; a structured section the outline lacks comes right after its elder
sibling with everything under that sibling (I.2 after I.1, II after I and all of I's headings),
right after its parent when it is the first child (I.1 after I), or first when it is the first
of all (:func:`section_order`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from parplan.model import PlanDocument
from parplan.text import fold

__all__ = ["DEFAULT_TITLES", "Point", "Section", "body_sections", "heading_number", "section_order"]

DEFAULT_TITLES = {
    "I": "MỤC ĐÍCH, YÊU CẦU",
    "I.1": "Mục đích",
    "I.2": "Yêu cầu",
    "II": "MỤC TIÊU, NHIỆM VỤ VÀ GIẢI PHÁP",
    "II.1": "Mục tiêu, nhiệm vụ",
    "II.2": "Giải pháp",
    "III": "TỔ CHỨC THỰC HIỆN",
}
"""The usual titles of the structured sections, printed when the outline has none."""


@dataclass(frozen=True)
class Point:
    """A point of a clause: "a) Nâng cao vai trò …"."""

    letter: str
    text: str


@dataclass(frozen=True)
class Section:
    """A heading of the body and what stands under it, as the plan writes it."""

    level: int
    """1 for "I."/"A.", 2 for "1." under it, 3 and more below."""
    number: str
    """As printed: "I.", "A.", "1.", "3.1.", "a)"."""
    title: str
    """The heading's words; empty for a clause of text alone (III.1 "Các phòng, đơn vị …")."""
    lead: str = ""
    """Text run in after the title on the same line ("Giải pháp: Nhằm …"), or the whole clause
    when it has no title."""
    paragraphs: list[str] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)
    """Lines printed "- <item>" (purposes, requirements)."""
    points: list[Point] = field(default_factory=list)


def heading_number(ref: str) -> str:
    """How a heading's ref is printed: "II" → "II.", "II.2" → "2.", "II.3.1" → "3.1.", "B.II" →
    "II.", "A" → "A.", "II.2.a" → "a)"."""
    parts = ref.split(".")
    last = parts[-1]
    if re.fullmatch(r"[a-zđ]", last):
        return f"{last})"
    if last.isdigit():
        run: list[str] = []
        for part in reversed(parts):
            if not part.isdigit():
                break
            run.insert(0, part)
        return ".".join(run) + "."
    return f"{last}."


def _parent(ref: str) -> str | None:
    return ref.rsplit(".", 1)[0] if "." in ref else None


def _in_subtree(ref: str, root: str) -> bool:
    return ref == root or ref.startswith(root + ".")


def section_order(outline: list[str], structured: list[str]) -> list[str]:
    """The refs of the body in print order: the outline's order; each structured ref it lacks
    right after its elder sibling's subtree, or after its parent when it is the first child, or
    first of all when nothing precedes it (see the module's docstring)."""
    order = list(outline)
    previous: str | None = None
    for ref in structured:
        if ref not in order:
            if previous is None:
                index = 0
            elif _parent(ref) == previous:
                index = order.index(previous) + 1
            else:
                sibling = ".".join(previous.split(".")[: len(ref.split("."))])
                index = 1 + max(i for i, r in enumerate(order) if _in_subtree(r, sibling))
            order.insert(index, ref)
        previous = ref
    return order


def _structured(document: PlanDocument, titles: dict[str, str | None]) -> dict[str, Section]:
    """The sections the structured fields make, in the usual order, by ref; a section the outline
    names is there even when its field is empty (the document has the heading)."""

    def present(ref: str, content: object) -> bool:
        return bool(content) or ref in titles

    sections: dict[str, Section] = {}

    def add(ref: str, default: str, **content: Any) -> None:
        given = titles.get(ref)
        sections[ref] = Section(
            level=len(ref.split(".")), number=heading_number(ref), title=given or default,
            **content,
        )  # fmt: skip

    part_one = present("I.1", document.purposes) or present("I.2", document.requirements)
    if part_one or "I" in titles:
        add("I", DEFAULT_TITLES["I"])
    if present("I.1", document.purposes):
        add("I.1", DEFAULT_TITLES["I.1"], bullets=list(document.purposes))
    if present("I.2", document.requirements):
        add("I.2", DEFAULT_TITLES["I.2"], bullets=list(document.requirements))
    has_solutions = bool(document.solutions or document.solutions_intro)
    if present("II.1", document.objectives) or present("II.2", has_solutions) or "II" in titles:
        add("II", DEFAULT_TITLES["II"])
    if present("II.1", document.objectives):
        objectives = document.objectives or ""
        titled = titles.get("II.1")
        repeated = titled is None or fold(titled) == fold(objectives)
        add(
            "II.1",
            objectives or DEFAULT_TITLES["II.1"],
            paragraphs=[] if repeated or not objectives else [objectives],
        )
    if present("II.2", has_solutions):
        add(
            "II.2",
            DEFAULT_TITLES["II.2"],
            lead=document.solutions_intro or "",
            points=[Point(solution.letter, solution.text) for solution in document.solutions],
        )
    if present("III", document.organization):
        add("III", DEFAULT_TITLES["III"])
    for number, text in enumerate(document.organization, start=1):
        ref = f"III.{number}"
        if titles.get(ref):
            add(ref, "", paragraphs=[text])
        else:
            add(ref, "", lead=text)
    return sections


def body_sections(document: PlanDocument) -> list[Section]:
    """The body's sections in print order: the structured ones and the outline's others."""
    titles = {heading.ref: heading.title for heading in document.outline}
    structured = _structured(document, titles)
    points = {f"II.2.{solution.letter}" for solution in document.solutions}
    outline = [heading.ref for heading in document.outline if heading.ref not in points]
    order = section_order(outline, list(structured))
    return [
        structured.get(ref)
        or Section(
            level=len(ref.split(".")), number=heading_number(ref), title=titles.get(ref) or ""
        )
        for ref in order
    ]
