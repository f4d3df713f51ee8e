"""A flat, read-only view of any .docx: paragraphs in reading order with their effective formatting.

Formatting is resolved the way Word does it: direct run formatting, then the character style, the
paragraph style chain, and the document defaults. Paragraphs inside tables carry the cell they sit in.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple, Union

import docx
from docx.oxml.ns import qn

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TRUE = {None, "1", "true", "on"}
_RUN_PATH = "./w:r | ./w:hyperlink/w:r | ./w:ins/w:r | ./w:smartTag/w:r | ./w:fldSimple/w:r | ./w:sdt/w:sdtContent/w:r"


def _on(element) -> Optional[bool]:
    if element is None:
        return None
    return element.get(qn("w:val")) in _TRUE


@dataclass
class RunView:
    text: str
    font: Optional[str]
    size: Optional[float]
    bold: bool
    italic: bool
    underline: bool
    color: Optional[str]
    superscript: bool = False


@dataclass
class ParaView:
    index: int
    text: str
    runs: List[RunView]
    align: Optional[str]
    first_line_cm: float
    left_cm: float
    right_cm: float
    space_before: Optional[float]
    space_after: Optional[float]
    line: Optional[Tuple[str, float]]  # ("auto", lines) or ("exact"/"atLeast", points)
    border_bottom: bool
    has_shape: bool
    cell: Optional[Tuple[int, int, int]] = None  # (table number, row, column)
    cell_width_pt: Optional[float] = None

    @property
    def words(self) -> List[RunView]:
        return [r for r in self.runs if r.text.strip() and not r.superscript]

    @property
    def stripped(self) -> str:
        return " ".join(self.text.split())


@dataclass
class HeaderView:
    kind: str  # "default", "first", "even"
    is_footer: bool
    paragraphs: List[ParaView]
    has_page_field: bool
    page_field_paragraph: Optional[ParaView]


@dataclass
class SectionView:
    width_mm: Optional[float]
    height_mm: Optional[float]
    margins_mm: Dict[str, Optional[float]]
    title_page: bool
    headers: List[HeaderView] = field(default_factory=list)


class _Styles:
    """Style lookup with inheritance."""

    def __init__(self, document) -> None:
        self.part = document.styles.element
        self.by_id = {s.get(qn("w:styleId")): s for s in self.part.findall(qn("w:style"))}
        self.default_para = next(
            (s.get(qn("w:styleId")) for s in self.part.findall(qn("w:style"))
             if s.get(qn("w:type")) == "paragraph" and s.get(qn("w:default")) in ("1", "true")), None)
        defaults = self.part.find(qn("w:docDefaults"))
        self.rpr_default = defaults.find(f"{W}rPrDefault/{W}rPr") if defaults is not None else None
        self.ppr_default = defaults.find(f"{W}pPrDefault/{W}pPr") if defaults is not None else None
        self.theme_fonts = _theme_fonts(document)

    def chain(self, style_id: Optional[str]) -> List:
        seen, result = set(), []
        while style_id and style_id not in seen and style_id in self.by_id:
            seen.add(style_id)
            style = self.by_id[style_id]
            result.append(style)
            based = style.find(qn("w:basedOn"))
            style_id = based.get(qn("w:val")) if based is not None else None
        return result


def _theme_fonts(document) -> Dict[str, str]:
    fonts: Dict[str, str] = {}
    try:
        for rel in document.part.rels.values():
            if rel.reltype.endswith("/theme"):
                xml = rel.target_part.blob.decode("utf8", "ignore")
                for kind in ("major", "minor"):
                    m = re.search(rf"<a:{kind}Font>\s*<a:latin typeface=\"([^\"]*)\"", xml)
                    if m:
                        fonts[kind] = m.group(1)
    except Exception:  # a theme we cannot read only loses theme font names
        pass
    return fonts


def _rpr_sources(run_el, para_style_chain, styles: _Styles) -> List:
    sources = []
    rpr = run_el.find(qn("w:rPr"))
    if rpr is not None:
        sources.append(rpr)
        rstyle = rpr.find(qn("w:rStyle"))
        if rstyle is not None:
            sources.extend(s.find(qn("w:rPr")) for s in styles.chain(rstyle.get(qn("w:val"))))
    sources.extend(s.find(qn("w:rPr")) for s in para_style_chain)
    sources.append(styles.rpr_default)
    return [s for s in sources if s is not None]


def _font_of(fonts_el, styles: _Styles) -> Optional[str]:
    name = fonts_el.get(qn("w:ascii")) or fonts_el.get(qn("w:hAnsi"))
    if name:
        return name
    theme = fonts_el.get(qn("w:asciiTheme")) or fonts_el.get(qn("w:hAnsiTheme"))
    if theme:
        kind = "major" if theme.startswith("major") else "minor"
        return styles.theme_fonts.get(kind, f"({theme})")
    return None


def _run_view(run_el, text: str, chain, styles: _Styles) -> RunView:
    values: Dict[str, object] = {}
    for rpr in _rpr_sources(run_el, chain, styles):
        for key, tag in (("bold", "w:b"), ("italic", "w:i")):
            if key not in values and rpr.find(qn(tag)) is not None:
                values[key] = _on(rpr.find(qn(tag)))
        if "size" not in values and rpr.find(qn("w:sz")) is not None:
            values["size"] = int(rpr.find(qn("w:sz")).get(qn("w:val"))) / 2
        if "font" not in values and rpr.find(qn("w:rFonts")) is not None:
            font = _font_of(rpr.find(qn("w:rFonts")), styles)
            if font:
                values["font"] = font
        if "underline" not in values and rpr.find(qn("w:u")) is not None:
            values["underline"] = rpr.find(qn("w:u")).get(qn("w:val")) not in ("none", None)
        if "vert" not in values and rpr.find(qn("w:vertAlign")) is not None:
            values["vert"] = rpr.find(qn("w:vertAlign")).get(qn("w:val"))
        if "color" not in values and rpr.find(qn("w:color")) is not None:
            values["color"] = rpr.find(qn("w:color")).get(qn("w:val"))
    return RunView(text, values.get("font"), values.get("size", 10.0), bool(values.get("bold")),
                   bool(values.get("italic")), bool(values.get("underline")), values.get("color"),
                   values.get("vert") == "superscript")


def _ppr_value(p_el, chain, styles: _Styles, path: str):
    sources = [p_el.find(qn("w:pPr"))] + [s.find(qn("w:pPr")) for s in chain] + [styles.ppr_default]
    for ppr in sources:
        if ppr is None:
            continue
        found = ppr.find(path)
        if found is not None:
            return found
    return None


def _twips_cm(value: Optional[str]) -> float:
    try:
        return int(float(value)) / 1440 * 2.54 if value is not None else 0.0
    except ValueError:
        return 0.0


def _text_of(run_el) -> str:
    parts = []
    for child in run_el.iter():
        if child.tag == qn("w:t"):
            parts.append(child.text or "")
        elif child.tag == qn("w:tab"):
            parts.append("\t")
        elif child.tag in (qn("w:br"), qn("w:cr")):
            parts.append("\n")
    return "".join(parts)


def para_view(p_el, styles: _Styles, index: int = 0) -> ParaView:
    style = p_el.find(f"{W}pPr/{W}pStyle")
    chain = styles.chain(style.get(qn("w:val")) if style is not None else styles.default_para)
    runs = []
    for run_el in p_el.xpath(_RUN_PATH):
        text = _text_of(run_el)
        if text:
            runs.append(_run_view(run_el, text, chain, styles))
    jc = _ppr_value(p_el, chain, styles, qn("w:jc"))
    ind = _ppr_value(p_el, chain, styles, qn("w:ind"))
    spacing = _ppr_value(p_el, chain, styles, qn("w:spacing"))
    first = 0.0
    left = right = 0.0
    if ind is not None:
        first = _twips_cm(ind.get(qn("w:firstLine"))) - _twips_cm(ind.get(qn("w:hanging")))
        left = _twips_cm(ind.get(qn("w:left")) or ind.get(qn("w:start")))
        right = _twips_cm(ind.get(qn("w:right")) or ind.get(qn("w:end")))
    before = after = None
    line = None
    if spacing is not None:
        if spacing.get(qn("w:before")) is not None:
            before = int(spacing.get(qn("w:before"))) / 20
        if spacing.get(qn("w:after")) is not None:
            after = int(spacing.get(qn("w:after"))) / 20
        if spacing.get(qn("w:line")) is not None:
            rule = spacing.get(qn("w:lineRule")) or "auto"
            value = int(spacing.get(qn("w:line")))
            line = (rule, value / 240) if rule == "auto" else (rule, value / 20)
    border = _ppr_value(p_el, chain, styles, f"{W}pBdr/{W}bottom")
    has_border = border is not None and border.get(qn("w:val")) not in ("nil", "none")
    shape = bool(p_el.findall(f".//{W}drawing") or p_el.findall(f".//{W}pict"))
    return ParaView(
        index=index, text="".join(r.text for r in runs), runs=runs,
        align=jc.get(qn("w:val")) if jc is not None else None,
        first_line_cm=first, left_cm=left, right_cm=right, space_before=before, space_after=after,
        line=line, border_bottom=has_border, has_shape=shape,
    )


def _cell_width(tc, grid: List[int], col: int) -> Optional[float]:
    width = tc.find(f"{W}tcPr/{W}tcW")
    if width is not None and width.get(qn("w:type")) in (None, "dxa") and width.get(qn("w:w")):
        return int(float(width.get(qn("w:w")))) / 20
    return grid[col] / 20 if col < len(grid) else None


@dataclass
class DocView:
    paragraphs: List[ParaView]
    sections: List[SectionView]
    table_count: int


def _walk(container, styles: _Styles, out: List[ParaView], tables: List[int], cell=None, width=None) -> None:
    for child in container.iterchildren():
        if child.tag == qn("w:p"):
            view = para_view(child, styles, len(out))
            view.cell, view.cell_width_pt = cell, width
            out.append(view)
        elif child.tag == qn("w:tbl"):
            tables[0] += 1
            number = tables[0]
            grid = [int(float(g.get(qn("w:w"), "0"))) for g in child.findall(f"{W}tblGrid/{W}gridCol")]
            for r, row in enumerate(child.findall(qn("w:tr"))):
                col = 0
                for tc in row.findall(qn("w:tc")):
                    _walk(tc, styles, out, tables, (number, r, col), _cell_width(tc, grid, col))
                    span = tc.find(f"{W}tcPr/{W}gridSpan")
                    col += int(span.get(qn("w:val"))) if span is not None else 1
        elif child.tag in (qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")):
            _walk(child, styles, out, tables, cell, width)


def _has_page_field(element) -> bool:
    for simple in element.iter(qn("w:fldSimple")):
        if "PAGE" in (simple.get(qn("w:instr")) or "").upper().split():
            return True
    return any("PAGE" in (t.text or "").upper().split() for t in element.iter(qn("w:instrText")))


def _section_view(section, styles: _Styles) -> SectionView:
    def mm(value) -> Optional[float]:
        return value.mm if value is not None else None

    margins = {side: mm(getattr(section, f"{side}_margin")) for side in ("top", "bottom", "left", "right")}
    title_pg = section._sectPr.find(qn("w:titlePg"))
    view = SectionView(mm(section.page_width), mm(section.page_height), margins, bool(_on(title_pg)))
    sect = section._sectPr
    for ref_tag, is_footer in ((qn("w:headerReference"), False), (qn("w:footerReference"), True)):
        for ref in sect.findall(ref_tag):
            kind = ref.get(qn("w:type")) or "default"
            try:
                part = section.part.related_parts[ref.get(qn("r:id"))]
            except KeyError:
                continue
            root = part.element
            paras = [para_view(p, styles) for p in root.iter(qn("w:p"))]
            field_para = next((pv for p, pv in zip(root.iter(qn("w:p")), paras, strict=True) if _has_page_field(p)), None)
            view.headers.append(HeaderView(kind, is_footer, paras, _has_page_field(root), field_para))
    return view


def load(source: Union[str, bytes, io.BytesIO]) -> DocView:
    """Read a .docx from a path, bytes or a binary stream."""
    if isinstance(source, bytes):
        source = io.BytesIO(source)
    document = docx.Document(source)
    styles = _Styles(document)
    paragraphs: List[ParaView] = []
    tables = [0]
    _walk(document.element.body, styles, paragraphs, tables)
    sections = [_section_view(s, styles) for s in document.sections]
    return DocView(paragraphs, sections, tables[0])
