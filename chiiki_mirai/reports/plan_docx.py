"""The 計画書 as a Word file (.docx) for the council and 首長 documents officials circulate: the same structure as
the page (``plan_book``), headings, tables with a header row, Japanese fonts (游ゴシック, falling back in Word)."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph as WordParagraph

from chiiki_mirai.reports.plan_book import Paragraph, PlanBook

FONT = "游ゴシック"


def _japanese(style: object) -> None:
    font = style.font  # type: ignore[attr-defined]
    font.name = FONT
    # Word takes East Asian text's font from rFonts/@eastAsia, not from the font name alone.
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)  # type: ignore[attr-defined]


def _page_numbers(paragraph: WordParagraph) -> None:
    """「- n -」 centred in the footer: Word's PAGE field, which Word fills in on each page."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("- ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    shown = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    shown.append(text)
    field.append(shown)
    paragraph._p.append(field)  # python-docx has no API for fields: the element is written as Word defines it
    paragraph.add_run(" -")


def plan_docx(book: PlanBook, header: str) -> bytes:
    document = Document()
    for name in ("Normal", "Heading 1", "Heading 2", "Title"):
        _japanese(document.styles[name])
    document.styles["Normal"].font.size = Pt(10.5)
    page = document.sections[0]
    # A4, as Japanese offices print (python-docx's template is US Letter), with 25 mm margins.
    page.page_width, page.page_height = Mm(210), Mm(297)
    page.left_margin = page.right_margin = page.top_margin = page.bottom_margin = Mm(25)
    page.header.paragraphs[0].text = header
    _page_numbers(page.footer.paragraphs[0])
    document.add_heading(book.title, level=0)
    facts = document.add_table(rows=0, cols=2)
    facts.style = "Table Grid"
    for name, value in book.facts:
        cells = facts.add_row().cells
        cells[0].text, cells[1].text = name, value or "—"
    for section in book.sections:
        document.add_heading(section.title, level=1)
        for block in section.blocks:
            if isinstance(block, Paragraph):
                paragraph = document.add_paragraph()
                paragraph.add_run(block.label).bold = True
                paragraph.add_run("\n" + (block.text or "（記載なし）"))
                continue
            document.add_paragraph(block.caption).runs[0].bold = True
            table = document.add_table(rows=1, cols=len(block.header))
            table.style = "Table Grid"
            for cell, title in zip(table.rows[0].cells, block.header, strict=True):
                cell.text = title
                cell.paragraphs[0].runs[0].bold = True
            for row in block.rows:
                for cell, value in zip(table.add_row().cells, row, strict=True):
                    cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
