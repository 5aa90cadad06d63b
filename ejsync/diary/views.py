"""Turn one student's rows and their class context into the page models of their diary."""

from __future__ import annotations

import sqlite3
from collections import Counter, defaultdict
from collections.abc import Callable, Collection
from datetime import date, timedelta
from functools import cached_property

from ejsync.diary.calendar import (
    current_term,
    day_title,
    holiday_on,
    long_date,
    month_title,
    short_date,
    term_of,
    term_periods,
    week_title,
)
from ejsync.diary.model import (
    ABSENCE_ORDER,
    ABSENCE_TITLES,
    COMMENT_TITLES,
    FINAL_KINDS,
    NO_OWN_CELLS,
    WEEKDAYS,
    AbsenceLine,
    AttendancePage,
    AttendancePeriod,
    ClassContext,
    CommentView,
    ConsultationView,
    Correction,
    DayView,
    EventsPage,
    EventView,
    Header,
    InfoPage,
    MarkView,
    OwnCells,
    PeriodLink,
    ReportCardPage,
    ReportCardRow,
    SchoolContext,
    SharedLesson,
    Student,
    StudentRecords,
    SubjectsPage,
    SubjectView,
    WeekLink,
    WeekPage,
)
from ejsync.diary.pages import template
from ejsync.grading import format_average, round_average, weighted_average
from ejsync.store.periods import Period

INDEX_PAGE = "index.html"
RESULTS_PAGE = "results.html"
ATTENDANCE_PAGE = "attendance.html"
EVENTS_PAGE = "events.html"
INFO_PAGE = "info.html"
CONSULTATIONS_PATH = "consultations.html"  # the page of the public site (ejsync site)


def week_page_name(first: date) -> str:
    """'week-2026-11-16.html'."""
    return f"week-{first.isoformat()}.html"


def subjects_page_name(period: Period) -> str:
    """'subjects-Q2.html'."""
    return f"subjects-{period.code}.html"


class MarkChain:
    """The current mark of a correction chain; its view (with the values it corrected) is
    made only when a page shows it."""

    def __init__(self, head: sqlite3.Row, make: Callable[[], MarkView]) -> None:
        self.head = head
        self._make = make

    @cached_property
    def view(self) -> MarkView:
        """The mark as the family sees it."""
        return self._make()


