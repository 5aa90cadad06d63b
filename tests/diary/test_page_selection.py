"""For each kind of change, exactly the pages whose bytes change are rendered and rewritten,
and the result equals a full build from scratch; the agent makes the week pages first."""

from __future__ import annotations

import pytest

from ejsync.agent import Agent, DiaryStep, read_cursor
from ejsync.diary import build_diaries, incremental_build, last_change_id
from ejsync.store import connect
from tests import tiny_school as t
from tests.diary.conftest import TODAY

WEEK = "week-2026-11-16.html"
MARK = ("INSERT INTO marks (student_id, subject_id, lesson_id, value, work_type, created_by)"
        " VALUES (?, ?, ?, '4', 'answer', ?)")
PERIOD_MARK = ("INSERT INTO marks (student_id, subject_id, kind, period_id, value, created_by)"
               " VALUES (?, ?, ?, (SELECT id FROM periods WHERE code = ?), '5', ?)")
CHANGES = {
    "current mark": [(MARK, (t.POPOVA, t.MATH, t.MATH_5B_MON, t.MATH_TEACHER))],
    "correction": [("INSERT INTO marks (student_id, subject_id, lesson_id, value, work_type,"
                    " corrects_id, correction_reason, created_by) VALUES (?, ?, ?, '3', 'test',"
                    " 102, 'пересчёт баллов', ?)", (t.IVANOV, t.MATH, t.MATH_5A_MON, t.DEPUTY))],
    "period mark": [(PERIOD_MARK, (t.POPOVA, t.MATH, "period", "Q2", t.MATH_TEACHER))],
    "year mark": [(PERIOD_MARK, (t.POPOVA, t.MATH, "year", "Y", t.MATH_TEACHER))],
    "absence": [("INSERT INTO attendance (lesson_id, student_id, code, created_by)"
                 " VALUES (?, ?, 'н', ?)", (t.MATH_5A_MON, t.SIDOROV, t.MATH_TEACHER))],
    "absence reason": [("UPDATE attendance SET code = 'У' WHERE student_id = ?", (t.PETROVA,))],
    "homework": [("UPDATE lessons SET homework = 'Выучить слова на с. 42' WHERE id = ?",
                  (t.ENGLISH_5A_G1,))],
    "lesson saved": [  # what the lesson page writes: the lesson, marks, an absence, a comment
        ("UPDATE lessons SET topic = 'Деление дробей', homework = '№ 310' WHERE id = ?",
         (t.MATH_5A_MON,)),
        (MARK, (t.KUZNETSOVA, t.MATH, t.MATH_5A_MON, t.MATH_TEACHER)),
        ("INSERT INTO attendance (lesson_id, student_id, code, created_by) VALUES (?, ?, 'н', ?)",
         (t.MATH_5A_MON, t.SIDOROV, t.MATH_TEACHER)),
        ("INSERT INTO comments (student_id, lesson_id, kind, text, created_by)"
         " VALUES (?, ?, 'praise', 'Молодец', ?)", (t.KUZNETSOVA, t.MATH_5A_MON, t.MATH_TEACHER)),
    ],
    "new lesson": [("INSERT INTO lessons (class_id, subject_id, date, slot, scheduled_teacher_id,"
                    " teacher_id, topic, created_by) VALUES (?, ?, '2026-11-17', 3, ?, ?,"
                    " 'Проценты', ?)", (t.CLASS_5B, t.MATH, *[t.MATH_TEACHER] * 3))],
    "lesson moved": [("UPDATE lessons SET date = '2026-11-10' WHERE id = ?", (t.MATH_10A_MON,))],
    "lesson teacher": [("UPDATE lessons SET scheduled_teacher_id = ? WHERE id = ?",
                        (t.RUSSIAN_TEACHER, t.MATH_5B_MON))],
    "staff note": [("INSERT INTO comments (student_id, lesson_id, kind, text, to_family,"
                    " created_by) VALUES (?, ?, 'note', 'Служебное', 0, ?)",
                    (t.POPOVA, t.MATH_5B_MON, t.MATH_TEACHER))],
    "class event": [("INSERT INTO events (id, date, starts_at, title, class_id) VALUES"
                     " (90, '2026-11-19', '15:00', 'Экскурсия', ?)", (t.CLASS_10A,))],
    "event moved": [("UPDATE events SET class_id = ? WHERE title = ?",
                     (t.CLASS_10A, "Родительское собрание 5Б"))],
    "school event": [("INSERT INTO events (date, title) VALUES ('2026-11-20', 'Концерт')", ())],
    "renamed": [("UPDATE students SET first_name = 'Анна' WHERE id = ?", (t.POPOVA,))],
    "family": [("UPDATE families SET address = 'ул. Новая, 1' WHERE id = 1", ())],
    "timetable": [("INSERT INTO timetable (class_id, subject_id, teacher_id, weekday, slot,"
                   " valid_from) VALUES (?, ?, ?, 4, 6, '2026-09-01')",
                   (t.CLASS_5B, t.RUSSIAN, t.RUSSIAN_TEACHER))],
}


