"""Load the extraction rules (``kg/rules/``) and check them before any text is read."""

from __future__ import annotations

import csv
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import KGError
from .items import ENTITY_CLASSES  # the ontology classes an entity label may map to

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"
BOUNDS = ("min", "max", "approx", "exact")
#: the units a duration may have (the mapping writes them as OWL-Time units; a decade is 10 years)
TIME_UNITS = ("year", "month", "week", "day", "hour", "minute", "decade")
#: the parts of a day kg:partOfDay names (TIMEX3 TMO, TAF, TEV, TNI)
PARTS_OF_DAY = ("morning", "afternoon", "evening", "night")


@dataclass(frozen=True)
class CountryEntry:
    iso2: str
    iso3: str
    name: str
    wikidata: str | None


@dataclass(frozen=True)
class OfficeHolder:
    """A known holder of an office (``office_holders.csv``): a small, offline knowledge base."""

    name: str
    office: str
    represents: str  # entity key: "country:US" or "org:european-commission"
    wikidata: str | None
    start: date | None
    end: date | None


@dataclass(frozen=True)
class Rules:
    """Every word list and gazetteer the extractors use."""

    boilerplate: tuple[re.Pattern[str], ...]
    navigation_words: int
    heading_words: int
    entity_labels: dict[str, str]
    org_designators: frozenset[str]
    legal_suffixes: frozenset[str]
    org_domain_words: frozenset[str]
    org_kinds: frozenset[str]
    company_tails: frozenset[str]
    company_words: frozenset[str]
    ordinal_words: frozenset[str]
    place_kinds: frozenset[str]
    agreement_and_event_names: frozenset[str]
    proxy_nouns: frozenset[str]
    region_words: frozenset[str]
    honorifics: frozenset[str]
    role_heads: frozenset[str]
    role_modifiers: frozenset[str]
    not_offices: frozenset[str]
    government_offices: frozenset[str]
    succession: frozenset[str]
    speech_verbs: frozenset[str]
    quote_min_words: int
    bounds: tuple[tuple[tuple[str, ...], str], ...]  # longest phrase first
    multipliers: dict[str, Decimal]
    number_words: dict[str, int]
    duration_numbers: dict[
        str, int
    ]  # number_words and the words that are numbers only before a unit
    currencies: dict[str, str]
    currency_of_country: dict[str, dict[str, str]]  # "dollar" → {"CA": "CAD", …}
    currency_pages: dict[str, str]  # ISO 4217 code → English Wikipedia page
    frequency_nouns: frozenset[str]
    measure_nouns: frozenset[str]
    glued_units: frozenset[str]  # lower-case
    level_nouns: frozenset[str]
    baseline_words: frozenset[str]
    report_verbs: frozenset[str]
    event_nouns: frozenset[str]
    participation_verbs: frozenset[str]
    meeting_verbs: frozenset[str]
    topic_verbs: frozenset[str]
    agreement_nouns: frozenset[str]
    agreement_status: dict[str, str]
    request_verbs: frozenset[str]
    plan_words: frozenset[str]
    light_verbs: frozenset[str]
    countries: dict[str, CountryEntry]  # by ISO alpha-2
    country_names: dict[str, str]  # name or alias as written → alpha-2
    demonyms: dict[str, str]  # demonym as written → alpha-2
    office_holders: dict[str, tuple[OfficeHolder, ...]]  # by folded name
    timex_units: dict[str, str]  # unit word (singular) → "year" | "month" | … | "decade"
    vague_amounts: frozenset[str]
    age_before: frozenset[str]
    age_after: frozenset[str]
    date_prepositions: frozenset[str]
    year_determiners: frozenset[str]
    times_of_day: frozenset[str]
    parts_of_day: dict[str, str]  # word → "morning" | "afternoon" | "evening" | "night"
    duration_adjectives: frozenset[str]
    future_auxiliaries: frozenset[str]
    future_verbs: frozenset[str]
    future_prepositions: frozenset[str]
    anaphoric_days: frozenset[str]
    time_references: dict[str, str]  # phrase → "past" | "present" | "future"


class RulesError(KGError):
    """A rules file is malformed; the message names the file and the entry."""


def _words(section: dict[str, Any], key: str, where: str) -> frozenset[str]:
    value = section.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RulesError(f"{where}: '{key}' must be a list of strings")
    return frozenset(v.lower() for v in value)


