"""Write a valid plan folder of N tasks, as a province's offices would split it; or a province.

    python benchmarks/generate.py --tasks 1000 --out /tmp/plan-1000
    python benchmarks/generate.py --agencies 40 --tasks 300 --out /tmp/tinh-40 [--folders] [--broken]

The plan document, the department registry, the PAR Index fields, the SIPAS factors and the
reporting settings are those of the shipped plan (plans/2022); the tasks are made up (realistic
Vietnamese titles, recurring and continuous duties, progress as dated facts: started, done with
its evidence, notes, extensions decided before the deadline they move), one appendix file per
lead unit. The output is deterministic for a given --seed.

With --agencies, a province (see :mod:`province`): ``DIR/tinh.yaml`` listing N agencies, and one
git repository per agency under ``DIR/agencies/<code>/`` (plain folders with --folders) holding
``plans/2022/`` generated as above with a seed of its own; --broken makes the last three agencies
fail the way the roll-up must survive: a repository missing, an invalid plan, a file of 20 MB.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "plans" / "2022"
SCHEMA_LINE = "# yaml-language-server: $schema=../../parplan.schema.json\n"

ACTIONS = [
    "Rà soát",
    "Cập nhật",
    "Triển khai",
    "Tổ chức thực hiện",
    "Kiểm tra việc thực hiện",
    "Tham mưu ban hành",
    "Đôn đốc",
    "Tổng hợp, báo cáo",
    "Công khai",
    "Đánh giá kết quả",
    "Xây dựng kế hoạch",
    "Hướng dẫn",
]
OBJECTS = [
    "quy trình nội bộ giải quyết thủ tục hành chính",
    "danh mục thủ tục hành chính thuộc thẩm quyền",
    "quy chế làm việc của Văn phòng",
    "hồ sơ trực tuyến trên Hệ thống dịch vụ hành chính công",
    "kết quả tự đánh giá, chấm điểm Chỉ số CCHC",
    "tài liệu kiểm chứng các tiêu chí thành phần",
    "phản ánh, kiến nghị của người dân, doanh nghiệp",
    "quy tắc ứng xử của công chức, viên chức",
    "chứng thực điện tử bản sao từ bản chính",
    "lưu trữ hồ sơ điện tử có giá trị pháp lý",
    "phần mềm quản lý văn bản và điều hành",
    "số hóa kết quả giải quyết thủ tục hành chính",
    "kỷ luật, kỷ cương hành chính tại các phòng, đơn vị",
    "chế độ thông tin, báo cáo định kỳ",
    "vị trí việc làm và cơ cấu ngạch công chức",
    "dự toán, quyết toán kinh phí cải cách hành chính",
]
SCOPES = [
    "năm 2022",
    "tại Trung tâm Phục vụ hành chính công",
    "theo Kế hoạch của UBND tỉnh",
    "thuộc phạm vi quản lý của Văn phòng",
    "đối với các phòng, đơn vị",
    "trên Cổng Thông tin điện tử tỉnh",
]
OUTPUTS = [
    "Báo cáo kết quả",
    "Văn bản chỉ đạo",
    "Kế hoạch triển khai",
    "Quyết định phê duyệt",
    "Biên bản kiểm tra",
    "Danh mục cập nhật",
]
CLAUSES = [
    "II.2.a",
    "II.2.b",
    "II.2.c",
    "II.2.d",
    "II.2.đ",
    "II.2.e",
    "II.2.g",
    "II.2.h",
    "III.1",
    "III.2",
]
NOTES = [
    "Chưa nhận đủ số liệu của các phòng, đơn vị",
    "Phần mềm một cửa điện tử còn lỗi khi liên thông",
    "Nhân lực phụ trách còn kiêm nhiệm nhiều việc",
    "Chờ hướng dẫn của Bộ Nội vụ",
]  # fmt: skip
INTERNAL = ["HCTC", "KSTTHC", "TH", "KT", "KGVX", "NC", "QTTV", "BTCD", "TTPVHCC", "TTTTCB"]
QUARTER_SETS = [
    ["Q1", "Q2", "Q3", "Q4"],
    ["Q2", "Q3", "Q4"],
    ["Q3", "Q4"],
    ["H1", "Y"],
    ["Q2", "H1", "Q3", "Q4", "Y"],
]
ISSUED_FLOOR = date(2022, 7, 15)  # the basis of the shipped plan: work is not done before it


def _d(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _day(rng: random.Random, first: date, days: int) -> date:
    """A day from ``first`` to ``days`` later, not after the plan's year."""
    return min(first + timedelta(days=rng.randint(0, days)), date(2022, 12, 31))


