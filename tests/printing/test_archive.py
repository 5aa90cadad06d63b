"""Signed editions on two media: copy, detect changed, missing, extra files and forgeries."""

from __future__ import annotations

import json
import sqlite3
import stat
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ejsync.printing.archive import copy_archive
from ejsync.printing.jobs import print_journals
from ejsync.printing.manifest import MANIFEST_NAME, SIGNATURE_NAME, sha256_file
from ejsync.printing.signing import load_public_key, load_signer, public_path_for
from tests.printing.conftest import Q2_DONE, after, run_ejsync
from tests.tiny_school import MATH_TEACHER, SECRETARY

EDITION = Path("2026-27") / "Q2" / "journal_5А"
PDF = "journal_5А_Q2.pdf"
# What the CLI tests print: a period that has ended by now (P-PERIOD-PRINT).
ENDED_EDITION = Path("2026-27") / "Q1" / "journal_5А" / "journal_5А_Q1.pdf"


def text(result) -> str:
    return " ".join((result.stdout + result.stderr).split())


@pytest.fixture
def archived(marked_school, tmp_path, school_key):
    """5А's Q2 journal printed on Q2's penultimate day and copied to two media (in process);
    returns (school, media)."""
    conn = marked_school.connect()
    print_journals(conn, period_code="Q2", out=tmp_path / "archive", class_names=["5А"],
                   signer=load_signer(school_key), as_of=after(Q2_DONE))
    media = [tmp_path / "disk1", tmp_path / "disk2"]
    report = copy_archive(conn, media, load_public_key(public_path_for(school_key)))
    assert report.copied == 2 and not report.problems
    return marked_school, media


def test_copy_command_puts_editions_on_two_media(marked_school, tmp_path):
    printed = run_ejsync("print", "journal", "--db", marked_school.path, "--class", "5А",
                         "--period", "Q1", "--out", tmp_path / "archive")
    assert printed.returncode == 0, printed.stderr
    media = [tmp_path / "disk1", tmp_path / "disk2"]
    copied = run_ejsync("archive", "copy", "--db", marked_school.path,
                        "--to", media[0], "--to", media[1])
    assert copied.returncode == 0, text(copied)
    assert "Скопировано изданий: 2" in text(copied)
    assert all((m / ENDED_EDITION).is_file() for m in media)
    again = run_ejsync("archive", "copy", "--db", marked_school.path,
                       "--to", media[0], "--to", media[1])
    assert again.returncode == 0 and "уже были на носителях: 2" in text(again)


def verify(school):
    return run_ejsync("archive", "verify", "--db", school.path)


def test_every_edition_lands_on_both_media_and_verifies(archived):
    school, media = archived
    for medium in media:
        directory = medium / EDITION
        assert sorted(p.name for p in directory.iterdir()) == [PDF, MANIFEST_NAME, SIGNATURE_NAME]
        manifest = json.loads((directory / MANIFEST_NAME).read_text())
        assert manifest["files"][0]["sha256"] == sha256_file(directory / PDF)
        assert manifest["edition"]["class"] == "5А" and manifest["edition"]["period"] == "Q2"
        assert len(manifest["source"]["snapshot_sha256"]) == 64
        assert manifest["tool"]["name"] == "ejsync" and manifest["generated_at"].endswith("Z")
    conn = school.connect()
    copies = conn.execute("SELECT medium, verified_ok FROM archive_copies").fetchall()
    assert sorted(r[0] for r in copies) == sorted(str(m.resolve()) for m in media)
    assert all(r[1] == 1 for r in copies)
    result = verify(school)
    assert result.returncode == 0, text(result)
    assert "Подписи и файлы в порядке" in text(result)