def _pairs(section: dict[str, Any], key: str, where: str) -> list[tuple[str, str]]:
    value = section.get(key)
    if not isinstance(value, list) or not all(
        isinstance(v, list) and len(v) == 2 and all(isinstance(x, str) for x in v) for v in value
    ):
        raise RulesError(f"{where}: '{key}' must be a list of [phrase, value] pairs")
    return [(a.lower(), b) for a, b in value]


def _load_countries(path: Path) -> tuple[dict[str, CountryEntry], dict[str, str], dict[str, str]]:
    countries: dict[str, CountryEntry] = {}
    names: dict[str, str] = {}
    demonyms: dict[str, str] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for lineno, row in enumerate(csv.DictReader(handle), start=2):
            iso2 = (row.get("alpha2") or "").strip()
            if not re.fullmatch(r"[A-Z]{2}", iso2):
                raise RulesError(f"{path.name}:{lineno}: alpha2 {iso2!r} is not an ISO 3166-1 code")
            wikidata = (row.get("wikidata") or "").strip() or None
            if wikidata and not re.fullmatch(r"Q[1-9]\d*", wikidata):
                raise RulesError(f"{path.name}:{lineno}: wikidata {wikidata!r} is not a Q-id")
            entry = CountryEntry(iso2, row["alpha3"].strip(), row["name"].strip(), wikidata)
            countries[iso2] = entry
            for name in [entry.name, *(row.get("aliases") or "").split("|")]:
                name = name.strip()
                if name:
                    names.setdefault(name, iso2)
                    if name.startswith("the "):
                        names.setdefault(name[4:], iso2)
            for demonym in (row.get("demonyms") or "").split("|"):
                if demonym.strip():
                    demonyms.setdefault(demonym.strip(), iso2)
    return countries, names, demonyms


