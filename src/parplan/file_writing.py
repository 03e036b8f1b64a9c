"""Writing files safely: never through a symbolic link, never into a plan folder, never half.

Every file parplan writes goes to a temporary file in the target's folder, is flushed to disk and
then renamed over the target, so a reader sees the old file or the new one. Documents (reports,
checklists, calendars, the schema, site pages) go through :class:`OutputFolder` or
:func:`write_output_file`, which resolve the real folder once and then walk every subfolder with
``O_NOFOLLOW`` relative to an open folder descriptor: a symbolic link that a pull request commits
inside an output folder (``site/don-vi -> plans/2022``) is refused, never followed, and no
document lands inside a plan folder (the ``--plans`` folder, or any folder holding a YAML file with
a top-level ``plan:``). An existing target that is itself a link is replaced, not followed.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from parplan.errors import OutputExists, UsageProblem
from parplan.plan_folders import YAML_SUFFIXES as _YAML_SUFFIXES
from parplan.plan_folders import plan_folders, refuse_plan_folder

__all__ = [
    "SYSTEM_FOLDERS",
    "OutputFolder",
    "output_folder_option",
    "plan_folders",
    "publish_in",
    "remove_in",
    "temporary_in",
    "write_bytes_atomically",
    "write_document",
    "write_output_file",
    "write_text_atomically",
]

_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_BY_DESCRIPTOR = (
    bool(_NOFOLLOW and _DIRECTORY)
    and {os.open, os.mkdir, os.stat, os.unlink, os.rename} <= os.supports_dir_fd
)
"""POSIX: walk folders by descriptor. Elsewhere (Windows) the same checks run on paths."""


SYSTEM_FOLDERS = tuple(Path(name) for name in ("/proc", "/sys", "/dev"))
"""Folders of the operating system: never a plans folder, never where a document goes."""


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _link_refused(shown: Path, option: str) -> UsageProblem:
    return UsageProblem(
        f"'{shown}' là liên kết tượng trưng: parplan không ghi qua liên kết; xóa liên kết hoặc "
        f"chọn thư mục khác bằng {option}"
    )


def output_folder_option(text: str, option: str = "--out") -> Path:
    """The folder named by ``option`` as typed: an empty name (which would be the current folder)
    and ``-`` (standard output, which a folder of files cannot be) are usage errors."""
    if not text.strip():
        raise UsageProblem(f"{option} cần tên một thư mục, không để trống")
    if text == "-":
        raise UsageProblem(
            f"{option} là thư mục ghi nhiều tệp; '-' (đầu ra chuẩn) chỉ dùng với --output"
        )
    return Path(text)


class OutputFolder:
    """A folder that documents are written into, and only into.

    The folder's real path is resolved once, when it is opened: it must not lie inside a plan
    folder. Every write then walks the relative path one component at a time without following
    links, creating the missing subfolders: a component that is a symbolic link is refused.
    """

    by_descriptor = _BY_DESCRIPTOR  # folders walked by descriptor (POSIX); else by path

    def __init__(
        self,
        root: Path,
        protected: Iterable[Path] = (),
        option: str = "--out",
        *,
        create: bool = False,
    ) -> None:
        self.root = root
        self.option = option
        self._protected = list(protected)
        parent = root.parent if str(root.parent) else Path()
        if create and not os.path.lexists(root):
            try:
                real_parent = parent.resolve(strict=True)
            except (OSError, RuntimeError):
                raise UsageProblem(f"thư mục '{parent}' không tồn tại") from None
            refuse_plan_folder(real_parent / root.name, self._protected, root, option)
            try:
                root.mkdir()
            except FileExistsError:
                pass
            except OSError as error:
                raise UsageProblem(f"không tạo được thư mục '{root}': {error.strerror}") from None
        try:
            self.real = root.resolve(strict=True)
        except (OSError, RuntimeError):
            raise UsageProblem(f"thư mục '{root}' không tồn tại") from None
        if not self.real.is_dir():
            raise UsageProblem(f"'{root}' không phải thư mục")
        if any(self.real.is_relative_to(system) for system in SYSTEM_FOLDERS):
            raise UsageProblem(
                f"không ghi tài liệu vào thư mục hệ thống '{self.real}'; dùng '--output -' để in "
                "ra màn hình"
            )
        refuse_plan_folder(self.real, self._protected, root, option)

    def parts(self, relative: str) -> tuple[str, ...]:
        """The components of ``relative``, refused when it is absolute or leads out."""
        parts = PurePosixPath(relative).parts
        if (
            not parts
            or PurePosixPath(relative).is_absolute()
            or any(part in ("..", ".") or "\\" in part for part in parts)
        ):
            raise UsageProblem(f"tên tệp không hợp lệ trong '{self.root}': '{relative}'")
        return parts

    def write(self, relative: str, data: bytes, *, replace: bool = True) -> Path:
        """Write ``data`` to ``relative`` (``/``-separated) below the folder; returns its path.
        With ``replace`` false an existing file is left as it was (:class:`OutputExists`)."""
        parts = self.parts(relative)
        shown = self.root.joinpath(*parts)
        if not _BY_DESCRIPTOR:
            self._write_by_path(parts, data, replace)
            return shown
        folder = self.open_folder(parts)
        try:
            _replace_in(folder, parts[-1], data, shown, replace)
        finally:
            os.close(folder)
        return shown

    def open_folder(self, parts: tuple[str, ...]) -> int:
        """The folder that ``parts`` (:meth:`parts`) name a file in, opened (POSIX): walked from
        the real root one component at a time without following links, missing ones created."""
        folder = os.open(self.real, os.O_RDONLY | _DIRECTORY | _CLOEXEC)
        try:
            for index, name in enumerate(parts[:-1]):
                here = self.root.joinpath(*parts[: index + 1])
                try:
                    os.mkdir(name, dir_fd=folder)
                except FileExistsError:
                    pass
                except OSError as error:
                    raise UsageProblem(
                        f"không tạo được thư mục '{here}': {error.strerror}"
                    ) from None
                try:
                    child = os.open(
                        name, os.O_RDONLY | _DIRECTORY | _NOFOLLOW | _CLOEXEC, dir_fd=folder
                    )
                except OSError as error:
                    if error.errno in (errno.ELOOP, errno.ENOTDIR, errno.EMLINK):
                        info = os.stat(name, dir_fd=folder, follow_symlinks=False)
                        if stat.S_ISLNK(info.st_mode):
                            raise _link_refused(here, self.option) from None
                        raise UsageProblem(f"'{here}' không phải thư mục") from None
                    raise UsageProblem(
                        f"không mở được thư mục '{here}': {error.strerror}"
                    ) from None
                os.close(folder)
                folder = child
        except BaseException:
            os.close(folder)
            raise
        return folder

    def _write_by_path(self, parts: tuple[str, ...], data: bytes, replace: bool) -> None:
        folder = self.real
        for index, name in enumerate(parts[:-1]):
            folder = folder / name
            here = self.root.joinpath(*parts[: index + 1])
            if folder.is_symlink() or (folder.exists() and folder.resolve() != folder):
                raise _link_refused(here, self.option)
            try:
                folder.mkdir(exist_ok=True)
            except OSError as error:
                raise UsageProblem(f"không tạo được thư mục '{here}': {error.strerror}") from None
        _write_by_path(folder / parts[-1], data, self.root.joinpath(*parts), replace)


def write_output_file(
    path: Path,
    data: bytes,
    protected: Iterable[Path] = (),
    option: str = "--output",
    *,
    replace: bool = True,
) -> None:
    """Write a document to ``path``: its real folder must lie outside every plan folder; an
    existing ``path`` that is a symbolic link is replaced by the document, never followed; with
    ``replace`` false an existing ``path`` is left as it was (:class:`OutputExists`)."""
    if path.suffix.lower() in _YAML_SUFFIXES:
        raise UsageProblem(f"không ghi tài liệu vào tệp YAML '{path}': đó có thể là tệp kế hoạch")
    if path.name in ("", ".", ".."):
        raise UsageProblem(f"'{path}' là một thư mục, không ghi đè được")
    parent = path.parent if str(path.parent) else Path()
    if not parent.is_dir():
        raise UsageProblem(f"thư mục '{parent}' không tồn tại, không ghi được '{path}'")
    OutputFolder(parent, protected, option).write(path.name, data, replace=replace)


def _replace_in(folder: int, name: str, data: bytes, shown: Path, replace: bool = True) -> None:
    """Atomically replace ``name`` in the open ``folder`` with ``data``, without following a link;
    with ``replace`` false, write it only if nothing is there (a hard link of the finished file,
    which fails when the name exists: no moment when another writer's file is lost)."""
    temporary = temporary_in(folder, name, data, shown)
    publish_in(folder, temporary, name, shown, replace)
    with contextlib.suppress(OSError):
        os.fsync(folder)  # the rename itself survives a power cut


def temporary_in(folder: int, name: str, data: bytes, shown: Path, *, sync: bool = True) -> str:
    """``data`` in a new temporary file beside ``name`` in the open ``folder``, flushed to disk
    (unless ``sync`` is false: the caller flushes many at once), with the permissions of the file
    it will replace; returns its name. ``name`` must be absent, a regular file or a link."""
    try:
        info: os.stat_result | None = os.stat(name, dir_fd=folder, follow_symlinks=False)
    except FileNotFoundError:
        info = None
    except OSError as error:
        raise UsageProblem(f"không ghi được '{shown}': {error.strerror}") from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise UsageProblem(f"'{shown}' là một thư mục, không ghi đè được")
    if info is not None and not (stat.S_ISREG(info.st_mode) or stat.S_ISLNK(info.st_mode)):
        raise _not_a_file(shown)
    mode = (
        stat.S_IMODE(info.st_mode)
        if info is not None and stat.S_ISREG(info.st_mode)
        else _default_mode()
    )
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC
    temporary = ""
    handle = -1
    for _ in range(100):
        temporary = f".{name}.{secrets.token_hex(4)}.tmp"
        try:
            handle = os.open(temporary, flags, 0o600, dir_fd=folder)
            break
        except FileExistsError:
            continue
        except OSError as error:
            raise UsageProblem(
                f"không ghi được vào thư mục '{shown.parent}': {error.strerror}"
            ) from None
    if handle < 0:
        raise UsageProblem(f"không ghi được vào thư mục '{shown.parent}'")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            if sync:
                os.fsync(stream.fileno())
            os.fchmod(stream.fileno(), mode)
    except BaseException as error:
        remove_in(folder, temporary)
        if isinstance(error, OSError):
            raise UsageProblem(f"không ghi được '{shown}': {error.strerror}") from None
        raise
    return temporary


def publish_in(folder: int, temporary: str, name: str, shown: Path, replace: bool) -> None:
    """The finished ``temporary`` renamed over ``name`` (or, without ``replace``, linked where
    nothing is); on any failure the temporary file is removed."""
    try:
        if replace:
            os.replace(temporary, name, src_dir_fd=folder, dst_dir_fd=folder)
        else:
            try:
                os.link(temporary, name, src_dir_fd=folder, dst_dir_fd=folder)
            except FileExistsError:
                raise OutputExists(shown) from None
            os.unlink(temporary, dir_fd=folder)
    except BaseException as error:
        remove_in(folder, temporary)
        if isinstance(error, OSError):
            raise UsageProblem(f"không ghi được '{shown}': {error.strerror}") from None
        raise


def remove_in(folder: int, temporary: str) -> None:
    """A temporary file of :func:`temporary_in` taken away (already gone: nothing to do)."""
    with contextlib.suppress(OSError):
        os.unlink(temporary, dir_fd=folder)


def _not_a_file(shown: Path) -> UsageProblem:
    return UsageProblem(
        f"'{shown}' không phải tệp thường (thiết bị, ống dẫn…): parplan không ghi đè; dùng "
        "'--output -' để in ra màn hình"
    )


def _write_by_path(path: Path, data: bytes, shown: Path, replace: bool = True) -> None:
    """The same as :func:`_replace_in`, by path, where folders cannot be opened (Windows)."""
    import tempfile

    folder = path.parent
    if path.is_dir() and not path.is_symlink():
        raise UsageProblem(f"'{shown}' là một thư mục, không ghi đè được")
    if os.path.lexists(path) and not (path.is_symlink() or path.is_file()):
        raise _not_a_file(shown)
    mode = stat.S_IMODE(path.lstat().st_mode) if path.is_file() else _default_mode()
    try:
        handle, temporary_name = tempfile.mkstemp(
            dir=folder, prefix=f".{path.name}.", suffix=".tmp"
        )
    except OSError as error:
        raise UsageProblem(
            f"không ghi được vào thư mục '{shown.parent}': {error.strerror}"
        ) from None
    temporary = Path(temporary_name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        temporary.chmod(mode)
        if replace:
            temporary.replace(path)
        else:
            try:
                os.link(temporary, path)
            except FileExistsError:
                raise OutputExists(shown) from None
            temporary.unlink()
    except BaseException as error:
        with contextlib.suppress(OSError):
            temporary.unlink()
        if isinstance(error, OSError):
            raise UsageProblem(f"không ghi được '{shown}': {error.strerror}") from None
        raise


def write_bytes_atomically(path: Path, data: bytes, *, replace: bool = True) -> None:
    """Replace ``path`` with ``data`` so that a reader sees the old file or the new, never half.

    The new file keeps the old one's permissions; an existing link is replaced, not followed. A
    folder that does not exist or cannot be written is a :class:`UsageProblem` naming the path.
    With ``replace`` false the file is written only where nothing is (:class:`OutputExists`
    otherwise: a new plan file never overwrites one). Used for plan files (``parplan update``,
    ``import``, ``result``, ``frameworks add``); documents go through :func:`write_output_file`.
    """
    folder = path.parent if str(path.parent) else Path()
    if not folder.is_dir():
        raise UsageProblem(f"thư mục '{folder}' không tồn tại, không ghi được '{path}'")
    if not _BY_DESCRIPTOR:
        _write_by_path(path, data, path, replace)
        return
    try:
        handle = os.open(folder, os.O_RDONLY | _DIRECTORY | _CLOEXEC)
    except OSError as error:
        raise UsageProblem(f"không ghi được vào thư mục '{folder}': {error.strerror}") from None
    try:
        _replace_in(handle, path.name, data, path, replace)
    finally:
        os.close(handle)


def write_text_atomically(path: Path, text: str) -> None:
    write_bytes_atomically(path, text.encode("utf-8"))


def write_document(
    output: Path,
    content: bytes,
    plans: Path,
    plan_folder: Path | None,
    option: str = "--output",
    *,
    force: bool = False,
) -> None:
    """Write a document a command made, never into a plan folder (``plans`` or the plan's own)
    nor through a symbolic link; an existing file (an edited draft is work) only with ``force``
    (``--force``), else :class:`OutputExists` and the file stays as it was."""
    write_output_file(output, content, plan_folders(plans, plan_folder), option, replace=force)
