"""Report figures against hand-computed values, and the three renderings of one computation."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ejsync.errors import UserError
from ejsync.reports import build_report, render
from ejsync.store import connect
from tests.reports.conftest import AS_OF
from tests.rules.conftest import utc
from tests.tiny_school import IVANOV, KUZNETSOVA, MATH, MATH_5A_MON, TinySchool

ROOT = Path(__file__).resolve().parents[2]


def section(report, section_id: str) -> list[dict]:
    return next(s for s in report.sections if s.id == section_id).rows


def row(rows: list[dict], **match) -> dict:
    [found] = [r for r in rows if all(r.get(k) == v for k, v in match.items())]
    return found


def build(school: TinySchool, name: str, **kwargs):
    return build_report(connect(school.path), name, class_name="5А", as_of=AS_OF, **kwargs)


def test_period_results_by_subject_and_class(report_school: TinySchool) -> None:
    report = build(report_school, "REP-PERIOD", period_code="Q2")
    math = row(section(report, "subjects"), subject_name="Математика")
    # finals: 5, 4 (period marks), 3, 2 (forecasts)
    assert (math["students"], math["attested"]) == (4, 4)
    assert (math["n5"], math["n4"], math["n3"], math["n2"]) == (1, 1, 1, 1)
    assert math["progress"] == 75.0 and math["quality"] == 50.0 and math["mean"] == 3.5
    assert math["basis"] == "отметки и прогноз"
    russian = row(section(report, "subjects"), subject_name="Русский язык")
    assert russian["attested"] == 0 and russian["progress"] is None
    klass = row(section(report, "classes"), class_name="5А")
    assert (klass["excellent"], klass["good"], klass["one_three"], klass["failing"]) == (1, 1, 1, 1)
    assert klass["progress"] == 75.0 and klass["quality"] == 50.0


def test_period_attendance(report_school: TinySchool) -> None:
    report = build(report_school, "REP-PERIOD", period_code="Q2")
    math = row(section(report, "attendance"), subject_name="Математика")
    # 3 lessons x 4 students; Б and Н are absences, О (late) is not
    assert (math["lessons"], math["student_lessons"], math["absences"]) == (3, 12, 2)
    assert (math["ill"], math["unexcused"], math["late"], math["no_reason"]) == (1, 1, 1, 0)
    assert math["attended"] == 83.3
    english = row(section(report, "attendance"), subject_name="Английский язык")
    assert (english["lessons"], english["student_lessons"], english["attended"]) == (1, 2, 100.0)


def test_forecast_per_student_and_class(report_school: TinySchool) -> None:
    report = build(report_school, "REP-FORECAST")
    students = [r for r in section(report, "students") if r["subject_name"] == "Математика"]
    by_name = {r["student_name"]: (r["marks"], r["average"], r["forecast"]) for r in students}
    assert by_name == {
        "Иванов Артём": (2, 5.0, 5), "Петрова Алиса": (2, 3.5, 4),
        "Сидоров Максим": (2, 2.5, 3), "Кузнецова Дарья": (2, 2.0, 2),
    }
    math = row(section(report, "subjects"), subject_name="Математика")
    assert math["class_average"] == 3.25 and (math["n5"], math["n2"]) == (1, 1)


def test_control_filling_and_accumulation(report_school: TinySchool) -> None:
    report = build(report_school, "REP-CONTROL")
    math = row(section(report, "subjects"), subject_name="Математика")
    # timetable: Mondays 09.11 and 16.11 in Q2 up to 20.11; recorded: 16, 17, 18.11
    assert (math["expected"], math["lessons"], math["missing"]) == (2, 3, 0)
    assert math["topic_share"] == 100.0
    assert math["same_day_share"] == 66.7  # the tiny school's own lesson was entered later
    assert math["marks"] == 8 and math["marks_per_student"] == 2.0
    assert math["lessons_with_marks"] == 66.7
    assert math["no_marks"] == 0.0 and math["one_mark"] == 0.0
    english = row(section(report, "subjects"), subject_name="Английский язык")
    assert english["no_marks"] == 100.0
    families = row(section(report, "families"), class_name="5А")
    assert (families["families"], families["online"], families["viewed"]) == (4, 3, 2)
    assert report.params["Участие семей, %"] == "66,7"


def test_control_timeliness_of_marks_and_absences(report_school: TinySchool) -> None:
    conn = connect(report_school.path)
    # an oral answer of Monday 16.11 marked on Thursday: late (1 day allowed)
    conn.execute("INSERT INTO marks (student_id, subject_id, lesson_id, value, work_type,"
                 " created_by, created_at) VALUES (?, ?, ?, '4', 'answer', 4, ?)",
                 (KUZNETSOVA, MATH, MATH_5A_MON, utc("2026-11-19 10:00")))
    conn.execute("INSERT INTO attendance (lesson_id, student_id, created_by, created_at)"
                 " VALUES (?, ?, 4, ?)", (MATH_5A_MON, IVANOV, utc("2026-11-17 09:00")))
    report = build_report(conn, "REP-CONTROL", class_name="5А", as_of=AS_OF)
    math = row(section(report, "subjects"), subject_name="Математика")
    assert math["marks"] == 9 and math["marks_on_time_share"] == 88.9  # 8 of 9
    assert math["absences_same_day_share"] == 75.0  # 3 of 4


def test_weekly_activity(report_school: TinySchool) -> None:
    report = build(report_school, "REP-WEEKLY-ACTIVITY")
    teacher = row(section(report, "teachers"), name="Числова Мария Андреевна")
    # lessons: 4 of the tiny school + 2; marks: 8 current + 2 period marks
    assert (teacher["lessons"], teacher["marks"], teacher["absences"]) == (6, 10, 3)
    families = row(section(report, "families"), class_name="5А")
    assert (families["viewed"], families["viewed_twice"]) == (2, 1)  # 10.11 is outside the week
    assert families["twice_share"] == 33.3
    days = {r["day"]: r for r in section(report, "days")}
    assert days["2026-11-17"]["marks"] == 4 and days["2026-11-19"]["views"] == 2


def test_monthly_fill_counts_the_month(report_school: TinySchool) -> None:
    report = build(report_school, "REP-MONTHLY-FILL")
    math = row(section(report, "subjects"), subject_name="Математика")
    assert (math["expected"], math["lessons"]) == (2, 3)  # 02.11 falls in the holidays
    assert report.params["Период"] == "ноябрь 2026"


def test_three_renderings_carry_the_same_figures(report_school: TinySchool) -> None:
    report = build(report_school, "REP-PERIOD", period_code="Q2")
    data = json.loads(render(report, "json"))
    math_json = row(data["sections"][1]["rows"], subject_name="Математика")
    assert math_json["progress"] == 75.0
    table = list(csv.reader(io.StringIO(render(report, "csv").lstrip("\ufeff")), delimiter=";"))
    header = table.index(["Класс", "Предмет", "Учеников", "Аттестовано", "«5»", "«4»", "«3»",
                          "«2»", "Не аттестовано", "Успеваемость, %", "Качество знаний, %",
                          "Средний балл", "Основание"])
    math_csv = next(r for r in table[header:] if r[:2] == ["5А", "Математика"])
    assert math_csv[9:12] == ["75,0", "50,0", "3,50"]
    html = render(report, "html")
    assert "<svg" in html and "Успеваемость и качество знаний по предметам" in html
    assert "75,0" in html and 'lang="ru"' in html


def test_unknown_class_and_period_are_russian_errors(report_school: TinySchool) -> None:
    with pytest.raises(UserError, match="Класс «5Я» не найден"):
        build_report(connect(report_school.path), "REP-PERIOD", class_name="5Я")
    with pytest.raises(UserError, match="нет периода Q1"):
        build_report(connect(report_school.path), "REP-PERIOD", class_name="10А",
                     period_code="Q1")


def test_report_command_writes_a_file(report_school: TinySchool, tmp_path: Path) -> None:
    out = tmp_path / "forecast.csv"
    done = subprocess.run(
        [sys.executable, "-m", "ejsync", "report", "REP-FORECAST", "--db", str(report_school.path),
         "--class", "5А", "--period", "Q2", "--as-of", AS_OF, "--format", "csv", "--out", str(out)],
        capture_output=True, text=True, cwd=ROOT, timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8")
    assert "Петрова Алиса" in text and "3,50" in text and "forecast.csv" in done.stderr
    bad = subprocess.run(
        [sys.executable, "-m", "ejsync", "report", "REP-FORECAST", "--db", str(report_school.path),
         "--class", "5Я"], capture_output=True, text=True, cwd=ROOT, timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert bad.returncode == 2 and "Класс «5Я» не найден" in bad.stderr
