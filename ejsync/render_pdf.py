"""The one Typst engine: a template under site_templates/ plus JSON data -> PDF/A-2b bytes.

Print editions, the user guides and the family access letters all render here, with the same
fonts and the same PDF standard."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

import typst

from ejsync.config import PROJECT_ROOT, TEMPLATES_DIR
from ejsync.errors import UserError

# Fonts with Cyrillic, installed by the quick start (fonts-dejavu-core, fonts-liberation2);
# passed explicitly so every machine embeds the same faces.
FONT_ROOT = Path("/usr/share/fonts/truetype")
FONT_DIRS = [FONT_ROOT / "dejavu", FONT_ROOT / "liberation2"]
PDF_STANDARD = "a-2b"
PDF_STANDARD_NAME = "PDF/A-2b"
# Many documents render in this many processes at a time, each a fresh interpreter running this
# module for one document: Typst's layout caches grow by 50-170 MB per class journal and are
# only freed with the process, and a fresh interpreter carries less than a fork of its caller
# (and, unlike a spawned multiprocessing worker, does not import the caller's main module).
WORKERS = min(2, os.cpu_count() or 1)

RenderJob = tuple[str, dict, str]  # template ('print/journal'), data, generated_at


def engine_version() -> str:
    """The engine as a manifest names it: 'typst (python typst 0.15.2)'."""
    from importlib.metadata import version

    return f"typst (python typst {getattr(typst, '__version__', None) or version('typst')})"


def template_path(template: str) -> Path:
    """`site_templates/<template>.typ`."""
    return TEMPLATES_DIR / f"{template}.typ"


def render_pdf(template: str, data: dict, generated_at: str,
               inputs: dict[str, str] | None = None) -> bytes:
    """Compile `site_templates/<template>.typ` over `data` (sys.inputs.data, plus `inputs`)
    into PDF/A-2b bytes stamped with the instant `generated_at`."""
    return _compile(template, json.dumps(data, ensure_ascii=False), generated_at, inputs or {})


def _compile(template: str, data_json: str, generated_at: str, inputs: dict[str, str]) -> bytes:
    """`render_pdf` over data already in JSON."""
    if not FONT_DIRS[0].is_dir():
        raise UserError(
            f"Нет шрифтов DejaVu с кириллицей ({FONT_DIRS[0]}): без них PDF/A не напечатать."
            " Установите пакет fonts-dejavu-core (это делает ./quickstart.sh) и повторите."
        )
    moment = datetime.fromisoformat(generated_at.replace("Z", "+00:00"))
    try:
        return typst.compile(
            str(template_path(template)),
            root=str(TEMPLATES_DIR),
            font_paths=[str(d) for d in FONT_DIRS if d.is_dir()],
            ignore_system_fonts=True,
            sys_inputs={"data": data_json, **inputs},
            pdf_standards=[PDF_STANDARD],
            timestamp=int(moment.timestamp()),
            pdf_tags=False,  # PDF/A-2b needs no tags; they made journals 20x larger
        )
    except RuntimeError as exc:
        raise UserError(
            f"PDF не собран: ошибка шаблона {template_path(template)} ({exc})."
            " Сообщите администратору ЭЖ; данные в базе не изменены."
        ) from exc


def render_in_worker(job: RenderJob) -> bytes:
    """`render_pdf(*job)` in a fresh process (`python -m ejsync.render_pdf`), with one thread:
    the workers fill the cores. Its UserError is raised here with the same message."""
    template, data, generated_at = job
    request = (json.dumps([template, generated_at]) + "\n"
               + json.dumps(data, ensure_ascii=False)).encode()
    done = subprocess.run([sys.executable, "-m", __name__], input=request, capture_output=True,
                          check=False, cwd=PROJECT_ROOT,
                          env={**os.environ, "RAYON_NUM_THREADS": "1"})
    if done.returncode == UserError.exit_code:
        raise UserError(done.stderr.decode(errors="replace").strip())
    if done.returncode:
        raise UserError(
            f"PDF не собран: процесс вёрстки {template_path(template)} завершился с кодом"
            f" {done.returncode} ({done.stderr.decode(errors='replace').strip()[-500:]})."
            " Сообщите администратору ЭЖ; данные в базе не изменены."
        )
    return done.stdout


def render_many(jobs: list[RenderJob], workers: int = WORKERS) -> Iterator[bytes]:
    """PDFs of `jobs`, in order; in parallel worker processes when there is more than one."""
    if workers <= 1 or len(jobs) <= 1:
        yield from (render_pdf(*job) for job in jobs)
        return
    with ThreadPoolExecutor(workers) as pool:
        yield from pool.map(render_in_worker, jobs)


def _serve_one() -> int:
    """The worker: [template, generated_at] on the first line of stdin and the data's JSON
    after it (passed to Typst as it is); the PDF on stdout, a UserError on stderr."""
    head, data_json = sys.stdin.buffer.read().decode().split("\n", 1)
    template, generated_at = json.loads(head)
    try:
        pdf = _compile(template, data_json, generated_at, {})
    except UserError as exc:
        print(exc, file=sys.stderr)
        return UserError.exit_code
    sys.stdout.buffer.write(pdf)
    return 0


if __name__ == "__main__":
    raise SystemExit(_serve_one())
