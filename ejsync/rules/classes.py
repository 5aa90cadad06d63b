"""Classes and their lists: subgroups and the class teacher's list and family data."""

from __future__ import annotations

from collections.abc import Iterator

from ejsync.rules import labels
from ejsync.rules.context import CheckContext
from ejsync.rules.finding import Finding
from ejsync.rules.registry import rule

SUBGROUP_MESSAGES = {
    "no_group": "{student_name} ({class_name}) не входит ни в одну подгруппу по предмету "
                "«{subject_name}». Классному руководителю: включите ученика в подгруппу.",
    "moved": "{student_name} ({class_name}) переведён в другую подгруппу по предмету "
             "«{subject_name}» {day}, не в начале периода. Перевод между подгруппами делает "
             "администратор в конце периода: обратитесь к администратору ЭЖ.",
    "whole_class": "Урок «{subject_name}», {class_name}, {day} записан на весь класс, а класс "
                   "делится на подгруппы по этому предмету. Укажите подгруппу урока.",
}
CLASS_LIST_MESSAGES = {
    "no_class_teacher": "У класса {class_name} нет классного руководителя. Заместителю "
                        "директора: назначьте классного руководителя.",
    "no_family": "{student_name} ({class_name}): не указана семья. Классному руководителю: "
                 "внесите данные семьи.",
    "no_guardian": "{student_name} ({class_name}): у семьи нет ни одного законного "
                   "представителя. Классному руководителю: внесите родителей.",
    "no_contact": "{student_name} ({class_name}): у родителей нет ни телефона, ни эл. почты. "
                  "Классному руководителю: уточните контакты семьи.",
}


@rule("R-SUBGROUPS", "002 п. 4.3.3, 4.4.6")
def subgroups(ctx: CheckContext) -> Iterator[Finding]:
    """R-SUBGROUPS (002 4.3.3, 4.4.6): every student in a subgroup; moves only at period end."""
    for row in ctx.query("subgroups"):
        text = SUBGROUP_MESSAGES[row["problem"]].format(
            **dict(row), day=labels.day(row["date"]) if row["date"] else ""
        )
        yield ctx.finding(row, "R-SUBGROUPS", "warning", text)


@rule("R-CLASS-LIST", "002 п. 4.3.6–4.3.7, 8.5")
def class_list(ctx: CheckContext) -> Iterator[Finding]:
    """R-CLASS-LIST (002 4.3.6–4.3.7, 8.5): a class teacher keeps the list and family data true."""
    for row in ctx.query("class_list"):
        yield ctx.finding(
            row, "R-CLASS-LIST", "warning", CLASS_LIST_MESSAGES[row["problem"]].format(**dict(row))
        )