class StudentView:
    """Builds every page model of one student; the class context is shared and read-only."""

    def __init__(self, ctx: SchoolContext, student: Student, classes: dict[int, ClassContext],
                 records: StudentRecords) -> None:
        self.ctx = ctx
        self.student = student
        self.classes = classes
        self.records = records
        home = student.home_enrollment(ctx.today)
        self.home = classes[home.class_id]
        self.grade: int = self.home.row["grade"]
        self.terms = term_periods(ctx.periods, self.grade)
        self.term = current_term(ctx.today, self.grade, ctx.periods)
        self.marks_given = self.grade >= ctx.marks_from_grade
        self.header = Header(
            school=(ctx.school["short_name"] if ctx.school else ""),
            student=student.full_name,
            class_name=self.home.row["name"],
            as_of=long_date(ctx.today),
            term=self.term.title if self.term else "",
            subjects_href=subjects_page_name(self.term) if self.term else RESULTS_PAGE,
        )

    # ------------------------------------------------------------- marks

    @cached_property
    def chains(self) -> list[MarkChain]:
        """Heads of correction chains, each with the values it corrected (oldest first)."""
        by_id = {m["id"]: m for m in self.records.marks}
        corrected = {m["corrects_id"] for m in self.records.marks if m["corrects_id"]}
        chains = []
        for mark in self.records.marks:
            if mark["id"] in corrected:
                continue
            steps, link = [], mark
            while link["corrects_id"] and link["corrects_id"] in by_id:
                earlier = by_id[link["corrects_id"]]
                steps.append((earlier, link))
                link = earlier
            chains.append(MarkChain(mark, lambda m=mark, s=steps: self._mark_view(m, s)))
        return chains

    def _mark_view(self, mark: sqlite3.Row, steps: list[tuple[sqlite3.Row, sqlite3.Row]]
                   ) -> MarkView:
        """A mark and, oldest first, each value it corrected with the reason and the day."""
        corrections = [
            Correction(earlier["value"], corrector["correction_reason"],
                       long_date(date.fromisoformat(corrector["created_at"][:10])))
            for earlier, corrector in reversed(steps)
        ]
        work = self.ctx.work_types.get(mark["work_type"]) if mark["work_type"] else None
        day = mark["lesson_date"] or mark["created_at"][:10]
        return MarkView(
            value=mark["value"],
            meaning=self.ctx.mark_titles.get(mark["value"], ""),
            work_type=work["title"] if work else "",  # final marks: their column says it
            weight=(f"{work['weight']:g}".replace(".", ",") if work else ""),
            date=short_date(date.fromisoformat(day)),
            comment=mark["comment"],
            corrections=tuple(corrections),
        )

    def _weight(self, mark: sqlite3.Row) -> float:
        work = self.ctx.work_types.get(mark["work_type"]) if mark["work_type"] else None
        return float(work["weight"]) if work else 1.0

    # ------------------------------------------------------------- week view

    def week_pages(self, mondays: Collection[date] | None = None) -> dict[str, WeekPage]:
        """The page of each week of the year so far and the next one (or of the given weeks),
        and the current week's again as index.html."""
        pages = {week_page_name(first): self.week_page(index)
                 for index, first in enumerate(self.ctx.weeks)
                 if mondays is None or first in mondays}
        current = week_page_name(self.ctx.weeks[self.ctx.current_week_index])
        if current in pages:
            pages[INDEX_PAGE] = pages[current]
        return pages

    def week_page(self, index: int) -> WeekPage:
        """The week view of the year's week number `index`."""
        weeks = self.ctx.weeks
        first = weeks[index]
        nav = week_navigation(weeks)
        own = self._own_records
        days = [self._day(first + timedelta(days=offset), *own) for offset in range(6)]
        return WeekPage(
            header=self.header,
            title=week_title(first),
            days=[d for d in days if d is not None],
            previous=nav.link(weeks[index - 1]) if index > 0 else None,
            next=nav.link(weeks[index + 1]) if index + 1 < len(weeks) else None,
            weeks=nav.html(first),
        )

    @cached_property
    def _own_records(self) -> tuple[dict, dict, dict, dict]:
        """Marks and absences by lesson, comments by lesson and family notes by day."""
        marks_by_lesson: dict[int, list[MarkChain]] = defaultdict(list)
        for chain in self.chains:
            if chain.head["kind"] == "current" and chain.head["lesson_id"]:
                marks_by_lesson[chain.head["lesson_id"]].append(chain)
        absences = {a["lesson_id"]: a["code"] for a in self.records.absences}
        comments_by_lesson: dict[int, list[CommentView]] = defaultdict(list)
        notes_by_day: dict[str, list[CommentView]] = defaultdict(list)
        for row in self.records.comments:
            view = CommentView(row["kind"], COMMENT_TITLES.get(row["kind"], ""), row["text"],
                               self.ctx.staff_name(row["created_by"]))
            if row["lesson_id"]:
                comments_by_lesson[row["lesson_id"]].append(view)
            else:
                notes_by_day[row["created_at"][:10]].append(view)
        return marks_by_lesson, absences, comments_by_lesson, notes_by_day

    def _day(self, day: date, marks_by_lesson, absences, comments_by_lesson,
             notes_by_day) -> str | None:
        """One day's section of a week page, rendered once per distinct content."""
        enrollment = self.student.enrollment_on(day)
        if enrollment is None:
            return None
        klass = self.classes[enrollment.class_id]
        shared = self._class_day(klass, day)
        if shared is None:
            return None
        iso, holiday, lessons, events = shared
        rows = [
            (row["slot"], self._row(("lesson", row["id"]), lambda r=row: self._held(r),
                                    [c.view for c in marks_by_lesson.get(row["id"], ())],
                                    absences.get(row["id"], ""),
                                    comments_by_lesson.get(row["id"], [])))
            for row in lessons
            if klass.in_subgroup(self.student.id, row["subgroup_id"], day)
        ]
        if not holiday and day >= self.ctx.today:
            rows += self._planned(klass, day, {slot for slot, _ in rows})
            rows.sort(key=lambda slot_row: slot_row[0])
        notes = tuple(notes_by_day.get(iso, ()))
        key = ("day", iso, holiday, tuple(row for _, row in rows), notes, events,
               day == self.ctx.today)
        section = self.ctx.rows.get(key)
        if section is None:
            view = DayView(iso, day_title(day), holiday, list(key[3]), list(notes),
                           list(events), key[6])
            section = self.ctx.rows[key] = template("diary/_day.html").render(day=view)
        return section

    def _class_day(self, klass: ClassContext, day: date) -> tuple | None:
        """What a day is for a whole class (once per class and day): its date, holiday, lessons
        and events; None when the class has no school that weekday."""
        key = ("class day", klass.row["id"], day)
        if key in self.ctx.rows:
            return self.ctx.rows[key]
        shared = None
        if day.weekday() < klass.row["week_days"]:
            grade = klass.row["grade"]
            holiday = holiday_on(day, grade, self.ctx.holidays)
            if not holiday and term_of(day, grade, self.ctx.periods) is None:
                holiday = "Каникулы"
            iso = day.isoformat()
            events = tuple(
                f"{e['starts_at']} {e['title']}".strip()
                + (f" ({e['place']})" if e["place"] else "")
                for e in klass.events_by_date.get(iso, ()))
            shared = (iso, holiday, klass.lessons_by_date.get(day, ()), events)
        self.ctx.rows[key] = shared
        return shared

    def _row(self, key: tuple[str, int], make: Callable[[], SharedLesson], marks: list[MarkView],
             absence: str, comments: list[CommentView]) -> str:
        """A lesson's table row: the lesson's cells, rendered once for the class, and the
        student's own marks, absence and comments, rendered once per distinct content."""
        if not (marks or absence or comments):  # most rows: the same for the whole class
            bare = self.ctx.rows.get(("bare", key))
            if bare is None:
                bare = self.ctx.rows[("bare", key)] = (
                    self._lesson(key, make) + self._cells(NO_OWN_CELLS))
            return bare
        own = OwnCells(tuple(marks), absence, ABSENCE_TITLES.get(absence, ""), tuple(comments))
        return self._lesson(key, make) + self._cells(own)

    def _lesson(self, key: tuple[str, int], make: Callable[[], SharedLesson]) -> str:
        lesson = self.ctx.rows.get(key)
        if lesson is None:
            lesson = self.ctx.rows[key] = template("diary/_lesson.html").render(l=make())
        return lesson

    def _cells(self, own: OwnCells) -> str:
        cells = self.ctx.rows.get(own)
        if cells is None:
            marks = [self._mark(m) for m in own.marks]
            cells = self.ctx.rows[own] = template("diary/_lesson_own.html").render(
                o=own, marks=marks)
        return cells

    def _mark(self, mark: MarkView, with_date: bool = False) -> str:
        """A mark as the week page (or, `with_date`, the subjects page) shows it, rendered
        once per distinct mark."""
        key = (mark, with_date)
        html = self.ctx.rows.get(key)
        if html is None:
            html = self.ctx.rows[key] = str(
                template("diary/_marks.html").module.mark(mark, with_date))
        return html

    def _held(self, row: sqlite3.Row) -> SharedLesson:
        """The class-wide part of a lesson that took place."""
        work = self.ctx.work_types.get(row["control_type"]) if row["control_type"] else None
        substituted = row["teacher_id"] != row["scheduled_teacher_id"]
        return SharedLesson(
            slot=row["slot"],
            time=self._bell(row["slot"]),
            subject=self.ctx.subjects[row["subject_id"]]["name"],
            teacher=self.ctx.staff_name(row["teacher_id"]),
            substitute_for=self.ctx.staff_name(row["scheduled_teacher_id"]) if substituted else "",
            room="",
            topic=row["topic"],
            homework=row["homework"],
            control=work["title"] if work else "",
            work_topic=row["work_topic"],
            planned=False,
        )

    def _planned(self, klass: ClassContext, day: date, taken: set[int]) -> list[tuple[int, str]]:
        """Rows of the timetable's lessons still to come on `day` (not yet recorded)."""
        iso = day.isoformat()
        planned = []
        for row in klass.timetable_by_weekday.get(day.isoweekday(), ()):
            if row["slot"] in taken or row["valid_from"] > iso:
                continue
            if row["valid_to"] and row["valid_to"] < iso:
                continue
            if not klass.in_subgroup(self.student.id, row["subgroup_id"], day):
                continue
            planned.append((row["slot"], self._row(("timetable", row["id"]),
                                                   lambda r=row: self._scheduled(r), [], "", [])))
        return planned

    def _scheduled(self, row: sqlite3.Row) -> SharedLesson:
        """The class-wide part of a lesson the timetable plans."""
        return SharedLesson(
            slot=row["slot"], time=self._bell(row["slot"]),
            subject=self.ctx.subjects[row["subject_id"]]["name"],
            teacher=self.ctx.staff_name(row["teacher_id"]), substitute_for="", room=row["room"],
            topic="", homework="", control="", work_topic="", planned=True,
        )

    def _bell(self, slot: int) -> str:
        bell = self.ctx.bells.get(slot)
        return f"{bell['starts_at']}–{bell['ends_at']}" if bell else ""

    # ------------------------------------------------------------- subjects view

    def period_links(self, current: Period | None) -> list[PeriodLink]:
        """Links to the subjects view of every term begun, and the report card."""
        first_start = self.terms[0].starts_on if self.terms else self.ctx.today
        links = [
            PeriodLink(subjects_page_name(p), p.title, p == current)
            for p in self.terms if p.starts_on <= max(self.ctx.today, first_start)
        ]
        links.append(PeriodLink(RESULTS_PAGE, "Итоги года", current is None))
        return links

    def subjects_pages(self, days: Collection[date] | None = None) -> dict[str, SubjectsPage]:
        """The subjects view of every term begun (or of those holding `days`)."""
        wanted = None if days is None else {term_of(day, self.grade, self.ctx.periods)
                                            for day in days}
        pages = {}
        for link in self.period_links(None)[:-1]:
            period = next(p for p in self.terms if subjects_page_name(p) == link.href)
            if wanted is None or period in wanted:
                pages[link.href] = self._subjects_page(period)
        return pages

    def _subject_ids(self) -> list[int]:
        ids = list(self.ctx.curriculum.get(self.grade, []))
        for chain in self.chains:
            if chain.head["subject_id"] not in ids:
                ids.append(chain.head["subject_id"])
        return ids

    def _subjects_page(self, period: Period) -> SubjectsPage:
        today = self.ctx.today
        forecast_open = period.forecast_opens_on <= today <= period.ends_on
        current_marks: dict[int, list[MarkChain]] = defaultdict(list)
        finals: dict[int, list[tuple[str, MarkView]]] = defaultdict(list)
        for chain in self.chains:
            head = chain.head
            if head["kind"] == "current" and period.holds(date.fromisoformat(head["lesson_date"])):
                current_marks[head["subject_id"]].append(chain)
            elif head["kind"] == "period" and head["period_id"] == period.id:
                finals[head["subject_id"]].append((FINAL_KINDS["period"], chain.view))
        subjects = []
        for subject_id in self._subject_ids():
            chains = sorted(current_marks.get(subject_id, []),
                            key=lambda c: (c.head["lesson_date"], c.head["id"]))
            average = weighted_average((c.head["value"], self._weight(c.head)) for c in chains)
            forecast = ""
            if forecast_open and average is not None and not finals.get(subject_id):
                forecast = str(round_average(average, self.ctx.rounding_threshold))
            subjects.append(SubjectView(
                name=self.ctx.subjects[subject_id]["name"],
                teachers=self._teachers_of(subject_id, period),
                marks=[self._mark(c.view, with_date=True) for c in chains],
                average=format_average(average),
                forecast=forecast,
                finals=finals.get(subject_id, []),
            ))
        if today < period.forecast_opens_on:
            forecast_note = ("Прогноз отметки за период появится"
                             f" {long_date(period.forecast_opens_on)},"
                             " за две недели до конца периода.")
        elif today <= period.ends_on:
            forecast_note = "Прогноз — средний взвешенный балл, округлённый по правилам школы."
        else:
            forecast_note = ""
        return SubjectsPage(
            header=self.header,
            period_title=period.title,
            period_dates=f"{long_date(period.starts_on)} — {long_date(period.ends_on)}",
            marks_given=self.marks_given,
            forecast_note=forecast_note,
            final_note=("Отметки за период выставляются не позднее"
                        f" {long_date(period.final_due_on)}."),
            subjects=subjects,
            periods=self.period_links(period),
        )

    def _teachers_of(self, subject_id: int, period: Period) -> str:
        """The regular teachers of a subject in the period (of the student's subgroup)."""
        day = min(max(self.ctx.today, period.starts_on), period.ends_on)
        names: list[str] = []
        for klass in self.classes.values():
            for (subject, subgroup_id), teacher_ids in klass.teachers(period).items():
                if subject != subject_id:
                    continue
                if not klass.in_subgroup(self.student.id, subgroup_id, day):
                    continue
                for teacher_id in teacher_ids:
                    name = self.ctx.staff_name(teacher_id)
                    if name not in names:
                        names.append(name)
        return ", ".join(names)

    # ------------------------------------------------------------- report card

    def report_card(self) -> ReportCardPage:
        """Term, year, exam and final marks of every subject."""
        year = next((p for p in self.ctx.periods if p.code == "Y"), None)
        by_key: dict[tuple[int, str, int | None], MarkView] = {}
        for chain in self.chains:
            head = chain.head
            if head["kind"] != "current":
                by_key[(head["subject_id"], head["kind"], head["period_id"])] = chain.view
        rows = []
        for subject_id in self._subject_ids():
            rows.append(ReportCardRow(
                name=self.ctx.subjects[subject_id]["name"],
                terms=[by_key[(subject_id, "period", p.id)].value
                       if (subject_id, "period", p.id) in by_key else "" for p in self.terms],
                finals=[by_key.get((subject_id, kind, year.id if year else None))
                        for kind in ("year", "exam", "final")],
            ))
        return ReportCardPage(
            header=self.header,
            marks_given=self.marks_given,
            term_titles=[p.title for p in self.terms],
            final_titles=[FINAL_KINDS[k] for k in ("year", "exam", "final")],
            rows=rows,
            periods=self.period_links(None),
        )

    # ------------------------------------------------------------- attendance, events, info

    def attendance(self) -> AttendancePage:
        """Missed lessons by term and reason."""
        result = []
        for period in self.terms:
            if period.starts_on > self.ctx.today:
                continue
            rows = [a for a in self.records.absences if period.holds(date.fromisoformat(a["date"]))]
            reasons = Counter(a["code"] for a in rows)
            subjects = Counter(self.ctx.subjects[a["subject_id"]]["name"] for a in rows)
            result.append(AttendancePeriod(
                title=period.title,
                total=sum(reasons[c] for c in reasons if c != "О"),
                by_reason=[(code, ABSENCE_TITLES[code], reasons[code])
                           for code in ABSENCE_ORDER if reasons.get(code)],
                by_subject=sorted(subjects.items()),
                lines=[AbsenceLine(long_date(date.fromisoformat(a["date"])),
                                   self.ctx.subjects[a["subject_id"]]["name"], a["code"],
                                   ABSENCE_TITLES.get(a["code"], "")) for a in rows],
            ))
        result.reverse()
        return AttendancePage(self.header, result)

    def events(self) -> EventsPage:
        """Events of the class and the school, upcoming first."""
        upcoming, past = [], []
        for row in self.home.events:
            day = date.fromisoformat(row["date"])
            view = EventView(
                date=long_date(day), time=row["starts_at"], title=row["title"],
                description=row["description"], place=row["place"],
                scope="класс" if row["class_id"] else "школа", past=day < self.ctx.today,
            )
            (past if view.past else upcoming).append(view)
        past.reverse()
        return EventsPage(self.header, upcoming, past)

    def info(self) -> InfoPage:
        """The class teacher, consultations and the school's contacts."""
        teacher_id = self.home.row["class_teacher_id"]
        teacher = self.ctx.staff.get(teacher_id) if teacher_id else None
        school = self.ctx.school
        website = (school["website"] if school else "").rstrip("/")
        return InfoPage(
            header=self.header,
            class_teacher=self.ctx.staff_name(teacher_id, short=False),
            class_teacher_position=teacher["position"] if teacher else "",
            class_teacher_email=teacher["email"] if teacher else "",
            class_teacher_phone=teacher["phone"] if teacher else "",
            class_room=self.home.row["room"],
            consultations=[
                ConsultationView(self.ctx.staff_name(c["staff_id"], short=False),
                                 WEEKDAYS[c["weekday"]], f"{c['starts_at']}–{c['ends_at']}",
                                 c["room"], c["topics"])
                for c in self.ctx.consultations if c["staff_id"] == teacher_id
            ],
            school_name=school["name"] if school else "",
            school_address=school["address"] if school else "",
            school_phone=school["phone"] if school else "",
            school_email=school["email"] if school else "",
            schedule_url=f"{website}/{CONSULTATIONS_PATH}" if website else "",
        )