def _one_off(rng: random.Random, number: int, lead: str) -> list[str]:
    """A task done once: its deadline and its progress as dated facts (started, done with its
    evidence, a note, now and then an extension decided before the deadline it moves)."""
    deadline = date(2022, 1, 1) + timedelta(days=rng.randint(20, 363))
    lines = [f"    deadline: {_d(deadline)}"]
    roll = rng.random() if number > 1 else 1.0
    low = ISSUED_FLOOR if deadline >= ISSUED_FLOOR else date(2022, 1, 1)
    progress: list[str] = []
    started = _day(rng, low, 60)
    if roll < 0.45:  # done; its start recorded, or only its completion
        finished = deadline + timedelta(days=rng.randint(-20, 15))
        finished = min(max(finished, started), date(2022, 12, 31))
        if rng.random() < 0.5:
            progress.append(f"      started_on: {_d(started)}")
        progress.append(f"      done_on: {_d(finished)}")
        document = f"Công văn số {rng.randint(1, 900)}/VP-{lead} ngày {_d(finished)}"
        progress.append(f"      evidence: [{{on: {_d(finished)}, text: {_quote(document)}}}]")
    elif roll < 0.6:  # started, with a note
        noted = _d(_day(rng, started, 30))
        progress.append(f"      started_on: {_d(started)}")
        progress.append(f"      notes: [{{on: {noted}, text: {_quote(rng.choice(NOTES))}}}]")
    elif roll < 0.7:  # an interim document is all that says it started
        document = f"Công văn số {rng.randint(1, 900)}/VP-{lead} ngày {_d(started)}"
        progress.append(f"      evidence: [{{on: {_d(started)}, text: {_quote(document)}}}]")
    if roll < 0.7 and rng.random() < 0.15 and deadline < date(2022, 12, 1):
        decided = max(deadline - timedelta(days=rng.randint(0, 20)), date(2022, 1, 1))
        later = _d(min(deadline + timedelta(days=rng.randint(10, 30)), date(2022, 12, 31)))
        progress += [
            "      extensions:",
            f"        - {{deadline: {later}, reason: {_quote(rng.choice(NOTES))}, "
            f"decided_on: {_d(decided)}}}",
        ]
    if progress:
        lines += ["    progress:", *progress]
    return lines


def _task(rng: random.Random, number: int, lead: str) -> str:
    title = f"{rng.choice(ACTIONS)} {rng.choice(OBJECTS)} {rng.choice(SCOPES)}"
    lines = [
        f"  - id: NV-{number:05d}",
        f"    title: {_quote(title)}",
        f"    source: {rng.choice(CLAUSES)}",
    ]
    criteria = [f"PAR {rng.randint(1, 8)}"]
    if rng.random() < 0.5:
        criteria.append(f"SIPAS {rng.randint(1, 5)}")
    lines.append(f"    criteria: [{', '.join(criteria)}]")
    lines.append(f"    lead: {lead}")
    others = [code for code in INTERNAL if code != lead]
    lines.append(
        "    support: all"
        if rng.random() < 0.3
        else f"    support: [{', '.join(rng.sample(others, rng.randint(0, 3)))}]"
    )
    kind = rng.random() if number > 1 else 1.0  # NV-00001: one-off, for the update benchmark
    lines.append(f"    output: {_quote(rng.choice(OUTPUTS) + ' ' + title.split(' ', 2)[-1])}")
    if kind < 0.2:  # recurring
        periods = rng.choice(QUARTER_SETS)
        lines.append(f"    recurrence: {{periods: [{', '.join(periods)}]}}")
        done = [p for p in periods if p in ("Q1", "Q2", "H1") or rng.random() < 0.4]
        own = [p for p in periods if p not in done and rng.random() < 0.3]
        if done or own:
            lines.append("    occurrences:")
            for period in own:  # a deadline of its own, before the period's data cut-off
                first = {"Q1": 1, "Q2": 4, "H1": 1, "Q3": 7, "Q4": 10, "Y": 1}[period]
                lines.append(f"      {period}: {{deadline: {_d(date(2022, first, 28))}}}")
            for period in done:
                month = {"Q1": 3, "Q2": 6, "H1": 6, "Q3": 9, "Q4": 12, "Y": 12}[period]
                finished = _d(date(2022, month, rng.randint(10, 16)))
                lines.append(f"      {period}:")
                lines.append(f"        done_on: {finished}")
                report = f"Báo cáo số {rng.randint(1, 300)}/BC-{lead}"
                lines.append(f"        evidence: [{{on: {finished}, text: {_quote(report)}}}]")
    elif kind < 0.4:  # continuous duty, a result recorded now and then
        lines.append("    continuous: true")
        if rng.random() < 0.5:
            lines.append("    recurrence: {periods: [Q3, Q4]}")
            if rng.random() < 0.4:
                recorded = _d(date(2022, 9, rng.randint(10, 16)))
                lines += ["    occurrences:", f"      Q3: {{done_on: {recorded}}}"]
        elif rng.random() < 0.3:
            lines.append(f"    progress: {{done_on: {_d(_day(rng, ISSUED_FLOOR, 160))}}}")
    else:  # one-off
        lines += _one_off(rng, number, lead)
    return "\n".join(lines) + "\n"


