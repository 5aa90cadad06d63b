"""The change log's triggers, generated from one description per logged table.

Every write to a journal table appends a `changes` row naming the row, the students, class and
subgroup it affects and (from migration 0005 on) the day its week page shows. The triggers in
the migrations (0004, 0005, 0200, 0910) are this module's output, and a test keeps them equal. A new
logged table, or a new column of the log, is a new entry here and a new migration whose
change-log statements are printed by `python -m ejsync.store.changelog VERSION`.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass

OPERATIONS = ("INSERT", "UPDATE", "DELETE")
COLUMNS = "tbl, row_id, op, student_id, class_id, subgroup_id"
ROW = "{r}"  # stands for NEW or OLD in the expressions below
_CONTINUED = "\n       OR "  # two conditions a line, the rest continued below


def latest_class(student: str) -> str:
    """The class of the student's latest enrollment."""
    return (f"(SELECT e.class_id FROM enrollments e WHERE e.student_id = {student}"
            " ORDER BY e.from_date DESC LIMIT 1)")


LESSON_CLASS = f"(SELECT class_id FROM lessons WHERE id = {ROW}.lesson_id)"
LESSON_DATE = f"(SELECT date FROM lessons WHERE id = {ROW}.lesson_id)"
STUDENT_CLASS = latest_class(f"{ROW}.student_id")
LESSON_OR_STUDENT_CLASS = f"IFNULL({LESSON_CLASS}, {STUDENT_CLASS})"


@dataclass(frozen=True)
class Logged:
    """How writes to one table are logged; expressions use `{r}` for the NEW or OLD row."""

    table: str
    since: int  # the migration whose triggers first log the table
    row: str = "id"  # the column that names the row in changes.row_id
    student: str = "NULL"
    klass: str = "NULL"
    subgroup: str = "NULL"
    day: str | None = None  # the day the change shows on; None: the table logs no day
    day_since: int | None = None  # the migration that re-made the triggers with the day
    day_kept_if: str | None = None  # an UPDATE keeps the day only when this holds (else NULL)
    moves: tuple[str, ...] = ()  # with the day: an UPDATE of these also logs where the row was
    operations: tuple[str, ...] = OPERATIONS

    def logs_day(self, version: int) -> bool:
        """Whether the triggers of migration `version` write the day column."""
        return self.day is not None and self.day_since is not None and version >= self.day_since


def _at(expression: str, row: str) -> str:
    return expression.replace(ROW, row)


def _values(spec: Logged, operation: str, row: str, with_day: bool) -> str:
    values = [f"'{spec.table}'", f"{row}.{spec.row}", f"'{operation}'",
              _at(spec.student, row), _at(spec.klass, row), _at(spec.subgroup, row)]
    if with_day:
        day = _at(spec.day or "NULL", row)
        if operation == "UPDATE" and spec.day_kept_if:
            day = f"CASE WHEN {spec.day_kept_if} THEN {day} END"
        values.append(day)
    return ", ".join(values)


def _moved_from(spec: Logged, with_day: bool) -> str:
    """The second UPDATE statement: where a moved row was, when a `moves` column changed."""
    columns = COLUMNS + (", day" if with_day else "")
    conditions = [f"OLD.{column} IS NOT NEW.{column}" for column in spec.moves]
    lines = [" OR ".join(conditions[i:i + 2]) for i in range(0, len(conditions), 2)]
    return (f"    INSERT INTO changes ({columns})\n"
            f"    SELECT {_values(spec, 'UPDATE', 'OLD', with_day)}\n"
            f"    WHERE {_CONTINUED.join(lines)};\n")


def trigger(spec: Logged, operation: str, *, with_day: bool) -> str:
    """The CREATE TRIGGER statement logging `operation` on `spec.table`."""
    row = "OLD" if operation == "DELETE" else "NEW"
    columns = COLUMNS + (", day" if with_day else "")
    body = (f"    INSERT INTO changes ({columns})\n"
            f"    VALUES ({_values(spec, operation, row, with_day)});\n")
    if operation == "UPDATE" and spec.moves and with_day:
        body += _moved_from(spec, with_day)
    return (f"CREATE TRIGGER {trigger_name(spec.table, operation)} AFTER {operation} ON "
            f"{spec.table}\nBEGIN\n{body}END;")


@dataclass(frozen=True)
class Widened:
    """An UPDATE of some columns that changes more pages than the row's own change names: it
    also logs `klass`/`subgroup` (of NEW or OLD, `{r}`) without a student or a day."""

    table: str
    name: str  # the trigger is changes_<table>_<name>
    since: int
    columns: tuple[str, ...]
    row: str  # "NEW" or "OLD": whose id, class and subgroup are logged
    klass: str = "NULL"
    subgroup: str = "NULL"
    names_day: bool = False  # the day column named (as NULL: every week) rather than left out

    def trigger(self) -> str:
        """The CREATE TRIGGER statement."""
        conditions = " OR ".join(f"OLD.{column} IS NOT NEW.{column}" for column in self.columns)
        values = [f"'{self.table}'", f"{self.row}.id", "'UPDATE'", "NULL",
                  _at(self.klass, self.row), _at(self.subgroup, self.row)]
        columns = COLUMNS + (", day" if self.names_day else "")
        values += ["NULL"] if self.names_day else []
        return (f"CREATE TRIGGER changes_{self.table}_{self.name} AFTER UPDATE OF "
                f"{', '.join(self.columns)} ON {self.table}\nWHEN {conditions}\nBEGIN\n"
                f"    INSERT INTO changes ({columns})\n    VALUES ({', '.join(values)});\nEND;")


