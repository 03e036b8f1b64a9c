"""Changing and comparing plans: ``update`` records progress, ``diff`` compares two versions,
``migrate`` moves plan files to the current format."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from parplan.cli.app import ParplanCommand, app, say, warn
from parplan.cli.options import PlansOption, YearOption, format_option
from parplan.formats import DiffFormat


def _text_option(name: str, metavar: str, help_text: str, *short: str) -> Any:
    return typer.Option(name, *short, metavar=metavar, help=help_text, show_default=False)


@app.command(cls=ParplanCommand)
def update(
    task: Annotated[
        str,
        typer.Argument(
            metavar="MÃ_NHIỆM_VỤ",
            help="Mã nhiệm vụ hoặc phần việc (GP-B-1), hoặc một kỳ của nhiệm vụ định kỳ "
            "(GP-D-CCHC@Q3, GP-D-BC@T10).",
            show_default=False,
        ),
    ],
    plans: PlansOption = Path("plans"),
    year: YearOption = None,
    occurrence: Annotated[
        str | None,
        _text_option(
            "--occurrence",
            "KỲ",
            "Kỳ của nhiệm vụ định kỳ: Q3, 'quý III', H1, T10, 'tháng 10', Y…",
            "-o",
        ),
    ] = None,
    status_text: Annotated[
        str | None,
        _text_option(
            "--status",
            "TRẠNG_THÁI",
            "not_started/in_progress/done, hoặc 'chưa thực hiện', 'đang thực hiện', 'hoàn thành'.",
            "-s",
        ),
    ] = None,
    done_on: Annotated[
        str | None,
        _text_option("--done-on", "NGÀY", "Ngày hoàn thành, dd/mm/yyyy hoặc YYYY-MM-DD."),
    ] = None,
    evidence: Annotated[
        str | None,
        _text_option("--evidence", "VĂN_BẢN", "Tài liệu kiểm chứng, ví dụ số văn bản."),
    ] = None,
    note: Annotated[
        str | None, _text_option("--note", "GHI_CHÚ", "Ghi chú: tồn tại, hạn chế, khó khăn.")
    ] = None,
    new_deadline: Annotated[
        str | None, _text_option("--new-deadline", "NGÀY", "Gia hạn đến ngày này (cần --reason).")
    ] = None,
    reason: Annotated[str | None, _text_option("--reason", "LÝ_DO", "Lý do gia hạn.")] = None,
    decided_on: Annotated[
        str | None, _text_option("--decided-on", "NGÀY", "Ngày cho phép gia hạn.")
    ] = None,
    document: Annotated[
        str | None, _text_option("--document", "VĂN_BẢN", "Văn bản cho phép gia hạn.")
    ] = None,
) -> None:
    """Ghi tiến độ của một nhiệm vụ, một phần việc hoặc một kỳ vào tệp kế hoạch, chỉ sửa các dòng
    của nhiệm vụ (phần việc) đó; kiểm tra cả kế hoạch trước khi ghi, ghi an toàn (không bao giờ để
    lại tệp ghi dở). Nhiệm vụ chia phần việc thì ghi tiến độ cho từng phần việc."""
    from parplan.editing import record_progress
    from parplan.progress_change import change_from_options

    change = change_from_options(
        status=status_text,
        done_on=done_on,
        evidence=evidence,
        note=note,
        new_deadline=new_deadline,
        reason=reason,
        decided_on=decided_on,
        document=document,
    )
    result = record_progress(plans, year, task, occurrence, change)
    cwd = Path.cwd()
    shown = result.file.relative_to(cwd) if result.file.is_relative_to(cwd) else result.file
    if not result.changed:
        say(f"Không có gì thay đổi: {result.key} đã như vậy; {shown} giữ nguyên.")
        return
    say(f"Đã ghi tiến độ của {result.key} vào {shown}.")
    if result.removed_done_on is not None:
        say(f"Lưu ý: đã bỏ ngày hoàn thành {result.removed_done_on} vì việc được mở lại.")


@app.command(cls=ParplanCommand)
def diff(
    base: Annotated[
        str | None,
        typer.Argument(
            metavar="BẢN_GỐC",
            help="Bản gốc: phiên bản git, hoặc một thư mục kế hoạch (mặc định: điểm rẽ nhánh với main).",
            show_default=False,
        ),
    ] = None,
    head: Annotated[
        str | None,
        typer.Argument(
            metavar="BẢN_MỚI",
            help="Bản mới: phiên bản git hoặc thư mục (mặc định: các tệp hiện tại).",
            show_default=False,
        ),
    ] = None,
    plans: PlansOption = Path("plans"),
    year: YearOption = None,
    output_format: Annotated[
        DiffFormat, format_option("diff", " (md: bình luận pull request)")
    ] = DiffFormat.TEXT,
) -> None:
    """So sánh hai phiên bản kế hoạch theo nội dung: nhiệm vụ, phần việc thêm, bỏ; trạng thái, ngày
    hoàn thành, kiểm chứng; thời hạn dời, ghi như văn bản viết và ngày tính ra (gia hạn phải có lý
    do); đơn vị chủ trì, chỉ số, tiêu chí, kinh phí; nội dung.

    Mã thoát: 0, hoặc 1 khi có thay đổi sai quy tắc (dời thời hạn không ghi gia hạn)."""
    from parplan.plan_versions import diff_sides
    from parplan.plandiff import compare_plans, render_changes

    sides = diff_sides(base, head, plans, year, warn)
    changes = compare_plans(sides.old, sides.new)
    sys.stdout.write(render_changes(changes, output_format.value, sides.base_name, sides.head_name))
    raise typer.Exit(1 if any(change.severity == "error" for change in changes) else 0)


@app.command(cls=ParplanCommand)
def migrate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="ĐƯỜNG_DẪN",
            help="Tệp hoặc thư mục cần chuyển (mặc định: thư mục --plans).",
            show_default=False,
        ),
    ] = None,
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Chỉ kiểm tra: liệt kê tệp cần chuyển, không ghi gì (mã thoát 1 nếu có).",
        ),
    ] = False,
    plans: PlansOption = Path("plans"),
    undated_on: Annotated[
        str | None,
        _text_option(
            "--undated-on",
            "NGÀY",
            "Ngày cho các sự việc tiến độ cũ không ghi ngày (đang thực hiện, tài liệu, ghi chú, "
            "gia hạn); mặc định: ngày commit cuối của tệp, không có thì ngày sửa tệp.",
        ),
    ] = None,
) -> None:
    """Chuyển tệp kế hoạch từ định dạng cũ (phiên bản 1, không có schema_version) sang định dạng
    2, chỉ sửa những chỗ định dạng mới viết khác; giữ nguyên chú thích, dòng trống, cách viết.
    Tiến độ thành các sự việc có ngày; sự việc cũ không ghi ngày lấy ngày --undated-on, hoặc
    ngày commit cuối của tệp, hoặc ngày sửa tệp (lệnh in ngày đã dùng và lý do).
    Tệp đã ở định dạng 2 giữ nguyên; tệp có chỗ không chuyển tự động được cũng giữ nguyên.

    Mã thoát: 0 xong hoặc không có gì để chuyển, 1 có tệp không chuyển được (hoặc, với --check,
    có tệp cần chuyển), 2 dùng sai lệnh."""
    from parplan.findings import ValidationResult
    from parplan.findings_output import render_text
    from parplan.migration import migrate_folder
    from parplan.periods import option_date

    day = option_date("--undated-on", undated_on)
    results = migrate_folder(list(paths) if paths else [plans], check=check, undated_on=day)
    cwd = Path.cwd()
    verb = "cần chuyển" if check else "đã chuyển"
    for result in results:
        if result.changes:
            shown = result.path.relative_to(cwd) if result.path.is_relative_to(cwd) else result.path
            say(f"{verb} {shown} sang định dạng 2: {'; '.join(result.changes)}")
    problems = [finding for result in results for finding in result.problems]
    if problems:
        failed = ValidationResult(files=[result.path for result in results], findings=problems)
        sys.stderr.write(render_text(failed, cwd))
    changed = sum(1 for result in results if result.changes)
    if not changed and not problems:
        say(f"Không có tệp nào cần chuyển: {len(results)} tệp đã ở định dạng 2.")
    elif check and changed:
        say(f"Có {changed} tệp cần chuyển: chạy 'parplan migrate' (không có --check) để chuyển.")
    raise typer.Exit(1 if problems or (check and changed) else 0)
