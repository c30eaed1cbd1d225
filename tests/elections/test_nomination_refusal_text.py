"""A refused nomination carries a code and its parameters, and reads in Russian and Kazakh."""

from __future__ import annotations

from datetime import date

import pytest

from majlis.elections import check_nomination
from majlis.error_text import describe
from majlis.errors import MajlisError
from majlis.i18n import using

ON = date(2023, 2, 1)


def _refusal(**changes: object) -> MajlisError:
    args: dict[str, object] = {
        "party": "Amanat",
        "party_registered": True,
        "candidates": [1, 2, 3],
        "members": {1, 2, 3},
        "nomination_date": ON,
        "max_length": 3,
    }
    args.update(changes)
    with pytest.raises(MajlisError) as caught:
        check_nomination(**args)  # type: ignore[arg-type]
    return caught.value


@pytest.mark.parametrize(
    ("changes", "code", "ru", "kk"),
    [
        (
            {"party_registered": False},
            "nomination.party_not_registered",
            "Amanat не является зарегистрированной политической партией на 1 февр. 2023",
            "Amanat 2023 ж. 01 ақп. күні тіркелген саяси партия емес",
        ),
        ({"candidates": []}, "nomination.empty", "нет ни одного кандидата", "бірде-бір кандидат"),
        (
            {"max_length": 2},
            "nomination.too_long",
            "Кандидатов в списке Amanat может быть не более 2, а указано 3.",
            "ең көп рұқсат етілген саны — 2, ал көрсетілгені — 3.",
        ),
        (
            {"members": {1, 2}},
            "nomination.not_member",
            "Кандидат под номером 3 в списке Amanat (3) не является членом Amanat",
            "Amanat тізіміндегі 3 нөмірлі кандидат (3) ұсыну күні",
        ),
    ],
)
def test_each_refusal_in_each_language(
    changes: dict[str, object], code: str, ru: str, kk: str
) -> None:
    """The code names the refusal; the English message stays; each language words it."""
    refusal = _refusal(**changes)
    assert refusal.code == code
    assert describe(refusal) == str(refusal)
    for lang, text in (("ru", ru), ("kk", kk)):
        with using(lang):
            worded = describe(refusal).replace("\xa0", " ").replace("\u202f", " ")
        assert text in worded
        assert "nominat" not in worded
