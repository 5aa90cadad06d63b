"""Property tests of the mark arithmetic (ejsync.grading) the checks and reports share."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from ejsync.grading import forecast_mark, format_average, round_average, weighted_average

numeric = st.sampled_from(["2", "3", "4", "5"])
weights = st.sampled_from([1.0, 1.5, 2.0, 0.5, 3.0])
marks = st.lists(st.tuples(numeric, weights), min_size=1, max_size=40)
others = st.lists(st.tuples(st.sampled_from(["зач", "н/а", "осв"]), weights), max_size=5)
thresholds = st.floats(min_value=0.05, max_value=0.95)


@given(marks)
def test_average_lies_between_the_lowest_and_highest_mark(values) -> None:
    average = weighted_average(values)
    numbers = [int(v) for v, _ in values]
    assert min(numbers) - 1e-9 <= average <= max(numbers) + 1e-9


@given(st.lists(numeric, min_size=1, max_size=40))
def test_equal_weights_give_the_arithmetic_mean(values) -> None:
    average = weighted_average([(v, 1.0) for v in values])
    assert math.isclose(average, sum(map(int, values)) / len(values))


@given(marks, st.floats(min_value=0.1, max_value=10))
def test_scaling_every_weight_changes_nothing(values, factor) -> None:
    scaled = [(v, w * factor) for v, w in values]
    assert math.isclose(weighted_average(values), weighted_average(scaled))


@given(marks, others)
def test_non_numeric_marks_and_zero_weights_are_ignored(values, extra) -> None:
    noisy = values + extra + [("5", 0.0), ("2", -1.0)]
    assert math.isclose(weighted_average(noisy), weighted_average(values))


@given(others)
def test_no_numeric_mark_no_average_no_forecast(extra) -> None:
    assert weighted_average(extra) is None and forecast_mark(extra) is None


@given(st.floats(min_value=2, max_value=5), thresholds)
def test_rounding_stays_on_the_scale_and_near_the_average(average, threshold) -> None:
    mark = round_average(average, threshold)
    assert 2 <= mark <= 5
    assert abs(mark - average) <= max(threshold, 1 - threshold) + 1e-9


@given(st.floats(min_value=2, max_value=5), st.floats(min_value=2, max_value=5), thresholds)
def test_rounding_is_monotonic(a, b, threshold) -> None:
    low, high = sorted((a, b))
    assert round_average(low, threshold) <= round_average(high, threshold)


@given(st.integers(min_value=2, max_value=5), thresholds)
def test_whole_averages_round_to_themselves(n, threshold) -> None:
    assert round_average(float(n), threshold) == n


def test_threshold_boundary() -> None:
    assert round_average(4.5) == 5 and round_average(4.49) == 4
    assert round_average(3.6, 0.6) == 4 and round_average(3.59, 0.6) == 3


@given(numeric, st.lists(weights, min_size=1, max_size=10), thresholds)
def test_forecast_of_one_repeated_mark_is_that_mark(value, ws, threshold) -> None:
    assert forecast_mark([(value, w) for w in ws], threshold) == int(value)


@given(marks)
def test_formatted_average_reads_back_within_half_a_hundredth(values) -> None:
    average = weighted_average(values)
    text = format_average(average)
    assert "," in text and abs(float(text.replace(",", ".")) - average) <= 0.005 + 1e-9
