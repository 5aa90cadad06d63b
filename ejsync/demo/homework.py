"""Homework texts as Russian teachers write them, by subject."""

from __future__ import annotations

import random

NO_HOMEWORK = {"pe"}
RARE_HOMEWORK = {"art", "music", "labour", "orkse", "odnknr", "project", "safety"}
MATH = {"math", "algebra", "calculus", "geometry", "statistics"}
READING = {"reading", "literature"}
TEXTBOOK = {"history", "social", "geography", "biology", "physics", "chemistry", "world",
            "informatics", "safety", "orkse", "odnknr"}


def homework_text(subject_key: str, grade: int, rng: random.Random) -> str:
    """A homework assignment, or '' when none is given (grade 1, PE, most art lessons)."""
    if grade == 1 or subject_key in NO_HOMEWORK:
        return ""
    if subject_key in RARE_HOMEWORK and rng.random() < 0.8:
        return ""
    if rng.random() < 0.06:
        return "Не задано"
    r = rng.randint
    page = r(5, 190)
    if subject_key in MATH:
        a = r(1, 900)
        return rng.choice([f"№ {a}, {a + 2}, {a + 5}", f"№ {a} (а, б), {a + 3}",
                           f"П. {r(1, 40)}, № {a}, {a + 1}", "Повторить формулы, карточка"])
    if subject_key == "russian":
        return rng.choice([f"Упр. {r(1, 600)}, с. {page}",
                           f"Выучить правило на с. {page}, упр. {r(1, 600)}",
                           "Словарные слова записать и выучить",
                           f"П. {r(1, 90)}, упр. {r(1, 600)}"])
    if subject_key in READING:
        return rng.choice([f"Читать с. {page}–{page + r(3, 15)}, ответить на вопросы",
                           "Выучить стихотворение наизусть", f"Пересказ с. {page}–{page + 6}",
                           "Дочитать произведение, составить план"])
    if subject_key == "english":
        return rng.choice([f"Упр. {r(1, 12)}, с. {page} (учебник), слова выучить",
                           f"Рабочая тетрадь, с. {r(2, 90)}, упр. {r(1, 8)}",
                           "Выучить новые слова модуля", f"Читать текст на с. {page}, перевод"])
    if subject_key in TEXTBOOK:
        n = r(1, 60)
        return rng.choice([f"§ {n}, вопросы {r(1, 3)}–{r(4, 7)}", f"§ {n}, таблица в тетради",
                           f"§ {n}–{n + 1}, подготовить сообщение", f"§ {n}, выучить термины"])
    return rng.choice(["Подготовить материалы к следующему уроку", "Закончить работу"])
