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
    # up to after today: the young, the newborn and the not yet born are among them
    st.dates(date(1800, 1, 1), date(2099, 12, 31)),
    st.sampled_from(["M", "F"]),
    st.integers(0, 9999),
)
records = st.lists(
    st.tuples(
        st.one_of(valid_iins, digits, st.just("000229300005"), st.just("00010150000x")),
        st.sampled_from(["Abaev", "", " ", "Ab\u202eaev", "Ab\x07aev", "\u2066Abaev"]),
        st.sampled_from(["Arman", "Arman\x00", "Ar\u200dman", "Арман\u2069"]),
        st.sampled_from(["KZ-71", "KZ-10", "KZ-YUZ", "KZ-79", "XX"]),
        st.sampled_from(
            ["", "2023-01-05", "2016-03-01", "2025-01-01", "2023-13-01", "2023-1-5", "2008-02-29"]
        ),
        st.sampled_from(["", "KZ", "kz", "RU"]),
        st.sampled_from(["", "", "judge", "pilot"]),
    ).map(list),
    max_size=40,
)


@settings(max_examples=120, deadline=None)
@given(rows=records)
def test_fast_path_flags_exactly_the_invalid_rows(rows: list[list[str]]) -> None:
    """A row passes the NumPy checks if and only if the exact validator accepts it."""
    exact = RowValidator(HEADER, ON)
    valid, suspects = vector_check(
        rows, first_row=2, col=exact.col, on=ON, regions=exact.regions, today=exact.today
    )
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
        today=exact.today,
    )
    assert (valid.birth_date, valid.sex, valid.joined_on) == (["1995-12-31"], ["F"], ["2024-01-01"])


def test_the_eighteenth_birthday_is_the_first_day_a_member_may_join() -> None:
    """Born 2005-03-01: refused on 2023-02-28 by both paths, admitted on 2023-03-01."""
    exact = RowValidator(HEADER, ON)
    iin = make_iin(date(2005, 3, 1), "M", 7)
    assert iin is not None
    rows = [[iin, "A", "B", "KZ-71", day, "", ""] for day in ("2023-02-28", "2023-03-01")]
    valid, suspects = vector_check(
        rows, first_row=2, col=exact.col, on=ON, regions=exact.regions, today=exact.today
    )
    assert (suspects, valid.rows) == ([0], [3])
    problem = exact.check(rows[0], 2)
    assert problem is not None
    assert problem.field == "iin"
    assert "aged 17 on 2023-02-28" in problem.problem
    assert "at least 18 (Law of the RK No. 344-II" in problem.problem
