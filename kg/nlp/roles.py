"""``kg_roles``: the offices people hold and whom they hold them for.

Patterns (all token-level, so they work on any parse):

* a title before the name: ``Deputy Foreign Minister Carlos Fernandez de Cossio``,
  ``Cuba's Foreign Minister X``, ``Acme Corp. chief executive Jane Doe``;
* an apposition after it: ``Jane Doe, the company's chief executive``,
  ``John Roe, a spokesman for the World Health Organization``.

Whom the office is held for comes, in this order, from the words of the role itself
(``Cuban``, ``Cuba's``, ``of the WHO``), from the office-holder gazetteer
(``office_holders.csv``), from an earlier description of the speaker (``a senior Cuban
official`` … ``X said``), from the only country named in the sentence, or, for a government's
office (``[roles] government_offices``), from the country the article names most.
"""

from __future__ import annotations

from collections import Counter

from spacy.language import Language
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from . import extensions as _ext  # noqa: F401
from .common import entity_key, evidence
from .items import RoleFact
from .layout import yields_facts
from .rules import Rules, fold_name, load_rules

_DETS = {"the", "a", "an", "its", "his", "her", "their"}
_LINKS = {"of", "for", "at", "to", "in"}


class Roles:
    """The ``kg_roles`` component."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules

    def __call__(self, doc: Doc) -> Doc:
        found: dict[tuple[str, str, str | None], RoleFact] = {}
        entities = doc._.kg_entities or {}
        home = _article_country(doc)
        for ent in doc.ents:
            if ent.label_ != "PERSON" or not yields_facts(doc, ent.start_char):
                continue
            person = str(ent.kb_id_)
            for words, target, start, end in (self._before(doc, ent), self._after(doc, ent)):
                if not words:
                    continue
                role = _office_name(words)
                if role.lower() in self.rules.not_offices:
                    continue
                target = target or self._known_holder(entities[person].label, role)
                target = target or self._described_speaker(doc, ent)
                target = target or self._only_country(ent.sent, person)
                if target is None and role.lower().split()[-1] in self.rules.government_offices:
                    target = home  # "Prime Minister Kadri Lepik" in a report from Estonia
                key = (person, role.lower(), target)
                if key not in found:
                    found[key] = RoleFact(person, role, target, evidence(doc, start, end))
        # a later fact with the same person and office but no target is the same role
        facts = list(found.values())
        with_target = {(f.person, f.role.lower()) for f in facts if f.represents}
        doc._.kg_roles = [
            f for f in facts if f.represents or (f.person, f.role.lower()) not in with_target
        ]
        return doc

    # -- patterns -----------------------------------------------------------------------------
    def _is_role_word(self, tok: Token, *, allow_title: bool) -> bool:
        word = tok.lower_
        if word in self.rules.role_heads or word in self.rules.role_modifiers:
            return not tok.ent_type_ or tok.ent_type_ not in ("PERSON", "ORG", "GPE", "NORP", "LOC")
        return (
            allow_title
            and tok.is_title
            and not tok.ent_type_
            and tok.pos_ in ("PROPN", "NOUN", "ADJ")
            and not tok.is_sent_start
        )

    def _before(self, doc: Doc, ent: SpacySpan) -> tuple[list[Token], str | None, int, int]:
        """``[Country|Org ['s]] Title Words NAME``"""
        i = ent.start - 1
        if i < 0 or doc[i].lower_ not in self.rules.role_heads:
            return [], None, 0, 0
        words: list[Token] = []
        while i >= 0:
            if _title_hyphen(doc, i) and words:  # "Director-General", "Secretary-General"
                words.insert(0, doc[i])
                i -= 1
                continue
            if not self._is_role_word(doc[i], allow_title=bool(words)):
                break
            words.insert(0, doc[i])
            i -= 1
        if not words:
            return [], None, 0, 0
        start = words[0].idx
        target: str | None = None
        j = i
        if j >= 0 and doc[j].lower_ in ("'s", "’s"):
            j -= 1
        if j >= 0 and (key := entity_key(doc[j])) and _can_represent(key):
            target = key
            start = _ent_start(doc, j)
        return words, target, start, ent.end_char

    def _after(self, doc: Doc, ent: SpacySpan) -> tuple[list[Token], str | None, int, int]:
        """``NAME, [the|a|Country's|Cuban] role words [of|for ORG|COUNTRY]``"""
        i = ent.end
        if i >= len(doc) or doc[i].text != ",":
            return [], None, 0, 0
        i += 1
        target: str | None = None
        while i < len(doc) and (doc[i].lower_ in _DETS or doc[i].lower_ in ("'s", "’s")):
            i += 1
        if i < len(doc) and (key := entity_key(doc[i])) and _can_represent(key):
            target = key
            while i < len(doc) and entity_key(doc[i]) == key:
                i += 1
            if i < len(doc) and doc[i].lower_ in ("'s", "’s"):
                i += 1
        words: list[Token] = []
        while i < len(doc) and self._is_role_word(doc[i], allow_title=False):
            words.append(doc[i])
            i += 1
        if not words or words[-1].lower_ not in self.rules.role_heads:
            return [], None, 0, 0
        end = words[-1].idx + len(words[-1].text)
        if i + 1 < len(doc) and doc[i].lower_ in _LINKS and target is None:
            j = i + 1
            while j < len(doc) and doc[j].lower_ in _DETS:
                j += 1
            if j < len(doc) and (key := entity_key(doc[j])) and _can_represent(key):
                target = key
                while j < len(doc) and entity_key(doc[j]) == key:
                    j += 1
                end = doc[j - 1].idx + len(doc[j - 1].text)
        return words, target, ent.start_char, end

    # -- whom the office is for ---------------------------------------------------------------
    def _known_holder(self, name: str, role: str) -> str | None:
        for holder in self.rules.office_holders.get(fold_name(name), ()):
            if fold_name(holder.office) == fold_name(role) or fold_name(role).endswith(
                fold_name(holder.office)
            ):
                return holder.represents
        return None

    def _described_speaker(self, doc: Doc, ent: SpacySpan) -> str | None:
        """``The statement from a senior Cuban official …`` then ``… X said``: X is Cuban."""
        if not _is_speaker(doc, str(ent.kb_id_), self.rules):
            return None
        sent = ent.sent
        first = max(0, sent.start - 1)
        # this sentence up to the name, then up to two sentences before
        window: list[Token] = list(doc[sent.start : ent.start])[::-1]
        prev = doc[first].sent if sent.start > 0 else None
        for _ in range(2):
            if prev is None:
                break
            window.extend(list(prev)[::-1])
            prev = doc[prev.start - 1].sent if prev.start > 0 else None
        for tok in window:
            if tok.lower_ in self.rules.proxy_nouns or tok.lower_ in self.rules.role_heads:
                for child in tok.children:
                    key = entity_key(child)
                    if (
                        key
                        and key.startswith("country:")
                        and child.dep_ in ("amod", "compound", "poss")
                    ):
                        return key
        return None

    def _only_country(self, sent: SpacySpan, person: str) -> str | None:
        countries = {entity_key(t) for t in sent if (entity_key(t) or "").startswith("country:")}
        return countries.pop() if len(countries) == 1 else None


def _article_country(doc: Doc) -> str | None:
    """The country the article names most, if it names one more often than any other and at
    least twice."""
    counts = Counter(
        str(e.kb_id_) for e in doc.ents if str(e.kb_id_).startswith("country:")
    ).most_common(2)
    if not counts or counts[0][1] < 2 or (len(counts) == 2 and counts[1][1] == counts[0][1]):
        return None
    return counts[0][0]


def _can_represent(key: str) -> bool:
    """Whether the entity ``key`` can be what a role is for: a country, an organisation or a
    place ("Mayor of Chicago"), as the ontology says; not a person, a product or an index
    ("Boeing 787 Program Manager Ana Ruiz" holds no office of a jet)."""
    return key.startswith(("country:", "org:", "place:"))


def _ent_start(doc: Doc, i: int) -> int:
    while i > 0 and doc[i].ent_iob_ == "I":
        i -= 1
    return int(doc[i].idx)


def _is_speaker(doc: Doc, person: str, rules: Rules) -> bool:
    """Whether any mention of ``person`` is the subject of a speech verb."""
    return any(
        e.kb_id_ == person
        and e.root.dep_ in ("nsubj", "nsubjpass")
        and e.root.head.lemma_.lower() in rules.speech_verbs
        for e in doc.ents
    )


def _office_name(words: list[Token]) -> str:
    """The office's words as written ("Director-General", "Trade Minister")."""
    return " ".join("".join(t.text_with_ws for t in words).split())


def _title_hyphen(doc: Doc, i: int) -> bool:
    """Whether token ``i`` is a hyphen joining two capitalised words of a title, unspaced."""
    return (
        doc[i].text in ("-", "–")
        and 0 < i < len(doc) - 1
        and not doc[i].whitespace_
        and not doc[i - 1].whitespace_
        and doc[i - 1].is_title
        and doc[i + 1].is_title
    )


@Language.factory("kg_roles", requires=["doc._.kg_entities"], assigns=["doc._.kg_roles"])
def make_roles(nlp: Language, name: str) -> Roles:
    return Roles(load_rules())
