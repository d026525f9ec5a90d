"""Currencies the text speaks of as things of their own: ``kg:Currency`` (used by kg_entities).

Market news names currencies as actors: "the dollar rose against the yen", "the Canadian
dollar gained", "sterling held steady". Such a mention is a currency word of
``[statistics] currencies`` (``lexicon.toml``) used as a noun of its own: in the singular with
"the" before it, or a country's name or demonym ("the U.S. dollar", "the Mexican peso"), or
"sterling". Not an amount ("5 dollars", "92.27 yen": the model's MONEY, a statistic's unit),
not a modifier of another noun ("the euro zone", "dollar bills"), not a weight ("a pound of
beef"). A word several countries' currencies share names the currency of the country before
it (``[currencies.of_country]``), else its default code. The entity's key is
``currency:<ISO 4217 code>``, its label the ISO 4217 name (pycountry), and its DBpedia
resource the currency's Wikipedia page (``[currencies.pages]``).

>>> currency_label("JPY")
'Yen'
"""

from __future__ import annotations

from functools import cache

import pycountry
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from .common import entity_key
from .companies import dbpedia_iri
from .items import Entity
from .rules import Rules

#: the label of a currency's mention in ``doc.ents``
CURRENCY_LABEL = "CURRENCY"
#: labels of a name that is a currency's word misread ("Dollar" in a headline as a person)
_MISREAD = frozenset({"PERSON", "ORG", "GPE", "LOC"})
#: nouns after a currency word that make it a modifier, not the currency itself
_NOT_AFTER = frozenset({"zone", "area", "bloc", "of", "sign", "symbol", "bill", "bills", "coin"})


@cache
def currency_label(code: str) -> str:
    """The ISO 4217 name of ``code`` ("US Dollar"), else the code itself."""
    found = pycountry.currencies.get(alpha_3=code)
    return str(found.name) if found is not None else code


def currency_spans(doc: Doc, rules: Rules, entities: dict[str, Entity]) -> list[SpacySpan]:
    """The currency mentions of ``doc`` (one token each, the currency word), adding their
    entities to ``entities``."""
    out: list[SpacySpan] = []
    for tok in doc:
        code = _currency_of(tok, rules)
        if code is None:
            continue
        key = f"currency:{code}"
        entity = entities.setdefault(key, Entity(key, "Currency", currency_label(code)))
        entity.aliases.add(tok.text)
        if code in rules.currency_pages and entity.dbpedia is None:
            entity.dbpedia = dbpedia_iri(rules.currency_pages[code])
        out.append(SpacySpan(doc, tok.i, tok.i + 1, label=CURRENCY_LABEL, kb_id=key))
    return out


def currency_names(
    spans: list[SpacySpan], currencies: list[SpacySpan], rules: Rules, entities: dict[str, Entity]
) -> list[SpacySpan]:
    """``spans`` with a one-word name the model read as a person's, an organisation's or a
    place's that is a currency word of a currency the article speaks of made that currency
    ("Dollar slides against the yen" in a headline, where the body says "the dollar")."""
    found = {str(c.kb_id_) for c in currencies}
    out: list[SpacySpan] = []
    for span in spans:
        code = rules.currencies.get(span.text.lower()) if len(span) == 1 else None
        key = f"currency:{code}"
        if code is None or key not in found or span.label_ not in _MISREAD:
            out.append(span)
            continue
        entities[key].aliases.add(span.text)
        out.append(SpacySpan(span.doc, span.start, span.end, label=CURRENCY_LABEL, kb_id=key))
    used = {str(s.kb_id_) for s in out}
    for span in spans:
        if str(span.kb_id_) not in used:
            entities.pop(str(span.kb_id_), None)
    return out


def _currency_of(tok: Token, rules: Rules) -> str | None:
    """The ISO 4217 code of the currency ``tok`` names as a thing of its own, else ``None``."""
    word = tok.lower_
    if (
        not word.isalpha()
        or word not in rules.currencies
        or tok.pos_ not in ("NOUN", "PROPN")
        or tok.ent_type_
        or tok.dep_ == "compound"
    ):
        return None
    doc = tok.doc
    before = doc[tok.i - 1] if tok.i > 0 else None
    after = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    if before is not None and (before.like_num or before.text in rules.currencies):
        return None  # an amount: "5 dollars"
    if after is not None and after.lower_ in _NOT_AFTER:
        return None  # "the euro zone", "a pound of beef"
    country = next(
        (
            key.split(":", 1)[1]
            for child in tok.children
            if child.dep_ in ("compound", "amod", "nmod")
            and (key := entity_key(child) or "").startswith("country:")
        ),
        None,
    )
    singular = word[:-1] if word.endswith("s") and word[:-1] in rules.currencies else word
    determined = any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children)
    if singular != word or not (determined or country is not None or word == "sterling"):
        return None  # "dollars flowed in": money, not the currency
    shared = rules.currency_of_country.get(singular, {})
    return shared.get(country or "", rules.currencies[word])
