"""Vietnamese text: NFC normalisation, accent-insensitive matching and alphabetical order."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

__all__ = ["closest", "closest_matches", "fold", "nfc", "vietnamese_sort_key"]


def nfc(text: str) -> str:
    """Return ``text`` in Unicode normal form C (precomposed), the form plan files store."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFC", text)


_NON_WORD = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """Fold text for matching: no diacritics, no case, đ as d, punctuation as single spaces.

    ``fold("Phòng Hành chính - Tổ chức") == "phong hanh chinh to chuc"``.
    """
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", bare.casefold()).strip()


# Vietnamese alphabet (a ă â b c d đ e ê …), with the Latin letters Vietnamese does not use (f, j,
# w, z) at their Latin places so foreign names still sort sensibly.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET)}
# Marks that make a different letter (ă, â, ê, ô, ơ, ư) as opposed to tone marks.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}
# Tone marks in the order of the Vietnamese collation (CLDR "vi"): ngang, huyền, hỏi, ngã, sắc, nặng.
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}

SortKey = tuple[tuple[tuple[int, int], ...], tuple[int, ...], tuple[int, ...]]


def vietnamese_sort_key(text: str) -> SortKey:
    """Key that sorts strings in Vietnamese alphabetical order.

    Letters compare first (``Đ`` comes right after ``D``, never after ``Z``), then tones
    (ngang < huyền < hỏi < ngã < sắc < nặng), then case (lower before upper).
    """
    letters: list[list[str]] = []  # [letter, tone mark]
    for ch in unicodedata.normalize("NFD", text):
        if ch in _TONE_RANK and letters:
            letters[-1][1] = ch
        elif ch in _LETTER_MARKS and letters:
            letters[-1][0] = unicodedata.normalize("NFC", letters[-1][0] + ch)
        elif unicodedata.combining(ch):
            continue
        else:
            letters.append([ch, ""])
    primary: list[tuple[int, int]] = []
    tones: list[int] = []
    cases: list[int] = []
    for letter, tone in letters:
        lower = letter.lower()
        rank = _LETTER_RANK.get(lower)
        if rank is not None:
            primary.append((2, rank))
        elif lower.isdigit():
            primary.append((1, ord(lower)))
        else:
            primary.append((0, ord(lower)))
        tones.append(_TONE_RANK.get(tone, 0))
        cases.append(0 if letter == lower else 1)
    return tuple(primary), tuple(tones), tuple(cases)


def closest_matches(
    word: str, candidates: Iterable[str], *, n: int = 5, cutoff: float = 0.6
) -> list[str]:
    """Up to ``n`` candidates most like ``word`` (compared folded: no case, no diacritics), most
    alike first: the one way parplan suggests what the user may have meant."""
    by_fold: dict[str, str] = {}
    for candidate in candidates:
        by_fold.setdefault(fold(candidate) or candidate, candidate)
    matches = difflib.get_close_matches(fold(word) or word, list(by_fold), n=n, cutoff=cutoff)
    return [by_fold[match] for match in matches]


def closest(word: str, candidates: Iterable[str], *, cutoff: float = 0.6) -> str | None:
    """The candidate most like ``word`` (compared folded), or None when none is close."""
    matches = closest_matches(word, candidates, n=1, cutoff=cutoff)
    return matches[0] if matches else None
