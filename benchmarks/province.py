"""A generated province: ``tinh.yaml`` and one plan repository per agency (generate.py --agencies).

    python benchmarks/generate.py --agencies 40 --tasks 300 --out /tmp/tinh-40
    python benchmarks/generate.py --agencies 2000 --tasks 200 --out /tmp/ca-nuoc --folders

Each agency's plan is the single-plan generator's (:func:`generate.generate`) with a seed of its
own, under ``DIR/agencies/<code>/plans/``; the folder is a git repository with one commit on
``main`` (``git init``, ``git add -A``, ``git commit``: three processes an agency, agencies written
in parallel), or a plain folder with ``folders=True``. ``tinh.yaml`` names each repository by its
path relative to the province file, as a province keeping local clones would.

``broken=True`` makes the last three agencies fail the three ways the roll-up must survive: the
repository (folder) of one is missing, the plan of one is invalid (a task led by a unit the
registry does not have), and one holds a file of 20 MB, over the plan reader's size limit.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from generate import generate

__all__ = ["BIG_FILE_BYTES", "GeneratedAgency", "agency_list", "generate_province"]

BIG_FILE_BYTES = 20 * 1024 * 1024
"""The size of the broken agency's oversized file (the plan reader refuses files over 10 MB)."""

SO = [
    ("SNV", "Sở Nội vụ"),
    ("STC", "Sở Tài chính"),
    ("SKHDT", "Sở Kế hoạch và Đầu tư"),
    ("STP", "Sở Tư pháp"),
    ("SCT", "Sở Công Thương"),
    ("SNNPTNT", "Sở Nông nghiệp và Phát triển nông thôn"),
    ("SGTVT", "Sở Giao thông vận tải"),
    ("SXD", "Sở Xây dựng"),
    ("STNMT", "Sở Tài nguyên và Môi trường"),
    ("STTTT", "Sở Thông tin và Truyền thông"),
    ("SLDTBXH", "Sở Lao động - Thương binh và Xã hội"),
    ("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch"),
    ("SKHCN", "Sở Khoa học và Công nghệ"),
    ("SGDDT", "Sở Giáo dục và Đào tạo"),
    ("SYT", "Sở Y tế"),
    ("SNGV", "Sở Ngoại vụ"),
]
BAN_NGANH = [
    ("BQLKKT", "Ban Quản lý Khu kinh tế cửa khẩu Đồng Đăng - Lạng Sơn", "ban ngành"),
    ("TTR", "Thanh tra tỉnh", "ban ngành"),
    ("BDT", "Ban Dân tộc", "ban ngành"),
    ("VPUBND", "Văn phòng UBND tỉnh", "văn phòng"),
]
HUYEN = [
    ("UBND-TP", "UBND thành phố Lạng Sơn"),
    ("UBND-VL", "UBND huyện Văn Lãng"),
    ("UBND-TD", "UBND huyện Tràng Định"),
    ("UBND-BG", "UBND huyện Bình Gia"),
    ("UBND-VQ", "UBND huyện Văn Quan"),
    ("UBND-BS", "UBND huyện Bắc Sơn"),
    ("UBND-HL", "UBND huyện Hữu Lũng"),
    ("UBND-CL", "UBND huyện Chi Lăng"),
    ("UBND-CLC", "UBND huyện Cao Lộc"),
    ("UBND-LB", "UBND huyện Lộc Bình"),
    ("UBND-DL", "UBND huyện Đình Lập"),
]
ONE_PROVINCE = [
    *((code, name, "sở") for code, name in SO),
    *BAN_NGANH,
    *((code, name, "ủy ban nhân dân") for code, name in HUYEN),
]
"""The 31 agencies of one province; a larger list repeats them, one province after another."""

GIT_ENVIRONMENT = {
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_AUTHOR_NAME": "Văn phòng",
    "GIT_AUTHOR_EMAIL": "vanphong@example.invalid",
    "GIT_COMMITTER_NAME": "Văn phòng",
    "GIT_COMMITTER_EMAIL": "vanphong@example.invalid",
    "GIT_AUTHOR_DATE": "2022-10-01T08:00:00+07:00",
    "GIT_COMMITTER_DATE": "2022-10-01T08:00:00+07:00",
}
"""Git as the generator runs it: no user or system settings (hooks, signing), fixed dates, so a
seed gives the same commits."""


@dataclass(frozen=True)
class GeneratedAgency:
    code: str
    name: str
    kind: str
    seed: int
    broken: str | None = None
    """None, or how it is broken: ``missing``, ``invalid``, ``big``."""