class WeekNavigation:
    """Links to every week, grouped by month; shared by all students of a build."""

    def __init__(self, weeks: list[date]) -> None:
        self.weeks = weeks
        self._links = {w: WeekLink(week_page_name(w), week_title(w), False) for w in weeks}
        self._grouped: dict[date, list[tuple[str, list[WeekLink]]]] = {}
        self._html: dict[date, str] = {}

    def link(self, first: date) -> WeekLink:
        """The link to the week starting `first`."""
        return self._links[first]

    def grouped(self, current: date) -> list[tuple[str, list[WeekLink]]]:
        """Every week grouped by the month of its Monday, the current one marked."""
        if current not in self._grouped:
            groups: dict[str, list[WeekLink]] = {}
            for first in self.weeks:
                month = month_title(first)
                link = self._links[first]
                if first == current:
                    link = WeekLink(link.href, link.title, True)
                groups.setdefault(month, []).append(link)
            self._grouped[current] = list(groups.items())
        return self._grouped[current]

    def html(self, current: date) -> str:
        """The navigation rendered once per week and reused on every student's page."""
        if current not in self._html:
            self._html[current] = template("diary/_weeks.html").render(
                groups=self.grouped(current))
        return self._html[current]


_NAVIGATION: dict[tuple[date, ...], WeekNavigation] = {}


def week_navigation(weeks: list[date]) -> WeekNavigation:
    """The shared week navigation of a build (one per distinct list of weeks)."""
    key = tuple(weeks)
    if key not in _NAVIGATION:
        _NAVIGATION.clear()
        _NAVIGATION[key] = WeekNavigation(weeks)
    return _NAVIGATION[key]