def trigger_name(table: str, operation: str) -> str:
    """changes_<table>_<insert|update|delete>."""
    return f"changes_{table}_{operation.lower()}"


def statements(version: int) -> list[str]:
    """The change-log statements migration `version` holds, in order: the triggers of tables
    it starts logging, and DROP + CREATE of those it re-makes with the day."""
    found = []
    for spec in LOGGED:
        if spec.since == version:
            found += [trigger(spec, op, with_day=spec.logs_day(version)) for op in spec.operations]
        elif spec.day_since == version:
            for op in spec.operations:
                found += [f"DROP TRIGGER {trigger_name(spec.table, op)};",
                          trigger(spec, op, with_day=True)]
    return found + [widened.trigger() for widened in WIDENED if widened.since == version]


def current_triggers(table: str) -> list[str]:
    """DROP + CREATE of today's triggers of `table`, for a migration that re-makes them."""
    spec = next(s for s in LOGGED if s.table == table)
    made = []
    for op in spec.operations:
        made += [f"DROP TRIGGER {trigger_name(table, op)};",
                 trigger(spec, op, with_day=spec.day is not None)]
    return made


def _journal(table: str, **how: str) -> Logged:
    return Logged(table, since=4, **how)


def _dated(table: str, **how: str) -> Logged:
    return Logged(table, since=4, day_since=5, **how)


LOGGED: tuple[Logged, ...] = (
    _dated("lessons", klass="{r}.class_id", subgroup="{r}.subgroup_id", day="{r}.date",
           moves=("date", "class_id", "subgroup_id")),
    _dated("marks", student="{r}.student_id", klass=LESSON_OR_STUDENT_CLASS, day=LESSON_DATE),
    _dated("attendance", student="{r}.student_id", klass=LESSON_CLASS, day=LESSON_DATE,
           day_kept_if="OLD.lesson_id = NEW.lesson_id"),
    _dated("comments", student="{r}.student_id", klass=LESSON_OR_STUDENT_CLASS,
           day=f"IFNULL({LESSON_DATE}, substr({{r}}.created_at, 1, 10))",
           day_kept_if="OLD.lesson_id IS NEW.lesson_id AND OLD.created_at = NEW.created_at"),
    _journal("enrollments", student="{r}.student_id", klass="{r}.class_id"),
    _journal("subgroup_members", student="{r}.student_id",
             klass="(SELECT class_id FROM subgroups WHERE id = {r}.subgroup_id)",
             subgroup="{r}.subgroup_id"),
    _journal("students", student="{r}.id", klass=latest_class("{r}.id")),
    _journal("families"),
    _journal("guardians"),
    _journal("diary_tokens", row="student_id", student="{r}.student_id", klass=STUDENT_CLASS),
    _journal("acknowledgements", student="{r}.student_id", klass=STUDENT_CLASS),
    _journal("events", klass="{r}.class_id"),
    _journal("classes", klass="{r}.id"),
    _journal("subgroups", klass="{r}.class_id", subgroup="{r}.id"),
    _journal("timetable", klass="{r}.class_id", subgroup="{r}.subgroup_id"),
    _journal("teaching_assignments", klass="{r}.class_id", subgroup="{r}.subgroup_id"),
    _journal("thematic_plan", klass="{r}.class_id", subgroup="{r}.subgroup_id"),
    _journal("curriculum"),
    _journal("periods"),
    _journal("holidays"),
    _journal("bell_schedule", row="slot"),
    _journal("subjects"),
    _journal("staff"),
    _journal("staff_roles", row="staff_id"),
    _journal("consultations"),
    _journal("school"),
    _journal("settings", row="rowid"),
    # A waiver changes the checks of the violation's class.
    Logged("violation_waivers", since=200, operations=("INSERT",),
           klass="(SELECT v.class_id FROM violations v WHERE v.rule = {r}.rule"
                 " AND v.record_table = {r}.record_table AND v.record_id = {r}.record_id"
                 " ORDER BY v.id DESC LIMIT 1)"),
    # Printouts for offline families close R-OFFLINE-FAMILY / R-INFORM-FAMILIES.
    Logged("family_printouts", since=200, operations=("INSERT",), student="{r}.student_id",
           klass=STUDENT_CLASS),
)

WIDENED: tuple[Widened, ...] = (
    # A lesson's subject or scheduled teacher shows on the subjects and attendance pages of
    # every student of its class (logged without a day: all their pages).
    Widened("lessons", "subject_or_teacher", since=910,
            columns=("subject_id", "scheduled_teacher_id"), row="NEW",
            klass="{r}.class_id", subgroup="{r}.subgroup_id", names_day=True),
    # An event moved to another class (or from the whole school to one class) leaves the
    # class it was in (NULL: everyone).
    Widened("events", "left_class", since=910, columns=("class_id",), row="OLD",
            klass="{r}.class_id"),
)


def main(argv: list[str] | None = None) -> None:
    """Print the change-log statements of a migration, to paste into its file."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("version", type=int, help="the migration's number, e.g. 30")
    parser.add_argument("--remake", nargs="*", default=[], metavar="TABLE",
                        help="also re-make today's triggers of these tables (DROP + CREATE)")
    args = parser.parse_args(argv)
    made = statements(args.version)
    for table in args.remake:
        made += current_triggers(table)
    print("\n\n".join(made))


if __name__ == "__main__":
    main()
