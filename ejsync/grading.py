"""Mark arithmetic shared by the diary, the checks, the reports and the print editions."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

# A forecast rounds up from this fraction (4.5 -> 5). Profiles may set another threshold.
DEFAULT_ROUNDING_THRESHOLD = 0.5


def numeric(value: str) -> int | None:
    """The number of a mark on the 2–5 scale, or None for 'зач', 'н/а' and the like."""
    return int(value) if value in {"2", "3", "4", "5"} else None


def weighted_average(marks: Iterable[tuple[str, float]]) -> float | None:
    """Weighted mean of numeric marks given as (value, weight); None when there are none."""
    total = weight_sum = 0.0
    for value, weight in marks:
        number = numeric(value)
        if number is None or weight <= 0:
            continue
        total += number * weight
        weight_sum += weight
    if weight_sum == 0:
        return None
    return total / weight_sum


def round_average(average: float, threshold: float = DEFAULT_ROUNDING_THRESHOLD) -> int:
    """The period mark an average leads to: up from `threshold`, kept within 2–5."""
    whole = int(average)
    mark = whole + 1 if average - whole >= threshold - 1e-9 else whole
    return max(2, min(5, mark))


def format_average(average: float | None) -> str:
    """An average as a Russian reader writes it: '4,33' (empty when there is none)."""
    if average is None:
        return ""
    return str(Decimal(str(average)).quantize(Decimal("0.01"), ROUND_HALF_UP)).replace(".", ",")


def forecast_mark(
    marks: Iterable[tuple[str, float]], threshold: float = DEFAULT_ROUNDING_THRESHOLD
) -> int | None:
    """R-FORECAST: the period mark weighted current marks point to; None without numeric marks."""
    average = weighted_average(marks)
    return None if average is None else round_average(average, threshold)
