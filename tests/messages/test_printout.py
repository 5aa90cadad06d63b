"""The weekly printout of a family without electronic access lists its messages
(R-OFFLINE-FAMILY): a real Typst PDF made by `ejsync print family`."""

from __future__ import annotations

from ejsync.printing.signing import KEY_ENV, generate_key
from tests.printing.conftest import run_ejsync
from tests.printing.pdf_text import page_texts
from tests.tiny_school import IVANOV, MATH_TEACHER, SIDOROV


def test_the_offline_familys_printout_lists_the_weeks_messages(tiny_school, tmp_path,
                                                                monkeypatch):
    generate_key(tmp_path / "archive.key")
    monkeypatch.setenv(KEY_ENV, str(tmp_path / "archive.key"))
    conn = tiny_school.connect()
    conn.executescript(f"""
        INSERT INTO message_threads (id, family_id, student_id, kind, staff_id, topic)
        VALUES (1, 3, {SIDOROV}, 'class_teacher', {MATH_TEACHER}, 'Родительское собрание'),
               (2, 1, {IVANOV}, 'class_teacher', {MATH_TEACHER}, 'Экскурсия');
        INSERT INTO messages (thread_id, author_staff_id, body, created_at) VALUES
            (1, {MATH_TEACHER}, 'Прошу прийти на собрание в четверг #1 *важно*',
             '2026-11-17T10:00:00Z'),
            (1, {MATH_TEACHER}, 'Сообщение прошлой недели', '2026-11-10T10:00:00Z'),
            (2, {MATH_TEACHER}, 'Письмо другой семье', '2026-11-17T10:00:00Z');
    """)
    conn.close()
    result = run_ejsync("print", "family", "--db", tiny_school.path, "--week", "2026-11-18",
                        "--out", tmp_path / "archive")
    assert result.returncode == 0, result.stdout + result.stderr
    pdf = next((tmp_path / "archive").rglob("family_2026-11-16.pdf"))
    sidorov = next(t for t in page_texts(pdf) if "Сидоров Максим" in t)
    flat = " ".join(sidorov.split())
    assert "Сообщения школы и семьи" in flat
    assert "Прошу прийти на собрание в четверг #1 *важно*" in flat  # text, not markup
    assert "Числова" in flat and "Родительское собрание" in flat
    assert "прошлой недели" not in flat and "другой семье" not in flat
