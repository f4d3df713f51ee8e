"""Small helpers shared by the rule modules."""

from __future__ import annotations

from typing import List, Optional, Tuple

from docgen.check.docmodel import ParaView
from docgen.check.locate import is_upper


def num(value: float) -> str:
    """12.5 -> "12,5"; 13.0 -> "13"."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def excerpt(p: Optional[ParaView], length: int = 50) -> str:
    if p is None:
        return ""
    text = p.stripped
    return f"«{text[:length]}…»" if len(text) > length else f"«{text}»"


def sizes_outside(p: ParaView, sizes: Tuple[float, float]) -> List[float]:
    low, high = sizes
    return sorted({r.size for r in p.words if r.size is not None and not low - 0.01 <= r.size <= high + 0.01})


def style_problems(
    p: ParaView,
    sizes: Optional[Tuple[float, float]] = None,
    bold: Optional[bool] = None,
    italic: Optional[bool] = None,
    upper: Optional[bool] = None,
) -> List[str]:
    """What is wrong with the look of one paragraph, in Vietnamese."""
    problems: List[str] = []
    words = p.words
    if not words:
        return problems
    if sizes:
        wrong = sizes_outside(p, sizes)
        if wrong:
            problems.append("cỡ chữ " + ", ".join(num(s) for s in wrong))
    if bold is True and not all(r.bold for r in words):
        problems.append("không in đậm")
    if bold is False and any(r.bold for r in words):
        problems.append("bị in đậm")
    if italic is True and not all(r.italic for r in words):
        problems.append("không in nghiêng")
    if italic is False and any(r.italic for r in words):
        problems.append("bị in nghiêng (phải là chữ đứng)")
    if upper is True and not is_upper(p.stripped):
        problems.append("không viết in hoa")
    if upper is False and is_upper(p.stripped) and len([c for c in p.stripped if c.isalpha()]) > 3:
        problems.append("viết in hoa (phải là chữ in thường)")
    return problems
