"""What stands where: ``status``, ``overdue`` and ``checklist``."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from parplan.cli.group import ParplanCommand, app, say
from parplan.cli.options import (
    AsOfOption,
    DepartmentOption,
    ForceOption,
    PlansOption,
    YearOption,
    as_of,
    format_option,
    output_option,
    use_cache,
)
from parplan.formats import ChecklistFormat, OutputFormat, OverdueFormat, StatusFormat, canonical
from parplan.periods import MAX_WINDOW_DAYS

if TYPE_CHECKING:
    from parplan.status import PlanStatus


@app.command(cls=ParplanCommand)
def status(
    plans: PlansOption = Path("plans"),
    year: YearOption = None,
    as_of_text: AsOfOption = None,
    department: DepartmentOption = None,
    par_field: Annotated[
        str | None,
        typer.Option(
            "--field",
            metavar="MÃ",
            help="Chỉ lĩnh vực Chỉ số CCHC mã N (1, 2, …).",
            show_default=False,
        ),
    ] = None,
    within: Annotated[
        int,
        typer.Option(
            "--within",
            metavar="SỐ_NGÀY",
            min=0,
            max=MAX_WINDOW_DAYS,
            help="Cửa sổ 'sắp đến hạn', số ngày.",
        ),
    ] = 14,
    working_days: Annotated[
        bool,
        typer.Option(
            "--working-days",
            help="Đếm cửa sổ 'sắp đến hạn' theo ngày làm việc (trừ thứ Bảy, Chủ nhật, lễ, Tết).",
        ),
    ] = False,
    output_format: Annotated[StatusFormat, format_option("status")] = StatusFormat.TEXT,
) -> None:
    """Tình hình thực hiện: tỷ lệ hoàn thành so với yêu cầu, theo đơn vị, theo lĩnh vực, việc quá
    hạn và việc sắp đến hạn."""
    day = as_of(as_of_text)

    def computed() -> PlanStatus:
        from parplan.loading import load_plan
        from parplan.status import plan_status

        plan = load_plan(plans, year, as_of=day, use_cache=use_cache())
        options = {"department": department, "par_field": par_field}
        return plan_status(plan, day, within=within, working_days=working_days, **options)

    if canonical(output_format) is OutputFormat.JSON:

        def payload() -> tuple[str, Path | None]:
            from parplan.status_listings import status_payload, to_json

            result = computed()
            return to_json(status_payload(result)), result.plan.folder

        query = ["status", *map(repr, (department, par_field, within, working_days))]
        sys.stdout.write(_answer(plans, year, day, query, payload))
        return
    result = computed()
    from parplan.cli.terminal import print_view, status_view

    print_view(status_view(result))


@app.command(cls=ParplanCommand)
def overdue(
    plans: PlansOption = Path("plans"),
    year: YearOption = None,
    as_of_text: AsOfOption = None,
    department: DepartmentOption = None,
    output_format: Annotated[OverdueFormat, format_option("overdue")] = OverdueFormat.TEXT,
) -> None:
    """Việc quá hạn chưa hoàn thành, quá hạn lâu nhất trước."""
    day = as_of(as_of_text)
    chosen = canonical(output_format)

    def computed() -> PlanStatus:
        from parplan.loading import load_plan
        from parplan.status import plan_status

        plan = load_plan(plans, year, as_of=day, use_cache=use_cache())
        return plan_status(plan, day, department=department)

    if chosen is OutputFormat.TEXT:
        from parplan.cli.terminal import overdue_view, print_view

        print_view(overdue_view(computed()))
        return

    def listing() -> tuple[str, Path | None]:
        from parplan.status_listings import overdue_listing

        result = computed()
        return overdue_listing(result, chosen), result.plan.folder

    query = ["overdue", repr(department), chosen.value]
    sys.stdout.write(_answer(plans, year, day, query, listing))


def _answer(
    plans: Path,
    year: int | None,
    day: date,
    query: list[str],
    compute: Callable[[], tuple[str, Path | None]],
) -> str:
    """The answer of ``compute`` in a data format: kept in the cache for the same question on
    unchanged files (:mod:`parplan.answer_cache`), unless the cache is off."""
    if not use_cache():
        return compute()[0]
    from parplan.answer_cache import answered

    return answered(plans, year, day, this_year=date.today().year, query=query, compute=compute)


@app.command(cls=ParplanCommand)
def checklist(
    plans: PlansOption = Path("plans"),
    year: YearOption = None,
    as_of_text: AsOfOption = None,
    department: DepartmentOption = None,
    every_unit: Annotated[
        bool, typer.Option("--all", help="Mọi đơn vị, mỗi đơn vị một tệp trong --out.")
    ] = False,
    out_text: Annotated[
        str | None,
        typer.Option(
            "--out",
            metavar="THƯ_MỤC",
            help="Thư mục ghi các tệp khi dùng --all.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None, output_option("Ghi danh sách của một đơn vị vào tệp này ('-': in ra).")
    ] = None,
    output_format: Annotated[ChecklistFormat, format_option("checklist")] = ChecklistFormat.TEXT,
    force: ForceOption = False,
) -> None:
    """Việc của một đơn vị: việc chủ trì và, riêng, việc phối hợp, kèm hạn, sản phẩm, nguồn,
    tình trạng. Dạng md dùng ô đánh dấu (- [ ] / - [x]) để dán vào issue, wiki; html, docx để in."""
    from parplan.checklists import (
        check_checklist_options,
        checklist_document,
        file_format,
        unit_checklist,
        write_every_unit,
    )
    from parplan.file_writing import output_folder_option, write_document
    from parplan.loading import load_plan
    from parplan.standard_output import is_stdout, no_word_on_stdout
    from parplan.status import plan_status, resolve_unit

    chosen = canonical(output_format)
    out = output_folder_option(out_text) if out_text is not None else None
    check_checklist_options(every_unit=every_unit, department=department, out=out, output=output)
    if chosen is OutputFormat.DOCX and not every_unit and (output is None or is_stdout(output)):
        raise no_word_on_stdout()
    day = as_of(as_of_text)
    plan = load_plan(plans, year, as_of=day, use_cache=use_cache())
    if out is not None:
        count = write_every_unit(plan, plans, out, chosen.value, day, force=force)
        say(f"Đã ghi {count} tệp vào {out}.")
        return
    assert department is not None
    unit_list = unit_checklist(plan_status(plan, day), resolve_unit(plan, department))
    if output is None and chosen is OutputFormat.TEXT:
        from parplan.cli.terminal import checklist_view, print_view

        print_view(checklist_view(plan, unit_list))
        return
    document = checklist_document(plan, unit_list, file_format(chosen.value))
    if output is None or is_stdout(output):
        sys.stdout.write(document.decode("utf-8"))
        return
    write_document(output, document, plans, plan.folder, force=force)
    say(f"Đã ghi danh sách việc của {unit_list.unit.name} vào {output}.")
