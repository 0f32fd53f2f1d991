"""The published plan as people read it (issue 14): every value in words on the portal, no slug or bare code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

import chiiki_mirai
from chiiki_mirai.plans.choices import Choice
from chiiki_mirai.plans.wording import say
from chiiki_mirai.reference.fields import StrategicField
from chiiki_mirai.web.demo import load_demo
from chiiki_mirai.workflow.models import Plan

pytestmark = pytest.mark.django_db

# Authors' own identifiers (a KGI's or KPI's id, the KPIs a measure names, a type A plan's block draft, candidate
# and proposals) are shown as written: not choices.
_OWN_IDS = re.compile(r"<dt>([^<]*ID|KPI)</dt><dd>.*?</dd>|<th scope=\"row\">[^<]*ID</th><td>.*?</td>", re.S)


def visible_text(html: str) -> str:
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    main = _OWN_IDS.sub("", main)
    return re.sub(r"<[^>]+>", " ", main)


def choice_values() -> set[str]:
    return {member.value for kind in Choice.__subclasses__() for member in kind if len(member.value) > 2}


@pytest.fixture
def pages() -> dict[str, str]:
    load_demo()
    client = Client()
    return {
        p.public_id: client.get(f"/plans/{p.public_id}/").content.decode()
        for p in Plan.objects.filter(state="published")
    }


def test_no_choice_or_bare_code_is_shown_in_japanese(pages: dict[str, str]) -> None:
    assert len(pages) == 5
    slugs = choice_values()
    for plan_id, html in pages.items():
        words = set(re.findall(r"\b[a-z][a-z_]+\b", visible_text(html)))
        assert not (words & (slugs | {f.value for f in StrategicField})), (plan_id, sorted(words & slugs))
        assert not re.search(r"(?<![\w（])[A-T]\d{2}(?![\w])(?! [^\s<]+業)", visible_text(html)), (
            plan_id
        )  # JSIC
        assert not re.search(r"<dd>\d{4}H[12]</dd>", html), (
            plan_id
        )  # half-years in words (authors' text aside)


def test_values_read_as_officials_write_them(pages: dict[str, str]) -> None:
    fukushima = next(html for plan_id, html in pages.items() if plan_id.startswith("B-07"))
    text = visible_text(fukushima)
    assert "福島県郡山市" in text and "（072036）" in text  # municipality by name, code in small print
    assert "E27 業務用機械器具製造業" in text  # JSIC with its name
    assert "2026年度（令和8年度）" in text and "2028年度下期" in text  # fiscal year with 和暦; a half-year
    assert "150億円" in text and "50%" in text  # money in 億円; a share as a percentage
    assert "官民設備投資額" in text and "企業" in text  # choices by their labels


def test_the_english_page_shows_no_underscored_slug(pages: dict[str, str]) -> None:
    client = Client()
    client.get("/language/en/")
    members = [member for kind in Choice.__subclasses__() for member in kind]
    english_words = {w for m in members for w in re.findall(r"[a-z]+", m.text.en.lower())}
    bare = {m.value for m in members if len(m.value) > 2 and m.value not in english_words}  # capex, corporate
    assert {"capex", "corporate", "labor_productivity"} <= bare
    for plan_id in pages:
        text = visible_text(client.get(f"/plans/{plan_id}/").content.decode())
        assert (
            "Present state and the aim" in text or "KGIs and KPIs of the plan" in text
        )  # the book, in English
        assert not re.search(r"\b[a-z]+_[a-z_]+\b", text), (
            plan_id,
            re.findall(r"\b[a-z]+_[a-z_]+\b", text)[:5],
        )
        assert not (set(re.findall(r"\b[a-z][a-z_]+\b", text)) & bare), plan_id
        if plan_id.startswith("B-07"):
            assert "地域未来交付金  内閣府  FY2027" in text  # the support programmes' year in English too


@pytest.mark.parametrize(
    ("key", "value", "written"),
    [
        ("location", "401005", ("福岡県北九州市", "401005")),
        ("sectors", "E09", ("E09 食料品製造業", "")),
        ("share", 0.3, ("30%", "")),
        ("amount", 3_100_000, ("3兆1,000億円", "")),
        ("fy", 2030, ("2030年度（令和12年度）", "")),
        ("period", "2027H2", ("2027年度下期", "")),
        ("lead", True, ("はい", "")),
    ],
)
def test_each_kind_of_value(key: str, value: object, written: tuple[str, str]) -> None:
    said = say(key, value)
    assert (said.text, said.note) == written


def test_values_in_english() -> None:
    assert say("period", "2027H2", lang="en").text == "FY2027 H2"
    assert say("fy", 2030, lang="en").text == "FY2030"
    assert say("sectors", "E09", lang="en").text.startswith("E09 ")
    assert say("lead", True, lang="en").text == "yes"


def english_slugs() -> set[str]:
    """Choice values that are not English words (capex, corporate): never right in an English page. A word the
    choices' or the pages' English uses (「Not listed」 for 非掲載 in the reference list's table) is a word."""
    members = [member for kind in Choice.__subclasses__() for member in kind]
    catalogue = (Path(chiiki_mirai.__file__).parent / "locale/en/LC_MESSAGES/django.po").read_text(
        encoding="utf-8"
    )
    english = [m.text.en for m in members] + re.findall(r'^msgstr "(.*)"$', catalogue, flags=re.M)
    words = {w for text in english for w in re.findall(r"[a-z]+", text.lower())}
    return {m.value for m in members if len(m.value) > 2 and m.value not in words}


_SOURCE_AND_PATHS = re.compile(r"<details.*?</details>|<code>.*?</code>|<textarea.*?</textarea>", re.S)


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_working_page_of_each_sample_reads_in_words(pages: dict[str, str], language: str) -> None:
    """The reviewers' working page (the 計画書 and the findings' messages) shows no choice value bare either; the
    plan's source text (folded) and field paths (set as code, to locate a finding) are what they are."""
    from chiiki_mirai.organisations.models import Person

    reviewer = Person.objects.get(user__username="reviewer")
    client = Client()
    client.force_login(reviewer.user)
    client.get(f"/language/{language}/")
    slugs = choice_values() | {f.value for f in StrategicField}
    for plan_id in pages:
        html = client.get(f"/work/plans/{plan_id}/").content.decode()
        text = visible_text(_SOURCE_AND_PATHS.sub(" ", html))
        shown = set(re.findall(r"\b[a-z][a-z_]+\b", text)) & slugs
        if language == "en":  # in English, a slug that is also a plain word (content, other) is that word
            shown = {s for s in shown if "_" in s or s in english_slugs()}
        assert not shown, (plan_id, language, sorted(shown))
