"""The bulk import's vectorised checks agree with the exact row validator."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from majlis.registry import make_iin
from majlis.registry._columnar import vector_check
from majlis.registry.bulk import RowValidator

HEADER = ["iin", "family_name", "given_name", "region", "joined_on", "citizenship", "barred"]
ON = date(2024, 1, 1)

digits = st.text(alphabet="0123456789", min_size=10, max_size=13)
valid_iins = st.builds(
    lambda d, s, n: make_iin(d, s, n) or "000101500001",
    st.dates(date(1800, 1, 1), date(2023, 12, 31)),
    st.sampled_from(["M", "F"]),
    st.integers(0, 9999),
)
records = st.lists(
    st.tuples(
        st.one_of(valid_iins, digits, st.just("000229300005"), st.just("00010150000x")),
        st.sampled_from(["Abaev", "", " "]),
        st.just("Arman"),
        st.sampled_from(["KZ-71", "KZ-10", "KZ-YUZ", "KZ-79", "XX"]),
        st.sampled_from(["", "2023-01-05", "2016-03-01", "2025-01-01", "2023-13-01", "2023-1-5"]),
        st.sampled_from(["", "KZ", "kz", "RU"]),
        st.sampled_from(["", "", "judge", "pilot"]),
    ).map(list),
    max_size=40,
)


@settings(max_examples=60, deadline=None)
@given(rows=records)
def test_fast_path_flags_exactly_the_invalid_rows(rows: list[list[str]]) -> None:
    """A row passes the NumPy checks if and only if the exact validator accepts it."""
    exact = RowValidator(HEADER, ON)
    valid, suspects = vector_check(rows, first_row=2, col=exact.col, on=ON, regions=exact.regions)
    expected_bad = [i for i, row in enumerate(rows) if exact.check(row, i + 2) is not None]
    assert suspects == expected_bad
    assert valid.rows == [i + 2 for i in range(len(rows)) if i not in expected_bad]


def test_fast_path_derives_birth_date_and_sex() -> None:
    """The vectorised birth date and sex match the IIN's (here 1995-12-31, female)."""
    exact = RowValidator(HEADER, ON)
    valid, _ = vector_check(
        [["951231400300", "A", "B", "KZ-71", "", "", ""]],
        first_row=2,
        col=exact.col,
        on=ON,
        regions=exact.regions,
    )
    assert (valid.birth_date, valid.sex, valid.joined_on) == (["1995-12-31"], ["F"], ["2024-01-01"])
