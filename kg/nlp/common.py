"""Helpers shared by the extractors: evidence spans, entity look-up, slugs."""

from __future__ import annotations

import re
import unicodedata

from spacy.tokens import Doc, Token

from .items import Span
from .rules import Rules

QUOTE_CHARS = '"“”„«»'


def slugify(text: str) -> str:
    """ASCII, lower-case, hyphen-separated: ``"Fernández de Cossío"`` → ``"fernandez-de-cossio"``."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-") or "x"


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed once per Doc (spaCy rebuilds it from every token on each access;
    kg reads it once per evidence span, which was half of the ingest's profile)."""
    text = doc.user_data.get("kg.text")
    if text is None:
        text = doc.user_data["kg.text"] = doc.text
    return str(text)


def evidence(doc: Doc, start: int, end: int) -> Span:
    """The :class:`Span` for characters ``start:end`` (without surrounding white space) with
    its sentence's bounds."""
    text = doc_text(doc)
    inner = start
    while inner < end and text[inner].isspace():
        inner += 1
    if _trim_end(text, inner, end) > inner:
        start, end = inner, _trim_end(text, inner, end)
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return Span(start, end, start, end)
    sent = span[0].sent
    sent_start = min(sent.start_char, start)
    sent_end = max(_trim_end(text, sent.start_char, sent.end_char), end)
    return Span(start, end, sent_start, sent_end)


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def entity_key(token: Token) -> str | None:
    """The key of the resolved entity ``token`` belongs to, if any."""
    if token.ent_type_ and token.ent_kb_id_:
        return str(token.ent_kb_id_)
    return None


def agent_of(token: Token, rules: Rules) -> str | None:
    """The entity a noun phrase headed by ``token`` stands for.

    ``US`` → the United States; ``Cuban authorities`` / ``officials of Cuba`` → Cuba (through
    a proxy noun); ``the Border Patrol`` → that organisation.
    """
    key = entity_key(token)
    if key:
        return key
    if token.lower_ in rules.proxy_nouns or token.lemma_.lower() in rules.proxy_nouns:
        for child in token.children:
            if child.dep_ in ("amod", "compound", "poss", "nmod", "npadvmod"):
                key = entity_key(child)
                if key:
                    return key
            if child.dep_ == "prep" and child.lower_ in ("of", "from", "in"):
                for grandchild in child.children:
                    if grandchild.dep_ == "pobj" and entity_key(grandchild):
                        return entity_key(grandchild)
    # a noun phrase whose head is inside an entity span: "the United States" headed by "States"
    for child in token.children:
        if child.dep_ in ("compound", "flat") and entity_key(child):
            return entity_key(child) if token.pos_ == "PROPN" else None
    return None


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans inside double quotes, paired line by line; an unclosed quote runs to
    the end of its line (a quotation continued in the next paragraph)."""
    spans: list[tuple[int, int]] = []
    offset = 0
    for line in text.split("\n"):
        opened: int | None = None
        for i, ch in enumerate(line):
            if ch not in QUOTE_CHARS:
                continue
            if opened is None:
                opened = i + 1
            else:
                spans.append((offset + opened, offset + i))
                opened = None
        if opened is not None and len(line) - opened > 1:
            spans.append((offset + opened, offset + len(line)))
        offset += len(line) + 1
    return spans
