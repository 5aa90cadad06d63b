"""A small hand-built school with known ids, for tests that need exact data."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ejsync.store import connect, migrate, transaction
from ejsync.store.seed import load_school_year

# Staff
ADMIN, DIRECTOR, DEPUTY, MATH_TEACHER, RUSSIAN_TEACHER, ENGLISH_TEACHER, SECRETARY = range(1, 8)
# Subjects
MATH, RUSSIAN, ENGLISH, READING = range(1, 5)
# Classes
CLASS_1A, CLASS_5A, CLASS_5B, CLASS_10A = range(1, 5)
# Students: 5А has 1–4, 5Б has 5–6, 10А has 7–8, 1А has 9
IVANOV, PETROVA, SIDOROV, KUZNETSOVA, SMIRNOV, POPOVA, VOLKOV, SOKOLOVA, LEBEDEV = range(1, 10)
# English subgroups of 5А
GROUP_1, GROUP_2 = 1, 2
# Lessons
MATH_5A_MON, ENGLISH_5A_G1, MATH_5B_MON, MATH_10A_MON, READING_1A = range(1, 6)
LESSON_DATE = "2026-11-16"  # a Monday in Q2


@dataclass(frozen=True)
class TinySchool:
    """Where the tiny school lives."""

    path: Path

    def connect(self) -> sqlite3.Connection:
        """A fresh connection to it."""
        return connect(self.path)


SQL = f"""
INSERT INTO school (id, name, short_name, address, phone, email)
VALUES (1, 'Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № 7»',
        'МБОУ СШ № 7', 'г. Энск, ул. Школьная, 7', '+7 (800) 000-00-07', 'school7@example.ru');
INSERT INTO staff (id, last_name, first_name, middle_name, position) VALUES
    ({ADMIN}, 'Админова', 'Анна', 'Сергеевна', 'администратор ЭЖ'),
    ({DIRECTOR}, 'Директоров', 'Дмитрий', 'Иванович', 'директор'),
    ({DEPUTY}, 'Завучева', 'Зоя', 'Петровна', 'заместитель директора по УВР'),
    ({MATH_TEACHER}, 'Числова', 'Мария', 'Андреевна', 'учитель математики'),
    ({RUSSIAN_TEACHER}, 'Буквин', 'Роман', 'Олегович', 'учитель русского языка'),
    ({ENGLISH_TEACHER}, 'Лингвова', 'Елена', 'Викторовна', 'учитель английского языка'),
    ({SECRETARY}, 'Делова', 'Светлана', 'Ивановна', 'секретарь');
INSERT INTO staff_roles (staff_id, role) VALUES
    ({ADMIN}, 'admin'), ({DIRECTOR}, 'director'), ({DEPUTY}, 'deputy'),
    ({MATH_TEACHER}, 'teacher'), ({MATH_TEACHER}, 'class_teacher'),
    ({RUSSIAN_TEACHER}, 'teacher'), ({ENGLISH_TEACHER}, 'teacher'), ({SECRETARY}, 'secretary');
INSERT INTO subjects (id, name, short_name, foreign_language) VALUES
    ({MATH}, 'Математика', 'Матем.', 0), ({RUSSIAN}, 'Русский язык', 'Рус. яз.', 0),
    ({ENGLISH}, 'Английский язык', 'Англ. яз.', 1),
    ({READING}, 'Литературное чтение', 'Лит. чт.', 0);
INSERT INTO curriculum (year_id, grade, subject_id, hours_per_week, split_into_groups) VALUES
    (1, 5, {MATH}, 5, 0), (1, 5, {RUSSIAN}, 5, 0), (1, 5, {ENGLISH}, 3, 1),
    (1, 10, {MATH}, 4, 0), (1, 10, {RUSSIAN}, 2, 0), (1, 1, {READING}, 4, 0);
INSERT INTO classes (id, year_id, grade, letter, name, class_teacher_id, room, week_days) VALUES
    ({CLASS_1A}, 1, 1, 'А', '1А', NULL, '101', 5),
    ({CLASS_5A}, 1, 5, 'А', '5А', {MATH_TEACHER}, '205', 5),
    ({CLASS_5B}, 1, 5, 'Б', '5Б', NULL, '206', 5),
    ({CLASS_10A}, 1, 10, 'А', '10А', NULL, '310', 6);
INSERT INTO families (id, title, login, electronic_access) VALUES
    (1, 'Семья Ивановых', 'ivanovy', 1), (2, 'Семья Петровых', 'petrovy', 1),
    (3, 'Семья Сидоровых', 'sidorovy', 0), (4, 'Семья Кузнецовых', 'kuznetsovy', 1),
    (5, 'Семья Смирновых', 'smirnovy', 1);
INSERT INTO guardians (family_id, last_name, first_name, middle_name, relation, phone) VALUES
    (1, 'Иванова', 'Ольга', 'Петровна', 'мать', '+7 900 000-00-01'),
    (2, 'Петров', 'Игорь', 'Васильевич', 'отец', '+7 900 000-00-02'),
    (3, 'Сидорова', 'Нина', 'Львовна', 'мать', '+7 900 000-00-03'),
    (4, 'Кузнецова', 'Вера', 'Ильинична', 'мать', '+7 900 000-00-04'),
    (5, 'Смирнов', 'Павел', 'Андреевич', 'отец', '+7 900 000-00-05');