def test_flipped_byte_is_detected_and_named(archived):
    school, media = archived
    target = media[1] / EDITION / PDF
    content = bytearray(target.read_bytes())
    content[len(content) // 2] ^= 0x01
    target.write_bytes(bytes(content))
    result = verify(school)
    assert result.returncode == 1
    assert f"{target}: файл изменён" in text(result)
    assert str(media[0] / EDITION / PDF) not in text(result)
    flags = dict(school.connect().execute(
        "SELECT medium, ok FROM archive_checks WHERE id IN"
        " (SELECT MAX(id) FROM archive_checks GROUP BY medium)"))
    assert flags == {str(media[0].resolve()): 1, str(media[1].resolve()): 0}


def test_removed_file_is_detected(archived):
    school, media = archived
    (media[0] / EDITION / PDF).unlink()
    result = verify(school)
    assert result.returncode == 1
    assert f"{media[0] / EDITION / PDF}: файл отсутствует" in text(result)


def test_extra_files_are_detected(archived):
    school, media = archived
    (media[0] / EDITION / "note.txt").write_text("лишнее")
    (media[1] / "stray.pdf").write_bytes(b"%PDF-1.7")
    result = verify(school)
    assert result.returncode == 1
    assert f"{media[0] / EDITION / 'note.txt'}: лишний файл" in text(result)
    assert f"{media[1] / 'stray.pdf'}: лишний файл" in text(result)


def test_forged_manifest_is_detected(archived):
    school, media = archived
    directory = media[0] / EDITION
    (directory / PDF).write_bytes(b"%PDF-1.7 forged")
    manifest = json.loads((directory / MANIFEST_NAME).read_text())
    manifest["files"][0]["sha256"] = sha256_file(directory / PDF)
    (directory / MANIFEST_NAME).write_text(json.dumps(manifest))
    result = verify(school)
    assert result.returncode == 1
    assert f"{directory / MANIFEST_NAME}: подпись манифеста не сходится" in text(result)


def test_manifest_resigned_with_another_key_is_detected(archived):
    school, media = archived
    directory = media[1] / EDITION
    manifest = (directory / MANIFEST_NAME).read_bytes().replace("5А".encode(), b"5B")
    (directory / MANIFEST_NAME).write_bytes(manifest)
    (directory / SIGNATURE_NAME).write_bytes(Ed25519PrivateKey.generate().sign(manifest))
    result = verify(school)
    assert result.returncode == 1
    assert f"{directory / MANIFEST_NAME}: подпись манифеста не сходится" in text(result)


def test_the_register_cannot_be_rewritten_and_a_forged_one_is_named(archived):
    school, media = archived
    conn = school.connect()
    for sql in ("UPDATE print_editions SET path = '/elsewhere'", "DELETE FROM archive_copies",
                "UPDATE archive_copies SET verified_ok = 0", "DELETE FROM print_editions"):
        with pytest.raises(sqlite3.IntegrityError, match="^P-"):
            conn.execute(sql)
    # Someone with the database file drops the guards and erases the edition from the register:
    # the signed edition on the media still tells on them.
    for trigger in ("print_editions_no_delete", "archive_copies_no_delete",
                    "archive_checks_no_delete"):
        conn.execute(f"DROP TRIGGER {trigger}")
    conn.execute("DELETE FROM archive_checks")
    conn.execute("DELETE FROM archive_copies")
    conn.execute("DELETE FROM print_editions")
    result = run_ejsync("archive", "verify", "--db", school.path,
                        "--medium", media[0], "--medium", media[1])
    assert result.returncode == 1
    for medium in media:
        assert f"{medium.resolve() / EDITION}: подписанное издание на носителе, которого нет в" \
            " реестре" in text(result)


def test_single_medium_is_refused_and_nothing_changes(marked_school, tmp_path):
    run_ejsync("print", "journal", "--db", marked_school.path, "--class", "5А",
               "--period", "Q1", "--out", tmp_path / "archive")
    result = run_ejsync("archive", "copy", "--db", marked_school.path, "--to", tmp_path / "one",
                        "--to", tmp_path / "one")
    assert result.returncode == 2
    assert "P-TWO-MEDIA" in text(result) and "двух носителях" in text(result)
    assert not (tmp_path / "one").exists()
    conn = marked_school.connect()
    assert conn.execute("SELECT COUNT(*) FROM archive_copies").fetchone()[0] == 0


def test_printing_without_a_key_is_refused(marked_school, tmp_path):
    result = run_ejsync("print", "journal", "--db", marked_school.path, "--class", "5А",
                        "--period", "Q1", "--out", tmp_path / "archive",
                        env={"EJSYNC_ARCHIVE_KEY": str(tmp_path / "none.key")})
    assert result.returncode == 2
    assert "P-INTEGRITY" in text(result) and "ejsync archive keygen" in text(result)
    assert not (tmp_path / "archive").exists()
    assert marked_school.connect().execute("SELECT COUNT(*) FROM print_editions").fetchone()[0] == 0


def test_keygen_writes_a_private_key_only_the_owner_reads(tmp_path):
    key = tmp_path / "secrets" / "school.key"
    result = run_ejsync("archive", "keygen", "--key", key)
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert b"PUBLIC KEY" in public_path_for(key).read_bytes()
    before = key.read_bytes()
    again = run_ejsync("archive", "keygen", "--key", key)
    assert again.returncode == 2 and "уже есть" in text(again)
    assert key.read_bytes() == before


def test_secretary_registers_editions(archived):
    school, _ = archived
    refused = run_ejsync("archive", "register", "--db", school.path, "1", "--by", MATH_TEACHER)
    assert refused.returncode == 2 and "P-SIGNATURES" in text(refused)
    done = run_ejsync("archive", "register", "--db", school.path, "1", "--by", SECRETARY)
    assert done.returncode == 0, done.stderr
    row = school.connect().execute(
        "SELECT register_no, registered_by, media FROM archive_register").fetchone()
    assert row[0].endswith("-0001") and row[1].startswith("Делова") and row[2] == 2
