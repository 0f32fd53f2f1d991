"""The national bodies that take part in the process, and the 地方ブロック that draft type A's 計画の素案.

002 ⑤: 内閣官房 and 経済産業省 review and publish; 001 A(4)②: the same two formulate the 戦略産業クラスター計画;
001 A(4)①: 「経済産業局又は沖縄総合事務局が中心となり … 地方ブロックごとに計画の素案を策定する」.
The seeds name the bureaus but not the prefectures each covers: the platform takes the bureaus' own
jurisdictions (経済産業省設置法・地方経済産業局の管轄区域; 沖縄は沖縄総合事務局), stated on the pages that use them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

#: 001 A(4)②「内閣官房及び経済産業省は … 戦略産業クラスター計画を策定する」; 002 ⑤ the pre-check's deciders.
FORMULATING_BODIES: frozenset[str] = frozenset({"N-CAS", "N-METI"})


@dataclass(frozen=True)
class Block:
    """A 地方ブロック: the area of one 経済産業局 (or the 沖縄総合事務局) and the bureau that drafts its 素案."""

    code: str
    name: str
    bureau: str  # the bureau's organisation code
    bureau_name: str
    prefectures: tuple[int, ...]

    def covers(self, prefecture_code: int) -> bool:
        return prefecture_code in self.prefectures


BLOCKS: tuple[Block, ...] = (
    Block("hokkaido", "北海道", "N-METI-HKD", "北海道経済産業局", (1,)),
    Block("tohoku", "東北", "N-METI-THK", "東北経済産業局", (2, 3, 4, 5, 6, 7)),
    Block("kanto", "関東", "N-METI-KNT", "関東経済産業局", (8, 9, 10, 11, 12, 13, 14, 15, 19, 20, 22)),
    Block("chubu", "中部", "N-METI-CHB", "中部経済産業局", (16, 17, 21, 23, 24)),
    Block("kinki", "近畿", "N-METI-KNK", "近畿経済産業局", (18, 25, 26, 27, 28, 29, 30)),
    Block("chugoku", "中国", "N-METI-CGK", "中国経済産業局", (31, 32, 33, 34, 35)),
    Block("shikoku", "四国", "N-METI-SKK", "四国経済産業局", (36, 37, 38, 39)),
    Block("kyushu", "九州", "N-METI-KYS", "九州経済産業局", (40, 41, 42, 43, 44, 45, 46)),
    Block("okinawa", "沖縄", "N-OGB", "内閣府 沖縄総合事務局", (47,)),
)

NATIONAL_BODIES: tuple[tuple[str, str], ...] = (
    ("N-CAS", "内閣官房 地域未来戦略本部事務局"),
    ("N-METI", "経済産業省"),
    ("N-MIC", "総務省"),
    ("N-MAFF", "農林水産省"),
    ("N-MLIT", "国土交通省"),
    ("N-MHLW", "厚生労働省"),
    ("N-MEXT", "文部科学省"),
    ("N-ENV", "環境省"),
    ("N-CAO", "内閣府"),
    *((block.bureau, block.bureau_name) for block in BLOCKS),
)


@cache
def national_names() -> dict[str, str]:
    return dict(NATIONAL_BODIES)


def block(code: str) -> Block | None:
    return next((b for b in BLOCKS if b.code == code), None)


def block_of_bureau(organisation_code: str) -> Block | None:
    return next((b for b in BLOCKS if b.bureau == organisation_code), None)