def agency_list(count: int, *, broken: bool = False, seed: int = 2022) -> list[GeneratedAgency]:
    """``count`` agencies with unique codes and names; with ``broken`` the last three fail."""
    agencies = []
    for number in range(count):
        round_, place = divmod(number, len(ONE_PROVINCE))
        code, name, kind = ONE_PROVINCE[place]
        if round_:
            code, name = f"{code}-T{round_ + 1:03d}", f"{name} (tỉnh thứ {round_ + 1})"
        agencies.append(GeneratedAgency(code, name, kind, seed + 7919 * number))
    if broken:
        for index, how in zip((-3, -2, -1), ("missing", "invalid", "big"), strict=True):
            agency = agencies[index]
            agencies[index] = GeneratedAgency(
                agency.code, agency.name, agency.kind, agency.seed, how
            )
    return agencies


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def province_text(agencies: list[GeneratedAgency], tasks: int, *, folders: bool) -> str:
    lines = [
        f"# Tệp tỉnh sinh tự động (benchmarks/generate.py): {len(agencies)} cơ quan, mỗi cơ quan"
        f" {tasks} nhiệm vụ, kế hoạch {'trong thư mục' if folders else 'trong kho git'}.",
        "schema_version: 1",
        "province:",
        '  name: "Tỉnh Lạng Sơn (dữ liệu sinh tự động)"',
        '  office: "Văn phòng UBND tỉnh"',
        "  ranking: {by: percent_of_due}",
        "  agencies:",
    ]
    for agency in agencies:
        if agency.broken is not None:
            lines.append(f"    # Hỏng có chủ ý (--broken): {agency.broken}.")
        where = (
            f"{{folder: agencies/{agency.code}/plans}}"
            if folders
            else f"{{git: agencies/{agency.code}, ref: main}}"
        )
        lines += [
            f"    - code: {agency.code}",
            f"      name: {_quote(agency.name)}",
            f"      kind: {agency.kind}",
            f"      plans: {where}",
        ]
    return "\n".join(lines) + "\n"


def _break(folder: Path, how: str) -> None:
    """Make the agency's plan fail the way ``how`` says (``missing`` is handled by the caller)."""
    appendix = folder / "plans" / "2022" / "phu-luc"
    if how == "invalid":
        (appendix / "LOI.yaml").write_text(
            "schema_version: 2\n"
            "tasks:\n"
            "  - id: NV-LOI\n"
            '    title: "Nhiệm vụ giao cho đơn vị không có trong danh mục"\n'
            "    source: II.2.a\n"
            "    criteria: [PAR 1]\n"
            "    lead: KHONGCO\n"
            '    output: "Báo cáo kết quả"\n'
            "    deadline: 30/09/2022\n",
            encoding="utf-8",
        )
    elif how == "big":
        line = "# " + "Tài liệu đính kèm bị chép nhầm vào thư mục kế hoạch. " * 10 + "\n"
        head = "schema_version: 2\ntasks: []\n"
        data = line.encode("utf-8")
        count = (BIG_FILE_BYTES - len(head)) // len(data) + 1
        with (appendix / "DINH-KEM.yaml").open("wb") as file:
            file.write(head.encode("utf-8"))
            file.write(data * count)


def _git(folder: Path, *args: str) -> None:
    subprocess.run(
        ["git", *args],
        cwd=folder,
        check=True,
        capture_output=True,
        env={**os.environ, **GIT_ENVIRONMENT},
    )


def write_agency(job: tuple[GeneratedAgency, int, Path, bool]) -> None:
    """One agency's folder: its plan, broken if it should be, committed unless ``folders``."""
    agency, tasks, folder, folders = job
    if agency.broken == "missing":
        return
    generate(tasks, folder / "plans", agency.seed)
    if agency.broken is not None:
        _break(folder, agency.broken)
    if folders:
        return
    _git(folder, "init", "--quiet", "--initial-branch", "main")
    _git(folder, "add", "--all")
    _git(folder, "commit", "--quiet", "--no-verify", "-m", f"Kế hoạch 2022 của {agency.name}")


def generate_province(
    count: int,
    tasks: int,
    out: Path,
    *,
    folders: bool = False,
    broken: bool = False,
    seed: int = 2022,
    jobs: int | None = None,
) -> list[GeneratedAgency]:
    """Write ``out/tinh.yaml`` and every agency under ``out/agencies/`` (``out`` is replaced)."""
    agencies = agency_list(count, broken=broken, seed=seed)
    if out.exists():
        shutil.rmtree(out)
    (out / "agencies").mkdir(parents=True)
    (out / "tinh.yaml").write_text(province_text(agencies, tasks, folders=folders), "utf-8")
    work = [(agency, tasks, out / "agencies" / agency.code, folders) for agency in agencies]
    workers = max(1, min(jobs or os.cpu_count() or 1, len(work)))
    if workers == 1:
        for job in work:
            write_agency(job)
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for _ in pool.map(write_agency, work, chunksize=max(1, len(work) // (workers * 8))):
                pass
    return agencies