INSERT INTO students (id, last_name, first_name, middle_name, gender, family_id) VALUES
    ({IVANOV}, 'Иванов', 'Артём', 'Сергеевич', 'м', 1),
    ({PETROVA}, 'Петрова', 'Алиса', 'Игоревна', 'ж', 2),
    ({SIDOROV}, 'Сидоров', 'Максим', 'Олегович', 'м', 3),
    ({KUZNETSOVA}, 'Кузнецова', 'Дарья', 'Ильинична', 'ж', 4),
    ({SMIRNOV}, 'Смирнов', 'Лев', 'Павлович', 'м', 5),
    ({POPOVA}, 'Попова', 'Ева', 'Романовна', 'ж', 1),
    ({VOLKOV}, 'Волков', 'Марк', 'Денисович', 'м', 2),
    ({SOKOLOVA}, 'Соколова', 'Мия', 'Артёмовна', 'ж', 4),
    ({LEBEDEV}, 'Лебедев', 'Тимур', 'Ильич', 'м', 5);
INSERT INTO enrollments (student_id, class_id, from_date) VALUES
    ({IVANOV}, {CLASS_5A}, '2026-09-01'), ({PETROVA}, {CLASS_5A}, '2026-09-01'),
    ({SIDOROV}, {CLASS_5A}, '2026-09-01'), ({KUZNETSOVA}, {CLASS_5A}, '2026-09-01'),
    ({SMIRNOV}, {CLASS_5B}, '2026-09-01'), ({POPOVA}, {CLASS_5B}, '2026-09-01'),
    ({VOLKOV}, {CLASS_10A}, '2026-09-01'), ({SOKOLOVA}, {CLASS_10A}, '2026-09-01'),
    ({LEBEDEV}, {CLASS_1A}, '2026-09-01');
INSERT INTO subgroups (id, class_id, subject_id, name, teacher_id) VALUES
    ({GROUP_1}, {CLASS_5A}, {ENGLISH}, '1 группа', {ENGLISH_TEACHER}),
    ({GROUP_2}, {CLASS_5A}, {ENGLISH}, '2 группа', {ENGLISH_TEACHER});
INSERT INTO subgroup_members (subgroup_id, student_id, from_date) VALUES
    ({GROUP_1}, {IVANOV}, '2026-09-01'), ({GROUP_1}, {PETROVA}, '2026-09-01'),
    ({GROUP_2}, {SIDOROV}, '2026-09-01'), ({GROUP_2}, {KUZNETSOVA}, '2026-09-01');
INSERT INTO teaching_assignments (class_id, subject_id, subgroup_id, teacher_id) VALUES
    ({CLASS_5A}, {MATH}, NULL, {MATH_TEACHER}), ({CLASS_5B}, {MATH}, NULL, {MATH_TEACHER}),
    ({CLASS_10A}, {MATH}, NULL, {MATH_TEACHER}), ({CLASS_5A}, {RUSSIAN}, NULL, {RUSSIAN_TEACHER}),
    ({CLASS_5A}, {ENGLISH}, {GROUP_1}, {ENGLISH_TEACHER}),
    ({CLASS_5A}, {ENGLISH}, {GROUP_2}, {ENGLISH_TEACHER});
INSERT INTO timetable
    (class_id, subgroup_id, subject_id, teacher_id, weekday, slot, room, valid_from) VALUES
    ({CLASS_5A}, NULL, {MATH}, {MATH_TEACHER}, 1, 1, '205', '2026-09-01'),
    ({CLASS_5A}, {GROUP_1}, {ENGLISH}, {ENGLISH_TEACHER}, 1, 2, '301', '2026-09-01'),
    ({CLASS_5A}, NULL, {RUSSIAN}, {RUSSIAN_TEACHER}, 1, 3, '205', '2026-09-01'),
    ({CLASS_5B}, NULL, {MATH}, {MATH_TEACHER}, 1, 2, '206', '2026-09-01'),
    ({CLASS_10A}, NULL, {MATH}, {MATH_TEACHER}, 1, 3, '310', '2026-09-01');
INSERT INTO lessons (id, class_id, subgroup_id, subject_id, date, slot, scheduled_teacher_id,
                     teacher_id, topic, homework, created_by) VALUES
    ({MATH_5A_MON}, {CLASS_5A}, NULL, {MATH}, '{LESSON_DATE}', 1, {MATH_TEACHER}, {MATH_TEACHER},
     'Сложение дробей', '№ 245, 247', {MATH_TEACHER}),
    ({ENGLISH_5A_G1}, {CLASS_5A}, {GROUP_1}, {ENGLISH}, '{LESSON_DATE}', 2, {ENGLISH_TEACHER},
     {ENGLISH_TEACHER}, 'Времена года', 'Упр. 3, с. 41', {ENGLISH_TEACHER}),
    ({MATH_5B_MON}, {CLASS_5B}, NULL, {MATH}, '{LESSON_DATE}', 2, {MATH_TEACHER}, {MATH_TEACHER},
     'Сложение дробей', '№ 245', {MATH_TEACHER}),
    ({MATH_10A_MON}, {CLASS_10A}, NULL, {MATH}, '{LESSON_DATE}', 3, {MATH_TEACHER}, {MATH_TEACHER},
     'Тригонометрические уравнения', '№ 18.4', {MATH_TEACHER}),
    ({READING_1A}, {CLASS_1A}, NULL, {READING}, '{LESSON_DATE}', 1, {MATH_TEACHER}, {MATH_TEACHER},
     'Звуки и буквы', '', {MATH_TEACHER});
"""


def build_tiny_school(path: Path) -> TinySchool:
    """Create a migrated database at `path` holding the tiny school."""
    conn = connect(path)
    migrate(conn)
    with transaction(conn):
        load_school_year(conn)
        for statement in SQL.split(";\n"):
            if statement.strip():
                conn.execute(statement)
    conn.close()
    return TinySchool(path)
