from __future__ import annotations

import unicodedata

from parplan.periods import DataWindowRule, Period, parse_period
from parplan.text import closest, fold, nfc, vietnamese_sort_key


def test_fold_ignores_case_diacritics_and_punctuation() -> None:
    assert fold("Phòng Hành chính - Tổ chức") == "phong hanh chinh to chuc"
    assert fold("ĐƠN VỊ") == "don vi"
    assert fold(unicodedata.normalize("NFD", "Hành chính")) == "hanh chinh"


def test_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Lê Thị Thanh Thủy")
    assert decomposed != "Lê Thị Thanh Thủy"
    assert nfc(decomposed) == "Lê Thị Thanh Thủy"


def test_vietnamese_alphabetical_order() -> None:
    words = ["Đông", "Dương", "Zeta", "Ân", "An", "Ăn", "Bình", "ơ", "o", "ô", "Ủy", "Uy", "Ưu"]
    assert sorted(words, key=vietnamese_sort_key) == [
        "An", "Ăn", "Ân", "Bình", "Dương", "Đông", "o", "ô", "ơ", "Uy", "Ủy", "Ưu", "Zeta",
    ]  # fmt: skip


def test_tones_order_after_letters() -> None:
    # ngang, huyền, hỏi, ngã, sắc, nặng
    assert sorted(["má", "mạ", "ma", "mã", "mả", "mà"], key=vietnamese_sort_key) == [
        "ma", "mà", "mả", "mã", "má", "mạ",
    ]  # fmt: skip
    assert sorted(["mạ", "mai"], key=vietnamese_sort_key) == ["mạ", "mai"]


def test_closest() -> None:
    assert closest("deadlin", ["deadline", "title"]) == "deadline"
    assert closest("zzz", ["deadline", "title"]) is None


def test_periods_windows_follow_the_data_cutoff_rule() -> None:
    rule = DataWindowRule()
    assert [d.isoformat() for d in rule.window(Period.Q3, 2022)] == ["2022-06-15", "2022-09-14"]
    assert [d.isoformat() for d in rule.window(Period.H1, 2022)] == ["2021-12-15", "2022-06-14"]
    assert [d.isoformat() for d in rule.window(Period.Y, 2022)] == ["2021-12-15", "2022-12-14"]
    assert [d.isoformat() for d in rule.window(Period.M9, 2022)] == ["2021-12-15", "2022-09-14"]
    calendar = DataWindowRule(start_day=1, start_months_before=0, end_day=31)
    assert [d.isoformat() for d in calendar.window(Period.Q1, 2022)] == ["2022-01-01", "2022-03-31"]


def test_periods_are_read_as_people_write_them() -> None:
    assert parse_period("quý III") is Period.Q3
    assert parse_period("Quy 3") is Period.Q3
    assert parse_period("III") is Period.Q3
    assert parse_period("6 tháng") is Period.H1
    assert parse_period("năm") is Period.Y
    assert parse_period("quý V") is None
    assert Period.Q4.label == "quý IV"
