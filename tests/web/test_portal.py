"""The public portal: search, the plan page, downloads and open data; hostile text stays text."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any, cast

from django.test import Client

from chiiki_mirai.organisations.models import Person
from chiiki_mirai.workflow import services
from chiiki_mirai.workflow.documents import read_plan_text, stored
from chiiki_mirai.workflow.models import Plan
from chiiki_mirai.workflow.states import PlanState
from tests.web.conftest import plan_text

HOSTILE = "<script>alert('x')</script>ロボット"


def _published(people: dict[str, Person], advance: Callable[[Plan, PlanState], Plan], **replace: str) -> Plan:
    plan = services.do_create_plan(people["author"], read_plan_text("p.yaml", plan_text(**replace)))
    return advance(plan, PlanState.PUBLISHED)


def test_search_by_every_filter(
    people: dict[str, Person], advance: Callable[[Plan, PlanState], Plan]
) -> None:
    plan = _published(people, advance)
    client = Client()

    def found(**params: str) -> bool:
        return plan.title in client.get("/", params).content.decode()

    assert found()
    assert found(q="ロボット") and found(q="ロボット 北九州") and not found(q="ロボット 養殖")
    assert found(prefecture="40") and not found(prefecture="43")
    assert found(municipality="北九州") and found(municipality="401005") and not found(municipality="熊本")
    assert found(type="B") and not found(type="A")
    assert found(industry="E29") or found(industry="E26")
    assert not found(industry="養殖")
    # htmx asks for the results only.
    partial = client.get("/", {"q": "ロボット"}, headers={"HX-Request": "true"}).content.decode()
    assert plan.title in partial and "<html" not in partial


def test_hostile_text_is_escaped_everywhere(
    people: dict[str, Person], advance: Callable[[Plan, PlanState], Plan]
) -> None:
    original = plan_text().split("title: ", 1)[1].split("\n", 1)[0]
    plan = _published(people, advance, **{f"title: {original}": f'title: "{HOSTILE}"'})
    pages = [
        Client().get("/", {"q": "ロボット"}),
        Client().get(f"/plans/{plan.public_id}/"),
    ]
    author = Client()
    author.force_login(people["author"].user)
    pages += [author.get(f"/work/plans/{plan.public_id}/"), author.get("/work/")]
    for page in pages:
        body = page.content.decode()
        assert "<script>alert" not in body
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;ロボット" in body


def test_downloads_round_trip(people: dict[str, Person], advance: Callable[[Plan, PlanState], Plan]) -> None:
    plan = _published(people, advance)
    stored_document = plan.current_revision().document
    for syntax in ("yaml", "json"):
        response = Client().get(f"/plans/{plan.public_id}/download.{syntax}")
        assert response.status_code == 200
        assert stored(read_plan_text(f"p.{syntax}", response.content.decode())) == stored_document
    assert Client().get(f"/plans/{plan.public_id}/download.exe").status_code == 404


def test_open_data(people: dict[str, Person], advance: Callable[[Plan, PlanState], Plan]) -> None:
    plan = _published(people, advance)
    raw = Client().get("/open-data/plans.csv").content
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with a BOM
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 1
    row = rows[0]
    assert row["計画ID"] == plan.public_id and row["類型"] == "B" and row["団体コード"] == "401005"
    assert row["公表日"] == "2026-07-01"
    assert float(row["付加価値増加額の目標（百万円）"]) > 0
    documents = json.loads(Client().get("/open-data/plans.json").content)
    assert [d["id"] for d in documents] == [plan.public_id]
    dictionary = Client().get("/open-data/").content.decode()
    assert "付加価値増加額の目標（百万円）" in dictionary and "value_added_target_million_yen" in dictionary


def test_english_through_djangos_i18n(db: None) -> None:
    # Japanese first: an English browser still gets Japanese until the reader chooses English.
    japanese = Client(headers={"Accept-Language": "en"}).get("/").content.decode()
    assert "公表された計画を探す" in japanese and '<html lang="ja">' in japanese
    switched = Client()
    assert switched.get("/language/en/", {"next": "https://evil.example/"})["Location"] == "/"
    english = switched.get("/").content.decode()
    assert "Find published plans" in english and '<html lang="en">' in english
    switched.get("/language/ja/")
    assert "公表された計画を探す" in switched.get("/").content.decode()


def test_every_interface_message_has_an_english_translation() -> None:
    from tests.conftest import ROOT

    po = (ROOT / "chiiki_mirai" / "locale" / "en" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    assert 'msgstr ""\n\n' not in po.split("\n\n", 1)[1]  # after the header, no empty translation
    # The committed catalogue is compiled from this .po: every singular message translates the same way.
    import gettext
    import re

    with (ROOT / "chiiki_mirai" / "locale" / "en" / "LC_MESSAGES" / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    pairs = re.findall(r'^msgid "(.+)"\nmsgstr "(.+)"$', po, re.M)
    assert len(pairs) > 150
    assert all(compiled.gettext(source) == target for source, target in pairs), (
        "run: manage.py compilemessages"
    )


def test_every_template_message_is_in_the_catalogue() -> None:
    """No page shows Japanese to an English reader because a string was added after the last makemessages."""
    import json
    import re

    from tests.conftest import ROOT

    po = (ROOT / "chiiki_mirai" / "locale" / "en" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    known = {
        "".join(json.loads(part) for part in re.findall(r'"(?:[^"\\]|\\.)*"', block))
        for block in re.findall(r"^msgid ((?:\"[^\n]*\"\n?)+)", po, re.M)
    }
    missing = []
    for template in (ROOT / "chiiki_mirai").rglob("templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        found = re.findall(r'{% translate "([^"]+)" %}', text)
        for body in re.findall(r"{% blocktranslate[^%]*%}(.*?){% endblocktranslate %}", text, re.S):
            singular = body.split("{% plural %}")[0]
            found.append(re.sub(r"{{ (\w+) }}", r"%(\1)s", singular))
        missing += [f"{template.name}: {message}" for message in found if message not in known]
    assert not missing, "run: manage.py makemessages -l en, translate, compilemessages\n" + "\n".join(missing)


def test_public_pages_are_cached_until_the_published_set_changes(
    people: dict[str, Person], advance: Callable[[Plan, PlanState], Plan]
) -> None:
    from django.core.cache import caches

    caches["pages"].clear()
    first = _published(people, advance)
    client = Client()
    assert first.title in client.get("/").content.decode()
    second = _published(people, advance, **{"北九州ロボット": "北九州ロボットⅡ"})
    page = client.get("/").content.decode()  # a new plan was published: the cached page is not served
    assert second.title in page and first.title in page
    signed = Client()
    signed.force_login(people["author"].user)
    assert "ログアウト" in signed.get("/").content.decode()  # signed-in readers never get the anonymous page


def test_the_published_sets_version_changes_with_every_published_plan_and_fits_a_cache_key(
    people: dict[str, Person], advance: Callable[[Plan, PlanState], Plan]
) -> None:
    """Read by raw SQL on every public page (issue 23): a plan published or changed gives a new version, and the
    version holds no space (memcached refuses such keys; SQLite gives its time as text with one)."""
    from chiiki_mirai.portal.caching import published_version

    empty = published_version()
    plan = _published(people, advance)
    published = published_version()
    plan.save()  # any change to a published plan moves its updated_at
    changed = published_version()
    assert len({empty, published, changed}) == 3
    assert not any(" " in version for version in (empty, published, changed))
    assert published.startswith("1:") and empty.startswith("0:")


def test_the_plan_page_shows_the_newest_revision(
    people: dict[str, Person], advance: Callable[[Plan, PlanState], Plan]
) -> None:
    """A revision written after publication is what the page shows."""
    from chiiki_mirai.workflow.models import Revision

    plan = _published(people, advance)
    newest = plan.current_revision()
    text = {**newest.document, "title": "改訂後の計画名ロボット"}
    Revision.objects.create(plan=plan, number=newest.number + 1, document=text)
    assert "改訂後の計画名ロボット" in Client().get(f"/plans/{plan.public_id}/?fresh=1").content.decode()


def test_the_search_pages_tags_give_the_templates_markup() -> None:
    """The option lists and result rows are written in Python (issue 23); the markup is what the template loops
    wrote, with hostile text escaped."""
    import datetime as dt
    import re

    from django.template import Context, Template

    from chiiki_mirai.portal.templatetags.portal import options, result_rows

    choices = [("1", "北海道", False), ('"x"', "<b>&", True)]
    loop = Template(
        '{% for value, label, selected in choices %}<option value="{{ value }}"{% if selected %} selected'
        "{% endif %}>{{ label }}</option>{% endfor %}"
    ).render(Context({"choices": choices}))
    assert options(choices) == loop
    rows: list[dict[str, Any]] = [
        {
            "url": "/plans/B-40-0001/",
            "title": "<script>x</script>",
            "plan_type": "B",
            "authors": "北九州市・福岡県",
            "industry": "ロボット & 自動化",
            "published_at": dt.datetime(2026, 9, 30, 16, 0, tzinfo=dt.UTC),  # 1 October in Japan
            "batch": 1,
        },
        {
            **{"url": "/plans/C-1/", "title": "t", "plan_type": "C", "authors": "", "industry": ""},
            "batch": None,
        }
        | {"published_at": dt.datetime(2026, 12, 1, tzinfo=dt.UTC)},
    ]
    template = Template(
        '{% for row in rows %}<tr><td><a href="{{ row.url }}">{{ row.title }}</a></td><td>{{ row.plan_type }}</td>'
        '<td>{{ row.authors }}</td><td>{{ row.industry }}</td><td>{{ row.published_at|date:"Y-m-d" }}</td><td>'
        "{% if row.batch %}第{{ row.batch }}弾{% else %}—{% endif %}</td></tr>\n{% endfor %}"
    ).render(Context({"rows": rows}))
    given = result_rows(rows)
    assert re.sub(r"\s+", "", given) == re.sub(r"\s+", "", template)
    assert "2026-10-01" in given and "&lt;script&gt;" in given


def test_a_counted_page_is_the_paginators_page(db: None) -> None:
    """The search counts its matches in the page's own query (issue 23); every page, past the end and not a number
    included, is the one Django's paginator gives."""
    from django.core.paginator import Paginator
    from django.db.models import QuerySet

    from chiiki_mirai.organisations.models import Organisation
    from chiiki_mirai.portal.views import PAGE_SIZE, counted_page

    rows = cast("QuerySet[Any, dict[str, Any]]", Organisation.objects.order_by("code").values("pk", "code"))
    assert rows.count() > 3 * PAGE_SIZE
    for requested in (None, "1", "2", "3", "99999", "abc", "0", "-3", ""):
        expected = Paginator(rows, PAGE_SIZE).get_page(requested)
        given = counted_page(rows, requested)
        assert (given.number, given.paginator.count, given.paginator.num_pages) == (
            expected.number,
            expected.paginator.count,
            expected.paginator.num_pages,
        ), requested
        assert [r["code"] for r in given.object_list] == [r["code"] for r in expected.object_list]
    assert counted_page(rows.filter(code="none"), None).paginator.count == 0


