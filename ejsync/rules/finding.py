"""One soft-rule finding, the shape of a `violations` row."""

from __future__ import annotations

from dataclasses import dataclass

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Finding:
    """What a checker found about one record; becomes (or keeps open) a `violations` row."""

    rule: str
    severity: str
    record_table: str
    record_id: int
    class_id: int | None
    message: str
    student_id: int | None = None
    subject_id: int | None = None
    period_id: int | None = None
    responsible_id: int | None = None
    due_at: str | None = None
    lesson_id: int | None = None

    @property
    def key(self) -> tuple[str, str, int, int, int]:
        """The identity of an open violation (see the unique index of migration 0200)."""
        return (
            self.rule,
            self.record_table,
            self.record_id,
            self.subject_id or 0,
            self.period_id or 0,
        )

    def as_dict(self) -> dict[str, object]:
        """Plain data for JSON."""
        return dict(vars(self))
