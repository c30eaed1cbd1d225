"""A refused step of a party's lifecycle names the stages in the reader's language."""

from __future__ import annotations

from majlis.error_text import describe
from majlis.errors import RuleViolation
from majlis.i18n import using


def test_a_final_stage_allows_no_step() -> None:
    """From liquidation there is nowhere to go, and the refusal says so."""
    refusal = RuleViolation(
        "party 'p' is liquidated; it cannot become registered (from liquidated it may become: "
        "nothing (a final status))",
        code="party.transition",
        params={"party": "p", "stage": "liquidated", "to": "registered", "allowed": ()},
    )
    assert describe(refusal) == str(refusal)
    with using("ru"):
        assert describe(refusal) == (
            "партия «p» находится на стадии «ликвидация»; перейти на стадию «регистрация» "
            "нельзя (с этой стадии возможен переход на: никуда (это конечная стадия))"
        )
    with using("kk"):
        assert describe(refusal).endswith(
            "(бұл кезеңнен өтуге болатыны: ешқайсысы (бұл соңғы кезең))"
        )
