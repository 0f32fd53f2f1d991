"""The local-government master: every prefecture, municipality and ward with its code and kind.

Loaded once from the CSV files copied from ``shared/data`` (see ``data/ATTRIBUTION.md``).
"""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from chiiki_mirai.i18n import Text
from chiiki_mirai.reference.codes import make_local_government_code
from chiiki_mirai.resources import reference_data

#: 東京圏 (seed 000, 001): the national KGIs count what happens outside these prefectures.
TOKYO_AREA_PREFECTURES = frozenset({11, 12, 13, 14})

#: The 20 政令指定都市 as of 2026 (shared/data/SOURCES.md).
DESIGNATED_CITY_NAMES = frozenset(
    {
        "札幌市",
        "仙台市",
        "さいたま市",
        "千葉市",
        "横浜市",
        "川崎市",
        "相模原市",
        "新潟市",
        "静岡市",
        "浜松市",
        "名古屋市",
        "京都市",
        "大阪市",
        "堺市",
        "神戸市",
        "岡山市",
        "広島市",
        "北九州市",
        "福岡市",
        "熊本市",
    }
)


class GovernmentKind(StrEnum):
    PREFECTURE = "prefecture"
    DESIGNATED_CITY = "designated_city"
    CITY = "city"
    SPECIAL_WARD = "special_ward"
    TOWN = "town"
    VILLAGE = "village"
    WARD = "ward"  # 政令指定都市の区 (行政区): an area, not a local public body

    @property
    def label_ja(self) -> str:
        return _KIND_LABELS[self]

    @property
    def text(self) -> Text:
        return Text(self.label_ja, self.value.replace("_", " "))


_KIND_LABELS = {
    GovernmentKind.PREFECTURE: "都道府県",
    GovernmentKind.DESIGNATED_CITY: "政令指定都市",
    GovernmentKind.CITY: "市",
    GovernmentKind.SPECIAL_WARD: "特別区",
    GovernmentKind.TOWN: "町",
    GovernmentKind.VILLAGE: "村",
    GovernmentKind.WARD: "行政区",
}


@dataclass(frozen=True, slots=True)
class Region:
    id: int
    name_ja: str
    name_en: str


@dataclass(frozen=True, slots=True)
class LocalGovernment:
    code: str  # 6-digit 全国地方公共団体コード with check digit
    name: str  # e.g. 福島市, 札幌市 中央区
    kana: str
    kind: GovernmentKind
    prefecture_code: int  # 1..47
    prefecture_name: str
    region: Region
    latitude: float | None
    longitude: float | None
    url: str

    @property
    def full_name(self) -> str:
        """The name as officials write it, with the prefecture: 福島県福島市."""
        if self.kind is GovernmentKind.PREFECTURE:
            return self.name
        return f"{self.prefecture_name}{self.name.replace(' ', '')}"

    @property
    def in_tokyo_area(self) -> bool:
        return self.prefecture_code in TOKYO_AREA_PREFECTURES


def prefecture_code_to_lg_code(prefecture_code: int) -> str:
    """01 -> 010006: a prefecture's 6-digit code is its number, '000' and the check digit."""
    return make_local_government_code(f"{prefecture_code:02d}000")


def _rows(name: str) -> list[list[str]]:
    return list(csv.reader(reference_data(name, encoding="utf-8-sig").splitlines()))


def _read_csv(name: str) -> list[dict[str, str]]:
    header, *rows = _rows(name)
    return [dict(zip(header, row, strict=True)) for row in rows]


def _municipal_kind(name: str, prefecture_code: int) -> GovernmentKind:
    if " " in name:
        return GovernmentKind.WARD
    if name in DESIGNATED_CITY_NAMES:
        return GovernmentKind.DESIGNATED_CITY
    suffix_kinds = {"市": GovernmentKind.CITY, "町": GovernmentKind.TOWN, "村": GovernmentKind.VILLAGE}
    if name.endswith("区") and prefecture_code == 13:
        return GovernmentKind.SPECIAL_WARD
    try:
        return suffix_kinds[name[-1]]
    except KeyError:
        raise ValueError(f"cannot tell the kind of local government {name!r}") from None