def test_search_finds_what_people_type(
    people: dict[str, Person], advance: Callable[[Plan, PlanState], Plan]
) -> None:
    """Issue 22 §6: kana folded (ろぼっと finds ロボット, as ユズ finds ゆず), industries by name (生産用機械 finds a plan
    of E26), and the strategic field by its name (造船)."""
    plan = _published(people, advance, **{"plan_type: B\n": "plan_type: B\nstrategic_field: shipbuilding\n"})
    client = Client()

    def found(query: str) -> bool:
        return plan.title in client.get("/", {"q": query}).content.decode()

    assert found("ロボット") and found("ろぼっと") and found("ﾛﾎﾞｯﾄ")
    assert found("生産用機械") and found("電気機械器具") and not found("金属製品")
    assert found("造船") and not found("養殖")
    from chiiki_mirai.plans.search import normalise

    assert normalise("ユズ") == normalise("ゆず") == "ゆず"
    # A plan indexed before the folding is found again once the recompute task re-indexes it.
    # (Public answers are cached per query until the published set changes: each check asks a query of its own.)
    Plan.objects.filter(pk=plan.pk).update(search_text="北九州ロボット")
    assert not found("ろぼっと 北九州")
    services.refresh_search_text(plan)
    assert found("ろぼっと  北九州") and found("生産用機械  北九州")