def fold_name(name: str) -> str:
    """Compare names without case, accents or punctuation."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", folded.lower()).split())


def _load_office_holders(
    path: Path, countries: dict[str, CountryEntry]
) -> dict[str, tuple[OfficeHolder, ...]]:
    holders: dict[str, list[OfficeHolder]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for lineno, row in enumerate(csv.DictReader(handle), start=2):
            target = row["for"].strip()
            if re.fullmatch(r"[A-Z]{2}", target):
                if target not in countries:
                    raise RulesError(f"{path.name}:{lineno}: unknown country code {target!r}")
                key = f"country:{target}"
            else:
                key = "org:" + "-".join(fold_name(target).split())
            try:
                start = date.fromisoformat(row["start"]) if row["start"] else None
                end = date.fromisoformat(row["end"]) if row["end"] else None
            except ValueError:
                raise RulesError(f"{path.name}:{lineno}: dates must be YYYY-MM-DD") from None
            holder = OfficeHolder(
                row["name"].strip(),
                row["office"].strip(),
                key,
                row["wikidata"].strip() or None,
                start,
                end,
            )
            for name in [row["name"], *row["aliases"].split("|")]:
                if name.strip():
                    holders.setdefault(fold_name(name), []).append(holder)
    return {k: tuple(v) for k, v in holders.items()}


@lru_cache(maxsize=4)
def load_rules(directory: str | None = None) -> Rules:
    """Read and validate ``lexicon.toml`` and ``countries.csv`` from ``directory``."""
    root = Path(directory) if directory else RULES_DIR
    lexicon = root / "lexicon.toml"
    where = lexicon.name
    try:
        data = tomllib.loads(lexicon.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise RulesError(f"cannot read {lexicon}: {exc}") from None
    layout, ents, roles = data["layout"], data["entities"], data["roles"]
    quotes, stats, events = data["quotes"], data["statistics"], data["events"]
    agreements, policies, timex = data["agreements"], data["policies"], data["timex"]
    units = {str(k).lower(): str(v) for k, v in timex["units"].items()}
    references = {str(k).lower(): str(v) for k, v in timex["references"].items()}
    for phrase, ref in references.items():
        if ref not in ("past", "present", "future"):
            raise RulesError(
                f"{where}: time reference {ref!r} for {phrase!r} is not past, present or future"
            )
    parts_of_day = {str(k).lower(): str(v) for k, v in timex["parts_of_day"].items()}
    for word, part in parts_of_day.items():
        if part not in PARTS_OF_DAY:
            raise RulesError(
                f"{where}: part of day {part!r} for {word!r} is not one of {PARTS_OF_DAY}"
            )
    for word, unit in units.items():
        if unit not in TIME_UNITS:
            raise RulesError(f"{where}: time unit {unit!r} for {word!r} is not one of {TIME_UNITS}")

    labels = dict(ents["labels"])
    for label, cls in labels.items():
        if cls not in ENTITY_CLASSES:
            raise RulesError(f"{where}: entity label {label} maps to unknown class {cls!r}")
    bounds = _pairs(stats, "bounds", where)
    for phrase, bound in bounds:
        if bound not in BOUNDS:
            raise RulesError(f"{where}: bound {bound!r} for {phrase!r} is not one of {BOUNDS}")
    try:
        patterns = tuple(re.compile(p, re.IGNORECASE) for p in layout["boilerplate"])
    except re.error as exc:
        raise RulesError(f"{where}: bad boilerplate pattern: {exc}") from None
    countries, names, demonyms = _load_countries(root / "countries.csv")
    return Rules(
        boilerplate=patterns,
        navigation_words=int(layout["navigation_words"]),
        heading_words=int(layout["heading_words"]),
        entity_labels=labels,
        org_designators=_words(ents, "org_designators", where),
        legal_suffixes=_words(ents, "legal_suffixes", where),
        org_domain_words=_words(ents, "org_domain_words", where),
        org_kinds=_words(ents, "org_kinds", where),
        company_tails=_words(ents, "company_tails", where),
        company_words=_words(ents, "company_words", where),
        ordinal_words=_words(ents, "ordinal_words", where),
        place_kinds=_words(ents, "place_kinds", where),
        agreement_and_event_names=_words(ents, "agreement_and_event_names", where),
        proxy_nouns=_words(ents, "proxy_nouns", where),
        region_words=_words(ents, "region_words", where),
        honorifics=_words(ents, "honorifics", where),
        role_heads=_words(roles, "heads", where),
        role_modifiers=_words(roles, "modifiers", where),
        not_offices=_words(roles, "not_offices", where),
        government_offices=_words(roles, "government_offices", where),
        succession=_words(roles, "succession", where),
        speech_verbs=_words(quotes, "speech_verbs", where),
        quote_min_words=int(quotes["min_words"]),
        bounds=tuple(sorted(((tuple(p.split()), b) for p, b in bounds), key=lambda x: -len(x[0]))),
        multipliers={k.lower(): Decimal(v) for k, v in stats["multipliers"].items()},
        number_words={str(k).lower(): int(v) for k, v in stats["number_words"].items()},
        currencies={str(k): str(v) for k, v in stats["currencies"].items()},
        currency_of_country={
            str(word): {str(c): str(code) for c, code in codes.items()}
            for word, codes in data["currencies"]["of_country"].items()
        },
        currency_pages={str(k): str(v) for k, v in data["currencies"]["pages"].items()},
        frequency_nouns=_words(stats, "frequency_nouns", where),
        measure_nouns=_words(stats, "measure_nouns", where),
        glued_units=_words(stats, "glued_units", where),
        level_nouns=_words(stats, "level_nouns", where),
        baseline_words=_words(stats, "baseline_words", where),
        report_verbs=_words(stats, "report_verbs", where),
        event_nouns=_words(events, "nouns", where),
        participation_verbs=_words(events, "participation_verbs", where),
        meeting_verbs=_words(events, "meeting_verbs", where),
        topic_verbs=_words(events, "topic_verbs", where),
        agreement_nouns=_words(agreements, "nouns", where),
        agreement_status=dict(_pairs(agreements, "status", where)),
        request_verbs=_words(policies, "request_verbs", where),
        plan_words=_words(policies, "plan_words", where),
        light_verbs=_words(policies, "light_verbs", where),
        countries=countries,
        country_names=names,
        demonyms=demonyms,
        office_holders=_load_office_holders(root / "office_holders.csv", countries),
        timex_units=units,
        vague_amounts=_words(timex, "vague_amounts", where),
        duration_numbers={  # the number words, and those that are numbers only before a unit
            **{str(k).lower(): int(v) for k, v in stats["number_words"].items()},
            **{str(k).lower(): int(v) for k, v in timex["duration_numbers"].items()},
        },
        age_before=_words(timex, "age_before", where),
        age_after=_words(timex, "age_after", where),
        date_prepositions=_words(timex, "date_prepositions", where),
        year_determiners=_words(timex, "year_determiners", where),
        times_of_day=_words(timex, "times_of_day", where),
        parts_of_day=parts_of_day,
        duration_adjectives=_words(timex, "duration_adjectives", where),
        future_auxiliaries=_words(timex, "future_auxiliaries", where),
        future_verbs=_words(timex, "future_verbs", where),
        future_prepositions=_words(timex, "future_prepositions", where),
        anaphoric_days=_words(timex, "anaphoric_days", where),
        time_references=references,
    )
