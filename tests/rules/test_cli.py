"""`ejsync check` and `ejsync profile` as real processes: output, exit codes, Russian errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ejsync.cli import build_parser
from ejsync.rules import run_checks
from ejsync.store import connect, migrate
from tests.tiny_school import TinySchool

ROOT = Path(__file__).resolve().parents[2]


def ejsync(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "ejsync", *args], capture_output=True, text=True, env=env,
        cwd=ROOT, timeout=60,
    )


def test_check_json_lists_violations_and_exits_1_on_errors(tiny_school: TinySchool) -> None:
    done = ejsync("check", "--db", str(tiny_school.path), "--full",
                  "--as-of", "2026-11-20T12:00:00+03:00", "--json")
    assert done.returncode == 1, done.stderr  # Q1 period marks are missing: errors
    violations = json.loads(done.stdout)
    rules = {v["rule"] for v in violations}
    assert "R-FINAL-DEADLINE" in rules
    for v in violations:
        assert {"rule", "severity", "message", "record_table", "record_id"} <= set(v)
    assert "ошибок" in done.stderr


def test_check_exits_0_without_errors(tiny_school: TinySchool) -> None:
    done = ejsync("check", "--db", str(tiny_school.path), "--full",
                  "--as-of", "2026-09-02T08:00:00+03:00", "--json")
    assert done.returncode == 0, done.stderr
    assert all(v["severity"] != "error" for v in json.loads(done.stdout))


def test_incremental_check_by_cursor_name(tiny_school: TinySchool) -> None:
    conn = connect(tiny_school.path)
    last = conn.execute("SELECT max(id) FROM changes").fetchone()[0]
    conn.execute("INSERT INTO cursors (name, change_id) VALUES ('rules', ?)", (last,))
    conn.execute("UPDATE lessons SET topic = '' WHERE id = 3")  # 5Б mathematics
    conn.close()
    done = ejsync("check", "--db", str(tiny_school.path), "--changes-since", "rules",
                  "--as-of", "2026-11-17T09:00:00+03:00", "--json")
    violations = json.loads(done.stdout)
    assert {v["class_id"] for v in violations} == {3}
    assert any(v["rule"] == "R-LESSON-FIELDS" and v["record_id"] == 3 for v in violations)
    assert done.returncode == 1  # the missing topic is an error


def test_usage_errors_exit_2_in_russian(tiny_school: TinySchool) -> None:
    neither = ejsync("check", "--db", str(tiny_school.path))
    assert neither.returncode == 2 and "--full" in neither.stderr
    cursor = ejsync("check", "--db", str(tiny_school.path), "--changes-since", "nope")
    assert cursor.returncode == 2 and "Курсор «nope» не найден" in cursor.stderr
    missing = ejsync("check", "--db", "/nonexistent/school.db", "--full")
    assert missing.returncode == 2 and "не найден" in missing.stderr


def test_bad_as_of_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        build_parser().parse_args(["check", "--full", "--as-of", "вчера"])
    assert exit_.value.code == 2 and "не дата и время ISO" in capsys.readouterr().err


def test_profile_set_synchronises_the_database(tiny_school: TinySchool, tmp_path: Path) -> None:
    (tmp_path / "marks-in-1.toml").write_text(
        'extends = "default"\ntitle = "Отметки с 1 класса, без «осв»"\n'
        '[marks]\nfrom_grade = 1\nextra = [{ value = "зач", title = "зачтено" },'
        ' { value = "н/а", title = "не аттестован" }]\n',
        encoding="utf-8",
    )
    env_dir = str(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "ejsync", "profile", "set", "marks-in-1",
         "--db", str(tiny_school.path)],
        capture_output=True, text=True, cwd=ROOT, timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT), "EJSYNC_PROFILE_DIR": env_dir},
    )
    assert done.returncode == 0, done.stderr
    conn = connect(tiny_school.path)
    settings = dict(conn.execute("SELECT key, value FROM settings").fetchall())
    assert settings["profile"] == "marks-in-1" and settings["marks_from_grade"] == "1"
    assert settings["offline_printout_weeks"] == "1"
    scale = {r[0] for r in conn.execute("SELECT value FROM mark_scale")}
    assert scale == {"2", "3", "4", "5", "зач", "н/а"}
    # the trigger now lets a first-grader be marked
    conn.execute("INSERT INTO marks (student_id, subject_id, lesson_id, value, work_type,"
                 " created_by) VALUES (9, 4, 5, '5', 'answer', 4)")


def test_invalid_profile_names_the_key_and_changes_nothing(
    tiny_school: TinySchool, tmp_path: Path
) -> None:
    (tmp_path / "broken.toml").write_text(
        'extends = "default"\ntitle = "Ошибка"\n[deadlines]\noral_days = "один"\n',
        encoding="utf-8",
    )
    before = connect(tiny_school.path).execute("SELECT * FROM settings").fetchall()
    done = subprocess.run(
        [sys.executable, "-m", "ejsync", "profile", "set", "broken", "--db", str(tiny_school.path)],
        capture_output=True, text=True, cwd=ROOT, timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT), "EJSYNC_PROFILE_DIR": str(tmp_path)},
    )
    assert done.returncode == 2
    assert "deadlines.oral_days" in done.stderr and "целое число дней" in done.stderr
    after = connect(tiny_school.path).execute("SELECT * FROM settings").fetchall()
    assert [tuple(r) for r in after] == [tuple(r) for r in before]


def test_deputy_accepts_a_violation_from_the_command_line(tiny_school: TinySchool) -> None:
    db = str(tiny_school.path)
    conn = connect(tiny_school.path)
    run_checks(conn, as_of=datetime(2026, 11, 20, 9, tzinfo=UTC))
    [target] = [r[0] for r in conn.execute(
        "SELECT v.id FROM violations v WHERE v.rule = 'R-LESSON-SAMEDAY' AND v.record_id = 1")]
    teacher = ejsync("violations", "accept", str(target), "--db", db, "--by", "4",
                     "--reason", "болела")
    assert teacher.returncode == 2 and "R-NO-CORRECTION" in teacher.stderr
    deputy = ejsync("violations", "accept", str(target), "--db", db, "--by", "3",
                    "--reason", "урок записан после сбоя сети")
    assert deputy.returncode == 0, deputy.stderr
    run_checks(conn, as_of=datetime(2026, 11, 20, 9, 5, tzinfo=UTC))
    history = json.loads(ejsync("violations", "list", "--db", db, "--all", "--class", "5А",
                                "--rule", "R-LESSON-SAMEDAY", "--json").stdout)
    [row] = [v for v in history if v["record_id"] == 1]  # accepted: closed, not reopened
    assert row["id"] == target and row["closed_at"] is not None


def test_unmigrated_database_is_a_russian_error(tmp_path: Path) -> None:
    old = tmp_path / "old.db"
    conn = connect(old)
    migrate(conn, up_to=4)
    conn.close()
    done = ejsync("check", "--db", str(old), "--full")
    assert done.returncode == 2 and "выполните «ejsync migrate" in done.stderr
