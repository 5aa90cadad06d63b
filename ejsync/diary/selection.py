"""Which pages of a student a build makes: week pages, subjects pages and the other summaries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ejsync.diary.calendar import monday

RESULTS, ATTENDANCE, EVENTS, INFO = "results", "attendance", "events", "info"
SUMMARY_KINDS = frozenset({RESULTS, ATTENDANCE, EVENTS, INFO})
NONE: frozenset = frozenset()
# Summary pages made from the student's own records (they need the whole year's rows).
RECORD_KINDS = frozenset({RESULTS, ATTENDANCE})


def _union(left: frozenset | None, right: frozenset | None) -> frozenset | None:
    return None if left is None or right is None else left | right


@dataclass(frozen=True)
class PageSelection:
    """The week pages of `weeks` (their Mondays; None: every week), the subjects pages of the
    periods holding `subject_days` (None: every period) and the summary pages `kinds`."""

    weeks: frozenset[date] | None = None
    subject_days: frozenset[date] | None = None
    kinds: frozenset[str] = SUMMARY_KINDS

    @property
    def every_page(self) -> bool:
        """Whether every page is made (pages no longer made can then be removed)."""
        return self.weeks is None and self.subject_days is None and self.kinds == SUMMARY_KINDS

    @property
    def needs_year(self) -> bool:
        """Whether the pages need the whole year's rows (else the rows of the weeks do)."""
        return (self.weeks is None or self.subject_days is None or bool(self.subject_days)
                or bool(self.kinds & RECORD_KINDS))

    @property
    def week_pages(self) -> PageSelection:
        """Only the week pages of this selection."""
        return PageSelection(self.weeks, NONE, NONE)

    @property
    def other_pages(self) -> PageSelection:
        """This selection without its week pages."""
        return PageSelection(NONE, self.subject_days, self.kinds)

    def __or__(self, other: PageSelection) -> PageSelection:
        return PageSelection(_union(self.weeks, other.weeks),
                             _union(self.subject_days, other.subject_days),
                             self.kinds | other.kinds)

    def __bool__(self) -> bool:
        return (self.weeks is None or bool(self.weeks) or self.subject_days is None
                or bool(self.subject_days) or bool(self.kinds))


EVERY_PAGE = PageSelection()
NOTHING = PageSelection(NONE, NONE, NONE)


def weeks_of(*days: date) -> PageSelection:
    """The week pages showing `days`."""
    return PageSelection(frozenset(monday(day) for day in days), NONE, NONE)


def subjects_of(*days: date) -> PageSelection:
    """The subjects pages of the periods holding `days`."""
    return PageSelection(NONE, frozenset(days), NONE)


def summaries(*kinds: str) -> PageSelection:
    """The summary pages `kinds` (results, attendance, events, info)."""
    return PageSelection(NONE, NONE, frozenset(kinds))


EVERY_WEEK = PageSelection(None, NONE, NONE)
EVERY_SUBJECTS_PAGE = PageSelection(NONE, None, NONE)
