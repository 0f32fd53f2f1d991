"""The submission process as an explicit state machine (rules P-ORDER, P-AGGREGATE; seed 002 ⑤).

Plain Python: the web, the API and the tests ask the same table what may happen next. Who may act is a
:class:`Role` plus how the person's organisation relates to the plan (:class:`Relation`), so the table states
the policy once: authors act on their own plans, the prefecture compiles its municipalities' plans, the national
secretariat reviews and publishes.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from chiiki_mirai.i18n import Text


class PlanState(StrEnum):
    DRAFT = "draft"  # 素案作成
    PRECHECK_REQUESTED = "precheck_requested"  # 事前確認依頼
    IN_PRECHECK = "in_precheck"  # 事前確認中
    SENT_BACK = "sent_back"  # 差戻し
    PRECHECKED = "prechecked"  # 事前確認済
    COORDINATING = "coordinating"  # 各種調整
    ANNOUNCED = "announced"  # 首長による公表
    WITH_PREFECTURE = "with_prefecture"  # 都道府県による取りまとめ (P-AGGREGATE)
    SUBMITTED = "submitted"  # 正式提出
    REQUIREMENTS_CHECK = "requirements_check"  # 要件確認
    PUBLISHED = "published"  # 公表
    # Type A (001 A(4)②): 内閣官房・経済産業省 formulate the plan from the block draft and the accepted proposals.
    FORMULATING = "formulating"  # 策定中（内閣官房・経済産業省）

    @property
    def label(self) -> Text:
        return _STATE_LABELS[self]

    @property
    def editable(self) -> bool:
        """The plan text may change only while the authors hold it (a reviewed text stays the reviewed text)."""
        return self in {PlanState.DRAFT, PlanState.SENT_BACK, PlanState.COORDINATING}


_STATE_LABELS = {
    PlanState.DRAFT: Text("素案作成", "drafting"),
    PlanState.PRECHECK_REQUESTED: Text("事前確認依頼", "pre-check requested"),
    PlanState.IN_PRECHECK: Text("事前確認中", "in pre-check"),
    PlanState.SENT_BACK: Text("差戻し", "sent back"),
    PlanState.PRECHECKED: Text("事前確認済", "pre-check complete"),
    PlanState.COORDINATING: Text("各種調整", "coordinating"),
    PlanState.ANNOUNCED: Text("首長による公表", "announced by the head"),
    PlanState.WITH_PREFECTURE: Text("都道府県で取りまとめ中", "with the prefecture"),
    PlanState.SUBMITTED: Text("正式提出", "formally submitted"),
    PlanState.REQUIREMENTS_CHECK: Text("要件確認", "requirements check"),
    PlanState.PUBLISHED: Text("公表", "published"),
    PlanState.FORMULATING: Text(
        "策定中（内閣官房・経済産業省）", "being formulated (Cabinet Secretariat and METI)"
    ),
}


class Role(StrEnum):
    AUTHOR = "author"  # 策定主体の担当者
    COMPILER = "compiler"  # 都道府県の取りまとめ
    REVIEWER = "reviewer"  # 国の審査担当（内閣官房・経済産業省）
    MINISTRY_REPORTER = "ministry_reporter"  # 府省庁の報告担当（A計画の進捗）
    BUREAU = "bureau"  # 経済産業局・沖縄総合事務局の素案担当（001 A(4)①、自局の地方ブロック）
    ADMINISTRATOR = "administrator"

    @property
    def label(self) -> Text:
        return _ROLE_LABELS[self]


_ROLE_LABELS = {
    Role.AUTHOR: Text("計画作成担当", "plan author"),
    Role.COMPILER: Text("都道府県取りまとめ担当", "prefecture compiler"),
    Role.REVIEWER: Text("国の審査担当", "national reviewer"),
    Role.MINISTRY_REPORTER: Text("府省庁報告担当", "ministry reporter"),
    Role.BUREAU: Text("経済産業局 素案担当", "regional bureau (block draft)"),
    Role.ADMINISTRATOR: Text("管理者", "administrator"),
}


class Relation(StrEnum):
    """How the acting person's organisation stands to the plan."""

    AUTHOR_ORGANISATION = "author_organisation"  # one of the plan's authors (joint plans: any of them)
    PREFECTURE_OF_AUTHOR = "prefecture_of_author"  # the prefecture that compiles the authors' plans
    NATIONAL = "national"  # a national body (secretariat, ministries)
    OTHER = "other"


