"""Figures into the plan: ``import`` reads an exported statistics file into the plan's
measurements, ``result`` records one result of an index."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from parplan.cli.group import ParplanCommand, app, say
from parplan.cli.options import PlansOption


def _option(name: str, metavar: str, help_text: str) -> Any:
    return typer.Option(name, metavar=metavar, help=help_text, show_default=False)


def _shown(path: Path) -> Path:
    cwd = Path.cwd()
    return path.relative_to(cwd) if path.is_relative_to(cwd) else path


def _figure(value: float) -> str:
    return f"{value:g}".replace(".", ",")


@app.command(name="import", cls=ParplanCommand)
def import_(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="TỆP",
            help="Tệp số liệu xuất từ hệ thống một cửa, Cổng dịch vụ công: .xlsx hoặc .csv.",
            show_default=False,
        ),
    ],
    mapping: Annotated[
        str,
        _option(
            "--mapping",
            "CÁCH_ĐỌC",
            "Mã cách đọc tệp trong phần 'imports' của kế hoạch (trang tính, dòng tiêu đề, cột "
            "kỳ, cột của từng chỉ tiêu).",
        ),
    ],
    plans: PlansOption = Path("plans"),
    year: Annotated[
        int | None,
        _option(
            "--year",
            "NĂM",
            "Năm kế hoạch nhận số liệu, khi thư mục có kế hoạch của nhiều năm (mặc định: năm của "
            "--on nếu có kế hoạch năm đó, rồi năm nay nếu có, không thì năm mới nhất); kỳ trong "
            "tệp phải thuộc năm này.",
        ),
    ] = None,
    on: Annotated[
        str | None,
        _option("--on", "NGÀY", "Ngày nhập, ghi vào nguồn của số liệu (mặc định: hôm nay)."),
    ] = None,
) -> None:
    """Nhập số liệu các chỉ tiêu đo được (tỷ lệ hồ sơ đúng hạn, tỷ lệ TTHC công bố đúng hạn…) từ
    tệp xuất của hệ thống một cửa vào kế hoạch, mỗi kỳ một số liệu, kèm nguồn: tên tệp, mã SHA-256,
    ngày nhập. Tệp không khớp cách đọc (thiếu cột, chữ trong cột số, kỳ trùng, mẫu số 0…) thì
    không ghi gì, lỗi nêu tên cột, dòng. Số liệu cùng chỉ tiêu, cùng kỳ đã có thì được thay.

    Mã thoát: 0 đã ghi (hoặc không có gì thay đổi), 1 tệp không khớp cách đọc hoặc kế hoạch sau
    khi ghi sẽ có lỗi, 2 dùng sai lệnh."""
    from parplan.periods import option_date
    from parplan.statistics_import import import_statistics

    report = import_statistics(plans, year, file, mapping, option_date("--on", on))
    table = report.imported.table
    where = f" (trang tính '{table.sheet}')" if table.sheet else ""
    say(f"Tệp '{table.name}'{where}, SHA-256 {table.sha256[:12]}…, cách đọc '{mapping}':")
    for measurement in report.imported.measurements:
        ratio = (
            f" ({_figure(measurement.numerator)}/{_figure(measurement.denominator)})"
            if measurement.numerator is not None and measurement.denominator is not None
            else ""
        )
        unit = measurement.unit or ""
        say(
            f"  {measurement.indicator} {measurement.period.label}: "
            f"{_figure(measurement.value)}{unit}{ratio}"
        )
    for note in report.imported.skipped:
        say(f"  bỏ qua {note}")
    for old, new in report.replaced:
        was = f"từ tệp '{old.source.file}'" if old.source is not None else "ghi tay"
        say(
            f"Thay số liệu {old.indicator} {old.period.label}: {_figure(old.value)} ({was}) → "
            f"{_figure(new.value)}"
        )
    files = ", ".join(str(_shown(path)) for path in report.files)
    if not report.files:
        say(f"Không có gì thay đổi: {len(report.unchanged)} số liệu đã có, cùng tệp, cùng số.")
        return
    say(
        f"Đã ghi vào {files}: {len(report.added)} số liệu mới, {len(report.replaced)} thay số liệu "
        f"đã có, {len(report.unchanged)} không đổi."
    )


@app.command(cls=ParplanCommand)
def result(
    index: Annotated[
        str,
        typer.Argument(
            metavar="CHỈ_SỐ",
            help="Chỉ số hoặc lĩnh vực, tiêu chí của nó, theo mã: PAR, SIPAS, 'PAR 3', DVC766.",
            show_default=False,
        ),
    ],
    year: Annotated[int, _option("--year", "NĂM", "Năm của kết quả.")],
    value: Annotated[str | None, _option("--value", "SỐ", "Giá trị: điểm hoặc % (85,78).")] = None,
    rank: Annotated[int | None, _option("--rank", "HẠNG", "Thứ hạng.")] = None,
    of: Annotated[
        int | None, _option("--of", "SỐ", "Thứ hạng trên tổng số (63 tỉnh, thành phố).")
    ] = None,
    group: Annotated[
        str | None, _option("--group", "NHÓM", "Nhóm xếp loại văn bản ghi (nhóm B).")
    ] = None,
    max_value: Annotated[
        str | None,
        _option("--max", "SỐ", "Điểm tối đa văn bản công bố ghi (điểm thẩm định 54,2/61,5: 61,5)."),
    ] = None,
    known_on: Annotated[
        str | None,
        _option("--known-on", "NGÀY", "Ngày công bố kết quả; trước ngày này kết quả chưa có."),
    ] = None,
    source: Annotated[
        str | None,
        _option("--source", "VĂN_BẢN", "Kết quả được công bố: số, ngày văn bản công bố."),
    ] = None,
    self_assessed: Annotated[
        bool,
        typer.Option("--self", help="Kết quả tự đánh giá (nguồn: tự đánh giá)."),
    ] = False,
    plans: PlansOption = Path("plans"),
    plan_year: Annotated[
        int | None,
        _option(
            "--plan-year",
            "NĂM",
            "Năm kế hoạch ghi kết quả, khi thư mục có kế hoạch của nhiều năm (mặc định: năm nay "
            "nếu có kế hoạch, không thì năm mới nhất).",
        ),
    ] = None,
) -> None:
    """Ghi một kết quả của chỉ số (hoặc lĩnh vực, tiêu chí của chỉ số) trong một năm vào kế
    hoạch: kết quả cùng chỉ số, cùng năm đã có thì sửa tại chỗ những điều được cho (lệnh nói đã
    sửa gì), chưa có thì thêm. Kết quả được công bố ghi --source; tự đánh giá ghi --self. Kiểm
    tra cả kế hoạch trước khi ghi, ghi an toàn như 'parplan update'.

    Mã thoát: 0 đã ghi (hoặc không có gì thay đổi), 1 không ghi vì kế hoạch sau khi ghi sẽ có
    lỗi hoặc tệp đang được sửa, 2 dùng sai lệnh."""
    from parplan.result_record import record_result, result_change

    change = result_change(
        index,
        year,
        value=value,
        rank=rank,
        of=of,
        group=group,
        max_value=max_value,
        known_on=known_on,
        source=source,
        self_assessed=self_assessed,
    )
    report = record_result(plans, plan_year, change)
    shown = _shown(report.file)
    what = f"kết quả {change.index} năm {change.year}"
    if report.added:
        say(f"Đã thêm {what} vào {shown}: {'; '.join(report.changes)}.")
    elif report.changes:
        say(f"Đã sửa {what} trong {shown}: {'; '.join(report.changes)}.")
    else:
        say(f"Không có gì thay đổi: {what} trong {shown} đã như vậy.")
