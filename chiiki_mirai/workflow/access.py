"""Who may see and do what with a plan: the one place the permission policy is written.

- The public sees published plans only.
- Authors see and edit their own organisation's plans (joint plans: every co-author organisation).
- A prefecture's compiler sees the plans of its prefecture's municipalities once they leave the draft stage,
  and forwards them (P-AGGREGATE).
- National reviewers see every plan once it leaves the draft stage.
- Drafts (素案作成) are never visible to any other organisation.
- A type A plan in formulation is seen by the national reviewers and its proposing prefectures, and written by
  内閣官房・経済産業省 alone (001 A(4)②).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from chiiki_mirai.organisations.models import Person
from chiiki_mirai.workflow.models import Plan
from chiiki_mirai.workflow.states import (
    Action,
    PlanSituation,
    PlanState,
    Relation,
    Role,
    available_actions,
)

_PRIVATE = [PlanState.DRAFT.value]


def known_nationally() -> QuerySet[Plan]:
    """The plans national reviewers see: all but those still private to their authoring organisations."""
    return Plan.objects.exclude(state__in=_PRIVATE)


def visible_plans(person: Person | None) -> QuerySet[Plan]:
    published = Q(state=PlanState.PUBLISHED)
    if person is None:
        return Plan.objects.filter(published).defer("search_text")
    own = Q(authors=person.organisation)
    role, organisation = person.role_enum, person.organisation
    if role is Role.REVIEWER and organisation.is_national:
        shown = own | ~Q(state__in=_PRIVATE)
    elif role is Role.COMPILER and organisation.is_prefecture:
        shown = own | (Q(authors__prefecture_code=organisation.prefecture_code) & ~Q(state__in=_PRIVATE))
    elif role in (Role.AUTHOR, Role.COMPILER):
        shown = own | published
    else:
        shown = published
    # A subquery rather than DISTINCT over the joined rows: the author join may repeat a plan.
    return Plan.objects.filter(pk__in=Plan.objects.filter(shown | published).values("pk")).defer(
        "search_text"
    )


def can_view(person: Person | None, plan: Plan) -> bool:
    return visible_plans(person).filter(pk=plan.pk).exists()


def relation_of(person: Person, plan: Plan) -> Relation:
    authors = list(plan.authors.all())
    return person.relation_to(
        {a.code for a in authors}, {a.prefecture_code for a in authors if a.prefecture_code}
    )


def situation_of(plan: Plan) -> PlanSituation:
    return PlanSituation(plan.state_enum, all(a.is_prefecture for a in plan.authors.all()))


def formulates(person: Person | None, plan: Plan) -> bool:
    """A type A plan in formulation is written by 内閣官房・経済産業省 (001 A(4)②), not by its proposing prefectures."""
    return person is not None and plan.state_enum is PlanState.FORMULATING and person.is_secretariat


def can_edit(person: Person | None, plan: Plan) -> bool:
    return formulates(person, plan) or (
        person is not None
        and person.role_enum is Role.AUTHOR
        and plan.state_enum.editable
        and relation_of(person, plan) is Relation.AUTHOR_ORGANISATION
    )


def actions_for(person: Person, plan: Plan) -> list[Action]:
    """The process steps this person may take on this plan now (the buttons of the web, the API's list)."""
    return available_actions(
        situation_of(plan), person.role_enum, relation_of(person, plan), person.organisation.code
    )
