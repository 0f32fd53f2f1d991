"""PDCA in the platform: reporting a half-year, statuses, withdrawal decisions, reports due, the national roll-up."""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
from collections.abc import Callable

import pytest
from django.test import Client

from chiiki_mirai.monitoring import services
from chiiki_mirai.monitoring.document import ProgressReport
from chiiki_mirai.monitoring.models import ProgressRecord, WithdrawalDecision
from chiiki_mirai.monitoring.results import do_publish_half_year
from chiiki_mirai.monitoring.status import KpiStatus
from chiiki_mirai.organisations.models import Person
from chiiki_mirai.workflow.models import Plan
from chiiki_mirai.workflow.services import Refused
from chiiki_mirai.workflow.states import PlanState
from tests.web.conftest import publish_half_year, signed_in

Advance = Callable[[Plan, PlanState], Plan]


def report(
    plan: Plan, period: str, k1: float, *, delayed_without_cause: bool = False, capex: float | None = None
) -> str:
    measure = "{id: m1, status: delayed}" if delayed_without_cause else "{id: m1, status: on_track}"
    kgis = f"\nkgis:\n  - {{id: capex, actual: {capex}, fy: {period[:4]}}}" if capex is not None else ""
    return (
        f"format: chiiki-mirai/progress@1\nplan: {plan.public_id}\nperiod: {period}\nreported_by: '401005'\n"
        f"kpis:\n  - {{id: k1, actual: {k1}}}\n  - {{id: k2, actual: 140}}\nmeasures:\n  - {measure}\n"
        f"  - {{id: m2, status: on_track}}{kgis}\n"
    )


@pytest.fixture
def published(draft: Plan, advance: Advance) -> Plan:
    return advance(draft, PlanState.PUBLISHED)


def test_a_delayed_measure_needs_cause_and_remedy(published: Plan, people: dict[str, Person]) -> None:
    client = signed_in(people["author"])
    url = f"/progress/plans/{published.public_id}/"
    response = client.post(
        url, {"text": report(published, "2027H2", 60, delayed_without_cause=True)}, follow=True
    )
    assert "遅延している施策「m1」" in response.content.decode()
    assert ProgressRecord.objects.count() == 0
    assert client.post(url, {"text": report(published, "2027H2", 60)}).status_code == 302
    assert ProgressRecord.objects.count() == 1


def test_statuses_and_a_withdrawal_decision(published: Plan, people: dict[str, Person]) -> None:
    author = people["author"]
    from chiiki_mirai.plans.io import load, source_from_text

    def submit(text: str) -> None:
        document = load(source_from_text("r.yaml", text))
        assert isinstance(document, ProgressReport)
        services.do_submit_progress(author, published, document)

    submit(report(published, "2027H2", 60))  # exactly on the trajectory (60)
    [record] = services.latest_reports(published)
    rows = {r.kpi.id: r for r in services.kpi_rows(published, record)}
    assert rows["k1"].assessment.status is KpiStatus.ON_TRACK
    assert rows["k2"].assessment.status is KpiStatus.ON_TRACK  # 140 against 130
    submit(report(published, "2028H2", 40))  # 40 of 100 at 2028H2: below the 50 % threshold
    assert [(p, r.kpi.id) for p, r in services.open_decisions(published)] == [("2028H2", "k1")]
    with pytest.raises(Refused):
        services.do_decide(author, published, "k1", "2028H2", "continue", " ")
    with pytest.raises(Refused):
        services.do_decide(people["other_author"], published, "k1", "2028H2", "continue", "理由")
    services.do_decide(author, published, "k1", "2028H2", "revise", "補助の対象を見直す")
    assert services.open_decisions(published) == []
    assert WithdrawalDecision.objects.get().get_decision_display() == "計画を見直す"
    page = signed_in(author).get(f"/progress/plans/{published.public_id}/").content.decode()
    assert "計画を見直す" in page and "<svg" in page and "撤退基準に到達" in page


def test_only_published_plans_and_their_authors_report(draft: Plan, people: dict[str, Person]) -> None:
    from chiiki_mirai.plans.io import load, source_from_text

    document = load(source_from_text("r.yaml", report(draft, "2027H2", 60)))
    assert isinstance(document, ProgressReport)
    with pytest.raises(Refused, match="公表された計画"):
        services.do_submit_progress(people["author"], draft, document)


