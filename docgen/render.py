"""DocumentSpec -> .docx with python-docx, following Phụ lục I of Nghị định 30/2020."""

from __future__ import annotations

import io
from functools import lru_cache
from typing import List, Optional, Union

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from lxml import etree

from docgen import layout
from docgen.metrics import text_width_pt
from docgen.nd30 import ELEMENTS, FONT_NAME, MARGINS_MM, PAGE_HEIGHT_MM, PAGE_WIDTH_MM
from docgen.spec import Block, DocumentSpec

_JC = {"center": "center", "left": "left", "justify": "both"}
BODY_LINE_SPACING = 1.15
FIRST_LINE_INDENT_CM = 1.27
SIGNER_LEFT_CM = 7.0
SIGNER_RIGHT_CM = 9.5


def _set_fonts(rpr_owner, size_pt: Optional[float] = None) -> None:
    """Times New Roman for every script slot, black, and the size if given."""
    rpr = rpr_owner.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT_NAME)


_KEEP_STYLES = {"Normal", "DefaultParagraphFont", "TableNormal", "NoList", "Header", "HeaderChar"}
_DROP_RELS = ("stylesWithEffects", "webSettings", "customXml", "thumbnail", "numbering")


def _slim(document) -> None:
    """Drop the parts and the hundreds of unused styles of python-docx's default template."""
    styles = document.styles.element
    for child in list(styles):
        if child.tag == qn("w:latentStyles"):
            styles.remove(child)
        elif child.tag == qn("w:style") and child.get(qn("w:styleId")) not in _KEEP_STYLES:
            styles.remove(child)
    for rels in (document.part.rels, document.part.package.rels):
        for rel_id in [r for r, rel in rels.items() if rel.reltype.rsplit("/", 1)[-1] in _DROP_RELS]:
            rels.pop(rel_id)


@lru_cache(maxsize=1)
def _template() -> bytes:
    document = Document()
    _slim(document)
    _base_styles(document)
    for paragraph in list(document.paragraphs):
        paragraph._p.getparent().remove(paragraph._p)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _base_styles(document) -> None:
    normal = document.styles["Normal"]
    normal.font.name = FONT_NAME
    normal.font.size = Pt(14)
    normal.font.color.rgb = RGBColor(0, 0, 0)
    _set_fonts(normal.element)
    fmt = normal.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0
    header_style = document.styles["Header"]
    header_style.font.name = FONT_NAME
    _set_fonts(header_style.element)


def _page(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width = Mm(PAGE_WIDTH_MM)
    section.page_height = Mm(PAGE_HEIGHT_MM)
    section.top_margin = Mm(MARGINS_MM["top"])
    section.bottom_margin = Mm(MARGINS_MM["bottom"])
    section.left_margin = Mm(MARGINS_MM["left"])
    section.right_margin = Mm(MARGINS_MM["right"])
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(paragraph, "PAGE", ELEMENTS["page_number"].size)
    first = section.first_page_header.paragraphs[0]
    first.text = ""


def _field(paragraph: Paragraph, instruction: str, size: float) -> None:
    """A complex field (Word updates it on every page)."""
    for kind, text in (("begin", None), (None, f" {instruction} "), ("separate", None), (None, "2"), ("end", None)):
        run = paragraph.add_run()
        run.font.size = Pt(size)
        _set_fonts(run._r)
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text.strip() == instruction:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            run.text = text


def _bottom_border(paragraph: Paragraph) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    # pBdr must come before spacing/ind/jc in the schema order
    anchor = ppr.find(qn("w:spacing"))
    if anchor is None:
        anchor = ppr.find(qn("w:ind"))
    if anchor is None:
        anchor = ppr.find(qn("w:jc"))
    if anchor is not None:
        anchor.addprevious(borders)
    else:
        ppr.append(borders)


def _rule(container, above: Block, available_pt: float) -> None:
    """An empty paragraph whose bottom border draws the line under ``above``."""
    fmt = ELEMENTS[above.role]
    lines = above.text.split("\n")
    text_width = min(available_pt, max(text_width_pt(line, fmt.size, fmt.bold) for line in lines))
    length = text_width if above.rule_below == "full" else text_width * 0.4
    side = max(0.0, (available_pt - length) / 2)
    paragraph = container.add_paragraph()
    paragraph.paragraph_format.left_indent = Pt(side)
    paragraph.paragraph_format.right_indent = Pt(side)
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph.paragraph_format.line_spacing = Pt(2)
    paragraph.paragraph_format.space_after = Pt(12 if above.role == "trich_yeu" else 0)
    run = paragraph.add_run("")
    run.font.size = Pt(2)
    _bottom_border(paragraph)


def _child(parent, tag: str, **attrs: str):
    element = etree.SubElement(parent, qn(tag))
    for name, value in attrs.items():
        element.set(qn(f"w:{name}"), value)
    return element


def _run(paragraph_el, text: str, size: float, bold: bool, italic: bool) -> None:
    run = _child(paragraph_el, "w:r")
    rpr = _child(run, "w:rPr")
    fonts = _child(rpr, "w:rFonts")
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT_NAME)
    _child(rpr, "w:b", val="1" if bold else "0")
    _child(rpr, "w:i", val="1" if italic else "0")
    half_points = str(int(round(size * 2)))
    _child(rpr, "w:sz", val=half_points)
    _child(rpr, "w:szCs", val=half_points)
    for index, line in enumerate(text.split("\n")):
        if index:
            _child(run, "w:br")
        t = _child(run, "w:t")
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        t.text = line


