"""The checks a rulebook names, registered by name.

A check is a small function over one plan (or a set of plans, or a progress report) that yields
``Hit``s; the rule supplies its severity, message and citation, so checks hold no prose.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar

from chiiki_mirai.monitoring.document import ProgressReport
from chiiki_mirai.plans.document import PlanDocument
from chiiki_mirai.rules.findings import Hit

if TYPE_CHECKING:
    from chiiki_mirai.formulation.document import BlockDraftDocument, ProposalDocument

Params = Mapping[str, Any]
PlanCheck = Callable[[PlanDocument, Params], Iterable[Hit]]
PlansCheck = Callable[[Sequence[PlanDocument], Params], Iterable[tuple[int, Hit]]]
#: A progress check reads the report, and the plan it reports on where the platform has it (None for a file alone).
ProgressCheck = Callable[[ProgressReport, Params, PlanDocument | None], Iterable[Hit]]

#: A proposal check reads the proposal and the block draft it proposes for (None when the draft is not known).
ProposalCheck = Callable[["ProposalDocument", Params, "BlockDraftDocument | None"], Iterable[Hit]]

PLAN_CHECKS: dict[str, PlanCheck] = {}
PLANS_CHECKS: dict[str, PlansCheck] = {}
PROGRESS_CHECKS: dict[str, ProgressCheck] = {}
PROPOSAL_CHECKS: dict[str, ProposalCheck] = {}

F = TypeVar("F", bound=Callable[..., Any])


def _register(registry: dict[str, Any], name: str) -> Callable[[F], F]:
    def decorate(function: F) -> F:
        if name in registry:
            raise ValueError(f"check {name!r} registered twice")
        registry[name] = function
        return function

    return decorate


def plan_check(name: str) -> Callable[[F], F]:
    return _register(PLAN_CHECKS, name)


def plans_check(name: str) -> Callable[[F], F]:
    """A check across a set of plans; it yields (index of the plan, hit)."""
    return _register(PLANS_CHECKS, name)


def progress_check(name: str) -> Callable[[F], F]:
    return _register(PROGRESS_CHECKS, name)


def proposal_check(name: str) -> Callable[[F], F]:
    return _register(PROPOSAL_CHECKS, name)


def present(value: Any) -> bool:
    """Written and not blank: text with more than spaces, a non-empty list, any other value."""
    if value is None:
        return False
    if type(value) is str:  # the usual case first: a hundred thousand calls in a national batch
        return bool(value.strip())
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list | tuple | dict):
        return bool(value)
    return True


def value_at(document: Any, path: str) -> Any:
    """``value_at(plan, "policy.support_structure.lead")``; None where any step is missing."""
    value = document
    for name in _steps(path):
        value = getattr(value, name, None)
        if value is None:
            return None
    return value


@cache
def _steps(path: str) -> tuple[str, ...]:
    """A rule's path taken apart once (the same few dozen paths are asked of every plan)."""
    return tuple(path.split("."))


def load_all() -> None:
    """Import the modules that register checks (kept explicit so registration order is stable)."""
    from chiiki_mirai.rules.checks import (  # noqa: F401
        common,
        cross,
        progress,
        proposals,
        type_a,
        type_b,
        type_c,
    )
