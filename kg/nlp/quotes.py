"""``kg_quotes``: quotations and who said them.

Quote marks are paired within a paragraph (straight and curly marks alike); a quotation left
open at the end of a paragraph runs to its end. A paragraph's quotations share its attribution:
the subject of a speech verb outside the quotes (the verbs of the quotations' own sentences
first), which may be a name (``Fernandez de Cossio said``), a pronoun (``he said``: the person
named last before it in the paragraph, else the last named speaker) or an office (``the
deputy foreign minister said``: the person holding it). A paragraph of quotation alone
continues the speaker of the paragraph before it.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Token

from . import extensions as _ext  # noqa: F401
from .common import doc_text, entity_key, evidence, quote_spans
from .items import Block, QuoteFact
from .layout import yields_facts
from .rules import Rules, load_rules

_PRONOUNS = {"he", "she"}
_TRIM = " \t,;:-–—" + '"“”„«»'


class Quotes:
    """The ``kg_quotes`` component."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules

    def __call__(self, doc: Doc) -> Doc:
        spans = quote_spans(doc_text(doc))
        facts: list[QuoteFact] = []
        last_speaker: str | None = None
        previous: tuple[Block, str | None] | None = None  # the last body block and its speaker
        for block in doc._.kg_blocks or ():
            if block.kind not in ("title", "body"):
                continue
            inside = [(s, e) for s, e in spans if block.start <= s < block.end]
            if not inside:
                last_speaker = self._last_person(doc, block, last_speaker)
                previous = None
                continue
            found, speaker = self._attribution(doc, block, inside, last_speaker)
            if not found and previous is not None:
                speaker = previous[1]
            for start, end in inside:
                start, end = _trim(doc_text(doc), start, end)
                text = doc_text(doc)[start:end]
                if end <= start or (not found and len(text.split()) < self.rules.quote_min_words):
                    continue
                if not yields_facts(doc, start):
                    continue
                facts.append(QuoteFact(text, speaker, evidence(doc, start, end)))
            last_speaker = speaker or last_speaker
            previous = (block, speaker)
        doc._.kg_quotes = facts
        return doc

    def _attribution(
        self, doc: Doc, block: Block, inside: list[tuple[int, int]], last: str | None
    ) -> tuple[bool, str | None]:
        """Whether the paragraph attributes its quotes, and to whom."""
        span = doc.char_span(block.start, block.end, alignment_mode="expand")
        if span is None:
            return False, None

        def quoted(tok: Token) -> bool:
            return any(s <= tok.idx < e for s, e in inside)

        def in_a_quoting_sentence(tok: Token) -> bool:
            return any(tok.sent.start_char <= s < tok.sent.end_char for s, _ in inside)

        # the speech verbs of the sentences with the quotations first: in "Economists said X.
        # 'Y,' said Jane Doe", Y is Jane Doe's
        verbs = sorted(
            (
                tok
                for tok in span
                if not quoted(tok)
                and tok.pos_ in ("VERB", "AUX")
                and tok.lemma_.lower() in self.rules.speech_verbs
            ),
            key=lambda tok: (not in_a_quoting_sentence(tok), tok.i),
        )
        for tok in verbs:
            subjects = [
                c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass") and not quoted(c)
            ]
            if not subjects:  # "…," said Jane Doe
                subjects = [t for t in doc[tok.i + 1 : tok.i + 4] if not quoted(t) and t.ent_type_]
            for subj in subjects:
                # "she said": the last person named before it in the paragraph, else before
                named = [
                    e
                    for e in doc.ents
                    if e.label_ == "PERSON" and span.start <= e.start and e.end <= subj.i
                ]
                return True, self._speaker(doc, subj, str(named[-1].kb_id_) if named else last)
        return False, None

    def _speaker(self, doc: Doc, subj: Token, last: str | None) -> str | None:
        key = entity_key(subj)
        if key and key.startswith("person:"):
            return key
        if subj.lower_ in _PRONOUNS:
            return last
        phrase = " ".join(t.lower_ for t in subj.subtree if t.lower_ not in ("the", "a", "an"))
        holders = [r.person for r in doc._.kg_roles or () if r.role.lower() == phrase]
        if not holders and subj.lower_ in self.rules.role_heads:
            holders = [
                r.person for r in doc._.kg_roles or () if r.role.lower().endswith(subj.lower_)
            ]
        if len(set(holders)) == 1:
            return str(holders[0])
        if last in holders:
            return last
        return None

    def _last_person(self, doc: Doc, block: Block, last: str | None) -> str | None:
        """Outside quotations, a pronoun speaker refers to the last person named."""
        for ent in reversed(doc.ents):
            if block.start <= ent.start_char < block.end and ent.label_ == "PERSON":
                return str(ent.kb_id_)
        return last


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


@Language.factory("kg_quotes", requires=["doc._.kg_roles"], assigns=["doc._.kg_quotes"])
def make_quotes(nlp: Language, name: str) -> Quotes:
    return Quotes(load_rules())