def _paragraph_el(container, first: bool):
    if first and isinstance(container, _Cell):
        p = container._tc.findall(qn("w:p"))[0]
    else:
        p = container.add_paragraph()._p
    return p


def _add_block(container, item: Block, first: bool = False, available_pt: float = layout.TEXT_WIDTH_PT) -> None:
    fmt = ELEMENTS[item.role]
    p = _paragraph_el(container, first)
    ppr = p.get_or_add_pPr()
    body_like = item.role in ("body", "heading", "dieu", "can_cu")
    line = str(int(round(240 * (BODY_LINE_SPACING if body_like else 1.0))))
    _child(ppr, "w:spacing", before=str(int(item.space_before_pt * 20)), after=str(int(item.space_after_pt * 20)),
           line=line, lineRule="auto")
    indent = {}
    if item.left_indent_pt:
        indent["left"] = str(int(item.left_indent_pt * 20))
    if item.first_line_indent:
        indent["firstLine"] = str(int(Cm(FIRST_LINE_INDENT_CM).twips))
    if indent:
        _child(ppr, "w:ind", **indent)
    _child(ppr, "w:jc", val=_JC[item.align or fmt.align])
    for piece in item.runs:
        bold = fmt.bold if piece.bold is None else piece.bold
        italic = fmt.italic if piece.italic is None else piece.italic
        _run(p, piece.text, fmt.size, bold, italic)
    if item.rule_below:
        _rule(container, item, available_pt)


def _borderless_table(document, widths_cm: List[float], rows: int = 1):
    table = document.add_table(rows=rows, cols=len(widths_cm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width)
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths_cm, strict=True):
        col.set(qn("w:w"), str(int(Cm(width).twips)))
    return table


def _fill(cell: _Cell, blocks: List[Block], width_cm: float) -> None:
    available = width_cm / 2.54 * 72 - layout.CELL_PADDING_PT
    for index, item in enumerate(blocks):
        _add_block(cell, item, first=index == 0, available_pt=available)


def _header(document, spec: DocumentSpec) -> None:
    widths = [layout.HEADER_LEFT_CM, layout.HEADER_RIGHT_CM]
    table = _borderless_table(document, widths, rows=2)
    _fill(table.cell(0, 0), spec.header_left, widths[0])
    _fill(table.cell(0, 1), spec.header_right, widths[1])
    _fill(table.cell(1, 0), spec.number_box, widths[0])
    _fill(table.cell(1, 1), spec.date_box, widths[1])


def _signature(document, spec: DocumentSpec) -> None:
    widths = [SIGNER_LEFT_CM, SIGNER_RIGHT_CM]
    if document.paragraphs:
        document.paragraphs[-1].paragraph_format.keep_with_next = True  # no signature alone on a page
    spacer = document.add_paragraph()
    spacer.paragraph_format.space_after = Pt(6)
    spacer.paragraph_format.keep_with_next = True
    table = _borderless_table(document, widths)
    row_properties = table.rows[0]._tr.get_or_add_trPr()
    row_properties.append(OxmlElement("w:cantSplit"))  # the signature block stays on one page
    _fill(table.cell(0, 0), spec.noi_nhan, widths[0])
    right = table.cell(0, 1)
    titles = [b for b in spec.signer if b.role == "chuc_vu"]
    names = [b for b in spec.signer if b.role != "chuc_vu"]
    _fill(right, titles, widths[1])
    for _ in range(spec.signature_gap_lines):
        right.add_paragraph()
    for item in names:
        _add_block(right, item, available_pt=widths[1] / 2.54 * 72)


def render(spec: DocumentSpec, target: Union[str, io.BytesIO, None] = None) -> bytes:
    """Write the document; returns its bytes (and saves to ``target`` when given)."""
    document = Document(io.BytesIO(_template()))
    _page(document)
    _header(document, spec)
    for item in spec.title + spec.kinh_gui + spec.body:
        _add_block(document, item)
    _signature(document, spec)
    document.add_paragraph()  # a document ends with a paragraph after the last table
    buffer = io.BytesIO()
    document.save(buffer)
    data = buffer.getvalue()
    if isinstance(target, str):
        with open(target, "wb") as handle:
            handle.write(data)
    elif target is not None:
        target.write(data)
    return data
