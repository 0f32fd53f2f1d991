"""Co-authorship needs consent and allows no takeover (issue 19 §9): naming a body in the text invites it; only a
person of that body accepts; no co-author removes the lead or another author; only the lead hands over the lead."""

from __future__ import annotations

import pytest

from chiiki_mirai.organisations.models import Person
from chiiki_mirai.web.demo import make_person
from chiiki_mirai.workflow import coauthors, services
from chiiki_mirai.workflow.documents import read_plan_text
from chiiki_mirai.workflow.models import AuditEvent, AuthorInvitation, Plan
from chiiki_mirai.workflow.states import Role
from tests.web.conftest import PASSWORD, plan_text, signed_in

LEAD = '  - code: "401005"          # 北九州市\n    lead: true\n'
WITH_KUMAMOTO = LEAD + '  - code: "431001"\n'
KUMAMOTO_ALONE = '  - code: "431001"\n    lead: true\n'
KUMAMOTO_LEADS = '  - code: "401005"\n  - code: "431001"\n    lead: true\n'


@pytest.fixture
def kumamoto_city(people: dict[str, Person]) -> Person:
    return make_person("kumamoto_city", "431001", Role.AUTHOR, PASSWORD)


def _save(person: Person, plan: Plan, authors: str) -> None:
    plan.refresh_from_db()
    document = read_plan_text("p.yaml", plan_text(**{LEAD: authors}))
    services.do_save_revision(person, plan, document, plan.version)


def _snapshot(plan: Plan) -> tuple[object, ...]:
    plan.refresh_from_db()
    return (
        plan.version,
        plan.revisions.count(),
        AuditEvent.objects.filter(plan=plan).count(),
        sorted(plan.authors.values_list("code", flat=True)),
        AuthorInvitation.objects.filter(plan=plan).count(),
    )


def test_naming_a_body_invites_it_and_only_its_consent_makes_it_an_author(
    draft: Plan, people: dict[str, Person], kumamoto_city: Person
) -> None:
    _save(people["author"], draft, WITH_KUMAMOTO)
    assert list(draft.authors.values_list("code", flat=True)) == ["401005"]  # not yet an author
    (invitation,) = AuthorInvitation.objects.filter(plan=draft)
    assert invitation.state == AuthorInvitation.State.PENDING
    city = signed_in(kumamoto_city)
    assert city.get(f"/work/plans/{draft.public_id}/").status_code == 404  # sees nothing before accepting
    assert draft.title in city.get("/work/").content.decode()  # the invitation is on its home page
    # Someone else cannot answer for 熊本市.
    assert (
        signed_in(people["other_author"])
        .post(f"/work/invitations/{invitation.pk}/answer/", {"answer": "accept"})
        .status_code
        == 404
    )
    with pytest.raises(services.Refused):
        coauthors.do_answer(people["other_author"], invitation, accept=True)
    city.post(f"/work/invitations/{invitation.pk}/answer/", {"answer": "accept"})
    assert sorted(draft.authors.values_list("code", flat=True)) == ["401005", "431001"]
    assert city.get(f"/work/plans/{draft.public_id}/").status_code == 200
    assert AuditEvent.objects.filter(plan=draft, kind=AuditEvent.Kind.AUTHORS).count() == 2


def test_a_co_author_cannot_take_the_plan_over(
    draft: Plan, people: dict[str, Person], kumamoto_city: Person
) -> None:
    _save(people["author"], draft, WITH_KUMAMOTO)
    coauthors.do_answer(kumamoto_city, AuthorInvitation.objects.get(), accept=True)
    before = _snapshot(draft)
    for authors in (KUMAMOTO_ALONE, KUMAMOTO_LEADS):
        with pytest.raises(services.Refused):
            _save(kumamoto_city, draft, authors)
        assert _snapshot(draft) == before
    assert signed_in(people["author"]).get(f"/work/plans/{draft.public_id}/").status_code == 200
    # The lead hands the lead over; then removes nobody but may be removed by the new lead only.
    _save(people["author"], draft, KUMAMOTO_LEADS)
    draft.refresh_from_db()
    assert draft.current_revision().document["authors"][1]["lead"] is True


def test_a_declined_invitation_gives_nothing(
    draft: Plan, people: dict[str, Person], kumamoto_city: Person
) -> None:
    _save(people["author"], draft, WITH_KUMAMOTO)
    coauthors.do_answer(kumamoto_city, AuthorInvitation.objects.get(), accept=False)
    assert list(draft.authors.values_list("code", flat=True)) == ["401005"]
    with pytest.raises(services.Refused):
        coauthors.do_answer(kumamoto_city, AuthorInvitation.objects.get(), accept=True)  # answered once
    assert signed_in(kumamoto_city).get(f"/work/plans/{draft.public_id}/").status_code == 404


def test_a_plan_is_created_with_its_creator_as_lead(people: dict[str, Person], kumamoto_city: Person) -> None:
    with pytest.raises(services.Refused):
        services.do_create_plan(
            people["author"], read_plan_text("p.yaml", plan_text(**{LEAD: KUMAMOTO_LEADS}))
        )
    plan = services.do_create_plan(
        people["author"], read_plan_text("p.yaml", plan_text(**{LEAD: WITH_KUMAMOTO}))
    )
    assert list(plan.authors.values_list("code", flat=True)) == ["401005"]
    assert AuthorInvitation.objects.get(plan=plan).organisation.code == "431001"