def test_each_csv_has_a_workbook_beside_it_keeping_codes_as_text(
    people: dict[str, Person], advance: Callable[[Plan, PlanState], Plan]
) -> None:
    """Issue 22 §5: Excel strips 01 to 1 from a CSV; the .xlsx beside it keeps codes as text."""
    from openpyxl import load_workbook

    plan = _published(people, advance)
    client = Client()
    csv_rows = list(csv.reader(io.StringIO(client.get("/open-data/plans.csv").content.decode("utf-8-sig"))))
    sheet = load_workbook(io.BytesIO(client.get("/open-data/plans.xlsx").content)).worksheets[0]
    rows = [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == csv_rows[0] and len(rows) == len(csv_rows)
    row = next(r for r in rows if plan.public_id in r)
    codes = {heading: value for heading, value in zip(rows[0], row, strict=True) if "コード" in str(heading)}
    assert codes and all(isinstance(value, str) for value in codes.values())  # codes as text, never numbers
    assert codes["都道府県コード"] == "40"  # two digits (01 for 北海道), as JIS X 0401 writes it
    prefectures = load_workbook(io.BytesIO(client.get("/map/", {"format": "xlsx"}).content)).worksheets[0]
    assert prefectures["A2"].value == "01" and prefectures["B2"].value == "北海道"
