"""The one Typst engine: a template under site_templates/ plus JSON data -> PDF/A-2b bytes.

Print editions, the user guides and the family access letters all render here, with the same
fonts and the same PDF standard."""

from __future__ import annotations

import json
import multiprocessing
import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import typst

from ejsync.config import TEMPLATES_DIR
from ejsync.errors import UserError

# Fonts with Cyrillic, installed by the quick start (fonts-dejavu-core, fonts-liberation2);
# passed explicitly so every machine embeds the same faces.
FONT_ROOT = Path("/usr/share/fonts/truetype")
FONT_DIRS = [FONT_ROOT / "dejavu", FONT_ROOT / "liberation2"]
PDF_STANDARD = "a-2b"
PDF_STANDARD_NAME = "PDF/A-2b"
# Many documents render in this many processes; each is replaced after every document, which
# frees Typst's layout caches (they grow by ~100 MB per class journal). Measured on the whole
# school's edition: peak 642 MB after 4 documents a process, 303 MB after 1, 3 % slower.
WORKERS = min(2, os.cpu_count() or 1)
DOCUMENTS_PER_WORKER = 1

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
            sys_inputs={"data": json.dumps(data, ensure_ascii=False), **(inputs or {})},
            pdf_standards=[PDF_STANDARD],
            timestamp=int(moment.timestamp()),
            pdf_tags=False,  # PDF/A-2b needs no tags; they made journals 20x larger
        )
    except RuntimeError as exc:
        raise UserError(
            f"PDF не собран: ошибка шаблона {template_path(template)} ({exc})."
            " Сообщите администратору ЭЖ; данные в базе не изменены."
        ) from exc


def _render_job(job: RenderJob) -> bytes:
    return render_pdf(*job)


def render_many(jobs: list[RenderJob], workers: int = WORKERS) -> Iterator[bytes]:
    """PDFs of `jobs`, in order; in parallel processes when there is more than one."""
    if workers <= 1 or len(jobs) <= 1:
        yield from (render_pdf(*job) for job in jobs)
        return
    # Forked from a fork server that imported this module once, not spawned: a spawned worker
    # re-imports the caller's main module and costs ~0.3 s of CPU per document.
    # multiprocessing.Pool, not ProcessPoolExecutor: the latter can hang on Python 3.11 when
    # workers retire after max_tasks_per_child.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["__main__", __name__])
    with context.Pool(workers, maxtasksperchild=DOCUMENTS_PER_WORKER) as pool:
        yield from pool.imap(_render_job, jobs)