def generate(tasks: int, out: Path, seed: int = 2022) -> None:
    rng = random.Random(seed)
    plan = out / "2022"
    if out.exists():
        shutil.rmtree(out)
    (plan / "phu-luc").mkdir(parents=True)
    shutil.copyfile(ROOT / "plans" / "parplan.schema.json", out / "parplan.schema.json")
    for name in ("ke-hoach.yaml", "don-vi.yaml", "chi-so.yaml", "cai-dat.yaml"):
        text = (SHIPPED / name).read_text(encoding="utf-8")
        (plan / name).write_text(text, encoding="utf-8")
    by_lead: dict[str, list[str]] = {code: [] for code in INTERNAL}
    for number in range(1, tasks + 1):
        lead = rng.choice(INTERNAL)
        by_lead[lead].append(_task(rng, number, lead))
    (plan / "muc-tieu.yaml").write_text(
        "# yaml-language-server: $schema=../parplan.schema.json\n"
        "schema_version: 2\n"
        "targets:\n  - {id: MT-100, text: Hoàn thành 100% nhiệm vụ., source: I.2, value: 100}\n",
        encoding="utf-8",
    )
    for lead, items in by_lead.items():
        body = "".join(items) if items else ""
        text = (
            SCHEMA_LINE
            + f"# Phụ lục nhiệm vụ do {lead} chủ trì (dữ liệu sinh tự động để đo tốc độ).\n"
        )
        text += "schema_version: 2\n"
        text += "tasks:\n" + body if body else "tasks: []\n"
        (plan / "phu-luc" / f"{lead}.yaml").write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, required=True, help="number of tasks (per agency)")
    parser.add_argument(
        "--out", type=Path, required=True, help="plans folder (province folder) to write (replaced)"
    )
    parser.add_argument("--seed", type=int, default=2022)
    parser.add_argument("--agencies", type=int, help="a province of N agencies, each its own plan")
    parser.add_argument(
        "--folders", action="store_true", help="agencies as plain folders, not git repositories"
    )
    parser.add_argument(
        "--broken",
        action="store_true",
        help="the last three agencies: repository missing, plan invalid, a file of 20 MB",
    )
    parser.add_argument("--jobs", type=int, help="processes writing agencies (default: all cores)")
    args = parser.parse_args(argv)
    if args.tasks < 0:
        parser.error("--tasks must be ≥ 0")
    if args.agencies is None:
        if args.folders or args.broken or args.jobs is not None:
            parser.error("--folders, --broken and --jobs need --agencies")
        generate(args.tasks, args.out, args.seed)
        return 0
    from province import generate_province

    if args.agencies < (4 if args.broken else 1):
        parser.error("--agencies must be ≥ 1 (≥ 4 with --broken)")
    generate_province(
        args.agencies,
        args.tasks,
        args.out,
        folders=args.folders,
        broken=args.broken,
        seed=args.seed,
        jobs=args.jobs,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