def test_reports_due_and_overdue(published: Plan) -> None:
    # Published on 2026-07-01: 2026H1 (Apr–Sep) is due 2026-10-31, 2026H2 on 2027-04-30.
    items = services.reports_due(Plan.objects.all(), dt.date(2027, 5, 15))
    assert [(d.period, d.due, d.submitted, d.overdue) for d in items] == [
        ("2026H1", dt.date(2026, 10, 31), False, True),
        ("2026H2", dt.date(2027, 4, 30), False, True),
    ]
    assert services.reports_due(Plan.objects.all(), dt.date(2026, 9, 1)) == []


def test_rollup_page_traces_and_exports(published: Plan, people: dict[str, Person]) -> None:
    from chiiki_mirai.plans.io import load, source_from_text

    reviewer = signed_in(people["reviewer"])
    before = reviewer.get("/progress/rollup/?by=prefecture").content.decode()  # rendered and kept
    assert "官民設備投資額" in before and "3000" not in before
    document = load(source_from_text("r.yaml", report(published, "2027H2", 60, capex=30)))
    assert isinstance(document, ProgressReport)
    services.do_submit_progress(people["author"], published, document)
    after = reviewer.get("/progress/rollup/?by=prefecture").content.decode()
    assert (
        '<td class="num">3000</td>' in after
    )  # the report is in the roll-up at once: a new version of the figures
    csv_text = reviewer.get("/progress/rollup/?by=prefecture&format=csv").content.decode("utf-8-sig")
    line = next(row for row in csv_text.splitlines() if row.startswith("40,") and ",2027," in row)
    assert f"{published.public_id}:401005:0.333:actual:1000" in line  # 30億円 in 百万円
    workbook = reviewer.get("/progress/rollup/?by=prefecture&format=xlsx")
    assert workbook["Content-Disposition"].endswith('rollup-prefecture.xlsx"')
    from openpyxl import load_workbook

    rows = list(load_workbook(io.BytesIO(workbook.content))["全体KGIの全国集計"].iter_rows(values_only=True))
    fukuoka_2027 = next(r for r in rows if r[0] == "40" and r[2] == 2027 and r[1] == "官民設備投資額")
    assert fukuoka_2027[5] == 3000 and f"{published.public_id}:401005:0.333:actual:1000" in str(
        fukuoka_2027[10]
    )
    assert signed_in(people["author"]).get("/progress/rollup/").status_code == 403


def test_progress_through_the_api(published: Plan, people: dict[str, Person]) -> None:
    from django.test import Client

    from chiiki_mirai.organisations.tokens import issue_token

    api = Client(headers={"Authorization": f"Bearer {issue_token(people['author'])}"})
    url = f"/api/plans/{published.public_id}/progress"
    refused = api.post(
        url,
        {"text": report(published, "2027H2", 60, delayed_without_cause=True)},
        content_type="application/json",
    )
    assert refused.status_code == 403
    created = api.post(url, {"text": report(published, "2027H2", 60)}, content_type="application/json")
    assert created.status_code == 201 and created.json()["kpis"][0]["status"] == "on_track"
    # 001 A(5)④: nothing of a half-year is public before its results are published; the authors see it.
    assert Client().get(url).json() == []
    assert api.get(url).json()[0]["period"] == "2027H2"
    other = Client(headers={"Authorization": f"Bearer {issue_token(people['other_author'])}"})
    assert other.get(url).json()[0]["period"] == "2027H2"  # an official, as on the dashboard they may open
    do_publish_half_year(people["reviewer"], "2027H2", dt.date(2028, 5, 20), today=dt.date(2028, 6, 1))
    listed = Client().get(url).json()
    assert listed[0]["period"] == "2027H2" and listed[0]["kpis"][0]["ratio"] == pytest.approx(1.0)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # organisations come back after the flush
def test_recomputation_runs_in_the_background_with_progress(
    published: Plan, people: dict[str, Person]
) -> None:
    # A real database queue and worker: the request commits and queues, the worker (own connection) runs it.
    from django.core.management import call_command

    from chiiki_mirai.monitoring.models import KgiFigure, Recomputation

    kept = KgiFigure.objects.filter(plan=published).count()
    assert kept > 0  # written when the plan was published
    KgiFigure.objects.all().delete()  # as after a restore from a backup without the derived tables
    reviewer = signed_in(people["reviewer"])
    assert reviewer.post("/progress/recompute/").status_code == 302
    run = Recomputation.objects.get()
    assert run.state == Recomputation.State.QUEUED  # the request only queued it
    page = reviewer.get("/progress/rollup/").content.decode()
    assert f"/progress/recompute/{run.pk}/" in page and "every 1s" in page  # the page polls the progress
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    run.refresh_from_db()
    assert (run.state, run.done, run.total, run.percent) == (Recomputation.State.DONE, 1, 1, 100)
    assert KgiFigure.objects.filter(plan=published).count() == kept
    fragment = reviewer.get(f"/progress/recompute/{run.pk}/").content.decode()
    assert "every 1s" not in fragment and "完了" in fragment
    assert signed_in(people["author"]).post("/progress/recompute/").status_code == 403


