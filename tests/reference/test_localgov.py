from __future__ import annotations

from collections import Counter

from chiiki_mirai.reference.fields import StrategicField
from chiiki_mirai.reference.jsic import jsic
from chiiki_mirai.reference.localgov import (
    DESIGNATED_CITY_NAMES,
    GovernmentKind,
    LocalGovernment,
    local_governments,
)


def gov(code: str) -> LocalGovernment:
    government = local_governments().get(code)
    assert government is not None, code
    return government


def test_kinds_match_the_published_counts() -> None:
    kinds = Counter(g.kind for g in local_governments().by_code.values())
    assert kinds[GovernmentKind.PREFECTURE] == 47
    assert kinds[GovernmentKind.DESIGNATED_CITY] == 20
    assert kinds[GovernmentKind.CITY] + kinds[GovernmentKind.DESIGNATED_CITY] == 792
    assert kinds[GovernmentKind.TOWN] == 743
    assert kinds[GovernmentKind.VILLAGE] == 183
    assert kinds[GovernmentKind.SPECIAL_WARD] == 23
    assert kinds[GovernmentKind.WARD] == 175


def test_every_designated_city_is_followed_by_its_wards() -> None:
    master = local_governments()
    for city in (g for g in master.by_code.values() if g.kind is GovernmentKind.DESIGNATED_CITY):
        wards = [
            g
            for g in master.by_code.values()
            if g.kind is GovernmentKind.WARD and g.name.startswith(city.name + " ")
        ]
        assert wards, city.name
    assert {
        g.name for g in master.by_code.values() if g.kind is GovernmentKind.DESIGNATED_CITY
    } == DESIGNATED_CITY_NAMES


def test_tokyo_area_is_the_four_prefectures() -> None:
    master = local_governments()
    inside = {g.name for g in master.prefectures() if g.in_tokyo_area}
    assert inside == {"埼玉県", "千葉県", "東京都", "神奈川県"}
    assert gov("132012").in_tokyo_area  # 八王子市
    assert not gov("072010").in_tokyo_area  # 福島市


def test_names_and_regions() -> None:
    fukushima_city = gov("072010")
    assert fukushima_city.full_name == "福島県福島市"
    assert fukushima_city.region.name_ja == "東北"
    assert gov("011011").full_name == "北海道札幌市中央区"
    assert gov("472018").region.name_ja == "沖縄"  # 那覇市


def test_seventeen_strategic_fields_and_jsic() -> None:
    assert len(StrategicField) == 17
    assert StrategicField.SHIPBUILDING.label_ja == "造船"
    classes = jsic()
    assert len([c for c in classes.values() if c.is_division]) == 20
    assert len(classes) == 119
    assert classes["E28"].name_ja.startswith("電子部品")
