"""How far a fresh screenshot is from the one shipped in content/help/img."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageChops, ImageStat

UPDATE_ENV = "EJSYNC_UPDATE_SCREENSHOTS"  # =1: the fresh screenshots replace the shipped ones
SAMPLE_WIDTH = 320
# A changed date or name moves a few letters (well under 1 %); a new section, column or layout
# moves far more. Heights may differ by a line or two of text.
MAX_DIFFERENCE = 0.04
MAX_HEIGHT_CHANGE = 0.15


def difference(fresh: Path, shipped: Path) -> float | None:
    """Mean absolute difference of the two pictures (0 = same, 1 = opposite), or None when
    their widths differ or their heights differ by more than MAX_HEIGHT_CHANGE."""
    a, b = Image.open(fresh).convert("L"), Image.open(shipped).convert("L")
    if a.width != b.width or abs(a.height - b.height) > MAX_HEIGHT_CHANGE * b.height:
        return None
    size = (SAMPLE_WIDTH, max(1, round(SAMPLE_WIDTH * b.height / b.width)))
    small_a, small_b = a.resize(size, Image.Resampling.BOX), b.resize(size, Image.Resampling.BOX)
    return ImageStat.Stat(ImageChops.difference(small_a, small_b)).mean[0] / 255
