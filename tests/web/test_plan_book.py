"""The 計画書 (issue 14 §1): the 記載項目 in the seeds' order for each type, on the portal, printable, and in Word."""

from __future__ import annotations

import ast
import io
import re
from pathlib import Path

import pytest
from django.test import Client
from docx import Document

from chiiki_mirai.plans.document import PlanDocument
from chiiki_mirai.plans.io import load, source_from_text
from chiiki_mirai.reports import plan_book
from chiiki_mirai.reports.plan_book import Paragraph, Table, book
from chiiki_mirai.web.demo import load_demo
from chiiki_mirai.workflow.models import Plan
from tests.conftest import EXAMPLES


def sample(name: str) -> PlanDocument:
    document = load(source_from_text(name, (EXAMPLES / "plans" / f"{name}.yaml").read_text(encoding="utf-8")))
    assert isinstance(document, PlanDocument)
    return document


@pytest.mark.parametrize(
    ("name", "first", "last"),
    [
        (
            "a-kumamoto-semiconductor",
            "① 戦略産業クラスター計画の概要",
            "⑥ 計画実行にあたり活用が想定される政策【政策手段】",
        ),
        ("b-fukushima-medical-devices", "1. 地域産業クラスターの形成を目指す産業領域", "6. 現地化の取組"),
        ("c-umaji-yuzu", "1. 地場産業の成長を支援する分野", "6. 現地化の取組"),
    ],
)
def test_the_items_follow_the_seeds_for_each_type(name: str, first: str, last: str) -> None:
    titles = [s.title for s in book(sample(name)).sections]
    assert titles[0] == first and titles[-2] == last and titles[-1] == "要件への対応・発表"
    assert len(titles) == 7


def test_kgis_mandatory_first_and_values_in_words() -> None:
    plan = book(sample("b-kitakyushu-robotics"))
    goals = next(s for s in plan.sections if s.title.startswith("3."))
    [kgis] = [b for b in goals.blocks if isinstance(b, Table) and b.caption.startswith("KGI")]
    assert [row[0] for row in kgis.rows] == [
        "官民設備投資額",
        "付加価値増加額",
        "産業ニーズに即した産業人材育成数",
        "独自KGI",
    ]
    assert kgis.rows[0][3] == "2034年度（令和16年度）: 160億円"
    assert dict(plan.facts)["策定主体"] == "福岡県北九州市（代表）"
    c_policy = next(s for s in book(sample("c-umaji-yuzu")).sections if s.title.startswith("5."))
    assert any(getattr(b, "label", "") == "(3) 地場産業を支える仕組みづくり" for b in c_policy.blocks)


@pytest.mark.django_db
def test_the_portal_page_print_and_word() -> None:
    load_demo()
    plan = Plan.objects.get(public_id__startswith="B-07")
    client = Client()
    page = client.get(f"/plans/{plan.public_id}/").content.decode()
    assert "1. 地域産業クラスターの形成を目指す産業領域" in page and "KGI（必須KGIを先に）" in page
    printed = client.get(f"/plans/{plan.public_id}/print/").content.decode()
    assert "size: A4" in printed and "counter(page)" in printed and f"{plan.public_id}　第" in printed
    assert printed.count('class="plan-section"') == 7  # each 記載項目 starts a page
    response = client.get(f"/plans/{plan.public_id}/download.docx")
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    document = Document(io.BytesIO(response.content))
    headings = [
        p.text
        for p in document.paragraphs
        if p.style is not None and (p.style.name or "").startswith("Heading")
    ]
    assert "3. 現状認識と目指す姿【目標】" in headings and "6. 現地化の取組" in headings
    kgi_table = next(t for t in document.tables if t.rows[0].cells[0].text == "種類")
    assert kgi_table.rows[1].cells[0].text == "官民設備投資額"
    assert (
        document.styles["Normal"].element.rPr.rFonts.get(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"
        )
        == "游ゴシック"
    )


JAPANESE = re.compile(r"[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]")