def test_prefecture_dashboard(published: Plan, people: dict[str, Person]) -> None:
    from chiiki_mirai.plans.io import load, source_from_text

    document = load(source_from_text("r.yaml", report(published, "2027H2", 0, capex=30)))
    assert isinstance(document, ProgressReport)
    services.do_submit_progress(people["author"], published, document)
    page = signed_in(people["compiler"]).get("/progress/prefectures/40/").content.decode()
    assert published.public_id in page and "2027H2" in page and "福岡県" in page
    assert signed_in(people["reviewer"]).get("/progress/prefectures/40/").status_code == 200
    assert signed_in(people["other_compiler"]).get("/progress/prefectures/40/").status_code == 403
    assert signed_in(people["reviewer"]).get("/progress/prefectures/48/").status_code == 404


def test_investment_map_is_public_and_drawn_from_the_boundaries(
    published: Plan, people: dict[str, Person]
) -> None:
    from chiiki_mirai.plans.io import load, source_from_text

    def realised_in_fukuoka() -> float:
        data = Client().get("/map/", {"format": "json", "measure": "realised"}).json()
        return float(next(p["realised"] for p in data["prefectures"] if p["code"] == 40))

    assert realised_in_fukuoka() == 0  # nothing reported yet (and this answer is now cached)
    document = load(source_from_text("r.yaml", report(published, "2027H2", 60, capex=30)))
    assert isinstance(document, ProgressReport)
    services.do_submit_progress(people["author"], published, document)
    assert realised_in_fukuoka() == 0  # public once the half-year's results are published (001 A(5)④)
    publish_half_year(people["reviewer"], "2027H2")
    page = Client().get("/map/").content.decode()
    assert page.count("<path d=") == 47 and "出典：地球地図日本（国土地理院）" in page
    assert 'data-pref="40"' in page and "北九州市" in page  # Fukuoka filled, a point at Kitakyushu
    title = page.split("<title>", 1)[1].split("</title>", 1)[0]
    assert (
        "国内投資マップ" in title and "<" not in title
    )  # the projects table once, in the page, not the title
    assert page.count("投資案件（市区町村別）") == 1
    fukuoka = page.split('<th scope="row">福岡県</th>', 1)[1].split("</tr>", 1)[0]
    assert re.search(r'<td class="num">\d{1,3}(,\d{3})+</td>', fukuoka), fukuoka  # 115,000, not 115000
    assert realised_in_fukuoka() == 3000  # the report changed the figures, so the cached answer was not used
    data = Client().get("/map/", {"format": "json", "measure": "realised"}).json()
    assert next(p for p in data["prefectures"] if p["code"] == 40)["plans"] == [published.public_id]
    # Placed by the plan's area (北九州市・行橋市・苅田町, equal shares as none is stated), not its authors' office.
    assert [place["code"] for place in data["places"]] == ["401005", "402133", "406210"]
    assert Client().get("/map/", {"fy": "1999"}).status_code == 200  # a year with nothing: an empty map
    csv_text = Client().get("/map/", {"format": "csv"}).content.decode("utf-8-sig")
    assert csv_text.splitlines()[40].startswith("40,福岡県,")


def test_the_map_shows_planned_investment_by_project(published: Plan) -> None:
    data = Client().get("/map/", {"format": "json"}).json()
    [kitakyushu] = data["projects"]
    assert (kitakyushu["code"], kitakyushu["name"], kitakyushu["amount"]) == (
        "401005",
        "福岡県北九州市",
        27_500,
    )
    assert [(p["entity"], p["amount"]) for p in kitakyushu["projects"]] == [
        ("響灘ロボティクス株式会社（架空）", 21_000),
        ("八幡精密減速機株式会社（架空）", 6_500),
    ]
    # FY2026: only the robot-cell plant (2026–2028) is under way; the reducer line starts in 2027.
    in_2026 = Client().get("/map/", {"format": "json", "fy": "2026"}).json()["projects"]
    assert [p["entity"] for p in in_2026[0]["projects"]] == ["響灘ロボティクス株式会社（架空）"]
    page = Client().get("/map/").content.decode()
    assert "投資案件（市区町村別）" in page and "275億円" in page and "210億円" in page


