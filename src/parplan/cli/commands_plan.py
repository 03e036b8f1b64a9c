"""Commands on the plan files as a whole: ``validate``, ``schema``, ``export``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from parplan.cli.group import ParplanCommand, app, say
from parplan.cli.options import (
    AsOfOption,
    PlansOption,
    YearOption,
    as_of,
    format_option,
    output_option,
    use_cache,
)
from parplan.cli.rollup_documents import RollupOption, export_rollup_database
from parplan.errors import UsageProblem
from parplan.formats import ExportFormat, ValidateFormat


@app.command(cls=ParplanCommand)
def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="ĐƯỜNG_DẪN",
            help="Tệp hoặc thư mục cần kiểm tra (mặc định: thư mục --plans).",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        ValidateFormat | None,
        format_option(
            "validate", " (github: chú thích trên GitHub; tự chọn khi GITHUB_ACTIONS được đặt)"
        ),
    ] = None,
    plans: PlansOption = Path("plans"),
) -> None:
    """Kiểm tra tệp kế hoạch: báo mọi lỗi của mọi tệp, kèm dòng, cột và quy tắc.

    Mã thoát: 0 hợp lệ, 1 có lỗi, 2 dùng sai lệnh (tùy chọn sai, đường dẫn không tồn tại).
    """
    from parplan.findings_output import render_findings
    from parplan.loading import validate_paths

    if output_format is None:
        from parplan.neutralise import under_github_actions

        github = under_github_actions()
        output_format = ValidateFormat.GITHUB if github else ValidateFormat.TEXT
    result, _ = validate_paths(list(paths) if paths else [plans])
    sys.stdout.write(render_findings(result, output_format.value, Path.cwd()))
    raise typer.Exit(0 if result.ok else 1)


@app.command(cls=ParplanCommand)
def schema(
    output: Annotated[Path | None, output_option("Ghi vào tệp thay vì in ra ('-': in ra).")] = None,
) -> None:
    """In JSON Schema của tệp kế hoạch (bản trong plans/parplan.schema.json được giữ khớp)."""
    from parplan.file_writing import write_output_file
    from parplan.schema import plan_file_schema_text
    from parplan.standard_output import is_stdout

    text = plan_file_schema_text()
    if output is None or is_stdout(output):
        sys.stdout.write(text)
        return
    if output.suffix.lower() in (".yaml", ".yml"):
        raise UsageProblem(
            f"không ghi JSON Schema vào tệp YAML '{output}': đó có thể là tệp kế hoạch"
        )
    write_output_file(output, text.encode("utf-8"))


@app.command(cls=ParplanCommand)
def export(
    plans: PlansOption = Path("plans"),
    year: YearOption = None,
    output_format: Annotated[ExportFormat, format_option("export")] = ExportFormat.JSON,
    output: Annotated[
        Path | None,
        output_option(
            "Tệp kết quả (json: mặc định in ra, '-': in ra; sqlite: bắt buộc, tệp .db được "
            "dựng lại toàn bộ)."
        ),
    ] = None,
    as_of_text: AsOfOption = None,
    rollup: RollupOption = None,
) -> None:
    """Xuất kế hoạch đã kiểm tra, đã chuẩn hóa, dạng JSON hoặc SQLite: giao diện cho công cụ khác.

    --format sqlite --output TỆP.db: cơ sở dữ liệu SQLite (đơn vị, nhiệm vụ, từng lần thực hiện
    và tình trạng đến ngày --as-of, lịch sử tiến độ, kết quả chỉ số, số liệu theo quý) để truy vấn
    bằng SQL, Datasette, DuckDB. Với --rollup TỆP_TỈNH: kế hoạch của mọi cơ quan trong tỉnh
    vào một cơ sở dữ liệu, kèm thứ hạng (chỉ dạng sqlite).
    """
    from parplan.file_writing import plan_folders, write_output_file
    from parplan.loading import load_plan
    from parplan.standard_output import is_stdout

    if output_format is ExportFormat.SQLITE and (output is None or is_stdout(output)):
        raise UsageProblem(
            "--format sqlite cần --output TỆP.db: cơ sở dữ liệu là một tệp, không in ra màn hình"
        )
    day = as_of(as_of_text)
    if rollup is not None:
        if output_format is not ExportFormat.SQLITE:
            raise UsageProblem("--rollup chỉ dùng với --format sqlite")
        assert output is not None
        export_rollup_database(rollup, output, day)
        return
    plan = load_plan(plans, year, as_of=day, use_cache=use_cache())
    protected = plan_folders(plans, plan.folder)
    if output_format is ExportFormat.SQLITE:
        from parplan.export_sqlite import export_plan

        assert output is not None
        export_plan(plan, day, output, protected)
        say(f"Đã ghi cơ sở dữ liệu SQLite vào {output}.")
        return
    from parplan.plan_json import plan_json

    text = plan_json(plan)
    if output is None or is_stdout(output):
        sys.stdout.write(text)
        return
    write_output_file(output, text.encode("utf-8"), protected)