class Action(StrEnum):
    REQUEST_PRECHECK = "request_precheck"
    START_PRECHECK = "start_precheck"
    SEND_BACK = "send_back"
    CONFIRM_PRECHECK = "confirm_precheck"
    BEGIN_COORDINATION = "begin_coordination"
    RECORD_ANNOUNCEMENT = "record_announcement"
    HAND_TO_PREFECTURE = "hand_to_prefecture"
    SUBMIT = "submit"
    RETURN_TO_MUNICIPALITY = "return_to_municipality"  # P-AGGREGATE: the prefecture sends a handed plan back
    START_REQUIREMENTS_CHECK = "start_requirements_check"
    RETURN_FOR_REQUIREMENTS = "return_for_requirements"
    PUBLISH = "publish"
    REOPEN_PRECHECK = "reopen_precheck"  # taken by the platform when an edit changes what was pre-checked
    PUBLISH_FORMULATED = "publish_formulated"  # A: the formulators publish the plan (no head's announcement)

    @property
    def label(self) -> Text:
        return TRANSITIONS[self].label


#: The actions that send a plan back to its authors with a reason (shown to them until they act on it).
SENDING_BACK = frozenset({Action.SEND_BACK, Action.RETURN_FOR_REQUIREMENTS, Action.RETURN_TO_MUNICIPALITY})


@dataclass(frozen=True)
class Transition:
    action: Action
    sources: frozenset[PlanState]
    target: PlanState
    actors: frozenset[tuple[Role, Relation]]
    label: Text
    needs_comment: bool = False
    #: Taken by the platform as the consequence of a save, never offered as a button.
    automatic: bool = False


_AUTHOR = frozenset({(Role.AUTHOR, Relation.AUTHOR_ORGANISATION)})
# 002 ⑤「内閣官房及び経済産業省による要件の事前確認」: only those two confirm, send back and publish; other
# ministries' reviewers judge and comment when invited (see ``may_decide``).
_REVIEWER = frozenset({(Role.REVIEWER, Relation.NATIONAL)})
_COMPILER = frozenset({(Role.COMPILER, Relation.PREFECTURE_OF_AUTHOR)})

TRANSITIONS: dict[Action, Transition] = {
    t.action: t
    for t in (
        Transition(
            Action.REQUEST_PRECHECK,
            frozenset({PlanState.DRAFT, PlanState.SENT_BACK}),
            PlanState.PRECHECK_REQUESTED,
            _AUTHOR,
            Text("事前確認を依頼する", "request the pre-check"),
        ),
        Transition(
            Action.START_PRECHECK,
            frozenset({PlanState.PRECHECK_REQUESTED}),
            PlanState.IN_PRECHECK,
            _REVIEWER,
            Text("事前確認を始める", "start the pre-check"),
        ),
        Transition(
            Action.SEND_BACK,
            frozenset({PlanState.IN_PRECHECK}),
            PlanState.SENT_BACK,
            _REVIEWER,
            Text("差し戻す", "send back"),
            needs_comment=True,
        ),
        Transition(
            Action.CONFIRM_PRECHECK,
            frozenset({PlanState.IN_PRECHECK}),
            PlanState.PRECHECKED,
            _REVIEWER,
            Text("事前確認を完了する", "complete the pre-check"),
        ),
        Transition(
            Action.BEGIN_COORDINATION,
            frozenset({PlanState.PRECHECKED}),
            PlanState.COORDINATING,
            _AUTHOR,
            Text("各種調整を始める", "begin coordination"),
        ),
        Transition(
            Action.RECORD_ANNOUNCEMENT,
            frozenset({PlanState.PRECHECKED, PlanState.COORDINATING}),
            PlanState.ANNOUNCED,
            _AUTHOR,
            Text("首長による公表を記録する", "record the head's announcement"),
        ),
        Transition(
            Action.HAND_TO_PREFECTURE,
            frozenset({PlanState.ANNOUNCED}),
            PlanState.WITH_PREFECTURE,
            _AUTHOR,
            Text("都道府県に提出する（取りまとめ）", "hand to the prefecture"),
        ),
        Transition(
            Action.SUBMIT,
            frozenset({PlanState.ANNOUNCED, PlanState.WITH_PREFECTURE}),
            PlanState.SUBMITTED,
            _AUTHOR | _COMPILER,
            Text("国へ正式に提出する", "formally submit"),
        ),
        # 002 l.67, l.255 (P-AGGREGATE): the prefecture compiles its municipalities' plans; one it will not submit
        # goes back to the municipality with the reason, to be revised, announced again and handed over again.
        Transition(
            Action.RETURN_TO_MUNICIPALITY,
            frozenset({PlanState.WITH_PREFECTURE}),
            PlanState.COORDINATING,
            _COMPILER,
            Text("市町村に差し戻す（取りまとめ）", "send back to the municipality"),
            needs_comment=True,
        ),
        Transition(
            Action.START_REQUIREMENTS_CHECK,
            frozenset({PlanState.SUBMITTED}),
            PlanState.REQUIREMENTS_CHECK,
            _REVIEWER,
            Text("要件確認を始める", "start the requirements check"),
        ),
        Transition(
            Action.RETURN_FOR_REQUIREMENTS,
            frozenset({PlanState.REQUIREMENTS_CHECK}),
            PlanState.COORDINATING,
            _REVIEWER,
            Text("要件を満たさないため差し戻す", "return: requirements not met"),
            needs_comment=True,
        ),
        Transition(
            Action.PUBLISH,
            frozenset({PlanState.REQUIREMENTS_CHECK}),
            PlanState.PUBLISHED,
            _REVIEWER,
            Text("公表する", "publish"),
        ),
        Transition(
            Action.REOPEN_PRECHECK,
            frozenset({PlanState.COORDINATING}),
            PlanState.PRECHECK_REQUESTED,
            _AUTHOR,
            Text(
                "事前確認に戻す（調整中の変更が確認済の内容に及んだため）",
                "back to the pre-check (an edit in coordination changed what was pre-checked)",
            ),
            automatic=True,
        ),
        Transition(
            Action.PUBLISH_FORMULATED,
            frozenset({PlanState.FORMULATING}),
            PlanState.PUBLISHED,
            _REVIEWER,
            Text("策定した計画を公表する", "publish the formulated plan"),
        ),
    )
}

