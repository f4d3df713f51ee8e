"""Approximate printed width of a line of Times text, for drawing rules of the right length.

Widths are the standard Times metrics (units of 1/1000 em) for printable ASCII; Vietnamese letters
take the width of their base letter, which is what the font does for the accented forms.
"""

from __future__ import annotations

from vntext import fold

_REGULAR = (
    "250,333,408,500,500,833,778,333,333,333,500,564,250,333,250,278,500,500,500,500,500,500,500,500,"
    "500,500,278,278,564,564,564,444,921,722,667,667,722,611,556,722,722,333,389,722,611,889,722,722,"
    "556,722,667,556,611,722,722,944,722,722,611,333,278,333,469,500,333,444,500,444,500,444,333,500,"
    "500,278,278,500,278,778,500,500,500,500,333,389,278,500,500,722,500,500,444,480,200,480,541"
)
_BOLD = (
    "250,333,555,500,500,1000,833,333,333,333,500,570,250,333,250,278,500,500,500,500,500,500,500,500,"
    "500,500,333,333,570,570,570,500,930,722,667,722,722,667,611,778,778,389,500,778,667,944,722,778,"
    "611,778,722,556,667,722,722,1000,722,722,667,333,278,333,581,500,333,500,556,444,556,444,333,500,"
    "556,278,333,556,278,833,556,500,556,556,444,389,333,556,500,722,500,500,444,394,220,394,520"
)
_WIDTHS = {
    False: [int(x) for x in _REGULAR.split(",")],
    True: [int(x) for x in _BOLD.split(",")],
}


def text_width_pt(text: str, size_pt: float, bold: bool = False) -> float:
    """Width in points of ``text`` set in Times at ``size_pt``."""
    table = _WIDTHS[bold]
    units = 0
    for char in fold(text):
        code = ord(char)
        units += table[code - 32] if 32 <= code <= 126 else 500
    return units * size_pt / 1000.0
