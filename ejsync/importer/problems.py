"""What is wrong with an import file: problems by line, collected before anything is written."""

from __future__ import annotations

from dataclasses import dataclass, field

from ejsync.errors import UserError


class FieldError(ValueError):
    """A cell value that cannot be used; the message (Russian) says why and what to write."""


@dataclass(frozen=True)
class Problem:
    """One problem of one line (`line` as a spreadsheet numbers it, the header is line 1)."""

    line: int
    text: str

    def __str__(self) -> str:
        return f"Строка {self.line}: {self.text}"


@dataclass
class Problems:
    """Errors (the file is refused) and notices (accepted, but the user should know)."""

    errors: list[Problem] = field(default_factory=list)
    notices: list[Problem] = field(default_factory=list)

    def error(self, line: int, text: str) -> None:
        """Record a problem that refuses the file."""
        self.errors.append(Problem(line, text))

    def notice(self, line: int, text: str) -> None:
        """Record something accepted that the user should know about."""
        self.notices.append(Problem(line, text))

    def sorted_errors(self) -> list[Problem]:
        """Errors by line, in the order they were found within a line."""
        return sorted(self.errors, key=lambda problem: problem.line)


class ImportRefused(UserError):
    """The file was not imported; `problems` lists every reason by line."""

    def __init__(self, problems: list[Problem], *, notices: list[Problem] | None = None) -> None:
        self.problems = problems
        self.notices = notices or []
        count = len(problems)
        super().__init__(
            f"Файл не загружен: ошибок {count}. В базу ничего не записано; "
            "исправьте строки файла и загрузите его снова."
        )
