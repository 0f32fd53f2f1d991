"""Issue 22 §1: no YAML path meets an official outside the folded 「YAML での項目名」 hints — on the working page of
each sample type and on every section form. Text in the plan's YAML view, in inputs and in attributes is not read."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from chiiki_mirai.organisations.models import Person
from chiiki_mirai.plans.form_layout import plan_sections
from chiiki_mirai.workflow import services
from chiiki_mirai.workflow.documents import read_plan_text
from tests.conftest import EXAMPLES
from tests.web.conftest import signed_in

pytestmark = pytest.mark.django_db

#: A field path as the platform writes it: kgis[0].target.value, policy.kpis, core_entities[2].
PATH = re.compile(
    r"(?<![\w/@.-])[a-z][a-z_]*(?:\[\d+\])?(?:\.[a-z_]+(?:\[\d+\])?)+(?![\w@-])|(?<![\w/])[a-z_]+\[\d+\]"
)
SKIPPED = {"script", "style", "pre", "textarea"}


class VisibleText(HTMLParser):
    """The text a person reads: outside the folded YAML hints, the YAML view, scripts and form values."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0  # inside something skipped
        self.stack: list[bool] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"input", "br", "img", "meta", "link", "hr", "option"}:
            return
        skip = tag in SKIPPED or (tag == "details" and ("class", "yaml-name") in attrs)
        self.stack.append(skip)
        self.depth += skip

    def handle_endtag(self, tag: str) -> None:
        if tag in {"input", "br", "img", "meta", "link", "hr", "option"} or not self.stack:
            return
        self.depth -= self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.depth == 0:
            self.text.append(data)


def paths_shown(html: str) -> list[str]:
    reader = VisibleText()
    reader.feed(html)
    return PATH.findall(" ".join(reader.text))


@pytest.mark.parametrize("sample", ["b-kitakyushu-robotics.yaml", "c-tsubame-sanjo-metalware.yaml"])
def test_no_path_on_the_working_pages(sample: str, people: dict[str, Person]) -> None:
    text = (EXAMPLES / "plans" / sample).read_text(encoding="utf-8")
    document = read_plan_text(sample, text)
    document = document.model_copy(
        update={"authors": [a.model_copy(update={"code": "401005"}) for a in document.authors[:1]]}
    )
    plan = services.do_create_plan(people["author"], document, "記載例から作成")
    client = signed_in(people["author"])
    pages = [f"/work/plans/{plan.public_id}/"]
    pages += [f"/work/plans/{plan.public_id}/sections/{i}/" for i, _ in plan_sections(plan.plan_type)]
    for page in pages:
        assert paths_shown(client.get(page).content.decode()) == [], page


def test_the_check_finds_a_path_where_one_is_shown() -> None:
    assert paths_shown("<p>KPI（policy.kpis）が設定されていません</p>") == ["policy.kpis"]
    assert paths_shown("<p>kgis[0] の値</p>") == ["kgis[0]"]
    # The labels as they were before (issue 22): the path beside the words.
    assert paths_shown('<label>産業領域の説明 <code class="path">industry.description</code></label>') == [
        "industry.description"
    ]
    assert (
        paths_shown('<details class="yaml-name"><summary>YAML</summary><code>kgis[0].target</code></details>')
        == []
    )
