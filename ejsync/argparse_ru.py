"""Russian texts for the messages argparse prints itself (usage errors, help headings)."""

from __future__ import annotations

import argparse

RUSSIAN = {
    "usage: ": "использование: ",
    "%(prog)s: error: %(message)s\n": (
        "%(prog)s: ошибка: %(message)s\nСправка: %(prog)s --help\n"
    ),
    "positional arguments": "позиционные аргументы",
    "options": "параметры",
    "show this help message and exit": "показать эту справку и выйти",
    "argument %(argument_name)s: %(message)s": "аргумент %(argument_name)s: %(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "недопустимое значение %(value)r (возможные: %(choices)s)"
    ),
    "invalid %(type)s value: %(value)r": "недопустимое значение %(value)r",
    "the following arguments are required: %s": "не указаны обязательные аргументы: %s",
    "unrecognized arguments: %s": "неизвестные аргументы: %s",
    "expected one argument": "после параметра нужно одно значение",
    "expected at least one argument": "после параметра нужно хотя бы одно значение",
    "expected at most one argument": "после параметра можно не больше одного значения",
    "not allowed with argument %s": "нельзя указывать вместе с %s",
    "one of the arguments %s is required": "нужно указать один из аргументов: %s",
    "ambiguous option: %(option)s could match %(matches)s": (
        "неоднозначный параметр %(option)s: подходят %(matches)s"
    ),
    "ignored explicit argument %r": "значение %r для этого параметра не нужно",
}


def install() -> None:
    """Make argparse look its own messages up here (it calls the module's `_`)."""
    argparse._ = lambda message: RUSSIAN.get(message, message)
