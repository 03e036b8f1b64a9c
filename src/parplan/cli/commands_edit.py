"""Changing and comparing plans: ``update`` records progress, ``diff`` compares two versions,
``migrate`` moves plan files to the current format."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from parplan.cli.group import ParplanCommand, app, say, warn
from parplan.cli.options import PlansOption, YearOption, format_option
from parplan.formats import DiffFormat


def _text_option(name: str, metavar: str, help_text: str, *short: str) -> Any:
    return typer.Option(name, *short, metavar=metavar, help=help_text, show_default=False)


TaskArgument = Annotated[
    str,
    typer.Argument(
        metavar="MÃ_NHIỆM_VỤ",
        help="Mã nhiệm vụ hoặc phần việc (GP-B-1), hoặc một kỳ của nhiệm vụ định kỳ "
        "(GP-D-CCHC@Q3, GP-D-BC@T10), như các danh sách ghi; không phân biệt chữ hoa, chữ thường.",
        show_default=False,
    ),
]
OccurrenceOption = Annotated[
    str | None,
    _text_option(
        "--occurrence",
        "KỲ",
        "Kỳ của nhiệm vụ định kỳ: Q3, 'quý III', H1, T10, 'tháng 10', Y…",
        "-o",
    ),
]
StatusOption = Annotated[
    str | None,
    _text_option(
        "--status",
        "TRẠNG_THÁI",
        "in_progress: bắt đầu thực hiện ngày --on; done: hoàn thành ngày --on (hoặc --done-on); "
        "not_started; hoặc 'đang thực hiện', 'hoàn thành', 'chưa thực hiện'.",
        "-s",
    ),
]
DoneOnOption = Annotated[
    str | None,
    _text_option("--done-on", "NGÀY", "Hoàn thành ngày này, dd/mm/yyyy hoặc YYYY-MM-DD."),
]
EvidenceOption = Annotated[
    str | None, _text_option("--evidence", "VĂN_BẢN", "Tài liệu kiểm chứng, ví dụ số văn bản.")
]
NoteOption = Annotated[
    str | None,
    _text_option(
        "--note",
        "GHI_CHÚ",
        "Ghi chú; ghi kèm --note-kind để báo cáo định kỳ đặt vào đúng mục (không có loại: ghi chú "
        "nội bộ, không in vào báo cáo).",
    ),
]
_KINDS_HELP = (
    "result (kết quả: mục I của báo cáo), shortcoming (tồn tại, hạn chế: mục II), cause "
    "(nguyên nhân: mục II), proposal (kiến nghị, đề xuất: mục IV); nhận cả chữ tiếng Việt, không "
    "phân biệt hoa thường, có dấu hay không: 'kết quả', 'ket-qua', 'tồn tại', 'hạn chế', "
    "'nguyên nhân', 'kiến nghị', 'đề xuất'."
)
NoteKindOption = Annotated[
    str | None,
    _text_option("--note-kind", "LOẠI", f"Loại của ghi chú --note: {_KINDS_HELP}"),
]
ClassifyNoteOption = Annotated[
    tuple[str, str] | None,
    _text_option(
        "--classify-note",
        "GHI_CHÚ LOẠI",
        "Ghi loại cho một ghi chú đã ghi (chưa có loại, hoặc đổi loại): GHI_CHÚ là nội dung đã "
        "ghi hoặc số thứ tự (1, 2…), LOẠI như --note-kind. Chỉ thêm 'kind: LOẠI' vào ghi chú đó; "
        "không phải sửa điều ghi nhầm, nên không ghi vào corrections.",
    ),
]
NewDeadlineOption = Annotated[
    str | None, _text_option("--new-deadline", "NGÀY", "Gia hạn đến ngày này (cần --reason).")
]
ReasonOption = Annotated[
    str | None,
    _text_option(
        "--reason", "LÝ_DO", "Lý do gia hạn (--new-deadline), hoặc lý do chuyển (--carry-over)."
    ),
]
CarryOverOption = Annotated[
    bool,
    typer.Option(
        "--carry-over",
        help="Việc chưa hoàn thành, chuyển sang kế hoạch năm sau từ ngày --on (cần --reason; "
        "--document: văn bản cho phép chuyển). Chỉ việc có thời hạn, chưa hoàn thành; việc định "
        "kỳ, thường xuyên được lập lại trong kế hoạch năm sau, không chuyển; nhiệm vụ có phần "
        "việc thì chuyển từng phần việc.",
    ),
]
ToYearOption = Annotated[
    int | None,
    typer.Option(
        "--to-year",
        metavar="NĂM",
        help="Năm kế hoạch nhận việc chuyển (mặc định: năm sau năm kế hoạch).",
        show_default=False,
    ),
]
DecidedOnOption = Annotated[
    str | None,
    _text_option(
        "--decided-on",
        "NGÀY",
        "Ngày quyết định gia hạn (mặc định: ngày --on); từ ngày này thời hạn mới áp dụng.",
    ),
]
DocumentOption = Annotated[
    str | None,
    _text_option("--document", "VĂN_BẢN", "Văn bản cho phép gia hạn (hoặc cho phép chuyển)."),
]
OnOption = Annotated[
    str | None,
    _text_option(
        "--on",
        "NGÀY",
        "Ngày của điều được ghi (bắt đầu, hoàn thành, kiểm chứng, ghi chú, sửa), mặc định hôm "
        "nay; cũng chọn năm kế hoạch khi không có --year.",
    ),
]
FixEvidenceOption = Annotated[
    tuple[str, str] | None,
    _text_option(
        "--fix-evidence",
        "CŨ MỚI",
        "Sửa tài liệu kiểm chứng ghi nhầm: CŨ là nội dung đã ghi hoặc số thứ tự (1, 2…), MỚI là "
        "nội dung đúng; lịch sử (corrections) giữ nội dung cũ.",
    ),
]
FixNoteOption = Annotated[
    tuple[str, str] | None,
    _text_option(
        "--fix-note",
        "CŨ MỚI",
        "Sửa ghi chú ghi nhầm, như --fix-evidence; loại của ghi chú giữ nguyên.",
    ),
]
FixDoneOnOption = Annotated[
    str | None, _text_option("--fix-done-on", "NGÀY", "Sửa ngày hoàn thành đã ghi nhầm.")
]


@app.command(cls=ParplanCommand)
def update(
    task: TaskArgument,
    plans: PlansOption = Path("plans"),
    year: YearOption = None,
    occurrence: OccurrenceOption = None,
    status_text: StatusOption = None,
    done_on: DoneOnOption = None,
    evidence: EvidenceOption = None,
    note: NoteOption = None,
    note_kind: NoteKindOption = None,
    new_deadline: NewDeadlineOption = None,
    reason: ReasonOption = None,
    decided_on: DecidedOnOption = None,
    document: DocumentOption = None,
    on: OnOption = None,
    fix_evidence: FixEvidenceOption = None,
    fix_note: FixNoteOption = None,
    fix_done_on: FixDoneOnOption = None,
    classify_note: ClassifyNoteOption = None,
    carry_over: CarryOverOption = False,
    to_year: ToYearOption = None,
) -> None:
    """Ghi tiến độ của một nhiệm vụ, một phần việc hoặc một kỳ vào tệp kế hoạch, mỗi điều kèm ngày
    của nó (--on, mặc định hôm nay); chỉ sửa các dòng của nhiệm vụ (phần việc) đó; kiểm tra cả kế
    hoạch trước khi ghi, ghi an toàn (không bao giờ để lại tệp ghi dở, không mất thay đổi của lần
    ghi khác). Nhiệm vụ chia phần việc thì ghi tiến độ cho từng phần việc. Ghi chú kèm loại
    (--note-kind) để báo cáo định kỳ đặt vào mục kết quả, tồn tại, nguyên nhân hay kiến nghị;
    ghi chú đã ghi chưa có loại thì ghi loại bằng --classify-note. Việc chưa hoàn thành phải
    chuyển sang kế hoạch năm sau: --carry-over --reason LÝ_DO (báo cáo, danh sách ghi việc đó
    chuyển sang năm nào).

    Mã thoát: 0 đã ghi (hoặc không có gì thay đổi), 1 không ghi vì kế hoạch sau khi sửa sẽ có lỗi,
    tệp đang được sửa, hoặc việc không chuyển được sang năm sau, 2 dùng sai lệnh."""
    from parplan.editing import record_progress
    from parplan.progress_change import change_from_options

    change = change_from_options(
        status=status_text,
        done_on=done_on,
        evidence=evidence,
        note=note,
        note_kind=note_kind,
        new_deadline=new_deadline,
        reason=reason,
        decided_on=decided_on,
        document=document,
        on=on,
        fix_evidence=fix_evidence,
        fix_note=fix_note,
        fix_done_on=fix_done_on,
        classify_note=classify_note,
        carry_over=carry_over,
        to_year=to_year,
    )
    result = record_progress(plans, year, task, occurrence, change)
    cwd = Path.cwd()
    shown = result.file.relative_to(cwd) if result.file.is_relative_to(cwd) else result.file
    if not result.changed:
        say(f"Không có gì thay đổi: {result.key} đã như vậy; {shown} giữ nguyên.")
        return
    carried = f": chuyển sang năm {result.carried_to}" if result.carried_to is not None else ""
    say(f"Đã ghi tiến độ của {result.key} vào {shown}{carried}.")
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
    """So sánh hai phiên bản kế hoạch theo nội dung: nhiệm vụ, phần việc thêm, bỏ; tiến độ theo
    ngày: bắt đầu, hoàn thành, kiểm chứng, ghi chú, sửa đổi; thời hạn dời, ghi như văn bản viết và
    ngày tính ra (gia hạn phải có lý do); đơn vị chủ trì, chỉ số, tiêu chí, kinh phí; nội dung.

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
