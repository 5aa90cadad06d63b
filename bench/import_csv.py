"""Benchmark `ejsync import`: a 1,000-student school's three files, against a raw insert.

Prints wall time and peak Python memory of each import, and the ratio against the baseline
measured in the same run: reading the same CSV with the csv module and inserting its rows
with executemany, without any validation.
Run: PYTHONPATH=$PWD python bench/import_csv.py [--students N]"""

from __future__ import annotations

import argparse
import csv
import io
import random
import resource
import sqlite3
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.table import Table

from ejsync.importer import import_file
from ejsync.store import connect, migrate, transaction
from ejsync.store.seed import load_school_year

SURNAMES = [
    "Иванов",
    "Смирнов",
    "Кузнецов",
    "Попов",
    "Васильев",
    "Петров",
    "Соколов",
    "Михайлов",
    "Новиков",
    "Фёдоров",
    "Морозов",
    "Волков",
    "Алексеев",
    "Лебедев",
]
BOYS = ["Артём", "Максим", "Лев", "Марк", "Иван", "Матвей", "Дмитрий", "Тимофей"]
GIRLS = ["Анна", "Мария", "Алиса", "Ева", "Виктория", "Полина", "София", "Дарья"]
FATHERS = ["Сергеев", "Андреев", "Игорев", "Олегов", "Павлов", "Ильин"]
SUBJECTS = [
    "Математика",
    "Русский язык",
    "Литература",
    "Английский язык",
    "История",
    "Биология",
    "География",
    "Физика",
    "Информатика",
    "Физическая культура",
]
LETTERS = "АБВ"
TEACHERS = 60


def build_school(path: Path) -> None:
    """A migrated database with 33 classes, ten subjects in every grade and the bell schedule."""
    conn = connect(path)
    migrate(conn)
    with transaction(conn):
        load_school_year(conn)
        for number, name in enumerate(SUBJECTS, 1):
            conn.execute(
                "INSERT INTO subjects (id, name, short_name) VALUES (?, ?, ?)",
                (number, name, name[:5]),
            )
            for grade in range(1, 12):
                conn.execute(
                    "INSERT INTO curriculum (year_id, grade, subject_id, hours_per_week)"
                    " VALUES (1, ?, ?, 2)",
                    (grade, number),
                )
        for grade in range(1, 12):
            for letter in LETTERS:
                conn.execute(
                    "INSERT INTO classes (year_id, grade, letter, name) VALUES (1, ?, ?, ?)",
                    (grade, letter, f"{grade}{letter}"),
                )
    conn.close()


def write(path: Path, rows: list[list[str]]) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode("cp1251"))
    return path


def staff_rows() -> list[list[str]]:
    rows = [["Фамилия", "Имя", "Отчество", "Должность", "Роли"]]
    for number in range(TEACHERS):
        rows.append(
            [
                f"{SURNAMES[number % 14]}а",
                GIRLS[number // 14 % 8],
                f"{FATHERS[number % 6]}на",
                "учитель",
                "учитель",
            ]
        )
    return rows


def teacher_name(number: int) -> str:
    return " ".join(part for part in staff_rows()[number + 1][:3] if part)


def timetable_rows() -> list[list[str]]:
    names = [teacher_name(number) for number in range(TEACHERS)]
    rows = [["Класс", "Предмет", "Учитель", "День недели", "Урок"]]
    classes = [f"{grade}{letter}" for grade in range(1, 12) for letter in LETTERS]
    for index, name in enumerate(classes):
        for day in range(1, 6):
            for slot in range(1, 7):
                teacher = (index + slot * 7 + day * 3) % TEACHERS
                rows.append(
                    [name, SUBJECTS[(slot + day) % 10], names[teacher], str(day), str(slot)]
                )
    return rows


def student_rows(count: int, rng: random.Random) -> list[list[str]]:
    rows = [
        [
            "Фамилия",
            "Имя",
            "Отчество",
            "Дата рождения",
            "Пол",
            "Класс",
            "Законный представитель",
            "Кем приходится",
            "Телефон",
            "Электронный доступ",
        ]
    ]
    for number in range(count):
        family = number - number % 3 if number % 5 == 0 else number  # some siblings
        surname, father = SURNAMES[family % 14], FATHERS[family % 6]
        grade = 1 + number % 11
        girl = rng.random() < 0.5
        rows.append(
            [
                surname + ("а" if girl else ""),
                rng.choice(GIRLS if girl else BOYS),
                father + ("на" if girl else "ич"),
                f"{1 + number % 28:02d}.{1 + number // 28 % 12:02d}.{2019 - grade}",
                "ж" if girl else "м",
                f"{grade}{LETTERS[number % 3]}",
                f"{surname}а Мария {father}на",
                "мать",
                f"+7 900 {family:07d}",
                "нет" if family % 20 == 0 else "да",
            ]
        )
    return rows


def raw_insert(db: Path, path: Path) -> None:
    """The baseline: csv module + executemany of the student rows, no checks."""
    conn = sqlite3.connect(db)
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("cp1251")), delimiter=";"))[1:]
    with conn:
        conn.executemany(
            "INSERT INTO students (last_name, first_name, middle_name, birth_date, gender)"
            " VALUES (?, ?, ?, ?, ?)",
            [row[:3] + [row[3], row[4]] for row in rows],
        )
    conn.close()


def measure(action: Callable[[], object]) -> tuple[float, float]:
    """Wall seconds and peak traced memory (MB) of `action`."""
    tracemalloc.start()
    started = time.perf_counter()
    action()
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return elapsed, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--students", type=int, default=1000)
    args = parser.parse_args()
    console = Console()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        db, baseline_db = root / "school.db", root / "baseline.db"
        build_school(db)
        build_school(baseline_db)
        files = {
            "staff": write(root / "staff.csv", staff_rows()),
            "timetable": write(root / "timetable.csv", timetable_rows()),
            "students": write(root / "students.csv", student_rows(args.students, rng)),
        }
        table = Table(title=f"ejsync import, школа на {args.students} учеников")
        for column in ("файл", "строк", "время, с", "пик памяти, МБ", "добавлено"):
            table.add_column(column, justify="right")
        results = {}
        for kind, path in files.items():
            conn = connect(db)
            holder: dict = {}
            elapsed, peak = measure(
                lambda c=conn, k=kind, p=path, h=holder: h.update(result=import_file(c, k, p))
            )
            conn.close()
            result = holder["result"]
            results[kind] = elapsed
            table.add_row(
                kind,
                str(result.rows),
                f"{elapsed:.2f}",
                f"{peak:.1f}",
                str(sum(result.added.values())),
            )
        base_elapsed, base_peak = measure(lambda: raw_insert(baseline_db, files["students"]))
        table.add_row(
            "baseline: csv + executemany (students)",
            str(args.students),
            f"{base_elapsed:.2f}",
            f"{base_peak:.1f}",
            str(args.students),
        )
        console.print(table)
        console.print(
            f"students import / raw-insert baseline: {results['students'] / base_elapsed:.1f}×"
        )
        console.print(
            f"peak RSS of the process: "
            f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
        )


if __name__ == "__main__":
    main()
