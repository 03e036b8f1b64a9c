"""The index frameworks shipped with parplan: ``frameworks`` lists them, ``frameworks add ID``
copies one into the plan folder of a year (:mod:`parplan.index_frameworks`)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from parplan.cli.group import ParplanCommand, app, say
from parplan.cli.options import PlansOption, YearOption, format_option
from parplan.errors import UsageProblem
from parplan.formats import FrameworksFormat

ADD = "add"

ActionArgument = Annotated[
    str | None,
    typer.Argument(
        metavar="add",
        help="'add': thêm một bộ chỉ số vào thư mục kế hoạch của năm (không ghi: liệt kê).",
        show_default=False,
    ),
]
FrameworkArgument = Annotated[
    str | None,
    typer.Argument(
        metavar="MÃ",
        help="Mã bộ chỉ số, như danh sách 'parplan frameworks' ghi: par-tinh-876, sipas-2022…",
        show_default=False,
    ),
]
AddForceOption = Annotated[
    bool,
    typer.Option(
        "--force",
        help="Với add: ghi đè tệp chi-so-<mã>.yaml đã có trong thư mục kế hoạch (không ghi đè "
        "chỉ số cùng mã ở tệp khác).",
    ),
]


def _add(framework: str | None, plans: Path, year: int | None, force: bool) -> None:
    from parplan.index_frameworks import add_framework, framework_ids

    if framework is None:
        raise UsageProblem(
            f"thiếu mã bộ chỉ số: 'parplan frameworks add MÃ' (có: {', '.join(framework_ids())})"
        )
    added = add_framework(plans, framework, year, force=force)
    done = "Đã ghi đè" if added.replaced else "Đã ghi"
    say(
        f"{done} {added.path}: bộ chỉ số '{framework}' vào kế hoạch năm {added.year}. Văn phòng "
        "sửa, bổ sung tệp theo văn bản quy định (chú thích đầu tệp nói điều gì chưa xác nhận); "
        "'parplan validate' kiểm tra lại."
    )


@app.command(cls=ParplanCommand)
def frameworks(
    action: ActionArgument = None,
    framework: FrameworkArgument = None,
    output_format: Annotated[
        FrameworksFormat, format_option("frameworks", " (khi liệt kê)")
    ] = FrameworksFormat.TEXT,
    plans: PlansOption = Path("plans"),
    year: YearOption = None,
    force: AddForceOption = False,
) -> None:
    """Các bộ chỉ số có sẵn trong parplan (PAR Index cấp tỉnh theo 876/QĐ-BNV, SIPAS 2022, Bộ
    chỉ số 766/QĐ-TTg, mẫu chỉ số CCHC của tỉnh): mã, tên, phiên bản, căn cứ, số mục mỗi cấp
    trong tệp so với số các nguồn nêu, điểm tối đa đã xác nhận hay chưa.

    'parplan frameworks add MÃ' chép một bộ chỉ số thành tệp mới chi-so-<mã>.yaml trong thư mục
    kế hoạch của năm (--year), để Văn phòng sửa, bổ sung: không ghi khi kế hoạch đã có chỉ số cùng
    mã (báo tệp, dòng) hay tệp đã có (trừ --force), hoặc khi kế hoạch có tệp mới sẽ có lỗi.

    Mã thoát: 0 đã liệt kê hoặc đã ghi, 1 không ghi (tệp đã có, chỉ số đã có, kế hoạch sẽ có
    lỗi), 2 dùng sai lệnh (mã bộ chỉ số không có)."""
    from parplan.index_frameworks import frameworks_json, frameworks_text, list_frameworks
    from parplan.neutralise import terminal_text

    if action is None:
        if year is not None or force:
            raise UsageProblem("--year và --force chỉ dùng với 'parplan frameworks add MÃ'")
        listed = list_frameworks()
        if output_format is FrameworksFormat.JSON:
            sys.stdout.write(frameworks_json(listed))
        else:
            sys.stdout.write(terminal_text(frameworks_text(listed)))
        return
    if action != ADD:
        raise UsageProblem(
            f"không hiểu '{action}': 'parplan frameworks' liệt kê các bộ chỉ số, "
            "'parplan frameworks add MÃ' thêm một bộ vào kế hoạch"
        )
    if output_format is not FrameworksFormat.TEXT:
        raise UsageProblem("--format chỉ dùng khi liệt kê ('parplan frameworks --format json')")
    _add(framework, plans, year, force)
