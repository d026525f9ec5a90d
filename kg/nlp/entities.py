"""``kg_entities``: turn spaCy's entity spans into resolved entities of our ontology.

It runs after ``ner`` and

* drops mentions in page furniture (``kg_layout``),
* trims determiners, honorifics, titles and possessives from names,
* finds countries through the gazetteer (names, aliases, demonyms) and normalises them to
  ISO 3166-1, keeping cities and regions as places,
* mends organisation names the model splits ("US Customs" + "Border Protection") or misses
  ("the Border Patrol", a repeat of a name it read elsewhere in the article), and splits
  names it runs together over a spaced dash, quotation marks, a possessive or a flight's
  number ("San Jose - Cisco", "General Motors' Saturn", "Garuda Indonesia Flight 200"),
* resolves short names within the article ("Fernandez de Cossio" → the full name, "CBP" → the
  organisation it abbreviates, initials in brackets after a name, "China Eastern" → "China
  Eastern Airlines"); a surname never given in full is a person of this article
  only (its key carries a digest of the text, so two articles' "Smith" stay apart),
* corrects the model's type from plain context: one reading per name in an article, "Dayton,
  Ohio" and "jobs in Dayton" are a town, "Smith, 53," and "X was born" are people, a word
  split off an organisation's name goes back into it; drops codes ("UTC", "USD"),
* finds stock-market indices ("the Dow", "FTSE 100", "Nikkei 225") through the gazetteer
  ``financial_indices.csv`` (a name that goes on, as in "Dow Chemical", is not one),
* links a listed company (:mod:`kg.nlp.companies`, under the fullest name the article gives
  it) and an index with a Wikipedia page to its DBpedia resource, gives a listed company one
  key for all its names, and makes a listed name the company's where it was read as a
  place's that is no country's or division's and does not follow "in" ("Cisco sued"; "in
  Dover"), or as a person's by one recogniser only ("Lockheed Martin"),
* keeps the model's products ("iPod") as products, and makes one of a name followed by a
  model designation ("Airbus A380", "Boeing 787", "iPhone 4"; ``products.toml``), with the
  designation alone elsewhere in the article ("the 787") a mention of it, and designations in
  the plural or hyphenated with letters products wherever they stand ("24 A320s", "the
  777-200LR"),
* mentions a country whose name starts an organisation's ("US Coast Guard") inside it, and
  starts a person's mention at an honorific or a head of state's title ("Ms. Ana Ruiz",
  "President Ana Ruiz"; not "Sen. Ana Ruiz") and any mention at a capitalised "The" ("The
  Hague").

Word lists: ``lexicon.toml`` ([entities], [roles]) and ``names.toml``; the context cues are
in :mod:`kg.nlp.name_context`.

The result: ``doc.ents`` carry the entity key in ``kb_id_``; ``doc._.kg_entities`` maps keys to
:class:`~kg.nlp.items.Entity`; ``doc._.kg_mentions`` lists every mention with its evidence.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from itertools import pairwise

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan
from spacy.util import filter_spans

from ..ner.component import BASE_KEY, SPANS_KEY
from . import extensions as _ext  # noqa: F401
from .common import doc_text, evidence, slugify
from .companies import (
    Company,
    dbpedia_iri,
    load_companies,
    without_legal_form,
    words_without_legal_form,
)
from .currencies import currency_names, currency_spans
from .items import Entity, Mention
from .layout import yields_mentions
from .name_context import (
    division_after,
    division_at,
    division_words,
    load_names,
    longer_name,
    one_sense,
    org_context,
    person_context,
    place_context,
)
from .products import AMOUNTS, YEAR, load_index_pages, load_indices, load_product_cues
from .rules import Rules, fold_name, load_rules

#: a dateline's credit, "HAVANA (Example Wire) —": the agency is the article's source, not an
#: entity the article speaks of (it would co-occur with every entity of every article it wrote)
_DATELINE_CREDIT = re.compile(
    r"(?m)^[ \t]*[A-Z][A-Z .'’-]*[A-Z](?:, [A-Z][\w .]*)? \(([^()\n]{1,60})\)[ \t]*[—–-]"
)

#: "The" written as part of a name ("The Hague"), which a mention keeps and a name leaves out
_THE = ("The", "THE")

_KEEP_LABELS = {
    "PERSON",
    "ORG",
    "GPE",
    "LOC",
    "FAC",
    "NORP",
    "WORK_OF_ART",
    "PRODUCT",
    "EVENT",
    "LAW",
}


#: labels of names that are numbered without being products ("Chapter 11", "World War 2")
_NUMBERED_NOT_PRODUCTS = frozenset({"LAW", "EVENT"})

#: the label of a stock-market index found by the gazetteer
_INDEX = "FIN_INDEX"


#: words no name ends with, though a recogniser's span may ("the Assembly Plant of")
_NO_LAST_WORD = frozenset({"of", "and", "&", "the", "for", "at", "in", "on", "to", "a", "an"})

#: labels of names whose last word is never a lower-case one (products' can be: "iPod nano")
_TITLE_CASE_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC"})

#: labels of a name that its brand's spelling makes a product's ("iPod" read as ORG or PERSON)
_BRANDABLE = frozenset({"ORG", "PERSON", "GPE", "LOC", "FAC", "PRODUCT", "WORK_OF_ART"})


@dataclass
class _Cand:
    """A candidate entity span while the rules run."""

    start: int  # token index
    end: int
    label: str
    key: str = ""


class Entities:
    """The ``kg_entities`` component."""

    def __init__(self, nlp: Language, rules: Rules) -> None:
        self.rules = rules
        self.names = load_names()
        self.mention_titles = rules.honorifics | self.names.mention_titles
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        names = sorted(rules.country_names)
        demonyms = sorted(rules.demonyms)
        self.matcher.add("COUNTRY", [nlp.make_doc(n) for n in names])
        self.matcher.add("DEMONYM", [nlp.make_doc(n) for n in demonyms])
        self.indices = {
            tuple(t.text for t in nlp.make_doc(n)): full for n, full in load_indices().items()
        }
        self.index_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.index_matcher.add(_INDEX, [nlp.make_doc(n) for n in load_indices()])
        self.index_pages = load_index_pages()
        self.products = load_product_cues()
        self.companies = load_companies(rules.legal_suffixes)

    # -- the pipeline step -------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        the_names = {e.start for e in doc.ents if e[0].text in _THE}
        cands = [
            _Cand(e.start, e.end, e.label_)
            for e in doc.ents
            if e.label_ in _KEEP_LABELS and yields_mentions(doc, e.start_char)
        ]
        cands = [part for c in cands for part in _at_dashes(doc, c)]
        cands = [part for c in cands for part in _at_quotes(doc, c)]
        cands = [part for c in cands for part in _before_flight_numbers(doc, c)]
        cands = [part for c in cands for part in self._at_commas(doc, c)]
        cands = [part for c in cands for part in self._at_titles(doc, c)]
        cands = [c for c in (self._trim(doc, c) for c in cands) if c is not None]
        cands = self._at_possessives(doc, cands)
        cands = [c for c in cands if not self._portfolio(doc, c)]
        credits = [m.span(1) for m in _DATELINE_CREDIT.finditer(doc_text(doc))]
        if credits:
            cands = [c for c in cands if not _in_any(doc[c.start : c.end], credits)]
        cands = [c for c in cands if self._is_name(doc, c)]
        cands = self._without_descriptors(doc, cands)
        cands = self._countries(doc, cands)
        cands = self._indices(doc, cands)
        cands = self._merge_coordinated_orgs(doc, cands)
        cands = self._designator_orgs(doc, cands)
        cands = self._org_tails(doc, cands)
        cands = self._bracketed_short_forms(doc, cands)
        self._retype(doc, cands)
        cands = self._company_short_forms(doc, cands)
        cands = self._repeats(doc, cands)
        cands = self._products(doc, cands)
        entities: dict[str, Entity] = {}
        cands = self._resolve(doc, cands, entities)
        spans = filter_spans(
            [SpacySpan(doc, c.start, c.end, label=c.label, kb_id=c.key) for c in cands if c.key]
        )
        taken = {i for s in spans for i in range(s.start, s.end)}
        others = [  # dates, numbers, laws ("Chapter 11") and the like stay for the later
            # components
            e
            for e in doc.ents
            if (e.label_ not in _KEEP_LABELS or e.label_ == "LAW")
            and not taken.intersection(range(e.start, e.end))
        ]
        doc.set_ents(sorted([*spans, *others], key=lambda s: s.start), default="outside")
        if currencies := currency_spans(doc, self.rules, entities):  # needs the names' keys
            spans = currency_names(spans, currencies, self.rules, entities)
            spans = sorted([*spans, *currencies], key=lambda s: s.start)
            doc.set_ents(sorted([*spans, *others], key=lambda s: s.start), default="outside")
        doc._.kg_entities = entities
        doc._.kg_mentions = [
            Mention(
                str(s.kb_id_), evidence(doc, self._mention_start(doc, s, the_names), s.end_char)
            )
            for s in spans
        ] + self._nested_countries(doc, spans, entities)
        return doc

    def _without_descriptors(self, doc: Doc, cands: list[_Cand]) -> list[_Cand]:
        """A capitalised noun for a kind of organisation right before a name describes it and
        is no name ("Automaker GM to cut jobs" in a headline: `[entities] org_kinds`)."""
        starts = {c.start for c in cands}
        return [
            c
            for c in cands
            if not (
                c.end - c.start == 1
                and c.end in starts
                and doc[c.start].lower_ in self.rules.org_kinds
            )
        ]

    def _mention_start(self, doc: Doc, span: SpacySpan, the_names: set[int]) -> int:
        """Where a mention starts: a person's at the honorific or title before the name ("Ms.
        Okafor", "President Ana Ruiz"; not "Sen. Ana Ruiz"), then any name's at a capitalised
        "The" before it, within a sentence or where the model read it as part of the name ("the
        report of The Daily Courier", "The Hague"). The name itself leaves both out."""
        i = span.start
        if str(span.kb_id_).startswith("person:"):
            while i > 0 and doc[i - 1].lower_ in self.mention_titles and doc[i - 1].is_title:
                i -= 1
        if (
            i > 0
            and doc[i - 1].text in _THE
            and (not doc[i - 1].is_sent_start or i - 1 in the_names)
        ):
            i -= 1
        return doc[i].idx

    def _nested_countries(
        self, doc: Doc, spans: list[SpacySpan], entities: dict[str, Entity]
    ) -> list[Mention]:
        """Mentions of a country whose name starts an organisation's ("US Air Force",
        "U.S. Congress"): the organisation keeps the whole name, the country is mentioned
        inside it."""
        starts = {s.start: s for s in spans if str(s.kb_id_).startswith("org:")}
        out: list[Mention] = []
        for match_id, start, end in self.matcher(doc):
            org = starts.get(start)
            if org is None or end >= org.end or doc.vocab.strings[match_id] != "COUNTRY":
                continue
            iso2 = self.rules.country_names.get(doc[start:end].text)
            if iso2 is None:
                continue
            key = f"country:{iso2}"
            self._country_entity(entities, iso2).aliases.add(doc[start:end].text)
            out.append(
                Mention(key, evidence(doc, doc[start].idx, doc[end - 1].idx + len(doc[end - 1])))
            )
        return out

    def _country_entity(self, entities: dict[str, Entity], iso2: str) -> Entity:
        entry = self.rules.countries[iso2]
        key = f"country:{iso2}"
        return entities.setdefault(
            key,
            Entity(key, "Country", entry.name, iso2=iso2, iso3=entry.iso3, wikidata=entry.wikidata),
        )

    # -- span clean-up -----------------------------------------------------------------------
    def _at_commas(self, doc: Doc, c: _Cand) -> list[_Cand]:
        """An organisation's name the model ran over a comma into another name ("The
        Register, Apple") is two; not over a legal form ("Acme, Inc."). (Splitting places
        joined by "and" the same way, "Ontario and Quebec", cost relations on CoNLL04 train
        two-fold cross-validation: 650 → 648 right; "Andrews Lock and Dam" is one.)"""
        if c.label != "ORG":
            return [c]
        parts, start = [], c.start
        for i in range(c.start + 1, c.end - 1):
            after = doc[i + 1]
            if (
                doc[i].text == ","
                and after.is_title
                and doc[i - 1].is_title
                and after.lower_ not in self.rules.legal_suffixes
            ):
                parts.append(_Cand(start, i, c.label))
                start = i + 1
        return [*parts, _Cand(start, c.end, c.label)] if parts else [c]

    def _at_possessives(self, doc: Doc, cands: list[_Cand]) -> list[_Cand]:
        """A name the model ran over a possessive into the name of what is owned ("General
        Motors' Saturn", "Beatles' Apple Corps") is the two names, where the article or a
        recogniser names either on its own. Not where the second ends like a company's name
        ("Moody's Investors Service", "McDonald's Corporation": one name)."""
        ends = self.rules.org_designators | self.rules.legal_suffixes | self.rules.company_words
        alone = {doc[c.start : c.end].text for c in cands} | {
            s.text for key in (BASE_KEY, SPANS_KEY) for s in doc.spans.get(key, ())
        }
        out: list[_Cand] = []
        for c in cands:
            at = next(
                (
                    i
                    for i in range(c.start + 1, c.end - 1)
                    if doc[i].text in _POSSESSIVES and doc[i + 1].is_title
                ),
                None,
            )
            if (
                at is None
                or c.label == "PERSON"
                or doc[c.end - 1].lower_ in ends
                or not ({doc[c.start : at].text, doc[at + 1 : c.end].text} & alone)
            ):
                out.append(c)
                continue
            out += [_Cand(c.start, at, c.label), _Cand(at + 1, c.end, c.label)]
        return out

    def _company_short_forms(self, doc: Doc, cands: list[_Cand]) -> list[_Cand]:
        """Names side by side that together start a company's name in the article, the rest
        of which is words such names end with, are that company's short form: "China" +
        "Eastern" where the article names "China Eastern Airlines"."""
        ends = self.rules.company_words | self.rules.legal_suffixes
        fulls = [
            [t.text for t in doc[c.start : c.end]]
            for c in cands
            if c.label == "ORG" and c.end - c.start > 2
        ]
        ordered = sorted(cands, key=lambda c: c.start)
        out: list[_Cand] = []
        k = 0
        while k < len(ordered):
            c = ordered[k]
            nxt = ordered[k + 1] if k + 1 < len(ordered) else None
            words = [t.text for t in doc[c.start : nxt.end]] if nxt is not None else []
            if (
                nxt is not None
                and nxt.start == c.end
                and (not c.key or c.key.startswith("country:"))
                and not nxt.key
                and nxt.label == "ORG"
                and any(
                    len(full) > len(words)
                    and full[: len(words)] == words
                    and all(w.lower() in ends for w in full[len(words) :])
                    for full in fulls
                )
            ):
                out.append(_Cand(c.start, nxt.end, "ORG"))
                k += 2
                continue
            out.append(c)
            k += 1
        return out

    def _repeats(self, doc: Doc, cands: list[_Cand]) -> list[_Cand]:
        """An organisation's name the model read somewhere in the article and missed where the
        article repeats it ("cut 10,000 jobs at Opel") is a mention there too: the same words,
        capitalised as they were, outside any other entity of the model's."""
        taken = {i for c in cands for i in range(c.start, c.end)}
        taken |= {i for e in doc.ents for i in range(e.start, e.end)}
        names = {
            tuple(t.text for t in doc[c.start : c.end])
            for c in cands
            if c.label == "ORG" and doc[c.start].text[:1].isupper()
        }
        out = list(cands)
        for words in sorted(names, key=len, reverse=True):
            out += [_Cand(i, i + len(words), "ORG") for i in _unclaimed(doc, words, taken)]
        return out

    def _at_titles(self, doc: Doc, c: _Cand) -> list[_Cand]:
        """An organisation's name the model ran on into an office and its holder's name
        ("Bank of England Governor Helen Ashworth") is the organisation and the person (the
        office is left to ``kg_roles``): the holder's name is two or more capitalised words,
        none of which ends organisations' names."""
        if c.label != "ORG":
            return [c]
        for i in range(c.start + 1, c.end - 2):
            holder = doc[i + 1 : c.end]
            if (
                doc[i].is_title
                and doc[i].lower_ in self.rules.role_heads
                and not doc[i - 1].is_punct
                and all(t.is_title and t.pos_ == "PROPN" for t in holder)
                and not any(self._ends_org_name(t.lower_) for t in holder)
            ):
                return [_Cand(c.start, i, "ORG"), _Cand(i + 1, c.end, "PERSON")]
        return [c]

    def _portfolio(self, doc: Doc, c: _Cand) -> bool:
        """Whether a one-word "organisation" is the portfolio of the office after it
        ("Interior" in "Kenyan Interior Minister", "Health" in "Health Secretary")."""
        return (
            c.label == "ORG"
            and c.end - c.start == 1
            and c.end < len(doc)
            and doc[c.start].lower_ in self.rules.role_modifiers
            and doc[c.end].lower_ in self.rules.role_heads
        )

    def _trim(self, doc: Doc, c: _Cand) -> _Cand | None:
        start, end = c.start, c.end
        words = [t for t in doc[start:end] if t.is_alpha and t.lower_ not in ("the", "a", "an")]
        if (
            c.label == "PERSON"
            and len(words) > 1
            and all(self._is_title_word(t.lower_) for t in words)
        ):  # "The former Chief Operating Officer": an office, no name ("King" may be one)
            return None
        while start < end and (
            doc[start].is_space
            or doc[start].lower_ in ("the", "a", "an")
            or doc[start].is_punct
            or doc[start].lower_ in self.rules.honorifics
            or (c.label == "PERSON" and self._is_title_word(doc[start].lower_) and end - start > 1)
        ):
            start += 1
        while (
            end > start
            and (
                doc[end - 1].is_space
                or doc[end - 1].is_punct
                or doc[end - 1].lower_ in ("'s", "’s", "'")
                or doc[end - 1].lower_ in _NO_LAST_WORD  # "St. Thomas Assembly of"
                or (  # "Boeing executive", "the main Airbus union": a noun after the name
                    c.label in _TITLE_CASE_LABELS
                    and doc[end - 1].is_lower
                    and doc[end - 1].is_alpha
                    and end - start > 1
                    and doc[end - 2].whitespace_  # not "Chung-hee", "Jae-kyu"
                    and len(doc[end - 2]) > 1  # not "K mart"
                    and not doc[start].text[:1].islower()  # not "iPod nano": a brand's own case
                )
            )
        ):
            end -= 1
        if start >= end:
            return None
        return _Cand(start, end, c.label)

    def _is_name(self, doc: Doc, c: _Cand) -> bool:
        """Names have a capital letter ("iPod" has one; "healthcare", "320x240" have none)
        and are no time zone or currency code ("UTC", "USD")."""
        span = doc[c.start : c.end]
        last = span[-1]
        if (
            c.end - c.start > 1
            and last.is_title
            and last.lower_ in self.rules.agreement_and_event_names
        ):
            return False  # "the North American Steel Cooperation Agreement": kg_events' agreement
        return any(ch.isupper() for ch in span.text) and span.text not in self.names.not_names

    def _is_title_word(self, word: str) -> bool:
        return word in self.rules.role_heads or word in self.rules.role_modifiers

    # -- countries ---------------------------------------------------------------------------
    def _countries(self, doc: Doc, cands: list[_Cand]) -> list[_Cand]:
        rules = self.rules
        by_token: dict[int, _Cand] = {i: c for c in cands for i in range(c.start, c.end)}
        matches = filter_spans(
            [
                SpacySpan(doc, s, e, label=doc.vocab.strings[m])
                for m, s, e in self.matcher(doc)
                if yields_mentions(doc, doc[s].idx)
            ]
        )
        added: list[_Cand] = []
        for match in matches:
            text = match.text
            iso2 = rules.country_names.get(text) or rules.demonyms.get(text)
            if iso2 is None:
                continue
            label = "GPE" if match.label_ == "COUNTRY" else "NORP"
            owners = {id(by_token[i]) for i in range(match.start, match.end) if i in by_token}
            if self._after_region_word(doc, match):  # "North America": a wider place
                if label == "GPE" and not owners:
                    added.append(_Cand(match.start - 1, match.end, "LOC"))
                elif label == "GPE":
                    owner = by_token[
                        next(i for i in range(match.start, match.end) if i in by_token)
                    ]
                    owner.start = min(owner.start, match.start - 1)
                continue
            if not owners:
                added.append(_Cand(match.start, match.end, label, f"country:{iso2}"))
                continue
            owner = by_token[next(i for i in range(match.start, match.end) if i in by_token)]
            if len(owners) == 1 and owner.start == match.start and owner.end == match.end:
                owner.label, owner.key = label, f"country:{iso2}"
            elif (
                len(owners) == 1
                and owner.label in ("GPE", "NORP", "LOC")
                and not owner.key
                and not longer_name(doc, owner.start, owner.end, match)
            ):
                # "Cuban-American" or a GPE the model drew wider than the country's name
                owner.start, owner.end, owner.label = match.start, match.end, label
                owner.key = f"country:{iso2}"
        for c in cands:
            if not c.key and c.label == "NORP":
                c.key = "-"  # a group that is not a nationality: dropped below
        return [c for c in [*cands, *added] if c.key != "-"]

    def _after_region_word(self, doc: Doc, match: SpacySpan) -> bool:
        """Whether a capitalised compass word makes the match part of a region's name."""
        before = doc[match.start - 1] if match.start > 0 else None
        return (
            before is not None
            and before.is_title
            and before.lower_ in self.rules.region_words
            and not before.whitespace_.strip(" ")
        )

    # -- stock-market indices ----------------------------------------------------------------
    def _indices(self, doc: Doc, cands: list[_Cand]) -> list[_Cand]:
        """Indices of the gazetteer; their reading wins over the model's ("Nikkei" as an
        organisation, "225" as a number). A name that goes on with a capitalised word or
        "&" is another one ("Dow Chemical", "Dow Jones & Co.", "Hang Seng Bank"), and so is
        one the model reads as the end of a longer name ("Alan Dow")."""
        matches = filter_spans(
            [doc[s:e] for _, s, e in self.index_matcher(doc) if yields_mentions(doc, doc[s].idx)]
        )
        for match in matches:
            end = self._index_head(doc, match.end)
            after = doc[match.end] if match.end < len(doc) else None
            if (
                end == match.end
                and after is not None
                and (after.text == "&" or (after.is_title and after.pos_ == "PROPN"))
            ):
                continue
            if any(c.start < match.start < c.end for c in cands):
                continue
            full = self.indices[tuple(t.text for t in match)]
            cands = [c for c in cands if c.end <= match.start or c.start >= end]
            cands.append(_Cand(match.start, end, _INDEX, f"index:{slugify(full)}"))
        return cands

    def _index_head(self, doc: Doc, end: int) -> int:
        """Where an index's mention ends when words naming it as an index follow its name
        ("FTSE 100" + "index", "Nikkei" + "stock index"), else ``end``."""
        cues, k = self.products, end
        while k < len(doc) and doc[k].lower_ in cues.index_modifiers and k - end < 2:
            k += 1
        if (
            k < len(doc)
            and doc[k].lower_ in cues.index_heads
            and "\n" not in doc[k - 1].whitespace_
        ):
            return k + 1
        return end

    # -- products ------------------------------------------------------------------------------
    def _designation(self, doc: Doc, i: int) -> bool:
        """Whether token ``i`` is a model designation right after the word before it."""
        tok = doc[i]
        code = _singular_code(tok.text)
        return (
            i > 0
            and "\n" not in doc[i - 1].whitespace_
            and bool(self.products.model_code.match(code))
            and not YEAR.match(code)
            and tok.ent_type_ not in AMOUNTS
        )

    def _code_suffix(self, doc: Doc, i: int) -> bool:
        """Whether token ``i`` is a hyphen written between two parts of one model designation,
        without spaces ("737-800", "777-200LR", "A330-300E"), after a designation."""
        return (
            0 < i < len(doc) - 1
            and doc[i].text in ("-", "–")
            and not doc[i - 1].whitespace_
            and not doc[i].whitespace_
            and bool(self.products.model_code.match(doc[i - 1].text))
            and bool(self.products.model_code.match(doc[i + 1].text))
            and not YEAR.match(doc[i + 1].text)
        )

    def _product_phrase(self, doc: Doc, c: _Cand) -> bool:
        """Whether the phrase around a name the model reads as an organisation's (or left
        untyped as a product) says it is a product: "the new X", "the 60GB X", "unveiled the
        X", or a count of it in the plural, "3 million Xs", "12 Xs" (organisations are not
        counted; a year, a date or an amount is no count: "the 2009 X", "the 11 April X").
        (Not "Acme's X": owners name their subsidiaries so too, "Tata's Jaguar Land Rover".)"""
        if c.label not in ("ORG", "PRODUCT"):
            return False
        head = doc[c.start : c.end].root
        cues = self.products
        for child in head.lefts:
            if child.i >= c.start:
                continue
            if child.dep_ == "amod" and child.lower_ in cues.new_words:
                return True
            if child.dep_ in ("compound", "nummod", "amod") and cues.spec.match(child.text):
                return True
            if (
                child.dep_ == "nummod"
                and head.tag_ in ("NNS", "NNPS")
                and child.like_num
                and child.ent_type_ not in AMOUNTS
                and not YEAR.fullmatch(child.text)
            ):
                return True
        return head.dep_ == "dobj" and head.head.lemma_.lower() in cues.launch_verbs

    def _brand(self, doc: Doc, c: _Cand) -> bool:
        """Whether a name starts with a brand spelt as a product line's ("iPod", "iTunes")."""
        return c.label in _BRANDABLE and bool(self.products.brand.match(doc[c.start].text))

    def _brand_words(self, doc: Doc, cands: list[_Cand]) -> list[_Cand]:
        """A brand word no name covers ("sold more iPods") is a product's name, with the
        proper nouns right after it, and with the name right after it ("iTunes" + "Music
        Store", read as a person's name)."""
        taken = {i for c in cands for i in range(c.start, c.end)}
        starts = {c.start: c for c in cands if not c.key}
        added: list[_Cand] = []
        for tok in doc:
            if (
                tok.i in taken
                or tok.pos_ not in ("PROPN", "NOUN")
                or not self.products.brand.match(tok.text)
                or not yields_mentions(doc, tok.idx)
            ):
                continue
            end = tok.i + 1
            while (
                end < len(doc)
                and end not in taken
                and doc[end].pos_ == "PROPN"
                and doc[end].is_title
                and "\n" not in doc[end - 1].whitespace_
            ):
                end += 1
            after = starts.get(end)
            if after is not None and "\n" not in doc[end - 1].whitespace_:
                after.start = tok.i  # a product's name now: it starts with the brand
            else:
                added.append(_Cand(tok.i, end, "PRODUCT"))
            taken.update(range(tok.i, end))
        return cands + added

    def _products(self, doc: Doc, cands: list[_Cand]) -> list[_Cand]:
        """A name followed by model designations is a product with them ("Airbus A380",
        "Boeing 787 Dreamliner", "iPhone 4"); the same name elsewhere in the article is that
        product, and so is its designation alone when it is no mere number ("the 787")."""
        cands = self._brand_words(doc, cands)
        starts = {c.start: c for c in cands if not c.key}
        for c in sorted(cands, key=lambda c: c.start):  # "Airbus" + "A380" read apart
            after = starts.get(c.end)
            if not c.key and after is not None and self._designation(doc, after.start):
                c.end = after.end
                after.key = "-"
        cands = [c for c in cands if c.key != "-"]
        taken = {i for c in cands for i in range(c.start, c.end)}
        full: dict[tuple[str, ...], str] = {}  # words → product key
        for c in sorted(cands, key=lambda c: c.start):
            if c.key or c.label in _NUMBERED_NOT_PRODUCTS:
                continue
            end = c.end
            while end < len(doc) and end not in taken:
                if self._designation(doc, end):
                    end += 1
                elif self._code_suffix(doc, end) and end + 1 not in taken:
                    end += 2  # "737" + "-800": the tokenizer split one designation
                else:
                    break
            inner = [i for i in range(c.start + 1, c.end) if self._designation(doc, i)]
            if (
                end == c.end
                and not inner
                and not self._product_phrase(doc, c)
                and not self._brand(doc, c)
            ):
                continue
            first_code = inner[0] if inner else c.end
            taken.update(range(c.end, end))
            c.end, c.label = end, "PRODUCT"
            if (
                (end > c.start + 2 or inner)
                and doc[c.start].lower_ in self.rules.ordinal_words
                and len(_occurrences(doc, tuple(t.text for t in doc[c.start + 1 : c.end]))) > 1
            ):  # "First Airbus A380 delivered", with "Airbus A380" elsewhere in the article:
                c.start += 1  # the first of the product ("Final Fantasy 7" stays)
            words = tuple(t.text for t in doc[c.start : c.end])
            one = " ".join(_singular_code(w) for w in words)  # "Boeing 737s" is "Boeing 737"
            c.key = full.setdefault(words, f"product:{slugify(one)}")
            code = words[first_code - c.start :]
            if len("".join(code)) >= 3:
                full.setdefault(code, c.key)
            if len(code) > 2 and code[1] in ("-", "–") and len(code[0]) >= 3:
                # "Boeing 737-800": the family ("737") alone is a product too, the maker's
                family = (*words[: first_code - c.start], code[0])
                full.setdefault((code[0],), f"product:{slugify(' '.join(family))}")
        cands = self._standalone_designations(doc, cands, taken, full)
        for c in cands:  # "Software Development Kit (SDK)": the short form names the product
            short = _bracketed_initials(doc, c)
            if c.label == "PRODUCT" and c.key and short is not None:
                full.setdefault((short,), c.key)
        if not full:
            return cands
        for c in cands:
            words = tuple(t.text for t in doc[c.start : c.end])
            if not c.key and words in full:
                c.label, c.key = "PRODUCT", full[words]
        for words, key in full.items():
            cands += [
                _Cand(i, i + len(words), "PRODUCT", key) for i in _unclaimed(doc, words, taken)
            ]
        return cands

    def _standalone_designations(
        self,
        doc: Doc,
        cands: list[_Cand],
        taken: set[int],
        full: dict[tuple[str, ...], str],
    ) -> list[_Cand]:
        """Model designations that are products wherever they stand, with no maker's name
        before them: one of letters and digits in the plural ("24 A320s and 6 A321s", "two
        F-16s": only products are counted so), the product the article names with the
        singular if it does ("Airbus A320"); and one in two parts joined by a hyphen, one
        with letters ("the 777-200LR", "an A340-600"; two bare numbers so joined are more
        often a range, "100-200", and need a maker's name before them)."""
        singular = {words[-1]: key for words, key in full.items()}
        for tok in doc:
            i = tok.i
            if i in taken or not yields_mentions(doc, tok.idx):
                continue
            if _PLURAL_DESIGNATION.match(tok.text):
                code = tok.text[:-1]
                key = singular.get(code) or f"product:{slugify(code)}"
                full.setdefault((code,), key)
                cands.append(_Cand(i, i + 1, "PRODUCT", key))
                taken.add(i)
            elif i + 2 < len(doc) and not taken.intersection(range(i, i + 3)):
                first, dash, second = doc[i], doc[i + 1], doc[i + 2]
                if (
                    dash.text == "-"
                    and not first.whitespace_
                    and not dash.whitespace_
                    and _DESIGNATION_PART.match(first.text)
                    and _DESIGNATION_PART.match(second.text)
                    and not (first.text + second.text).isdigit()
                ):
                    words = (first.text, dash.text, second.text)
                    key = full.setdefault(words, f"product:{slugify(''.join(words))}")
                    cands.append(_Cand(i, i + 3, "PRODUCT", key))
                    taken.update(range(i, i + 3))
        return cands

    # -- organisations -----------------------------------------------------------------------
    def _ends_org_name(self, word: str) -> bool:
        return word in self.rules.org_designators or word in self.rules.org_domain_words

    def _merge_coordinated_orgs(self, doc: Doc, cands: list[_Cand]) -> list[_Cand]:
        """``US Customs`` + ``and`` + ``Border Protection`` → one organisation."""
        cands = sorted(cands, key=lambda c: c.start)
        out: list[_Cand] = []
        i = 0
        while i < len(cands):
            c = cands[i]
            if c.label == "ORG" and c.end < len(doc) - 1 and doc[c.end].lower_ == "and":
                j = c.end + 1
                k = j
                while k < len(doc) and doc[k].is_title and k - j < 5:
                    k += 1
                tail = doc[j:k]
                nxt = cands[i + 1] if i + 1 < len(cands) else None
                if nxt is not None and nxt.start == j and nxt.label not in ("ORG", "PERSON", "GPE"):
                    nxt = None
                if (
                    len(tail)
                    and self._ends_org_name(doc[k - 1].lower_)
                    and not self._ends_org_name(doc[c.end - 1].lower_)
                    and (nxt is None or nxt.start != j or nxt.label == "ORG")
                ):
                    end = max(k, nxt.end if nxt is not None and nxt.start == j else k)
                    out.append(_Cand(c.start, end, "ORG"))
                    i += 1
                    while i < len(cands) and cands[i].start < end:
                        i += 1
                    continue
            out.append(c)
            i += 1
        return out

    def _designator_orgs(self, doc: Doc, cands: list[_Cand]) -> list[_Cand]:
        """Title-case names ending in a designator ("the Border Patrol") the model missed."""
        taken = {i for c in cands for i in range(c.start, c.end)}
        out = list(cands)
        for tok in doc:
            if not tok.is_title or tok.lower_ not in self.rules.org_designators or tok.i in taken:
                continue
            start = tok.i
            while (
                start > 0
                and (doc[start - 1].is_title or doc[start - 1].is_upper)
                and not doc[start - 1].is_sent_start
                and doc[start - 1].pos_ in ("PROPN", "NOUN", "ADJ", "")
                and start - 1 not in taken
                and tok.i - start < 5
            ):
                start -= 1
            if start == tok.i or not yields_mentions(doc, doc[start].idx):
                continue
            out.append(_Cand(start, tok.i + 1, "ORG"))
            taken.update(range(start, tok.i + 1))
        return out

    def _bracketed_short_forms(self, doc: Doc, cands: list[_Cand]) -> list[_Cand]:
        """An organisation's initials in brackets right after its name ("the European Central
        Bank (ECB)", "United States Air Force (USAF)") are a mention of it where the model saw
        no name; ``_resolve`` gives them the organisation's key."""
        taken = {i for c in cands for i in range(c.start, c.end)}
        out = list(cands)
        for c in cands:
            i = c.end + 1  # the short form, after "("
            if c.label != "ORG" or i in taken:
                continue
            if _bracketed_initials(doc, c) is not None:
                out.append(_Cand(i, i + 1, "ORG"))
        return out

    def _org_tails(self, doc: Doc, cands: list[_Cand]) -> list[_Cand]:
        """A single word the model split off the end of an organisation's name after "and"
        or "of" and took for a person, or for a place or a name of its own when it is a word of
        organisations' domains ("Institute of Statistics and" + "Geography"), goes back into
        it, and so does a capitalised designator right after the name that no other
        name holds ("Trades Union" + "Congress" in "Trades Union Congress General Secretary
        Maria Collins"), and a legal form read apart from the name before it ("Chrysler" +
        "LLC")."""
        taken = {i for c in cands for i in range(c.start, c.end)}
        for c in cands:
            if (
                c.label == "ORG"
                and not c.key
                and c.end < len(doc)
                and c.end not in taken
                and (
                    (doc[c.end].is_title and doc[c.end].lower_ in self.rules.org_designators)
                    or (  # "Chrysler" + an unlabelled "LLC"
                        (doc[c.end].is_title or doc[c.end].is_upper)
                        and doc[c.end].lower_ in self.rules.legal_suffixes
                    )
                )
            ):
                c.end += 1
                taken.add(c.end - 1)
        ends = {c.end: c for c in cands if c.label == "ORG" and not c.key}
        out: list[_Cand] = []
        for c in sorted(cands, key=lambda c: c.start):
            before = ends.get(c.start)
            if (
                before is not None
                and not c.key
                and all(t.lower_ in self.rules.legal_suffixes for t in doc[c.start : c.end])
            ):  # "Chrysler" + "LLC": the legal form goes back into the name
                before.end = c.end
                continue
            org = ends.get(c.start - 1)
            if (
                org is not None
                and c.end - c.start == 1
                and (
                    c.label == "PERSON"
                    or (  # "… Statistics and" + "Geography" read as a place or a name
                        c.label in ("GPE", "LOC", "ORG")
                        and doc[c.start].lower_ in self.rules.org_domain_words
                    )
                )
                and not c.key
                and doc[c.start - 1].lower_ in ("and", "&", "of")
                and doc[c.start].is_title
            ):
                org.end = c.end
                continue
            out.append(c)
        return out

    # -- what the context says a name is -----------------------------------------------------
    def _retype(self, doc: Doc, cands: list[_Cand]) -> None:
        """Correct the model's type where the context is plain: a name followed by a comma
        and a division or country ("Dayton, Ohio") is a town; one followed by an age
        ("Smith, 53,") or born or dying is a person; one a noun for a kind of organisation
        describes ("electronics retailer Acme", "Acme, a Dallas company") is an organisation,
        and so is a "person" whose name ends with a word that ends organisations' names
        ("Border Patrol") unless both recognisers read it as a person's ("Jim Press"), and
        a "person" or "place" whose name ends with a word only companies' names end with
        ("Douglas Aircraft", "Adam Air").
        A name described so is an organisation's everywhere in the article."""
        described: set[str] = set()
        kinds = self.rules.place_kinds
        by_start = {c.start: c for c in cands}
        for c in sorted(cands, key=lambda c: -c.start):  # "Marsabit and Isiolo counties"
            if c.key or c.label not in ("ORG", "PERSON", "GPE", "LOC", "FAC"):
                continue
            after = doc[c.end] if c.end < len(doc) else None
            if after is not None and after.lower_ in kinds and after.text.islower():
                c.label = "GPE"
            elif after is not None and after.lower_ in ("and", "or") and c.end + 1 in by_start:
                other = by_start[c.end + 1]
                nxt = doc[other.end] if other.end < len(doc) else None
                if other.label == "GPE" and nxt is not None and nxt.lower_ in kinds:
                    c.label = "GPE"
        for c in cands:
            if c.key or c.label not in ("ORG", "PERSON", "GPE", "LOC", "FAC"):
                continue
            if doc[c.end : c.end + 1].text.lower() in kinds and doc[c.end].text.islower():
                continue  # a place, above
            last = doc[c.end - 1].lower_
            if (
                c.label == "PERSON"
                and c.end - c.start > 1
                and last in self.rules.org_designators
                and _person_readings(doc, c) != [True, True]  # both say "Jim Press" is one
            ) or (
                c.label in ("PERSON", "GPE", "LOC", "FAC")
                and c.end - c.start > 1
                and last in self.rules.company_words
            ):  # "Douglas Aircraft" read as a person, "Velmora Air" as a place
                c.label = "ORG"
            elif (
                c.label == "PERSON"
                and c.end - c.start > 1
                and last in self.rules.role_heads
                and last not in self.mention_titles
            ):  # "Ryanair CEO" read as a person: the office's organisation
                c.end, c.label = c.end - 1, "ORG"
            elif (
                (c.label == "ORG" or (c.label == "PERSON" and c.end - c.start == 1))
                and not self._ends_org_name(last)
                and division_after(doc, c.end, self.names, self.rules.country_names)
            ):
                c.label = "GPE"
            elif person_context(doc, c.start, c.end):
                c.label = "PERSON"  # before org_context: "automaker Henry Ford was born"
            elif org_context(doc, c.start, c.end, self.rules.org_kinds):
                c.label = "ORG"
                described.add(doc[c.start : c.end].text)
            elif (
                c.label == "PERSON"
                and c.end - c.start == 1
                and (place_context(doc, c.start, c.end) or self._lies_in(doc, c))
            ):
                c.label = "GPE"
            elif c.label in ("GPE", "LOC", "FAC") and self._listed_not_place(doc, c):
                c.label = "ORG"  # "Cisco" read as a place
            elif c.label in ("GPE", "LOC", "FAC") and self._starts_company_name(doc, c, cands):
                c.label = "ORG"  # "AirTran" read as a place, "AirTran Airways" in the article
            elif (
                c.label == "PERSON"
                and c.end - c.start > 1
                and self._company([doc[c.start : c.end].text]) is not None
                and _person_readings(doc, c) != [True, True]
            ):
                c.label = "ORG"  # "Lockheed Martin" read as a person by one recogniser
        for c in cands:
            if not c.key and doc[c.start : c.end].text in described:
                c.label = "ORG"

    def _listed(self, words: list[str], core: list[str]) -> Company | None:
        """The listed company a name (``core``: without its legal form) is: by the name, by
        the core, or by the core less a word such names go on with ("Apple Computer")."""
        found = self._company(words) or self._company(core)
        if found is None and len(core) > 1 and core[-1].lower() in self.rules.company_tails:
            found = self._company(core[:-1])
        return found

    def _company(self, words: list[str]) -> Company | None:
        return self.companies.get(unicodedata.normalize("NFC", _clean_name(" ".join(words))))

    def _country_written_out(self, words: list[str]) -> list[str]:
        """An organisation's name with the country that starts it under the gazetteer's name
        for it ("U.S. Air Force" → "United States Air Force"), for its IRI."""
        for n in range(min(4, len(words) - 1), 0, -1):
            iso2 = self.rules.country_names.get(" ".join(words[:n]))
            if iso2 is not None and iso2 in self.rules.countries:
                return [self.rules.countries[iso2].name, *words[n:]]
        return words

    def _lies_in(self, doc: Doc, c: _Cand) -> bool:
        """A name after "from", "to", "at" or "near" and before "in" and a country or a
        division: "lifting off from Toulouse in France" is a place."""
        if c.start == 0 or doc[c.start - 1].lower_ not in ("from", "to", "at", "near"):
            return False
        if c.end + 1 >= len(doc) or doc[c.end].lower_ != "in":
            return False
        return division_at(doc, c.end + 1, self.names, self.rules.country_names) > 0

    def _starts_company_name(self, doc: Doc, c: _Cand, cands: list[_Cand]) -> bool:
        """A one-word name read as a place's that starts the name of a company in the article
        ("AirTran" and "AirTran Airways": a name ending in one of ``company_words`` or a legal
        form, of which it is a word of its own), and is no country's or division's, outside
        "in X" and "of X"."""
        span = doc[c.start : c.end]
        if len(span) != 1 or not self._not_a_known_place(doc, c):
            return False
        if c.start > 0 and doc[c.start - 1].lower_ == "of":
            return False  # "Pittsburgh-Corning Corp. of Pittsburgh": where it is based
        ends = self.rules.company_words | self.rules.legal_suffixes
        return any(
            o.label == "ORG"
            and o.end - o.start > 1
            and doc[o.start].text == span.text
            and doc[o.start].whitespace_  # a word of its own, not "Pittsburgh-Corning"
            and doc[o.end - 1].lower_ in ends
            for o in cands
        )

    def _not_a_known_place(self, doc: Doc, c: _Cand) -> bool:
        """A name that is no country's or division's, outside "in X" ("in Dover" stays the
        town)."""
        span = doc[c.start : c.end]
        return (
            span.text not in self.rules.country_names
            and division_words(span) not in self.names.divisions
            and not (c.start > 0 and doc[c.start - 1].lower_ in ("in", "near", "at", "from"))
        )

    def _listed_not_place(self, doc: Doc, c: _Cand) -> bool:
        """A name read as a place's that is a listed company's and no country's or
        division's, outside "in X" ("in Dover" stays the town)."""
        return self._company([doc[c.start : c.end].text]) is not None and self._not_a_known_place(
            doc, c
        )

    # -- resolution --------------------------------------------------------------------------
    def _resolve(self, doc: Doc, cands: list[_Cand], entities: dict[str, Entity]) -> list[_Cand]:
        rules = self.rules
        open_cands = [c for c in cands if not c.key]
        relabel = one_sense(doc, [(c.start, c.end, c.label) for c in open_cands])
        for i, label in relabel.items():
            open_cands[i].label = label

        def words(c: _Cand) -> list[str]:
            return [t.text for t in doc[c.start : c.end] if not t.is_space]

        full_names = [words(c) for c in cands if c.label == "PERSON" and c.end - c.start >= 2]
        full_names.sort(key=len, reverse=True)
        org_names = [words(c) for c in cands if c.label == "ORG"]
        org_names.sort(key=len, reverse=True)

        def lone_person_elsewhere(word: str) -> bool:
            return any(
                len(span) == 1 and span.label_ == "PERSON" and span.text == word
                for key in (BASE_KEY, SPANS_KEY)
                for span in doc.spans.get(key, ())
            )

        def person_for(ws: list[str]) -> list[str] | None:
            for full in full_names:
                if len(ws) <= len(full) and full[-len(ws) :] == ws:
                    return full
            return None

        def org_for(ws: list[str]) -> list[str] | None:
            text = " ".join(ws)
            for full in org_names:
                if len(full) <= len(ws):
                    continue
                if full[-len(ws) :] == ws or (len(ws) == 1 and full[0] == ws[0]):
                    return full
                if (
                    full[: len(ws)] == ws
                    and all(  # "Northway Motors" → "Northway Motors
                        # Inc."; "China Eastern" → "China Eastern Airlines"
                        w.lower() in rules.legal_suffixes
                        or (len(ws) > 1 and w.lower() in rules.company_words)
                        for w in full[len(ws) :]
                    )
                ):
                    return full
                initials = "".join(w[0] for w in full if w[:1].isupper())
                if len(ws) == 1 and text.isupper() and len(text) >= 2 and text == initials:
                    return full
            return None

        # names the model missed: capitalised runs equal to the end of a known full name
        taken = {i for c in cands for i in range(c.start, c.end)}
        for full in full_names:
            for n in range(1, len(full)):
                suffix = full[-n:]
                for i in range(len(doc) - n + 1):
                    span_words = [t.text for t in doc[i : i + n]]
                    if (
                        span_words == suffix
                        and not taken.intersection(range(i, i + n))
                        and doc[i].is_title
                        and yields_mentions(doc, doc[i].idx)
                    ):
                        cands.append(_Cand(i, i + n, "PERSON"))
                        taken.update(range(i, i + n))

        article_tag = hashlib.sha256(doc.text.encode("utf-8")).hexdigest()[:8]
        out: list[_Cand] = []
        for c in cands:
            ws = words(c)
            if c.key.startswith("country:"):
                ent = self._country_entity(entities, c.key.split(":", 1)[1])
                ent.aliases.add(doc[c.start : c.end].text)
                out.append(c)
                continue
            if c.key.startswith("product:"):
                text = doc[c.start : c.end].text
                product = entities.setdefault(c.key, Entity(c.key, "Product", text))
                product.aliases.add(text)
                out.append(c)
                continue
            if c.key.startswith("index:"):
                tokens = tuple(t.text for t in doc[c.start : c.end])
                name = next(  # the gazetteer's name, without "index" or "stock index" after it
                    self.indices[tokens[:n]]
                    for n in range(len(tokens), 0, -1)
                    if tokens[:n] in self.indices
                )
                index = entities.setdefault(c.key, Entity(c.key, "FinancialIndex", name))
                index.aliases.add(doc[c.start : c.end].text)
                if name in self.index_pages:
                    index.dbpedia = dbpedia_iri(self.index_pages[name])
                out.append(c)
                continue
            person = (
                person_for(ws)
                if c.label != "GPE"
                or len(ws) > 1
                or any(_person_readings(doc, c))
                or (lone_person_elsewhere(ws[0]) and self._not_a_known_place(doc, c))
                else None  # "Washington" is no surname of George Washington's, unless read so
                # ("Lepik said": a surname kg_ner took for a place; "Lepik described …" where a
                # recogniser read "Lepik" alone as a person elsewhere in the article)
            )
            if person is not None:
                c.label, name = "PERSON", " ".join(person)
                c.key = f"person:{slugify(name)}"
                ent = entities.setdefault(c.key, Entity(c.key, "Person", name))
                if len(person) > 1:  # a known office holder's full name: their Wikidata item
                    known = rules.office_holders.get(fold_name(name), ())
                    ent.wikidata = next((h.wikidata for h in known if h.wikidata), None)
                out.append(c)
                continue
            if c.label == "PERSON" and len(ws) == 1 and org_for(ws) is not None:
                c.label = "ORG"  # "Acme" where the article names "Acme Aircraft"
            if c.label == "PERSON":
                # a lone name never introduced in full ("Smith said"): a person of this
                # article only, so that two articles' Smiths are never merged
                name = " ".join(ws)
                c.key = f"person:{slugify(name)}-{article_tag}"
                entities.setdefault(c.key, Entity(c.key, "Person", name))
                out.append(c)
                continue
            if c.label in ("ORG", "PERSON", "WORK_OF_ART", "PRODUCT"):
                org = org_for(ws) if c.label == "ORG" or len(ws) == 1 else None
                if c.label == "PRODUCT" and org is None:
                    name = " ".join(ws)
                    c.key = f"product:{slugify(name)}"
                    entities.setdefault(c.key, Entity(c.key, "Product", _clean_name(name)))
                    entities[c.key].aliases.add(doc[c.start : c.end].text)
                    out.append(c)
                    continue
                if c.label != "ORG" and org is None:
                    continue
                name = " ".join(org or ws)
                core = words_without_legal_form(org or ws, rules.legal_suffixes)
                if not core:  # "LLC" split off its company's name
                    continue
                company = self._listed(org or ws, core)
                if company is not None:  # a listed company: one IRI for all its names
                    core = without_legal_form(company.name, rules.legal_suffixes).split()
                else:  # "U.S. Army", "US Army", "United States Army": one IRI
                    core = self._country_written_out(core)
                # one IRI for a company with and without its legal form, in any article
                c.label, c.key = "ORG", f"org:{slugify(' '.join(core))}"
                ent = entities.setdefault(c.key, Entity(c.key, "Organization", _clean_name(name)))
                ent.aliases.add(doc[c.start : c.end].text)
                if company is not None:
                    ent.dbpedia = company.dbpedia
                out.append(c)
                continue
            if c.label in ("GPE", "LOC", "FAC"):
                name = doc[c.start : c.end].text
                c.label, c.key = "LOC", f"place:{slugify(name)}"
                entities.setdefault(c.key, Entity(c.key, "Place", name)).aliases.add(name)
                out.append(c)
        for ent in entities.values():
            if ent.cls in ("Place", "Person") and _shouted(ent.label):
                # a dateline's "LONDON": the article's own "London" if it has one, else so
                written = sorted(a for a in ent.aliases if not _shouted(a))
                ent.label = written[0] if written else _unshouted(ent.label)
        return out


#: dashes that, with a space on each side, set off one phrase from another
_DASHES = frozenset({"-", "–", "—", "--"})


def _at_dashes(doc: Doc, c: _Cand) -> list[_Cand]:
    """A name the model ran over a dash set off by spaces ("based in San Jose - Cisco") is
    the names on either side; a hyphen inside a name ("Rolls-Royce") is written without
    spaces and stays, and so does one word on each side of a spaced one ("Wal - Mart")."""
    dashes = [
        i
        for i in range(c.start + 1, c.end - 1)
        if doc[i].text in _DASHES and doc[i - 1].whitespace_ and doc[i].whitespace_
    ]
    parts = _between(c, dashes)
    if not dashes or all(p.end - p.start == 1 for p in parts):
        return [c]
    return parts


def _between(c: _Cand, marks: list[int]) -> list[_Cand]:
    """The parts of ``c`` between the tokens at ``marks``, each with its label (none empty)."""
    bounds = [c.start - 1, *marks, c.end]
    return [_Cand(a + 1, b, c.label) for a, b in pairwise(bounds) if b > a + 1]


def _occurrences(doc: Doc, words: tuple[str, ...]) -> list[int]:
    """Where ``words`` stand in ``doc`` (token indices)."""
    n = len(words)
    return [i for i in range(len(doc) - n + 1) if tuple(t.text for t in doc[i : i + n]) == words]


def _unclaimed(doc: Doc, words: tuple[str, ...], taken: set[int]) -> list[int]:
    """Where ``words`` stand in ``doc`` on tokens no name has ``taken`` yet, in text that
    yields mentions; the tokens found are taken."""
    found = []
    for i in _occurrences(doc, words):
        if not taken.intersection(range(i, i + len(words))) and yields_mentions(doc, doc[i].idx):
            found.append(i)
            taken.update(range(i, i + len(words)))
    return found


def _bracketed_initials(doc: Doc, c: _Cand) -> str | None:
    """The initials of a name in brackets right after it ("European Central Bank (ECB)",
    "iPhone Software Development Kit (SDK)": the capitalised words'), if they are there."""
    i = c.end + 1
    if i + 1 >= len(doc) or doc[c.end].text != "(" or doc[i + 1].text != ")":
        return None
    initials = "".join(
        w[0] for t in doc[c.start : c.end] for w in t.text.split("-") if w[:1].isupper()
    )
    short = doc[i].text
    if len(short) >= 2 and short.isalpha() and short.isupper() and short == initials:
        return short
    return None


def _before_flight_numbers(doc: Doc, c: _Cand) -> list[_Cand]:
    """A flight's number is no name: "Garuda Indonesia Flight 200" is the airline "Garuda
    Indonesia" (and "Flight 200" alone is nothing kg types)."""
    for i in range(c.start, c.end):
        if (
            doc[i].lower_ == "flight"
            and i + 1 < len(doc)
            and doc[i + 1].like_num
            and c.end in (i + 1, i + 2)  # the model may leave the number out
        ):
            return [_Cand(c.start, i, "ORG")] if i > c.start else []
    return [c]


#: a part of a hyphenated model designation: digits with at most a few capitals before or
#: after them ("777", "200LR", "A340")
_DESIGNATION_PART = re.compile(r"^[A-Z]{0,2}\d{2,4}[A-Z]{0,3}$")
#: a model designation of letters and digits in the plural ("A320s", "F-16s", "MiG-29s")
_PLURAL_DESIGNATION = re.compile(r"^[A-Z][A-Za-z]{0,2}-?\d{2,4}[A-Z]{0,3}s$")
#: possessive endings as the tokenizer splits them off ("Motors' Saturn", "Acme's X1")
_POSSESSIVES = frozenset({"'s", "’s", "'", "’"})
#: quotation marks
_QUOTES = frozenset({'"', "“", "”", "‘", "’", "''", "``"})


def _at_quotes(doc: Doc, c: _Cand) -> list[_Cand]:
    """A name other than a person's the model ran over quotation marks ("the “Big Three”
    United States") is the names between them; a person's keeps a nickname in quotes
    ("Dwayne “The Rock” Johnson")."""
    marks = [i for i in range(c.start, c.end) if doc[i].text in _QUOTES]
    if c.label == "PERSON" or not marks:
        return [c]
    return _between(c, marks)


def _shouted(name: str) -> bool:
    """Whether a name is written in capitals, as in a dateline ("LONDON", "NEW YORK"); not
    an abbreviation ("NYC", "UAE"): a word of four letters or more, and no digits."""
    words = name.split()
    return (
        name.isupper()
        and any(len(w) >= 4 and w.isalpha() for w in words)
        and not any(ch.isdigit() for ch in name)
    )


def _unshouted(name: str) -> str:
    """``"NEW YORK"`` → ``"New York"``; ``"ISLE OF MAN"`` → ``"Isle of Man"``."""
    words = [w.lower() if w.lower() in _NO_LAST_WORD else w.capitalize() for w in name.split()]
    if words:
        words[0] = words[0][:1].upper() + words[0][1:]
    return " ".join(words)


def _singular_code(word: str) -> str:
    """A model designation in the plural without its "s" ("737s", "A320s"); other words as
    they are. A decade ("1990s", "80s") is no plural of a designation."""
    stem = word[:-1]
    decade = stem.isdigit() and len(stem) in (2, 4) and stem.endswith("0")
    if len(word) > 2 and word.endswith("s") and stem[-1].isdigit() and not decade:
        return stem
    return word


def _person_readings(doc: Doc, c: _Cand) -> list[bool]:
    """For each name recogniser that ran (the base model, then ``kg_ner``; their spans are
    kept by ``kg_ner_merge``): whether it read exactly these words as a person's name."""
    return [
        any(s.start == c.start and s.end == c.end and s.label_ == "PERSON" for s in doc.spans[key])
        for key in (BASE_KEY, SPANS_KEY)
        if key in doc.spans
    ]


def _in_any(span: SpacySpan, ranges: list[tuple[int, int]]) -> bool:
    return any(start <= span.start_char and span.end_char <= end for start, end in ranges)


def _clean_name(name: str) -> str:
    return name.replace(" .", ".").replace(" ,", ",").replace(" - ", "-")


@Language.factory("kg_entities", requires=["doc.ents"], assigns=["doc.ents", "doc._.kg_entities"])
def make_entities(nlp: Language, name: str) -> Entities:
    return Entities(nlp, load_rules())
