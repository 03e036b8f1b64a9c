"""Where templates are read from: the office's folder, then the package's, confined to them.

Template files are read only from inside their search folder, never through a symbolic link that
leaves it, only when they are regular files of bounded size, and only as UTF-8; a Word template
must also be a zip of bounded unpacked size holding ``word/document.xml``.
"""

from __future__ import annotations

import io
import os
import stat
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from parplan.errors import TemplateProblem
from parplan.file_reading import READ_FLAGS
from parplan.template_limits import (
    MAX_DOCX_BRACES,
    MAX_DOCX_BYTES,
    MAX_DOCX_SCAN,
    MAX_DOCX_UNPACKED_BYTES,
    MAX_TEMPLATE_BYTES,
)

if TYPE_CHECKING:
    import jinja2

__all__ = [
    "check_docx_parts",
    "confined_loader",
    "docx_source",
    "office_templates",
    "search_path",
    "templates_dir",
]

_PACKAGE = Path(__file__).resolve().parent


def templates_dir() -> Path:
    """The package's own templates: ``parplan/templates`` once installed, the repository's
    top-level ``templates/`` when running from a checkout."""
    installed = _PACKAGE / "templates"
    return installed if installed.is_dir() else _PACKAGE.parent.parent / "templates"


def office_templates(plan_folder: Path | None) -> Path | None:
    """The folder of an office's own templates: ``templates/`` in its plan folder."""
    return plan_folder / "templates" if plan_folder is not None else None


def read_confined(folder: Path, name: str, limit: int) -> tuple[Path, bytes] | None:
    """The bytes of ``folder/name``, or None when there is no such file.

    Refused (TemplateProblem): a name or symbolic link leading out of the folder's real path, a
    file that is not regular (a FIFO would block), a file larger than ``limit``."""
    shown = folder / name
    parts = name.replace("\\", "/").split("/")
    if name.startswith(("/", "\\")) or ".." in parts or any(":" in part for part in parts[:1]):
        raise TemplateProblem(f"mẫu '{name}' nằm ngoài thư mục mẫu {folder}: không đọc")
    candidate = folder.joinpath(*[part for part in parts if part not in ("", ".")])
    if not os.path.lexists(candidate):
        return None
    root = folder.resolve()
    real = candidate.resolve()
    if not real.is_relative_to(root):
        raise TemplateProblem(
            f"mẫu {shown} là liên kết tới {real}, ngoài thư mục mẫu {folder}: không đọc"
        )
    try:
        descriptor = os.open(real, READ_FLAGS)
    except OSError as error:
        raise TemplateProblem(f"mẫu {shown}: không mở được ({error.strerror})") from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise TemplateProblem(f"mẫu {shown} không phải tệp thường: không đọc")
        if info.st_size > limit:
            raise TemplateProblem(f"mẫu {shown} lớn quá {limit:,} byte: không đọc")
        with os.fdopen(descriptor, "rb", closefd=False) as stream:
            data = stream.read(limit + 1)
    finally:
        os.close(descriptor)
    if len(data) > limit:
        raise TemplateProblem(f"mẫu {shown} lớn quá {limit:,} byte: không đọc")
    return shown, data


def confined_loader(search: list[Path]) -> jinja2.BaseLoader:
    import jinja2

    class ConfinedLoader(jinja2.BaseLoader):
        """Templates from the search folders only, read by :func:`read_confined`, as UTF-8."""

        def get_source(
            self, environment: jinja2.Environment, template: str
        ) -> tuple[str, str, Callable[[], bool]]:
            for folder in search:
                found = read_confined(folder, template, MAX_TEMPLATE_BYTES)
                if found is None:
                    continue
                path, data = found
                try:
                    text = data.decode("utf-8")
                except UnicodeDecodeError as error:
                    raise TemplateProblem(
                        f"mẫu {path}: không phải văn bản UTF-8 (byte {error.start}); "
                        "lưu lại tệp với mã hóa UTF-8"
                    ) from None
                return text, str(path), lambda: True
            raise jinja2.TemplateNotFound(template)

    return ConfinedLoader()


