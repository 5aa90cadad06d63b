"""The calendar-thematic plan (КТП): numbered lessons with topics and control works."""

from __future__ import annotations

import random
from dataclasses import dataclass

from ejsync.demo.data import topics_for
from ejsync.demo.structure import Subject

WEEKS = 34
WEEKS_GRADE_1 = 33
SHORT_PLAN_SHARE = 0.04  # deliberate slip: a plan a few lessons short of the curriculum

CONTROL_TYPES = {
    "russian": ["dictation", "test", "check", "exposition", "essay"],
    "literature": ["essay", "test", "quiz"],
    "reading": ["check", "quiz"],
    "english": ["test", "quiz", "check"],
    "math": ["test", "independent", "check"],
    "algebra": ["test", "independent", "check"],
    "calculus": ["test", "independent", "check"],
    "geometry": ["test", "independent", "check"],
    "statistics": ["test", "practical"],
    "informatics": ["practical", "test"],
    "world": ["check", "quiz"],
    "history": ["check", "quiz", "test"],
    "social": ["check", "quiz"],
    "geography": ["practical", "check"],
    "biology": ["lab", "check"],
    "physics": ["lab", "test"],
    "chemistry": ["practical", "test"],
    "art": ["project", "practical"],
    "music": ["project", "quiz"],
    "labour": ["practical", "project"],
    "pe": ["practical"],
    "safety": ["practical", "test"],
    "project": ["project"],
}
CONTROL_TITLES = {
    "test": "Контрольная работа", "dictation": "Контрольный диктант",
    "independent": "Самостоятельная работа", "check": "Проверочная работа",
    "lab": "Лабораторная работа", "practical": "Практическая работа", "essay": "Сочинение",
    "exposition": "Изложение", "quiz": "Тест", "project": "Защита проекта",
}
# What the second, third… lesson on a topic is called, by kind of subject.
FOLLOW_UPS = {
    "problems": ["Решение задач", "Закрепление", "Практикум по решению задач",
                 "Обобщение и систематизация знаний"],
    "language": ["Закрепление", "Упражнения", "Работа над ошибками", "Повторение"],
    "reading": ["Анализ произведения", "Образы героев", "Обсуждение прочитанного",
                "Выразительное чтение"],
    "pe": ["Совершенствование техники", "Учебная игра", "Развитие физических качеств"],
    "other": ["Закрепление", "Практикум", "Повторение и обобщение"],
}
FOLLOW_UP_KIND = {
    "math": "problems", "algebra": "problems", "calculus": "problems", "geometry": "problems",
    "statistics": "problems", "physics": "problems", "chemistry": "problems",
    "informatics": "problems", "russian": "language", "english": "language",
    "literature": "reading", "reading": "reading", "pe": "pe",
}
OWN_TOPIC_WORKS = {"test", "lab", "practical"}  # R-TOPIC-WORKS: these state their own topic


@dataclass(frozen=True)
class PlannedLesson:
    """One line of a КТП."""

    id: int
    number: int
    topic: str
    control_type: str


def year_hours(subject: Subject, grade: int) -> int:
    """Lessons a year the curriculum gives: hours a week × 34 weeks (33 in grade 1)."""
    return subject.hours[grade] * (WEEKS_GRADE_1 if grade == 1 else WEEKS)


def make_plan(subject: Subject, grade: int, first_id: int,
              rng: random.Random) -> list[PlannedLesson]:
    """The КТП of a subject in a class or subgroup; a few plans are deliberately short."""
    total = year_hours(subject, grade)
    if rng.random() < SHORT_PLAN_SHARE:
        total -= rng.randint(1, 3)
    topics = topics_for(subject.key, grade)
    every = 8 if subject.hours[grade] >= 2 else 5
    kinds = CONTROL_TYPES.get(subject.key, []) if grade > 1 and subject.graded else []
    per_topic = max(1, total // len(topics))
    follow_ups = FOLLOW_UPS[FOLLOW_UP_KIND.get(subject.key, "other")]
    plan = []
    for number in range(1, total + 1):
        topic = topics[min(len(topics) - 1, (number - 1) // per_topic)]
        within = (number - 1) % per_topic
        control = ""
        if kinds and number % every == 0:
            control = kinds[0] if rng.random() < 0.5 else rng.choice(kinds)
            title = f"{CONTROL_TITLES[control]} по теме «{topic}»"
        elif within:
            title = f"{topic}. {follow_ups[(within - 1) % len(follow_ups)]}"
        else:
            title = topic
        plan.append(PlannedLesson(first_id + number - 1, number, title, control))
    return plan
