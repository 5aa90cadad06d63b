"""Cell values as schools write them."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ejsync.importer.classes import ClassFinder
from ejsync.importer.families import family_title
from ejsync.importer.parsing import (
    parse_date,
    parse_gender,
    parse_lesson_number,
    parse_name,
    parse_weekday,
)
from ejsync.importer.problems import FieldError
from ejsync.store.families import ALPHABET, new_family_login


@pytest.mark.parametrize("text", ["05.03.2015", "5.3.2015", "2015-03-05", "05.03.2015 0:00:00"])
def test_dates_in_russian_and_iso_forms(text: str) -> None:
    assert parse_date(text) == date(2015, 3, 5)


@pytest.mark.parametrize(("text", "reason"), [
    ("31.02.2015", "такой даты нет"), ("05.03.15", "двумя цифрами"), ("5", "это не дата"),
    ("03/05/2015", "это не дата"),
])
def test_bad_dates_say_why(text: str, reason: str) -> None:
    with pytest.raises(FieldError, match=reason):
        parse_date(text)


def _classes(*names: str) -> ClassFinder:
    rows = [{"name": name, "id": index} for index, name in enumerate(names, 1)]
    return ClassFinder(rows, "2026/27")  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "name"), [
    ("5А", "5А"), ("5 а", "5А"), ("5-А", "5А"), ("5 «А» класс", "5А"), ("10б", "10Б"),
])
def test_class_names_as_schools_write_them(text: str, name: str) -> None:
    found, notice = _classes("5А", "10Б").find(text)
    assert found["name"] == name and notice is None


def test_latin_class_letters_are_read_as_cyrillic_and_said() -> None:
    found, notice = _classes("5А", "5Б").find("5A")
    assert found["name"] == "5А" and "латинской буквой" in notice
    assert _classes("5Б").find("5B")[0]["name"] == "5Б"  # 'B' by sound when only 5Б exists
    with pytest.raises(FieldError, match="может означать класс 5В или 5Б"):
        _classes("5В", "5Б").find("5B")


def test_names_are_tidied_and_lookalikes_replaced() -> None:
    assert parse_name("ИВАНОВА-СИДОРОВА").value == "Иванова-Сидорова"
    fixed = parse_name("Иванoв")  # Latin 'o'
    assert fixed.value == "Иванов" and fixed.fixed_lookalikes
    with pytest.raises(FieldError, match="смешаны русские и латинские"):
        parse_name("Ивaнqв")
    with pytest.raises(FieldError, match="слово из букв"):
        parse_name("4+")


def test_gender_weekday_and_lesson_number() -> None:
    assert [parse_gender(t) for t in ("М", "жен.", "")] == ["м", "ж", ""]
    assert [parse_weekday(t) for t in ("Пн", "вторник", "3", "Чт.", "суббота")] == [1, 2, 3, 4, 6]
    with pytest.raises(FieldError, match="воскресенье"):
        parse_weekday("Вс")
    assert [parse_lesson_number(t) for t in ("3", "3 урок", "3-й")] == [3, 3, 3]


def test_family_titles_from_surnames() -> None:
    assert family_title("Кузнецова") == "Семья Кузнецовых"
    assert family_title("Чайковская") == "Семья Чайковских"
    assert family_title("Ким") == "Семья Ким"


def test_family_logins_are_random_not_made_from_names() -> None:
    logins = {new_family_login() for _ in range(500)}
    assert len(logins) == 500
    for login in logins:
        assert len(login) == 9 and login[4] == "-"
        assert set(login.replace("-", "")) <= set(ALPHABET)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_any_date_reads_back_from_both_written_forms(day: date) -> None:
    assert parse_date(day.strftime("%d.%m.%Y")) == day
    assert parse_date(f"{day.day}.{day.month}.{day.year}") == day
    assert parse_date(day.isoformat()) == day


@given(st.integers(min_value=1, max_value=11), st.sampled_from("АБВГДЕ"),
       st.sampled_from(["{g}{l}", "{g} {l}", "{g}-{l}", "{g} «{l}»", "{g}{l} класс"]),
       st.booleans())
def test_any_written_class_name_finds_its_class(
    grade: int, letter: str, pattern: str, lower: bool
) -> None:
    text = pattern.format(g=grade, l=letter.lower() if lower else letter)
    assert _classes(f"{grade}{letter}").find(text)[0]["name"] == f"{grade}{letter}"
