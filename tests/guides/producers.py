"""Which test takes each screenshot the guides show, and running them when they did not run."""

from __future__ import annotations

import os
import subprocess
import sys

from ejsync.config import PROJECT_ROOT
from ejsync.help.guides import SCREENSHOTS_ENV, screenshots_dir

LESSON = "tests/staff/test_lesson_page.py::test_teacher_records_a_lesson_and_rows_are_stamped"
GATE = "tests/access/test_gate_browser.py::test_family_sees_its_own_children_and_nothing_else[gate]"
LOCK = "tests/access/test_gate_browser.py::test_too_many_wrong_codes_lock_the_family[gate]"
DIARY = "tests/diary/test_browser.py::test_diary_is_usable_at_phone_width"
SCREENS = "tests/guides/test_staff_help.py::test_screens_of_the_class_teacher_deputy_and_admin"
ACCESS_PAGE = "tests/access/test_staff_page.py::test_class_teacher_downloads_the_letter_in_chromium"
LETTER = "tests/guides/test_family_guide.py::test_picture_of_an_access_letter"
SUBSTITUTE = "tests/guides/test_staff_help.py::test_screen_of_a_substitution"
DESK_TEACHER = "tests/staff/test_desks.py::test_the_teacher_sees_only_violations_to_fix_grouped_by_lesson"
DESK_DEPUTY = "tests/staff/test_desks.py::test_the_deputy_drills_down_and_waives_with_a_reason"
PHONE = "tests/staff/test_walk.py::test_the_lesson_page_fits_a_phone_and_a_tablet[375]"
PRODUCERS = {
    "staff-login.png": LESSON, "staff-my-lessons.png": LESSON, "staff-lesson.png": LESSON,
    "gate-login.png": GATE, "gate-family-home.png": GATE, "gate-locked.png": LOCK,
    "diary-week.png": DIARY, "diary-subjects.png": DIARY,
    "staff-absences.png": SCREENS, "staff-correction.png": SCREENS,
    "staff-accounts.png": SCREENS, "staff-support.png": SCREENS,
    "family-letter.png": LETTER, "staff-substitute.png": SUBSTITUTE, "staff-family-access.png": ACCESS_PAGE,
    "staff-desk-teacher.png": DESK_TEACHER, "staff-desk-deputy.png": DESK_DEPUTY,
    "staff-lesson-phone.png": PHONE,
}


def run_producers(nodeids: list[str]) -> None:
    """Run the tests that take screenshots in a separate pytest, into the same folder."""
    env = dict(os.environ, PYTHONPATH=str(PROJECT_ROOT),
               **{SCREENSHOTS_ENV: str(screenshots_dir())})
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *sorted(set(nodeids))],
        cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