def pages(root):
    """Every page of a build: relative path → (bytes, inode, mtime)."""
    return {p.relative_to(root): (p.read_bytes(), p.stat().st_ino, p.stat().st_mtime_ns)
            for p in root.glob("*/*") if p.is_file() and not p.parent.name.startswith(".")}


@pytest.fixture(scope="module")
def built(tmp_path_factory, _tiny_school_template):
    """The tiny school with a week of records, built once (copied for every change)."""
    import shutil

    from tests.diary.conftest import add_week_records

    work = tmp_path_factory.mktemp("selection")
    shutil.copyfile(_tiny_school_template, work / "school.db")
    conn = connect(work / "school.db")
    add_week_records(conn)
    build_diaries(conn, work / "diary", today=TODAY)
    incremental_build(conn, work / "diary", today=TODAY)  # the cursor covers the tokens too
    conn.close()
    return work


@pytest.mark.parametrize("kind", list(CHANGES))
def test_exactly_the_pages_a_change_changes_are_rendered_and_written(kind, built, tmp_path):
    import shutil

    shutil.copyfile(built / "school.db", tmp_path / "school.db")
    shutil.copytree(built / "diary", tmp_path / "diary", copy_function=shutil.copy2)
    out = tmp_path / "diary"
    conn = connect(tmp_path / "school.db")
    before = pages(out)
    for sql, params in CHANGES[kind]:
        conn.execute(sql, params)
    report = incremental_build(conn, out, today=TODAY)
    after = pages(out)
    build_diaries(conn, tmp_path / "fresh", today=TODAY)
    fresh = pages(tmp_path / "fresh")
    assert {p: v[0] for p, v in after.items()} == {p: v[0] for p, v in fresh.items()}
    changed = {p for p in after if p not in before or after[p][0] != before[p][0]}
    rewritten = {p for p in after if p not in before or after[p][1:] != before[p][1:]}
    assert rewritten == changed
    distinct = {p for p in changed if not (p.name == "index.html" and p.with_name(WEEK) in changed)}
    assert report.pages_rendered == len(distinct)
    if kind in ("staff note", "family"):
        assert not changed and report.students == 0
    else:
        assert changed


# Changes whose pages are all made in the agent's cycle: every week, or everyone, changes.
WHOLE = {"lesson teacher", "class event", "event moved", "school event", "renamed", "timetable"}


def is_week_page(path) -> bool:
    return path.name == "index.html" or path.name.startswith("week-")


class SaveDuringCycle:
    """A last step of the agent's cycle: when armed, a teacher saves a staff note meanwhile
    (a change no page shows) and the watchdog wakes the agent."""

    def __init__(self, db):
        self.conn = connect(db)
        self.armed = False
        self.agent = None

    def __call__(self, cycle) -> str:
        if self.armed:
            self.armed = False
            self.conn.execute(CHANGES["staff note"][0][0], CHANGES["staff note"][0][1])
            self.agent.wake.set()
        return ""


def agent_with_saves(db, out):
    """An agent over the diary and a teacher who saves during its cycles."""
    step, saves = DiaryStep(out, TODAY), SaveDuringCycle(db)
    saves.agent = agent = Agent(db, [step, saves])
    agent.cycle(timer=True)
    return agent, step, saves


def copy_built(built, tmp_path):
    import shutil

    shutil.copyfile(built / "school.db", tmp_path / "school.db")
    shutil.copytree(built / "diary", tmp_path / "diary", copy_function=shutil.copy2)
    return tmp_path / "school.db", tmp_path / "diary"


def fresh_pages(conn, tmp_path):
    build_diaries(conn, tmp_path / "fresh", today=TODAY)
    return {p: v[0] for p, v in pages(tmp_path / "fresh").items()}


