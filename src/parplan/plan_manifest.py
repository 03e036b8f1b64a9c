"""What a load of a plans folder depends on: every folder listing and every file's bytes.

A cache entry (the plan, :mod:`parplan.plan_cache`; an answer, :mod:`parplan.answer_cache`) keeps
the manifest of the load it was made from, and is used only while a manifest taken now is equal.
Light on purpose: it imports neither the reader nor the model, so that a cached answer is given
without them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from parplan import cache
from parplan.discovery import YAML_SUFFIXES, search_range, yaml_files_below
from parplan.file_reading import MAX_FILE_BYTES

__all__ = ["Manifest", "ManifestEntry", "plan_manifest"]


@dataclass
class Manifest:
    """The folders listed (and what was found), the folders searched above them for a plan
    document (and their YAML files), and the SHA-256 of every file in either."""

    walks: list[tuple[str, list[str]]]
    scans: list[tuple[str, list[str]]]
    digests: dict[str, str]


def plan_manifest(plans: Path, roots: Iterable[Path]) -> Manifest | None:
    """Every folder listing and every file whose bytes a load of ``plans`` depends on: the files
    below ``plans`` and below each plan folder ``roots`` (listed by the loader's own
    :func:`yaml_files_below`), and the YAML files of every folder the loader may search upwards
    for a plan document (the loader's own :func:`search_range`). None when any of them cannot be
    read as the loader reads files: then the cache is not used."""
    walks: list[tuple[str, list[str]]] = []
    files: list[Path] = []
    parents: set[Path] = set()
    if not plans.is_dir():
        walks.append((str(plans), [str(plans)]))
        files.append(plans)
        parents.add(plans.parent)
    for root in dict.fromkeys([plans, *roots]):
        if not root.is_dir():
            continue
        below = yaml_files_below(root)
        walks.append((str(root), [str(file) for file in below]))
        files.extend(below)
        parents.add(root)
        parents.update(file.parent for file in below)
    scans: list[tuple[str, list[str]]] = []
    for folder in sorted({above for parent in parents for above in search_range(parent)}):
        try:
            names = sorted(
                item.name
                for item in folder.iterdir()
                if item.name.endswith(YAML_SUFFIXES) and item.is_file()
            )
        except OSError:
            return None
        scans.append((str(folder), names))
        files.extend(folder / name for name in names)
    digests: dict[str, str] = {}
    for file in files:
        if str(file) not in digests:
            digest = cache.file_digest(file, MAX_FILE_BYTES)
            if digest is None:
                return None
            digests[str(file)] = digest
    return Manifest(walks, scans, digests)


class ManifestEntry(BaseModel):
    """What every cache entry of a load holds (the plan's, an answer's): JSON data, validated
    again whenever it is read. ``walks`` are the folders the loader listed with
    :func:`yaml_files_below` and what it found, ``scans`` the folders it may have looked into for
    a plan document above a file, and ``digests`` the SHA-256 of every file in either: the entry
    is used only while all of them are unchanged."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    format: int
    key: str
    walks: list[tuple[str, list[str]]]
    scans: list[tuple[str, list[str]]]
    digests: dict[str, str]

    def walked(self) -> list[Path]:
        """The folders the load listed."""
        return [Path(root) for root, _ in self.walks]

    def is_current(self, manifest: Manifest | None) -> bool:
        """Whether ``manifest``, taken now, is the one this entry was made with."""
        return manifest is not None and (manifest.walks, manifest.scans, manifest.digests) == (
            self.walks,
            self.scans,
            self.digests,
        )
