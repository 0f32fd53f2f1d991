"""The submission state machine (P-ORDER, P-AGGREGATE) and the batches (P-BATCH1), without a database."""

from __future__ import annotations

import datetime as dt

import pytest

from chiiki_mirai.workflow.batches import batch_for
from chiiki_mirai.workflow.states import (
    TRANSITIONS,
    Action,
    PlanSituation,
    PlanState,
    Relation,
    Role,
    available_actions,
    refusal,
)

AUTHOR = (Role.AUTHOR, Relation.AUTHOR_ORGANISATION)
REVIEWER = (Role.REVIEWER, Relation.NATIONAL)
COMPILER = (Role.COMPILER, Relation.PREFECTURE_OF_AUTHOR)

# The whole journey of a municipality's plan, each step by the person who takes it (seed 002 ⑤, 別紙1).
MUNICIPAL_JOURNEY = [
    (Action.REQUEST_PRECHECK, AUTHOR, PlanState.PRECHECK_REQUESTED),
    (Action.START_PRECHECK, REVIEWER, PlanState.IN_PRECHECK),
    (Action.SEND_BACK, REVIEWER, PlanState.SENT_BACK),
    (Action.REQUEST_PRECHECK, AUTHOR, PlanState.PRECHECK_REQUESTED),
    (Action.START_PRECHECK, REVIEWER, PlanState.IN_PRECHECK),
    (Action.CONFIRM_PRECHECK, REVIEWER, PlanState.PRECHECKED),
    (Action.BEGIN_COORDINATION, AUTHOR, PlanState.COORDINATING),
    (Action.RECORD_ANNOUNCEMENT, AUTHOR, PlanState.ANNOUNCED),
    (Action.HAND_TO_PREFECTURE, AUTHOR, PlanState.WITH_PREFECTURE),
    (Action.SUBMIT, COMPILER, PlanState.SUBMITTED),
    (Action.START_REQUIREMENTS_CHECK, REVIEWER, PlanState.REQUIREMENTS_CHECK),
    (Action.PUBLISH, REVIEWER, PlanState.PUBLISHED),
]


def test_the_municipal_journey_runs_in_order_and_only_by_the_right_people() -> None:
    state = PlanState.DRAFT
    for action, (role, relation), target in MUNICIPAL_JOURNEY:
        situation = PlanSituation(state, authored_by_prefecture=False)
        assert refusal(action, situation, role, relation, "N-METI") is None, (action, state)
        # Nobody else may take this step: every other (role, relation) pair is refused.
        for other_role in Role:
            for other_relation in Relation:
                if (other_role, other_relation) in TRANSITIONS[action].actors:
                    continue
                assert refusal(action, situation, other_role, other_relation, "N-METI") is not None
        state = target
    assert state is PlanState.PUBLISHED


def test_no_step_can_be_skipped() -> None:
    """P-ORDER: from each state, only the listed next steps exist (announcement only after the pre-check)."""
    for state in PlanState:
        situation = PlanSituation(state, authored_by_prefecture=True)
        for action, transition in TRANSITIONS.items():
            allowed_somewhere = any(
                refusal(action, situation, role, relation, "N-CAS") is None
                for role, relation in transition.actors
            )
            assert allowed_somewhere == (
                state in transition.sources and action is not Action.HAND_TO_PREFECTURE
            )
    draft = PlanSituation(PlanState.DRAFT, authored_by_prefecture=True)
    assert refusal(Action.RECORD_ANNOUNCEMENT, draft, *AUTHOR) is not None
    assert refusal(Action.SUBMIT, draft, *AUTHOR) is not None
    assert refusal(Action.PUBLISH, PlanSituation(PlanState.SUBMITTED, True), *REVIEWER) is not None


def test_only_the_cabinet_secretariat_and_meti_decide() -> None:
    """002 ⑤「内閣官房及び経済産業省による要件の事前確認」: another ministry's reviewer may not start, send back,
    confirm or publish; the automatic re-check is never offered as a button."""
    decisions = [a for a, t in TRANSITIONS.items() if t.actors == frozenset({REVIEWER})]
    assert set(decisions) == {
        Action.START_PRECHECK,
        Action.SEND_BACK,
        Action.CONFIRM_PRECHECK,
        Action.START_REQUIREMENTS_CHECK,
        Action.RETURN_FOR_REQUIREMENTS,
        Action.PUBLISH,
        Action.PUBLISH_FORMULATED,  # 001 A(4)②: the same two formulate and publish type A
    }
    for action in decisions:
        situation = PlanSituation(next(iter(TRANSITIONS[action].sources)), authored_by_prefecture=True)
        reason = refusal(action, situation, *REVIEWER, "N-MAFF")
        assert reason is not None and "内閣官房・経済産業省" in reason.ja
        assert refusal(action, situation, *REVIEWER, "N-CAS") is None
        assert refusal(action, situation, *REVIEWER, "N-METI") is None
    coordinating = PlanSituation(PlanState.COORDINATING, authored_by_prefecture=True)
    assert Action.REOPEN_PRECHECK not in available_actions(coordinating, *AUTHOR, "40100")


def test_municipal_plans_go_through_the_prefecture() -> None:
    """P-AGGREGATE: a city's announced plan is handed to its prefecture, which submits it; a prefecture's own plan
    is submitted directly and is never 'handed' to itself."""
    city = PlanSituation(PlanState.ANNOUNCED, authored_by_prefecture=False)
    prefecture = PlanSituation(PlanState.ANNOUNCED, authored_by_prefecture=True)
    reason = refusal(Action.SUBMIT, city, *AUTHOR)
    assert reason is not None and "都道府県" in reason.ja
    assert refusal(Action.HAND_TO_PREFECTURE, city, *AUTHOR) is None
    assert refusal(Action.SUBMIT, prefecture, *AUTHOR) is None
    assert refusal(Action.HAND_TO_PREFECTURE, prefecture, *AUTHOR) is not None
    # Another prefecture's compiler, or a compiler acting on a plan not yet handed over, cannot submit it.
    assert refusal(
        Action.SUBMIT, PlanSituation(PlanState.WITH_PREFECTURE, False), Role.COMPILER, Relation.OTHER
    )
    assert refusal(Action.SUBMIT, city, *COMPILER) is not None


def test_administrators_do_not_act_on_plans() -> None:
    situation = PlanSituation(PlanState.DRAFT, authored_by_prefecture=True)
    for relation in Relation:
        assert available_actions(situation, Role.ADMINISTRATOR, relation) == []


@pytest.mark.parametrize(
    ("requested", "number", "early", "due"),
    [
        (dt.date(2026, 6, 5), 1, True, dt.date(2026, 8, 15)),
        (dt.date(2026, 6, 6), 1, False, dt.date(2026, 8, 15)),
        (dt.date(2026, 7, 15), 1, False, dt.date(2026, 8, 15)),
        (dt.date(2026, 7, 16), None, False, dt.date(2026, 8, 16)),
    ],
)
def test_batches_follow_p_batch1(requested: dt.date, number: int | None, early: bool, due: dt.date) -> None:
    batch = batch_for(requested)
    assert (batch.number, batch.early_case, batch.review_due) == (number, early, due)