def _float_or_none(text: str) -> float | None:
    return float(text) if text else None


@dataclass(frozen=True, slots=True)
class LocalGovernmentMaster:
    by_code: dict[str, LocalGovernment]
    regions: tuple[Region, ...]

    def get(self, code: str) -> LocalGovernment | None:
        return self.by_code.get(code)

    def __contains__(self, code: object) -> bool:
        return code in self.by_code

    def __len__(self) -> int:
        return len(self.by_code)

    def prefectures(self) -> list[LocalGovernment]:
        return [g for g in self.by_code.values() if g.kind is GovernmentKind.PREFECTURE]

    def named(self, text: str) -> list[LocalGovernment]:
        """The governments ``text`` names, as officials type them: 北九州市, 福岡県北九州市 or きたきゅうしゅうし (spaces
        and full-width forms ignored); 府中市 names two (東京都 and 広島県), 福岡県府中市 none."""
        return [self.by_code[code] for code in _name_index().get(_name_key(text), ())]


def _name_key(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


@cache
def _name_index() -> dict[str, tuple[str, ...]]:
    """Every way a government is written -> its codes (built on the first look-up by name, not by every check)."""
    index: dict[str, list[str]] = {}
    for government in local_governments().by_code.values():
        keys = {government.full_name, government.name, government.kana}
        if government.kind is not GovernmentKind.PREFECTURE:
            keys.add(f"{government.prefecture_name}{government.name}")
        for key in {_name_key(k) for k in keys if k}:
            index.setdefault(key, []).append(government.code)
    return {key: tuple(codes) for key, codes in index.items()}


@cache
def local_governments() -> LocalGovernmentMaster:
    """The master, read once per process."""
    regions = {
        int(row["id"]): Region(int(row["id"]), row["name-ja"], row["name-en"])
        for row in _read_csv("regions.csv")
    }
    region_of = {int(row["id"]): regions[int(row["regions"])] for row in _read_csv("prefecture_regions.csv")}
    by_code: dict[str, LocalGovernment] = {}
    prefecture_names: dict[int, str] = {}
    for row in _read_csv("prefectures.csv"):
        pid = int(row["pid"])
        prefecture_names[pid] = row["pref"]
        code = prefecture_code_to_lg_code(pid)
        by_code[code] = LocalGovernment(
            code=code,
            name=row["pref"],
            kana=row["prefkana"],
            kind=GovernmentKind.PREFECTURE,
            prefecture_code=pid,
            prefecture_name=row["pref"],
            region=region_of[pid],
            latitude=_float_or_none(row["lat"]),
            longitude=_float_or_none(row["lng"]),
            url=row["url"],
        )
    # The 1,916 municipalities by column position: csv.DictReader's dict per row was half of the master's load, and
    # the master is loaded by every one-plan check (issue 23).
    header, *rows = _rows("local_governments.csv")
    at = {name: index for index, name in enumerate(header)}
    pid_, code_, city_, kana_, lat_, lng_, url_ = (
        at[c] for c in ("pid", "lgcode", "city", "citykana", "lat", "lng", "url")
    )
    for cells in rows:
        pid, city = int(cells[pid_]), cells[city_]
        by_code[cells[code_]] = LocalGovernment(
            code=cells[code_],
            name=city,
            kana=cells[kana_],
            kind=_municipal_kind(city, pid),
            prefecture_code=pid,
            prefecture_name=prefecture_names[pid],
            region=region_of[pid],
            latitude=float(cells[lat_]) if cells[lat_] else None,
            longitude=float(cells[lng_]) if cells[lng_] else None,
            url=cells[url_],
        )
    return LocalGovernmentMaster(by_code=by_code, regions=tuple(regions[i] for i in sorted(regions)))
