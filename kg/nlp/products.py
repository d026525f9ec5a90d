"""The word lists of products and stock-market indices that ``kg_entities`` reads
(``kg/rules/financial_indices.csv``, ``kg/rules/products.toml``), checked when loaded."""

from __future__ import annotations

import csv
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .rules import RULES_DIR, RulesError


def load_indices(path: Path = RULES_DIR / "financial_indices.csv") -> dict[str, str]:
    """Every name and short form of a stock-market index → its full name."""
    return dict(_load_indices(path)[0])


def load_index_pages(path: Path = RULES_DIR / "financial_indices.csv") -> dict[str, str]:
    """An index's full name → its English Wikipedia title, where the gazetteer gives one."""
    return dict(_load_indices(path)[1])


@lru_cache(maxsize=4)
def _load_indices(
    path: Path,
) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
    names: dict[str, str] = {}
    pages: dict[str, str] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for lineno, row in enumerate(csv.DictReader(handle), start=2):
            full = (row.get("name") or "").strip()
            if not full:
                raise RulesError(f"{path.name}:{lineno}: an index needs a name")
            page = (row.get("wikipedia") or "").strip()
            if page:
                if " " in page or "/wiki/" in page:
                    raise RulesError(
                        f"{path.name}:{lineno}: wikipedia {page!r} is not a page title "
                        "(underscores for spaces, as in Nikkei_225)"
                    )
                pages[full] = page
            for name in [full, *(row.get("aliases") or "").split("|")]:
                name = name.strip()
                if name and names.setdefault(name, full) != full:
                    raise RulesError(
                        f"{path.name}:{lineno}: {name!r} already names {names[name]!r}"
                    )
    for name, full in list(names.items()):  # "FTSE 100" is also written "FTSE-100"
        if m := _NUMBERED.match(name):
            names.setdefault(f"{m.group(1)}-{m.group(2)}", full)
    return tuple(sorted(names.items())), tuple(sorted(pages.items()))


#: an index's name ending in its number after a space ("FTSE 100", "Nikkei 225")
_NUMBERED = re.compile(r"^(.*[A-Za-z]) (\d+)$")


#: a year is never a model designation ("Toyota 2009")
YEAR = re.compile(r"^(1[89]|20)\d\d$")
#: entity labels of numbers that are amounts, not model designations
AMOUNTS = ("PERCENT", "MONEY", "QUANTITY", "DATE", "TIME", "ORDINAL")


@dataclass(frozen=True)
class ProductCues:
    """What makes a name a product's (``products.toml``)."""

    model_code: re.Pattern[str]
    spec: re.Pattern[str]
    new_words: frozenset[str]
    launch_verbs: frozenset[str]
    brand: re.Pattern[str]
    index_heads: frozenset[str]
    index_modifiers: frozenset[str]


@lru_cache(maxsize=4)
def load_product_cues(path: Path = RULES_DIR / "products.toml") -> ProductCues:
    with path.open("rb") as handle:
        rules = tomllib.load(handle)
    section, indices = rules.get("products", {}), rules.get("indices", {})

    def pattern(key: str) -> re.Pattern[str]:
        value = section.get(key)
        if not isinstance(value, str):
            raise RulesError(f"{path.name}: [products] {key} must be a regular expression")
        try:
            return re.compile(value)
        except re.error as exc:
            raise RulesError(f"{path.name}: [products] {key}: {exc}") from None

    def words(
        key: str, table: dict[str, object] = section, name: str = "products"
    ) -> frozenset[str]:
        value = table.get(key)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise RulesError(f"{path.name}: [{name}] {key} must be a list of words")
        return frozenset(v.lower() for v in value)

    return ProductCues(
        pattern("model_code"),
        pattern("spec"),
        words("new_words"),
        words("launch_verbs"),
        pattern("brand"),
        words("heads", indices, "indices"),
        words("modifiers", indices, "indices"),
    )
