"""What the plan exists to raise: ``scores``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from parplan.cli.group import ParplanCommand, app
from parplan.cli.options import (
    AsOfOption,
    PlansOption,
    YearOption,
    as_of,
    format_option,
    use_cache,
)
from parplan.formats import OutputFormat, ScoresFormat, canonical


@app.command(cls=ParplanCommand)
def scores(
    plans: PlansOption = Path("plans"),
    year: YearOption = None,
    index: Annotated[
        str | None,
        typer.Option(
            "--index",
            metavar="MÃ",
            help="Chỉ một chỉ số, theo mã trong phần 'indexes' của kế hoạch (PAR, SIPAS, …).",
            show_default=False,
        ),
    ] = None,
    as_of_text: AsOfOption = None,
    output_format: Annotated[ScoresFormat, format_option("scores")] = ScoresFormat.TEXT,
) -> None:
    """Kết quả các chỉ số (PAR Index, SIPAS, …): điểm từng lĩnh vực, tiêu chí so với điểm tối đa,
    điểm bị mất, thay đổi so với năm trước, thứ hạng; tiêu chí đạt tối đa (duy trì); nhiệm vụ của
    Kế hoạch nhằm vào tiêu chí bị mất điểm, và tiêu chí bị mất điểm mà không có nhiệm vụ nào; chỉ
    tiêu của Kế hoạch; số liệu đo được trong năm. Kết quả hiển thị là kết quả của năm gần nhất (đến
    năm kế hoạch) đã được công bố đến ngày --as-of: trong năm kế hoạch là kết quả năm trước (mốc
    so sánh). Điểm tối đa chưa được xác nhận ghi rõ "chưa xác nhận"."""
    from parplan.loading import load_plan
    from parplan.scores import score_board
    from parplan.scores_output import SCORES_OUTPUTS, scores_payload

    day = as_of(as_of_text)
    plan = load_plan(plans, year, as_of=day, use_cache=use_cache())
    board = score_board(plan, None, day, index)
    chosen = canonical(output_format)
    if chosen is OutputFormat.TEXT:
        from parplan.cli.terminal import print_view
        from parplan.cli.terminal_scores import scores_view

        print_view(scores_view(scores_payload(board)))
        return
    sys.stdout.write(SCORES_OUTPUTS[chosen](board))
