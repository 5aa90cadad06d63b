"""Screenshots the guides show that no other area's test takes."""

from __future__ import annotations

from ejsync.help.guides import screenshots_dir


def save(page, name: str) -> None:
    """Save the whole page as <name>.png in the session's screenshot folder."""
    folder = screenshots_dir()
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
    assert (folder / f"{name}.png").stat().st_size > 5_000
