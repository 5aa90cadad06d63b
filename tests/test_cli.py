"""Every sub-command loads and explains itself in Russian."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from ejsync.cli import EXIT_BUG, build_parser, explain
from ejsync.config import PROJECT_ROOT

COMMANDS = sorted(build_parser()._subparsers._group_actions[0].choices)


def test_every_expected_command_is_there():
    expected = {"migrate", "demo", "import", "staff", "check", "report", "build", "site",
                "agent", "access", "gate", "print", "archive", "backup", "restore", "up",
                "doctor", "guides"}
    assert expected <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_help_of_each_command_runs_as_a_real_process(command):
    result = subprocess.run([sys.executable, "-m", "ejsync", command, "--help"],
                            capture_output=True, text=True, timeout=60,
                            env=dict(os.environ, PYTHONPATH=str(PROJECT_ROOT)))
    assert result.returncode == 0, result.stderr
    assert "--help" in result.stdout
    assert any("а" <= ch <= "я" for ch in result.stdout.lower())  # Russian help text


def test_a_wrong_argument_is_explained_in_russian():
    result = subprocess.run([sys.executable, "-m", "ejsync", "print", "journal", "--class", "5А"],
                            capture_output=True, text=True, timeout=60,
                            env=dict(os.environ, PYTHONPATH=str(PROJECT_ROOT)))
    assert result.returncode == 2
    assert "не указаны обязательные аргументы: --period" in result.stderr
    assert "Справка: ejsync print journal --help" in result.stderr


def test_an_unexpected_failure_is_explained_in_russian_with_the_bug_exit_code(tmp_path):
    title, message, code = explain(ValueError("неожиданно"), tmp_path / "school.db")
    assert title == "Непредвиденная ошибка" and code == EXIT_BUG
    assert message.startswith("ValueError: неожиданно. Это ошибка программы")
