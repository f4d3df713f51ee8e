"""A document as data: boxes of the Nghị định 30 layout filled with blocks of text.

Each block names the element it is (a key of ``docgen.nd30.ELEMENTS``), which fixes its size,
case and style; the renderer only turns this structure into Word markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Optional, Tuple


@dataclass(frozen=True)
class Run:
    """A piece of text; ``bold``/``italic`` of None take the element's own style."""

    text: str
    bold: Optional[bool] = None
    italic: Optional[bool] = None


@dataclass(frozen=True)
class Block:
    """One paragraph of a given element."""

    role: str
    runs: Tuple[Run, ...]
    rule_below: Optional[str] = None  # "short": 1/3-1/2 of the text; "full": as long as the text
    first_line_indent: bool = False
    left_indent_pt: float = 0.0
    space_before_pt: float = 0.0
    space_after_pt: float = 0.0
    align: Optional[str] = None  # overrides the element's alignment

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


def block(role: str, text: str, **options) -> Block:
    """A block made of a single run."""
    return Block(role=role, runs=(Run(text),), **options)


@dataclass
class DocumentSpec:
    """Every box of the layout (Phụ lục I, mục IV) for one document."""

    doc_type: str
    header_left: List[Block] = field(default_factory=list)  # ô 2
    header_right: List[Block] = field(default_factory=list)  # ô 1
    number_box: List[Block] = field(default_factory=list)  # ô 3, 5b: same row as the date
    date_box: List[Block] = field(default_factory=list)  # ô 4
    title: List[Block] = field(default_factory=list)  # ô 5a
    kinh_gui: List[Block] = field(default_factory=list)  # ô 9a
    body: List[Block] = field(default_factory=list)  # ô 6
    noi_nhan: List[Block] = field(default_factory=list)  # ô 9b
    signer: List[Block] = field(default_factory=list)  # ô 7a, 7b
    signature_gap_lines: int = 4  # room for ô 7c and ô 8
