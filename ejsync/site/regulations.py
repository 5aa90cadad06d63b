"""Turn the regulations extracted from PDF (hard line breaks, bullet glyphs) into Markdown pages.

The words are kept exactly; only the layout is rebuilt: paragraphs re-joined, headings and
list items recognised, numbering kept literally (not renumbered by Markdown).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Regulation:
    """One source document and how it is published."""

    source: str
    slug: str
    title: str
    order: int
    # Lines of the extracted text that are debris of the PDF, not the document (left out).
    debris: tuple[str, ...] = ()


REGULATIONS = [
    Regulation("004_2647db023c1ff010.txt", "prikaz-o-perehode-na-ezh",
               "Приказ о переходе на электронный учёт успеваемости и приложения к нему", 1),
    Regulation("002_3edadb28de4405de.txt", "polozhenie-ob-ezh",
               "Положение об электронном классном журнале", 2,
               # a torn page top repeating the start of 2.4 before the page itself
               debris=("2.1 Оперативный доступ всем пользователям к оценкам за весь период 2.4.",)),
    Regulation("003_2b10d223654cac6e.txt", "reglament-uslugi-ed",
               "Регламент услуги «Электронный дневник и электронный журнал успеваемости»", 3),
    Regulation("000_a392779d5dd22d7b.txt", "reglament-pomoshchi",
               "Регламент оказания помощи при работе с ЭЖ и ЭД", 4),
    Regulation("001_6d4b0d63bf1defe7.txt", "reglament-pomoshchi-po-napravleniyam",
               "Регламент оказания помощи при работе с электронным журналом ЭлЖур", 5),
]

BULLETS = "\uf0b7\uf0a7\uf0d8\u2022\u25cf\u25aa\u2023\u2043·"
BULLET = re.compile(rf"^[{BULLETS}]\s*")
DASH_ITEM = re.compile(r"^[-–—]\s+")
NUMBERED = re.compile(r"^(\d+(?:\.\d+)*\.?|[IVXLC]+\.|[а-яa-z]\))\s")
TOP_NUMBER = re.compile(r"^(\d+\.|[IVXLC]+\.)\s+(\S.*)$")
SENTENCE_END = re.compile(r"[.:;!?»)]\**$")
SPLIT_CAPITAL = re.compile(r"\b([А-ЯЁ]) ([а-яё]{3,})")


def clean_lines(text: str) -> list[str]:
    """Lines with layout noise removed: no form feeds, no non-breaking or doubled spaces."""
    text = text.replace("\f", "\n").replace("\u00a0", " ").replace("\u200b", "")
    lines = []
    for raw in text.splitlines():
        line = re.sub(r"[ \t]+", " ", raw).strip()
        line = SPLIT_CAPITAL.sub(lambda m: _join_split_capital(m), line)
        lines.append(line)
    return lines


def _join_split_capital(match: re.Match) -> str:
    """'Г лазовская' → 'Глазовская' (a letter the PDF split off its word); else unchanged."""
    letter, rest = match.groups()
    return letter + rest if letter not in "ВИОСУАЯК" else match.group(0)


def is_heading(line: str) -> bool:
    """A section title: a short top-level numbered line, an upper-case line, an appendix."""
    bare = line.strip("*").strip()
    if not bare or len(bare) > 90:
        return False
    if re.match(r"^(Приложение|ПРИЛОЖЕНИЕ)\s*№?\s*\d", bare):
        return True
    if is_upper(bare):
        return True
    top = TOP_NUMBER.match(bare)
    if not top or not top.group(2)[:1].isupper() or len(bare) >= 70:
        return False
    roman = not top.group(1)[0].isdigit()
    return not bare.endswith((";", ",", ":")) and (roman or not bare.endswith("."))


def opens_section(block: str, following: list[str]) -> bool:
    """'3. Условия хранения ...' followed by '3.1. ...': a long section title."""
    number = re.match(r"^(\d+)\.\s+[А-ЯЁ]", block)
    return bool(number) and len(block) < 100 and bool(following) and following[0].startswith(
        f"{number.group(1)}.1")


def is_upper(line: str) -> bool:
    """An all-capitals line ('ПРИКАЗЫВАЮ:', 'РЕГЛАМЕНТ ...'), at least six letters."""
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 6 and all(c.isupper() for c in letters)


def paragraphs(lines: list[str]) -> list[str]:
    """Re-join wrapped lines into paragraphs; every item, heading or sentence end breaks."""
    blocks: list[str] = []
    current = ""
    for line in lines:
        if not line:
            continue
        starts_block = (
            not current
            or BULLET.match(line) or DASH_ITEM.match(line) or NUMBERED.match(line)
            or is_heading(line) or is_heading(current)
            or (SENTENCE_END.search(current) and line[:1].isupper())
            or current.startswith("**") and current.endswith("**")
        )
        if current and is_upper(current.strip("*")) and is_upper(line) and len(current) < 200:
            current += " " + line  # a title in capitals wrapped over several lines
            continue
        if starts_block:
            if current:
                blocks.append(current)
            current = line
        elif current.endswith("-") and current[-2:-1].isalpha() and line[:1].isalpha():
            current += line  # a hyphenated compound split over two lines
        else:
            current += " " + line
    if current:
        blocks.append(current)
    return blocks


def to_markdown(text: str, title: str) -> str:
    """The Markdown body of one regulation (without Pelican metadata)."""
    out: list[str] = []
    blocks = paragraphs(clean_lines(text))
    for index, block in enumerate(blocks):
        bullet = BULLET.match(block) or DASH_ITEM.match(block)
        if bullet:
            out.append("- " + _escape(block[bullet.end():]))
            continue
        if is_heading(block) or opens_section(block, blocks[index + 1: index + 2]):
            heading = block.strip("*").strip()
            out.append("")
            out.append("## " + _escape(heading) if heading.casefold() != title.casefold()
                       else "**" + _escape(heading) + "**")
            out.append("")
            continue
        if out and out[-1].startswith("- "):
            out.append("")
        out.append(_escape_number(_escape(block)))
        out.append("")
    markdown = "\n".join(out)
    return re.sub(r"\n{3,}", "\n\n", markdown).strip() + "\n"


def _escape(text: str) -> str:
    """Keep characters Markdown would eat: underscores and angle brackets."""
    return text.replace("<", "&lt;").replace("_", r"\_")


def _escape_number(block: str) -> str:
    """'1. Текст' stays '1. Текст' instead of becoming an automatically numbered list."""
    return re.sub(r"^(\d+)\.(\s)", r"\1\\.\2", block)


def without_debris(regulation: Regulation, text: str) -> str:
    """The source text without the lines known to be PDF debris."""
    return "\n".join(line for line in text.splitlines()
                     if re.sub(r"\s+", " ", line).strip() not in regulation.debris)


def page_source(regulation: Regulation, text: str) -> str:
    """A Pelican Markdown page: metadata, then the cleaned regulation."""
    meta = (f"Title: {regulation.title}\nSlug: {regulation.slug}\nSection: regulations\n"
            f"Order: {regulation.order}\nSource: {regulation.source}\n\n")
    return meta + to_markdown(without_debris(regulation, text), regulation.title)


def import_regulations(source_dir: Path, target_dir: Path) -> list[Path]:
    """Convert every known regulation in `source_dir` into `target_dir`; return the pages."""
    target_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for regulation in REGULATIONS:
        text = (source_dir / regulation.source).read_text(encoding="utf-8")
        path = target_dir / f"{regulation.slug}.md"
        path.write_text(page_source(regulation, text), encoding="utf-8")
        written.append(path)
    return written