def test_rollup_with_a_missing_report_and_a_revised_plan(published: Plan, people: dict[str, Person]) -> None:
    """Hand-computed: capex in 億円 is summed in 百万円; a year without a report adds nothing to the running
    total; a revision replaces the targets and the planned spread, and the reports stand."""
    import copy

    from chiiki_mirai.monitoring import amendments, figures
    from chiiki_mirai.plans.choices import KgiKind
    from chiiki_mirai.plans.io import load, source_from_text
    from chiiki_mirai.workflow.documents import revived

    for period, amount in (("2027H2", 30), ("2029H2", 45)):  # nothing reported for FY2028
        document = load(source_from_text("r.yaml", report(published, period, 60, capex=amount)))
        assert isinstance(document, ProgressReport)
        services.do_submit_progress(people["author"], published, document)

    def capex() -> dict[int, tuple[float, float, float, float]]:
        return {
            r.fy: (r.target, r.planned, r.actual, r.actual_to_date)
            for r in figures.rollup_rows("national")
            if r.kind is KgiKind.CAPEX and not r.tokyo_area
        }

    # 1,150億円 over FY2026–2034 is 12,777.8百万円 a year; the target is 160億円 in FY2034.
    before = capex()
    assert before[2027] == pytest.approx((0, 115_000 / 9, 3_000, 3_000))
    assert before[2028] == pytest.approx((0, 115_000 / 9, 0, 3_000))
    assert before[2029] == pytest.approx((0, 115_000 / 9, 4_500, 7_500))
    assert before[2034][0] == pytest.approx(16_000)

    data = copy.deepcopy(published.current_revision().document)
    data["kgis"][0]["target"]["value"] = 200
    data["kgis"][0]["cumulative"]["value"] = 1350
    proposal = amendments.do_propose_amendment(
        people["author"], published, revived(data), "投資計画の上方修正", None
    )
    # The changed cumulative value opens its KGI-CAPEX-BUILDUP review again: the reviewer judges it in accepting.
    opened = {(f.rule, f.path) for f in amendments.reviews_to_judge(proposal)}
    assert opened == {("KGI-CAPEX-BUILDUP", "kgis[0].cumulative.value")}
    amendments.do_accept_amendment(people["reviewer"], proposal, judged_met=opened)
    after = capex()
    assert after[2027] == pytest.approx((0, 15_000, 3_000, 3_000))  # 1,350億円 / 9 years; the report stands
    assert after[2029] == pytest.approx((0, 15_000, 4_500, 7_500))
    assert after[2034][0] == pytest.approx(20_000)


def test_a_measure_past_its_deadline_must_be_reported_done_delayed_or_stopped(
    published: Plan, people: dict[str, Person]
) -> None:
    """P-DEADLINE against the plan (m1's deadline is 2031-03-31): in 2031H1 "on track" is refused, nothing kept."""
    client = signed_in(people["author"])
    url = f"/progress/plans/{published.public_id}/"
    late = report(published, "2031H1", 100).replace("{id: m2, status: on_track}", "{id: m2, status: done}")
    response = client.post(url, {"text": late}, follow=True)
    assert "施策「m1」は期限（2031-03-31）を過ぎています" in response.content.decode()
    assert ProgressRecord.objects.count() == 0
    done = late.replace("{id: m1, status: on_track}", "{id: m1, status: done}")
    assert client.post(url, {"text": done}).status_code == 302
    assert ProgressRecord.objects.count() == 1