@pytest.mark.parametrize("kind", list(CHANGES))
def test_the_agent_makes_the_week_pages_first_and_the_others_when_no_write_waits(
        kind, built, tmp_path):
    db, out = copy_built(built, tmp_path)
    agent, step, saves = agent_with_saves(db, out)
    position = step.output.manifest.change_id
    before = pages(out)
    conn = connect(db)
    for sql, params in CHANGES[kind]:
        conn.execute(sql, params)
    fresh = fresh_pages(conn, tmp_path)
    changed = {p for p in fresh if p not in before or before[p][0] != fresh[p]}

    saves.armed = True  # another save comes during the cycle: the pages that can wait do
    agent.cycle(timer=False)
    first = {p for p, v in pages(out).items() if p not in before or before[p][0] != v[0]}
    waiting = set() if kind in WHOLE else {p for p in changed if not is_week_page(p)}
    assert first == changed - waiting
    if waiting:
        assert (step.output.manifest.change_id, read_cursor(agent.conn)) == (position, position)
        assert step.unfinished_since() == position

    agent.wake.set()  # the checks' own writes wake the agent too, but they are not changes
    agent.cycle(timer=False)  # the waiting save, then a quiet moment: the rest follows
    last = last_change_id(conn)
    after = pages(out)
    assert {p: v[0] for p, v in after.items()} == fresh
    assert {p for p in after if p not in before or after[p][1:] != before[p][1:]} == changed
    assert (step.output.manifest.change_id, read_cursor(agent.conn)) == (last, last)
    assert step.unfinished_since() is None


def lesson_saved_with_pages_left(built, tmp_path):
    """A lesson saved, then another save during the agent's cycle: the other pages wait."""
    db, out = copy_built(built, tmp_path)
    agent, step, saves = agent_with_saves(db, out)
    conn = connect(db)
    for sql, params in CHANGES["lesson saved"]:
        conn.execute(sql, params)
    saves.armed = True
    agent.cycle(timer=False)
    return agent, step, saves, conn


def test_pages_left_for_later_are_made_after_a_restart(built, tmp_path):
    agent, step, saves, conn = lesson_saved_with_pages_left(built, tmp_path)
    assert step.later  # the subjects and attendance pages wait
    agent.conn.close()  # the agent stops (or is killed) here

    restarted = Agent(agent.db, [DiaryStep(step.out_dir, TODAY)])
    restarted.cycle(timer=True)
    assert {p: v[0] for p, v in pages(step.out_dir).items()} == fresh_pages(conn, tmp_path)
    assert read_cursor(restarted.conn) == last_change_id(conn)


def test_pages_left_for_later_are_made_while_writes_keep_coming(built, tmp_path, monkeypatch):
    import ejsync.agent

    agent, step, saves, conn = lesson_saved_with_pages_left(built, tmp_path)
    assert step.later
    saves.armed = True
    agent.cycle(timer=False)
    assert step.later  # not yet overdue: still yielding to the waiting save
    monkeypatch.setattr(ejsync.agent, "MAX_DEFER", 0.0)
    for _ in range(20):  # a save comes in every cycle; overdue pages take slices of time
        saves.armed = True
        agent.cycle(timer=False)
        if not step.later:
            break
    assert not step.later
    assert {p: v[0] for p, v in pages(step.out_dir).items()} == fresh_pages(conn, tmp_path)


@pytest.mark.parametrize("order", [(t.POPOVA, t.IVANOV, t.PETROVA),
                                   (t.IVANOV, t.POPOVA, t.PETROVA)])
def test_a_build_made_in_the_agent_starts_with_the_class_of_the_oldest_change(order, built,
                                                                               tmp_path):
    from ejsync.diary import diary_tokens
    from ejsync.diary.build import start_build
    from ejsync.diary.output import DiaryOutput
    from ejsync.diary.selection import NOTHING, weeks_of

    db, out = copy_built(built, tmp_path)
    conn = connect(db)
    tokens = diary_tokens(conn)
    conn.execute("UPDATE lessons SET homework = '№ 5' WHERE id IN (?, ?)",
                 (t.MATH_5A_MON, t.MATH_5B_MON))  # every chosen student's week page changes
    week = {sid: (out / tokens[sid] / WEEK) for sid in order}
    inodes = {sid: path.stat().st_ino for sid, path in week.items()}

    def one_page_written() -> bool:  # asked between classes
        return any(path.stat().st_ino != inodes[sid] for sid, path in week.items())

    selection = weeks_of(TODAY)
    pending = start_build(conn, out, today=TODAY, output=DiaryOutput(out),
                          student_ids=set(order), selections=dict.fromkeys(order, selection),
                          default=NOTHING, interrupted=one_page_written)
    pending.finish()
    first_class = {t.POPOVA} if order[0] == t.POPOVA else {t.IVANOV, t.PETROVA}
    assert pending.built == first_class  # 5А has more students here, but 5Б's change came first
    assert not pending.complete
