"""Evidence files (issue 19 §11): a name whose ending disagrees with the content, a macro workbook, a workbook
linking to other files and an archive that expands past the reader's limits are refused, naming the file."""

from __future__ import annotations

import io
import zipfile

import pytest

from chiiki_mirai.analytics.evidence import Upload, checked_files
from chiiki_mirai.plans.workbook import MAX_UNCOMPRESSED
from chiiki_mirai.workflow.services import Refused

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF\n"


def _xlsx(*extra: tuple[str, bytes], compression: int = zipfile.ZIP_STORED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        for name, data in extra:
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_plain_workbook_and_a_pdf_are_kept() -> None:
    kinds = [kind for _, kind in checked_files([Upload("表.xlsx", _xlsx()), Upload("報告.PDF", PDF)])]
    assert kinds == ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/pdf"]


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (Upload("算定表.xlsx", PDF), "拡張子が内容（.pdf）と合いません"),
        (Upload("報告.pdf", _xlsx()), "拡張子が内容（.xlsx）と合いません"),
        (Upload("写真.exe", b"\x89PNG\r\n\x1a\n" + b"0" * 20), "拡張子が内容（.png）と合いません"),
        (Upload("macro.xlsx", _xlsx(("xl/vbaProject.bin", b"\0" * 10))), "マクロ"),
        (
            Upload("links.xlsx", _xlsx(("xl/externalLinks/externalLink1.xml", b"<x/>"))),
            "外部のファイルへのリンク",
        ),
        (
            Upload(
                "bomb.xlsx",
                _xlsx(("xl/big.xml", b"0" * (MAX_UNCOMPRESSED + 1)), compression=zipfile.ZIP_DEFLATED),
            ),
            "展開後の大きさが異常です",
        ),
    ],
)
def test_a_hostile_file_is_refused_by_name(upload: Upload, message: str) -> None:
    with pytest.raises(Refused, match=message) as refused:
        checked_files([upload])
    assert upload.name in refused.value.text.ja
