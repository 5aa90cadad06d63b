"""Profiles: every shipped profile is valid; bad ones name the key in Russian."""

from __future__ import annotations

from pathlib import Path

import pytest

from ejsync.profiles import ProfileError, apply_profile, available_profiles, load_profile
from ejsync.store import transaction
from tests.tiny_school import TinySchool

SCHOOLS = {"default", "chernushka-5", "chernushka-5-instruction", "kerch-15", "glazov"}


def test_shipped_profiles_load() -> None:
    assert set(available_profiles()) >= SCHOOLS
    for name in SCHOOLS:
        assert load_profile(name).name == name


def test_profiles_differ_where_the_documents_do() -> None:
    default, chernushka = load_profile("default"), load_profile("chernushka-5")
    instruction = load_profile("chernushka-5-instruction")
    assert default["families.offline_printout_days"] == 7
    assert chernushka["families.offline_printout_days"] == 14
    assert [default.written_days(g) for g in (8, 9, 10)] == [3, 4, 4]
    assert [instruction.written_days(g) for g in (8, 9, 10)] == [3, 3, 5]
    assert default.written_days(1) is None  # no marks in grade 1
    assert [default.min_marks(h) for h in (1, 1.5, 2, 5)] == [3, 3, 6, 6]
    assert load_profile("kerch-15").min_marks(5) == 3


@pytest.mark.parametrize(("text", "key"), [
    ('[deadlines]\noral_days = -1\n', "deadlines.oral_days"),
    ('[deadlines]\nwritten_days = [{ grades = [9, 2], days = 3 }]\n', "deadlines.written_days"),
    ('[final]\nforecast_threshold = 1.5\n', "final.forecast_threshold"),
    ('[language]\ncheck = "да"\n', "language.check"),
    ('[families]\noffline_printout_dayz = 7\n', "families.offline_printout_dayz"),
    ('[marks]\nfrom_grade = 0\n', "marks.from_grade"),
    ('[periods]\nquarters = [1, 10]\n', "periods.quarters"),
])
def test_bad_values_name_their_key(tmp_path: Path, monkeypatch, text: str, key: str) -> None:
    (tmp_path / "bad.toml").write_text(f'extends = "default"\ntitle = "x"\n{text}',
                                       encoding="utf-8")
    monkeypatch.setenv("EJSYNC_PROFILE_DIR", str(tmp_path))
    with pytest.raises(ProfileError, match=key.replace(".", r"\.")) as error:
        load_profile("bad")
    assert "Профиль «bad»" in str(error.value)


def test_unknown_profile_lists_the_known_ones() -> None:
    with pytest.raises(ProfileError, match="kerch-15"):
        load_profile("нет-такого")


def test_printout_interval_reaches_the_print_editions(tiny_school: TinySchool) -> None:
    conn = tiny_school.connect()
    with transaction(conn):
        apply_profile(conn, load_profile("chernushka-5"))
    value = conn.execute("SELECT value FROM settings WHERE key = 'offline_printout_weeks'")
    assert value.fetchone()[0] == "2"


def test_scale_value_in_use_cannot_be_dropped(
    tiny_school: TinySchool, tmp_path: Path, monkeypatch
) -> None:
    (tmp_path / "no-zach.toml").write_text(
        'extends = "default"\ntitle = "x"\n[marks]\nextra = []\n', encoding="utf-8")
    monkeypatch.setenv("EJSYNC_PROFILE_DIR", str(tmp_path))
    conn = tiny_school.connect()
    conn.execute("INSERT INTO marks (student_id, subject_id, lesson_id, value, work_type,"
                 " created_by) VALUES (1, 1, 1, 'зач', 'project', 4)")
    with pytest.raises(ProfileError, match="«зач»"), transaction(conn):
        apply_profile(conn, load_profile("no-zach"))
    assert conn.execute("SELECT count(*) FROM mark_scale").fetchone()[0] == 7
