"""``kg_layout``: split the article into lines, tell title, body, headings and page furniture
apart, and start a sentence at every line break. Runs before the parser."""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from . import extensions as _ext  # noqa: F401  (registers Doc._ extensions)
from .items import Block
from .rules import Rules, load_rules

_CLOSING = re.compile(r"[.!?:;\"”’)\]]\s*$")


def classify_lines(text: str, rules: Rules) -> list[Block]:
    """Return one :class:`Block` per non-empty line of ``text``."""
    blocks: list[Block] = []
    offset = 0
    for line in text.split("\n"):
        start, end = offset, offset + len(line)
        offset = end + 1
        stripped = line.strip()
        if not stripped:
            continue
        lead = len(line) - len(line.lstrip())
        start, end = start + lead, start + lead + len(stripped)
        words = len(stripped.split())
        if not blocks:
            kind = "title"
        elif any(p.search(stripped) for p in rules.boilerplate) or (
            _CLOSING.search(stripped) is None and words <= rules.navigation_words
        ):
            kind = "boilerplate"
        elif _CLOSING.search(stripped) is None and words <= rules.heading_words:
            kind = "heading"
        else:
            kind = "body"
        blocks.append(Block(start, end, kind))
    return blocks


class Layout:
    """The ``kg_layout`` component."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules

    def __call__(self, doc: Doc) -> Doc:
        doc._.kg_blocks = classify_lines(doc.text, self.rules)
        text = doc.text
        for token in doc[1:]:
            if token.is_space:
                continue
            if _after_newline(text, token.idx):
                token.is_sent_start = True
        return doc


def _after_newline(text: str, idx: int) -> bool:
    i = idx - 1
    while i >= 0 and text[i] in " \t\u00a0":
        i -= 1
    return i >= 0 and text[i] == "\n"


@Language.factory("kg_layout", requires=[], assigns=["doc._.kg_blocks", "token.is_sent_start"])
def make_layout(nlp: Language, name: str) -> Layout:
    return Layout(load_rules())


def content_kind(doc: Doc, char: int) -> str:
    """The kind of the line containing character ``char`` ("body" when unknown)."""
    for block in doc._.kg_blocks or ():
        if block.start <= char < block.end:
            return str(block.kind)
    return "body"


def yields_facts(doc: Doc, char: int) -> bool:
    """Facts come from the title and the body, never from headings or boilerplate."""
    return content_kind(doc, char) in ("title", "body")


def yields_mentions(doc: Doc, char: int) -> bool:
    """Entity mentions come from everything but boilerplate."""
    return content_kind(doc, char) != "boilerplate"