#: States in which reviewers judge findings and comment (type A is judged by its formulators while formulated).
REVIEW_STATES = frozenset({PlanState.IN_PRECHECK, PlanState.REQUIREMENTS_CHECK, PlanState.FORMULATING})

#: 002 ⑤: the national bodies whose reviewers take the pre-check's and the publication's decisions.
DECIDING_BODIES = frozenset({"N-CAS", "N-METI"})


@dataclass(frozen=True)
class PlanSituation:
    """What the state machine needs to know about a plan beyond its state."""

    state: PlanState
    authored_by_prefecture: bool  # P-AGGREGATE: a prefecture's own plan goes to the nation directly


def refusal(
    action: Action, plan: PlanSituation, role: Role, relation: Relation, organisation_code: str = ""
) -> Text | None:
    """Why ``action`` may not happen now (None: it may). ``organisation_code`` is the actor's organisation."""
    transition = TRANSITIONS[action]
    if plan.state not in transition.sources:
        return Text(
            f"「{plan.state.label.ja}」の計画には「{transition.label.ja}」を行えません。",
            f"cannot '{transition.label.en}' a plan that is '{plan.state.label.en}'.",
        )
    # Administrators manage accounts and organisations, not plans: no one acts for an author or a reviewer.
    if (role, relation) not in transition.actors:
        return Text(
            f"「{transition.label.ja}」を行う権限がありません。", f"you may not '{transition.label.en}'."
        )
    if TRANSITIONS[action].actors == _REVIEWER and organisation_code not in DECIDING_BODIES:
        return Text(
            f"「{transition.label.ja}」は内閣官房・経済産業省の審査担当者が行います（002 ⑤）。"
            "他の府省庁の担当者は、招かれた計画について判断とコメントを記録できます。",
            f"only reviewers of the Cabinet Secretariat and METI may '{transition.label.en}' (002 ⑤); "
            "other ministries' reviewers judge and comment on plans they are invited to.",
        )
    # P-AGGREGATE: municipalities' and designated cities' plans reach the nation through their prefecture.
    if action is Action.SUBMIT and not plan.authored_by_prefecture and plan.state is PlanState.ANNOUNCED:
        return Text(
            "市町村・政令指定都市の計画は、都道府県が取りまとめて提出します（先に「都道府県に提出する」）。",
            "municipal plans are submitted by their prefecture (hand it to the prefecture first).",
        )
    # Once handed over, the plan is the prefecture's to submit (or send back); its authors wait for it.
    if (
        action is Action.SUBMIT
        and plan.state is PlanState.WITH_PREFECTURE
        and relation is Relation.AUTHOR_ORGANISATION
    ):
        return Text(
            "都道府県に提出した計画は、都道府県の取りまとめ担当者が国へ提出します（差し戻されたときは修正して再度提出します）。",
            "a plan handed to the prefecture is submitted by the prefecture's compiler (if it is sent back, revise "
            "it and hand it over again).",
        )
    if action is Action.HAND_TO_PREFECTURE and plan.authored_by_prefecture:
        return Text(
            "都道府県の計画は、そのまま国へ正式に提出します。", "a prefecture's plan is submitted directly."
        )
    return None


def available_actions(
    plan: PlanSituation, role: Role, relation: Relation, organisation_code: str = ""
) -> list[Action]:
    return [
        action
        for action in Action
        if not TRANSITIONS[action].automatic
        and refusal(action, plan, role, relation, organisation_code) is None
    ]
