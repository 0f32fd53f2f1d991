"""Each action's conditions and effects are declared in one place (issue 20 "Shape"): the table names only actions
of the transition table, every action a plan takes in the process is either in it or changes its state alone, and
the rows say what the seeds ask."""

from __future__ import annotations

from chiiki_mirai.workflow import steps
from chiiki_mirai.workflow.states import TRANSITIONS, Action


def test_every_row_is_an_action_of_the_transition_table() -> None:
    assert set(steps.STEPS) <= set(TRANSITIONS)


def test_what_goes_on_is_the_checked_text() -> None:
    """What is handed over, submitted, checked for requirements or published is the pre-checked text (issue 11)."""
    goes_on = {a for a, step in steps.STEPS.items() if steps.checked_text in step.requires}
    assert goes_on == {
        Action.HAND_TO_PREFECTURE,
        Action.SUBMIT,
        Action.START_REQUIREMENTS_CHECK,
        Action.PUBLISH,
        Action.PUBLISH_FORMULATED,
    }
    # The announcement writes a revision first, and checks the text it wrote.
    assert steps.STEPS[Action.RECORD_ANNOUNCEMENT].before == (steps.announcement_in_the_text,)


def test_the_rows_that_set_something_on_the_plan() -> None:
    setting = {a: step.after for a, step in steps.STEPS.items() if step.after}
    assert setting == {
        Action.REQUEST_PRECHECK: (steps.placed_in_a_batch,),
        Action.CONFIRM_PRECHECK: (steps.precheck_remembered,),
        Action.PUBLISH: (steps.publication_dated,),
        Action.PUBLISH_FORMULATED: (steps.publication_dated,),
    }
