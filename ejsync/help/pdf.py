"""The guides as printable PDF/A handouts, rendered by the one Typst engine."""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass
from pathlib import Path

from ejsync.files import write_durably
from ejsync.help.guides import IMAGE_LINE, SECTION_ID, Guide, screenshots_dir
from ejsync.render import ru_date
from ejsync.render_pdf import render_many

TEMPLATE = "print/guide"
INLINE = re.compile(r"\*\*(?P<bold>.+?)\*\*|`(?P<code>[^`]+)`|\[(?P<link>[^\]]+)\]\([^)]*\)")
LIST_ITEM = re.compile(r"^(?P<mark>\d+\.|-) (?P<text>.*)$")
MAX_IMAGE_MM = (150, 190)  # width, height of a screenshot on an A4 portrait page


@dataclass
class PrintedGuide:
    """One written handout."""

    slug: str
    path: Path
    screenshots: int
    missing: list[str]


def spans(text: str) -> list[dict]:
    """Inline Markdown as spans: {'t': text, 'b': bold, 'c': code} (links keep their text)."""
    out, pos = [], 0
    for match in INLINE.finditer(text):
        if match.start() > pos:
            out.append({"t": text[pos:match.start()], "b": False, "c": False})
        out.append({"t": match["bold"] or match["code"] or match["link"],
                    "b": bool(match["bold"]), "c": bool(match["code"])})
        pos = match.end()
    if pos < len(text):
        out.append({"t": text[pos:], "b": False, "c": False})
    return out


def _png_size(data: bytes) -> tuple[int, int]:
    return struct.unpack(">II", data[16:24])


def _image_block(alt: str, path: Path) -> dict:
    data = path.read_bytes()
    width, height = _png_size(data)
    width_mm = min(MAX_IMAGE_MM[0], MAX_IMAGE_MM[1] * width / height)
    return {"kind": "image", "alt": alt, "png": list(data), "width_mm": round(width_mm, 1)}


def guide_blocks(guide: Guide, shots: Path) -> tuple[list[dict], list[str]]:
    """The body as blocks for the Typst template, and the screenshots not found."""
    blocks: list[dict] = []
    missing: list[str] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append({"kind": "p", "spans": spans(" ".join(paragraph))})
            paragraph.clear()

    for line in guide.body.splitlines():
        stripped = line.strip()
        item = LIST_ITEM.match(stripped)
        if not stripped or stripped.startswith(("#", ">", "![")) or item:
            flush()
        if not stripped:
            continue
        if image := IMAGE_LINE.match(stripped):
            if (shots / image["file"]).is_file():
                blocks.append(_image_block(image["alt"], shots / image["file"]))
            else:
                missing.append(image["file"])
        elif stripped.startswith("#"):
            title = re.sub(r"\s*\{#[\w-]+\}\s*$", "", stripped.lstrip("#").strip())
            anchor = SECTION_ID.match(stripped)
            blocks.append({"kind": "heading", "text": title,
                           "anchor": anchor["id"] if anchor else ""})
        elif stripped.startswith(">"):
            blocks.append({"kind": "quote", "spans": spans(stripped.lstrip("> "))})
        elif item:
            kind = "ul" if item["mark"] == "-" else "ol"
            if not blocks or blocks[-1]["kind"] != kind:
                blocks.append({"kind": kind, "items": []})
            blocks[-1]["items"].append(spans(item["text"]))
        else:
            paragraph.append(stripped)
    flush()
    return blocks, missing


def print_guides(guides: list[Guide], out_dir: Path, *, school: dict, consultations: list[dict],
                 admins: list[dict], generated_at: str,
                 shots: Path | None = None) -> list[PrintedGuide]:
    """Render each guide to OUT_DIR/<slug>.pdf (PDF/A-2b) with the schedule and contacts."""
    shots = shots or screenshots_dir()
    jobs, printed = [], []
    for guide in guides:
        blocks, missing = guide_blocks(guide, shots)
        data = {"school": school, "title": guide.title, "summary": guide.meta.get("summary", ""),
                "blocks": blocks, "consultations": consultations, "admins": admins,
                "generated": ru_date(generated_at[:10])}
        jobs.append((TEMPLATE, data, generated_at))
        shown = sum(1 for b in blocks if b["kind"] == "image")
        printed.append(PrintedGuide(guide.slug, out_dir / f"{guide.slug}.pdf", shown, missing))
    for result, pdf in zip(printed, render_many(jobs), strict=True):
        write_durably(result.path, pdf)
    return printed
