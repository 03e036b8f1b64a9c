"""``document``: the plan document itself (the Kế hoạch), rendered from the plan files."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

from parplan.cli.group import ParplanCommand, app, say, warn
from parplan.cli.options import (
    ForceOption,
    PlansOption,
    YearOption,
    format_option,
    output_option,
    use_cache,
)
from parplan.formats import DocumentFormat


@app.command(cls=ParplanCommand)
def document(
    plans: PlansOption = Path("plans"),
    year: YearOption = None,
    output_format: Annotated[
        DocumentFormat, format_option("document", " (docx: Word)")
    ] = DocumentFormat.DOCX,
    output: Annotated[
        Path | None,
        output_option(
            "Tệp kết quả; '-' in ra màn hình (html, md). Mặc định: docx, html ghi "
            "ke-hoach-<năm>.<đuôi> trong thư mục hiện tại; md in ra màn hình."
        ),
    ] = None,
    force: ForceOption = False,
) -> None:
    """Văn bản Kế hoạch theo thể thức Nghị định 30/2020/NĐ-CP, từ các tệp kế hoạch: nguyên văn
    của kế hoạch, Nơi nhận, chữ ký và Phụ lục nhiệm vụ. Chưa có số hoặc ngày ban hành: bản dự
    thảo, kèm trang những nội dung cần xác nhận trước khi ký."""
    from parplan.confirmation import document_to_confirm
    from parplan.file_writing import write_document
    from parplan.loading import load_plan
    from parplan.plan_document import (
        build_plan_document,
        default_document_name,
        render_plan_document,
    )
    from parplan.standard_output import is_stdout, no_word_on_stdout

    if is_stdout(output) and output_format is DocumentFormat.DOCX:
        raise no_word_on_stdout()
    plan = load_plan(plans, year, use_cache=use_cache())
    data = build_plan_document(plan)
    if not data.header.draft:  # a numbered, dated plan: what is still open is said, not printed
        for item in document_to_confirm(plan):
            warn(f"văn bản có số và ngày, còn chưa xác nhận: {item}")
    chosen = output_format.value
    content = render_plan_document(plan, data, chosen)
    if (output is None and output_format is DocumentFormat.MD) or is_stdout(output):
        sys.stdout.write(content.decode("utf-8"))
        return
    target = output or Path(default_document_name(plan.year, chosen))
    write_document(target, content, plans, plan.folder, force=force)
    state = "bản dự thảo" if data.header.draft else data.header.number_line
    say(f"Đã ghi văn bản {plan.document.document_type} năm {plan.year} ({state}) vào {target}.")
