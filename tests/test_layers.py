"""The layers of ARCHITECTURE.md hold: import-linter's contracts (pyproject.toml) are kept, every
module of ejsync sits in a layer, and no package reads another's temp tables by name."""

from __future__ import annotations

import pkgutil
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import ejsync
from ejsync.config import PROJECT_ROOT

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def test_the_import_contracts_are_kept():
    result = subprocess.run([str(LINT_IMPORTS), "--no-cache"], capture_output=True, text=True,
                            cwd=PROJECT_ROOT, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def _layers_contract() -> dict:
    config = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return next(c for c in config["tool"]["importlinter"]["contracts"] if c["id"] == "layers")


def test_the_layers_have_no_exceptions():
    assert _layers_contract().get("ignore_imports", []) == []


def test_every_module_of_ejsync_has_a_layer():
    layers = _layers_contract()
    placed = {name.strip() for layer in layers["layers"] for name in re.split(r"[|:]", layer)}
    modules = {f"ejsync.{info.name}" for info in pkgutil.iter_modules(ejsync.__path__)}
    assert modules - placed == set(), "put the new module in a layer of [tool.importlinter]"


def test_only_the_rules_read_the_rules_temp_tables():
    rule_tables = re.compile(r"\brule_(scope_\w+|periods|grades|days|corrected|pairs|period_stats"
                             r"|period_marks|students)\b")
    offenders = [
        str(path.relative_to(PROJECT_ROOT))
        for path in (PROJECT_ROOT / "ejsync").rglob("*")
        if path.suffix in (".py", ".sql") and "rules" not in path.relative_to(
            PROJECT_ROOT / "ejsync").parts[:1]
        and rule_tables.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
