"""Listed companies: an offline gazetteer read from ``pytickersymbols`` (the constituents of
20 stock-market indices, among them the S&P 500, FTSE 100, DAX, CAC 40 and Nikkei 225, with
each company's English Wikipedia page).

``kg_entities`` looks an organisation's name up here once the article has given it its
fullest form ("Ford" where the article says "Ford Motor Company"), and links a listed company
to its DBpedia resource (``owl:sameAs``). A name is looked up as the exchange lists it, as
Wikipedia titles it, and both without a legal form or a Wikipedia disambiguation ("Apple
Inc.", "Apple", "Cisco", "Block, Inc." → "Block"). A name two companies share is left out.
Nothing is looked up that the recognisers did not read as a name, so a company named with
an ordinary word ("Target", "Next") is linked only where a recogniser took the word for one.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote, unquote

#: where a DBpedia resource's IRI starts; the rest is the English Wikipedia title
DBPEDIA = "http://dbpedia.org/resource/"
_WIKIPEDIA = re.compile(r"^https?://en\.wikipedia\.org/wiki/(?P<title>[^#?]+)$")
_DISAMBIGUATION = re.compile(r" \([^()]*\)$")
#: fewer names than this means the package's data is not what kg was built with
_EXPECTED = 1000


@dataclass(frozen=True)
class Company:
    """A listed company: the name its exchange lists and its English Wikipedia title."""

    name: str
    wikipedia: str  # "Apple_Inc."

    @property
    def dbpedia(self) -> str:
        """The company's DBpedia resource (the Wikipedia title, as DBpedia writes IRIs)."""
        return dbpedia_iri(self.wikipedia)


def dbpedia_iri(title: str) -> str:
    """``"S&P 500"`` → ``http://dbpedia.org/resource/S&P_500``: DBpedia's IRI for the English
    Wikipedia page ``title`` (spaces as underscores; letters beyond ASCII kept, as DBpedia
    writes them: ``Nestlé``; only ASCII characters an IRI cannot hold are escaped)."""
    return DBPEDIA + "".join(
        ch if ord(ch) > 127 else quote(ch, safe="!$&'()*+,-./:;=@_~")
        for ch in title.replace(" ", "_")
    )


def load_companies(legal_forms: Collection[str]) -> dict[str, Company]:
    """Every name of a listed company (see the module's text) → the company. ``legal_forms``
    are the lower-case words a name may end with and still be the same name ("inc.")."""
    return dict(_load_companies(frozenset(legal_forms)))


@lru_cache(maxsize=2)
def _load_companies(legal_forms: frozenset[str]) -> tuple[tuple[str, Company], ...]:
    from pytickersymbols import PyTickerSymbols

    names: dict[str, set[Company]] = {}
    for stock in PyTickerSymbols().get_all_stocks():
        url = (stock.get("metadata") or {}).get("wikipedia_url") or ""
        m = _WIKIPEDIA.match(url.strip())
        listed = str(stock.get("name") or "").strip()
        if m is None or not listed:
            continue  # without a page there is nothing to link to
        title = unicodedata.normalize("NFC", unquote(m.group("title")).replace("_", " ").strip())
        listed = unicodedata.normalize("NFC", listed)
        company = Company(listed, title.replace(" ", "_"))
        for name in (listed, title, _DISAMBIGUATION.sub("", title)):
            for variant in (name, without_legal_form(name, legal_forms)):
                if variant:
                    names.setdefault(variant, set()).add(company)
    if len(names) < _EXPECTED:
        warnings.warn(
            f"pytickersymbols gave {len(names)} names of listed companies with a Wikipedia page "
            f"(kg expects {_EXPECTED} or more): companies will be linked less often. "
            "Reinstall kg's dependencies (`pip install -e .`) to get the version it was built with.",
            stacklevel=2,
        )
    return tuple(
        sorted((name, next(iter(found))) for name, found in names.items() if len(found) == 1)
    )


def without_legal_form(name: str, legal_forms: Collection[str]) -> str:
    """``"Acme Motors, Inc."`` → ``"Acme Motors"``; ``""`` when the name is nothing else."""
    return " ".join(words_without_legal_form(name.replace(",", " , ").split(), legal_forms))


def words_without_legal_form(words: list[str], legal_forms: Collection[str]) -> list[str]:
    """A company's name without the legal forms that end it (``["Acme", "Motors", "Inc."]``
    → ``["Acme", "Motors"]``; "Acme, Inc." too); empty when it is nothing else."""
    end = len(words)
    while end and (words[end - 1].lower() in legal_forms or words[end - 1] in (",", ".")):
        end -= 1
    return words[:end]