def test_every_fixed_word_of_the_book_has_its_english() -> None:
    """Any Japanese word written in the module (not a docstring, not a phrase of ``FORMS``) has its English, so a
    heading added later without one fails here rather than showing Japanese to an English reader."""
    tree = ast.parse(Path(plan_book.__file__).read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    phrases = {phrase for forms in plan_book.FORMS.values() for phrase in forms.values()}
    words = {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and JAPANESE.search(node.value)
    }
    assert len(words) > 100  # the scan does see the headings
    missing = words - phrases - set(plan_book.ENGLISH)
    assert not missing
    assert not [en for en in plan_book.ENGLISH.values() if JAPANESE.search(en)]


@pytest.mark.parametrize("name", sorted(p.stem for p in (EXAMPLES / "plans").glob("*.yaml")))
def test_the_book_in_english(name: str) -> None:
    english = book(sample(name), "en")
    japanese = book(sample(name))
    assert len(english.sections) == len(japanese.sections)
    fixed: list[str] = [name for name, _ in english.facts]
    for section in english.sections:
        fixed.append(section.title)
        for block in section.blocks:
            fixed += [block.label] if isinstance(block, Paragraph) else [block.caption, *block.header]
    assert fixed and not [word for word in fixed if JAPANESE.search(word)]
    facts = dict(english.facts)
    assert facts["Type"] != dict(japanese.facts)["類型"] and not JAPANESE.search(facts["Type"])
    assert "年度" not in facts["Plan period"] and "goal year" in facts["Plan period"]
    kgis = next(
        b for s in english.sections for b in s.blocks if isinstance(b, Table) and b.caption.startswith("KGIs")
    )
    assert not [row[0] for row in kgis.rows if JAPANESE.search(row[0])]  # the kinds, in words


@pytest.mark.django_db
def test_the_portal_page_print_and_word_in_english() -> None:
    load_demo()
    plan = Plan.objects.get(public_id__startswith="B-07")
    client = Client()
    client.cookies["django_language"] = "en"
    page = client.get(f"/plans/{plan.public_id}/").content.decode()
    assert "3. Present state and the aim [goals]" in page and "KGIs (mandatory KGIs first)" in page
    assert "KGI（必須KGIを先に）" not in page
    printed = client.get(f"/plans/{plan.public_id}/print/").content.decode()
    assert '<html lang="en">' in printed and "(print to A4 PDF from the browser)" in printed
    document = Document(io.BytesIO(client.get(f"/plans/{plan.public_id}/download.docx").content))
    texts = [p.text for p in document.paragraphs]
    assert "6. Localisation" in texts and "6. 現地化の取組" not in texts


#: The book's markup as the template wrote it before it was rendered in Python (issue 23): the tag must give the
#: same page, with texts holding markup, line breaks and empty items.
TEMPLATE_MARKUP = """{% load i18n %}<table class="plan-facts"><tbody>{% for name, value in book.facts %}<tr><th scope="row">{{ name }}</th><td>{{ value|default:"—" }}</td></tr>{% endfor %}</tbody></table>
{% for section in book.sections %}
<section class="plan-section"><h{{ level|default:2 }}>{{ section.title }}</h{{ level|default:2 }}>
{% for block in section.blocks %}{% if block.header %}
<div class="table-wrap"><table><caption>{{ block.caption }}</caption><thead><tr>{% for h in block.header %}<th scope="col">{{ h }}</th>{% endfor %}</tr></thead>
<tbody>{% for row in block.rows %}<tr>{% for cell in row %}<td>{{ cell|linebreaksbr }}</td>{% endfor %}</tr>{% endfor %}</tbody></table></div>
{% else %}<dl class="doc"><dt>{{ block.label }}</dt><dd>{% if block.text %}{{ block.text|linebreaksbr }}{% else %}<span class="unwritten">{% translate "（記載なし）" %}</span>{% endif %}</dd></dl>{% endif %}{% endfor %}
</section>
{% endfor %}"""


def _tags_only(html: str) -> str:
    return re.sub(r">\s+<", "><", html).strip()


@pytest.mark.parametrize("name", sorted(p.stem for p in (EXAMPLES / "plans").glob("*.yaml")))
@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("level", [None, 3])
def test_the_book_tag_gives_the_templates_markup(name: str, lang: str, level: int | None) -> None:
    from django.template import Context, Template
    from django.utils import translation

    from chiiki_mirai.portal.templatetags.portal import plan_book as plan_book_tag

    document = sample(name)
    tricky = book(document, lang)  # type: ignore[arg-type]
    tricky.sections[0].blocks.append(Paragraph("<b>&", "一行目\r\n<script>x</script>\r二行目"))
    tricky.sections[0].blocks.append(Paragraph("空", ""))
    tricky.sections[0].blocks.append(Table("表<", ('列"',), [("a\nb", "<i>")]))
    with translation.override(lang):
        expected = Template(TEMPLATE_MARKUP).render(Context({"book": tricky, "level": level}))
        given = plan_book_tag(tricky, level or 2)
    assert _tags_only(given) == _tags_only(expected)
    assert "&lt;script&gt;" in given and "<br>" in given


def test_the_word_file_is_a4_with_page_numbers() -> None:
    """Issue 22 §4: the Word 計画書 prints on A4 (python-docx's template is US Letter) and numbers its pages."""
    from chiiki_mirai.reports.plan_docx import plan_docx

    document = Document(io.BytesIO(plan_docx(book(sample("c-umaji-yuzu")), "C-39-0001")))
    page = document.sections[0]
    assert page.page_width is not None and page.page_height is not None
    assert (page.page_width.mm, page.page_height.mm) == (
        pytest.approx(210, abs=0.1),
        pytest.approx(297, abs=0.1),
    )
    footer = page.footer.paragraphs[0]._p.xml
    assert 'w:instr="PAGE"' in footer and footer.count("<w:t") >= 3


def test_each_type_shows_its_own_announcement_items_and_days_in_one_style() -> None:
    """Issue 22 §1, §5: a C plan does not show B's 「発表した伴走支援体制構築の方針（記載なし）」 (nor B C's desk), and a day
    reads 2026年9月1日（令和8年）, as a year reads 2030年度（令和12年度）."""
    from chiiki_mirai.plans.io import load_path
    from chiiki_mirai.reports.plan_book import Paragraph, book
    from tests.conftest import EXAMPLES

    def closing(name: str) -> dict[str, str]:
        plan = load_path(EXAMPLES / "plans" / name).document
        assert isinstance(plan, PlanDocument)
        last = book(plan).sections[-1]
        return {b.label: b.text for b in last.blocks if isinstance(b, Paragraph)}

    c = closing("c-umaji-yuzu.yaml")
    assert "発表した相談窓口" in c and "発表した伴走支援体制構築の方針" not in c
    assert c["発表日"] == "2026年9月1日（令和8年）"
    b = closing("b-kitakyushu-robotics.yaml")
    assert "発表した伴走支援体制構築の方針" in b and "発表した相談窓口" not in b