def test_a_half_year_not_begun_and_a_future_kgi_year_are_refused(
    published: Plan, people: dict[str, Person]
) -> None:
    """Issue 20 §7: on 5 December 2026 (2026H2), a report of 2027H1 is a slip, and so is a KGI actual of FY2027;
    nothing is kept. The half-year under way may be reported."""
    from chiiki_mirai.plans.io import load, source_from_text

    today = dt.date(2026, 12, 5)

    def document(text: str) -> ProgressReport:
        loaded = load(source_from_text("p.yaml", text))
        assert isinstance(loaded, ProgressReport)
        return loaded

    with pytest.raises(Refused, match="まだ始まっていません（今は2026H2です）"):
        services.do_submit_progress(
            people["author"], published, document(report(published, "2027H1", 60)), today
        )
    with pytest.raises(Refused, match="capex（2027年度）"):
        services.do_submit_progress(
            people["author"],
            published,
            document(report(published, "2026H2", 60, capex=100)).model_copy(
                update={
                    "kgis": [
                        document(report(published, "2026H2", 60, capex=100))
                        .kgis[0]
                        .model_copy(update={"fy": 2027})
                    ]
                }
            ),
            today,
        )
    assert ProgressRecord.objects.filter(plan=published).count() == 0
    services.do_submit_progress(
        people["author"], published, document(report(published, "2026H2", 60, capex=100)), today
    )
    assert ProgressRecord.objects.filter(plan=published).count() == 1


def test_a_withdrawal_decision_has_effect(published: Plan, people: dict[str, Person]) -> None:
    """Issue 20 §7: after 「撤退」 on k1 the measure reporting on it (m1) is withdrawn — a later report calling it on
    track is refused, 「中止」 is accepted — and the plan's amendment is expected by the next half-year's report,
    shown to the authors until one is proposed."""
    from chiiki_mirai.monitoring import amendments
    from chiiki_mirai.plans.io import load, source_from_text
    from chiiki_mirai.workflow.documents import revived

    author = people["author"]

    def document(text: str) -> ProgressReport:
        loaded = load(source_from_text("r.yaml", text))
        assert isinstance(loaded, ProgressReport)
        return loaded

    services.do_submit_progress(author, published, document(report(published, "2028H2", 40)))
    services.do_decide(author, published, "k1", "2028H2", "withdraw", "需要が見込めない")
    page = signed_in(author).get(f"/progress/plans/{published.public_id}/").content.decode()
    assert "撤退した施策（以後の報告は「中止」）: m1" in page
    assert (
        "計画の見直し案の提出期限: 2029年10月31日（令和11年）" in page and "未提出" in page
    )  # 2029H1's report is due then
    before = ProgressRecord.objects.count()
    with pytest.raises(
        Refused, match="撤退した施策は「中止」として報告してください: m1（2028H2 の撤退の判断）"
    ):
        services.do_submit_progress(author, published, document(report(published, "2029H1", 40)))
    assert ProgressRecord.objects.count() == before
    stopped = report(published, "2029H1", 40).replace(
        "{id: m1, status: on_track}", "{id: m1, status: stopped}"
    )
    services.do_submit_progress(author, published, document(stopped))
    text = copy.deepcopy(published.current_revision().document)
    text["policy"]["measures"][0]["content"] += "（2029年度から撤退）"
    amendments.do_propose_amendment(author, published, revived(text), "m1 の撤退を反映", None)
    page = signed_in(author).get(f"/progress/plans/{published.public_id}/").content.decode()
    assert "計画の見直し案の提出期限: 2029年10月31日（令和11年）（提出済）" in page


def test_a_report_reports_every_kpi_and_measure(published: Plan, people: dict[str, Person]) -> None:
    """Issue 20 §7 (002 l.45 「数値の現状を確認」): an empty report, or one leaving out a KPI or a measure, is refused
    naming what is missing; a KPI whose figure is not known is 「未把握」 with the reason in its note."""
    from chiiki_mirai.plans.io import load, source_from_text

    def document(text: str) -> ProgressReport:
        loaded = load(source_from_text("r.yaml", text))
        assert isinstance(loaded, ProgressReport)
        return loaded

    head = f"format: chiiki-mirai/progress@1\nplan: {published.public_id}\nperiod: 2027H2\nreported_by: '401005'\n"
    with pytest.raises(Refused, match="KPI k1 の実績、KPI k2 の実績、施策 m1 の状況、施策 m2 の状況"):
        services.do_submit_progress(people["author"], published, document(head))
    unknown = report(published, "2027H2", 60).replace("{id: k2, actual: 140}", "{id: k2}")
    with pytest.raises(Refused, match="KPI k2 の実績"):
        services.do_submit_progress(people["author"], published, document(unknown))
    assert ProgressRecord.objects.count() == 0
    reasoned = unknown.replace("{id: k2}", "{id: k2, note: 統計の公表が2028年6月のため未把握}")
    services.do_submit_progress(people["author"], published, document(reasoned))
    assert ProgressRecord.objects.count() == 1