def search_path(override_dir: Path | None, name: str) -> list[Path]:
    """The office's folder (when it exists and does not lead out of the plan folder), then the
    package's."""
    search = []
    if override_dir is not None and os.path.lexists(override_dir):
        if not override_dir.resolve().is_relative_to(override_dir.parent.resolve()):
            raise TemplateProblem(
                f"mẫu {name}: thư mục mẫu {override_dir} là liên kết ra ngoài thư mục kế hoạch: "
                "không đọc"
            )
        if override_dir.is_dir():
            search.append(override_dir)
    return [*search, templates_dir()]


def docx_source(search: list[Path], name: str) -> tuple[Path, bytes]:
    """The Word template's bytes, read confined, after checking it is a zip of bounded size."""
    for folder in search:
        found = read_confined(folder, name, MAX_DOCX_BYTES)
        if found is None:
            continue
        path, data = found
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                members = archive.infolist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            raise TemplateProblem(f"mẫu {path}: không phải tệp Word (.docx) đọc được") from None
        if sum(member.file_size for member in members) > MAX_DOCX_UNPACKED_BYTES:
            raise TemplateProblem(
                f"mẫu {path}: giải nén ra quá {MAX_DOCX_UNPACKED_BYTES:,} byte: không đọc"
            )
        if "word/document.xml" not in {member.filename for member in members}:
            raise TemplateProblem(f"mẫu {path}: thiếu word/document.xml, không phải tệp Word")
        return path, data
    raise TemplateProblem(
        f"không tìm thấy mẫu '{name}' trong {', '.join(str(folder) for folder in search)}"
    )


def _rendered_parts(docx: Any) -> Iterator[Any]:
    """The parts of an opened Word file that docxtpl renders: the document, the headers and
    footers it links to, the footnotes and the core properties."""
    from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE

    main = docx.part
    yield main
    for relation in main.rels.values():
        headers = (RELATIONSHIP_TYPE.HEADER, RELATIONSHIP_TYPE.FOOTER)
        if relation.reltype in headers and not relation.is_external:
            yield relation.target_part
    rendered = (CONTENT_TYPE.WML_FOOTNOTES, CONTENT_TYPE.OPC_CORE_PROPERTIES)
    for part in main.package.iter_parts():
        if part.content_type in rendered:
            yield part


def check_docx_parts(docx: Any, path: Path) -> None:
    """Refuse a Word file (opened by python-docx) whose parts docxtpl would clean up and render
    for too long, before docxtpl's clean-up (its regular expressions scan from every brace to the
    end of a part) and Jinja run: each part within ``MAX_TEMPLATE_BYTES`` and ``MAX_DOCX_BRACES``
    braces, braces times size within ``MAX_DOCX_SCAN`` over all parts."""
    scan, seen = 0, set()
    for part in _rendered_parts(docx):
        if id(part) in seen:
            continue
        seen.add(id(part))
        blob: bytes = part.blob or b""
        name = str(part.partname).lstrip("/")
        if len(blob) > MAX_TEMPLATE_BYTES:
            raise TemplateProblem(
                f"mẫu {path}: phần {name} lớn quá {MAX_TEMPLATE_BYTES:,} byte: không điền"
            )
        braces = blob.count(b"{") + blob.count(b"}")
        if braces > MAX_DOCX_BRACES:
            raise TemplateProblem(
                f"mẫu {path}: phần {name} có quá {MAX_DOCX_BRACES:,} dấu ngoặc {{ }} "
                "(thẻ Jinja): không điền"
            )
        scan += braces * len(blob)
        if scan > MAX_DOCX_SCAN:
            raise TemplateProblem(
                f"mẫu {path}: quá nhiều thẻ Jinja trong phần lớn ({name}): docxtpl xử lý quá lâu, "
                "không điền"
            )
