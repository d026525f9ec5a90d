"""Build the country gazetteer ``kg/rules/countries.csv``.

Sources: pycountry (ISO 3166-1 codes and English names; LGPL-2.1 data),
countryinfo (``demonym`` and ``altSpellings``; MIT) and the hand-written
tables in this file (news-style names, aliases, demonyms, Wikidata ids).
Output is deterministic.  Regenerate with ``python scripts/build_countries.py``.
"""

from __future__ import annotations

import csv
import re
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pycountry
from countryinfo import CountryInfo
from pycountry.db import Country

OUT = Path(__file__).resolve().parent.parent / "kg" / "rules" / "countries.csv"
COLUMNS = ("alpha2", "alpha3", "name", "wikidata", "aliases", "demonyms")

# Short English name as used in news copy (AP-style), where the ISO name differs.
NAMES: dict[str, str] = {
    "BN": "Brunei",
    "BQ": "Caribbean Netherlands",
    "BS": "Bahamas",
    "CC": "Cocos Islands",
    "CD": "Democratic Republic of Congo",
    "CG": "Republic of Congo",
    "CI": "Ivory Coast",
    "CV": "Cape Verde",
    "FK": "Falkland Islands",
    "FM": "Micronesia",
    "GM": "Gambia",
    "MF": "Saint Martin",
    "PN": "Pitcairn Islands",
    "PS": "Palestine",
    "RU": "Russia",
    "SH": "Saint Helena",
    "SX": "Sint Maarten",
    "TL": "East Timor",
    "TR": "Turkey",
    "VA": "Vatican City",
    "VG": "British Virgin Islands",
    "VI": "U.S. Virgin Islands",
}

# Extra English aliases used in news text that the libraries lack or that
# the generic filters below would reject.  Trusted: added without filtering.
EXTRA_ALIASES: dict[str, tuple[str, ...]] = {
    "AE": ("UAE", "U.A.E."),
    "BA": ("Bosnia", "Bosnia-Herzegovina"),
    "BQ": ("Bonaire, Sint Eustatius and Saba",),
    "CD": (
        "DR Congo",
        "DRC",
        "Democratic Republic of the Congo",
        "Congo-Kinshasa",
    ),
    "CG": ("Republic of the Congo", "Congo-Brazzaville"),
    "CI": ("Côte d'Ivoire",),
    "CN": ("PRC", "People's Republic of China"),
    "CZ": ("Czech Republic",),
    "FK": ("Falklands",),
    "GB": ("UK", "U.K.", "Britain", "Great Britain"),
    "KP": ("DPRK",),
    "MF": ("Saint-Martin",),
    "MK": ("Macedonia",),
    "MM": ("Burma",),
    "MO": ("Macau",),
    "NL": ("Holland",),
    "PS": ("State of Palestine",),
    "SH": ("Saint Helena, Ascension and Tristan da Cunha",),
    "ST": ("São Tomé and Príncipe",),
    "SZ": ("Swaziland",),
    "TR": ("Türkiye",),
    "TW": ("Chinese Taipei",),
    "US": ("U.S.", "USA", "U.S.A.", "America", "United States of America"),
    "VA": ("Vatican", "Holy See"),
    "VI": ("US Virgin Islands", "United States Virgin Islands"),
}

# All-caps abbreviations that may come from the libraries and are kept.
KNOWN_ABBREVIATIONS = frozenset({"US", "USA", "UK", "UAE", "DRC", "PRC", "DPRK"})

# Library aliases that are ambiguous or not country names in English news.
DROP_ALIASES = frozenset(
    {"Congo", "Guiana", "Island", "Korea", "Lao", "Mann", "Montenegrin", "Thai", "Togolese"}
)

# Demonym forms (adjective / person noun / irregular plurals) to add.
EXTRA_DEMONYMS: dict[str, tuple[str, ...]] = {
    "AR": ("Argentine", "Argentines", "Argentinian"),
    "AZ": ("Azeri",),
    "BW": ("Batswana",),
    "CV": ("Cape Verdean",),
    "CY": ("Cypriots",),
    "CZ": ("Czechs",),
    "DJ": ("Djiboutian",),
    "DK": ("Dane", "Danes"),
    "EC": ("Ecuadorian",),
    "ES": ("Spaniard", "Spaniards"),
    "FI": ("Finn", "Finns"),
    "GB": ("Briton", "Britons"),
    "GI": ("Gibraltarian",),
    "GL": ("Greenlander",),
    "GR": ("Greeks",),
    "GW": ("Bissau-Guinean",),
    "HK": ("Hong Konger",),
    "HR": ("Croat", "Croats"),
    "IS": ("Icelandic",),
    "KG": ("Kyrgyz",),
    "KM": ("Comorian",),
    "KZ": ("Kazakh", "Kazakhs"),
    "LA": ("Lao",),
    "KN": ("Kittian", "Nevisian"),
    "LS": ("Basotho",),
    "MC": ("Monegasques",),
    "ME": ("Montenegrins",),
    "MO": ("Macanese",),
    "MV": ("Maldivian",),
    "NE": ("Nigeriens",),
    "NP": ("Nepali",),
    "PH": ("Filipina", "Filipinas", "Philippine"),
    "PL": ("Pole", "Poles"),
    "RS": ("Serb", "Serbs"),
    "SA": ("Saudi",),
    "SE": ("Swede", "Swedes"),
    "SI": ("Slovenian", "Slovenes"),
    "SK": ("Slovaks",),
    "SR": ("Surinamese",),
    "TJ": ("Tajik", "Tajiks"),
    "TL": ("Timorese",),
    "TR": ("Turk", "Turks"),
    "TT": ("Tobagonian",),
    "UZ": ("Uzbek", "Uzbeks"),
    "VC": ("Vincentian",),
}

# Library demonyms that are wrong, odd, or belong to another country.
DROP_DEMONYMS: dict[str, frozenset[str]] = {
    "CD": frozenset({"Congolese"}),  # shared by CD and CG
    "CF": frozenset({"Central African"}),  # also a regional adjective
    "CG": frozenset({"Congolese"}),
    "CV": frozenset({"Cape Verdian"}),
    "DM": frozenset({"Dominican"}),  # shared by DM and DO
    "DO": frozenset({"Dominican"}),
    "GG": frozenset({"Channel Islander"}),
    "GS": frozenset({"South Georgia and the South Sandwich Islander"}),
    "HK": frozenset({"Chinese"}),
    "HM": frozenset({"Heard and McDonald Islander"}),
    "IO": frozenset({"Indian"}),
    "JE": frozenset({"Channel Islander"}),
    "KN": frozenset({"Kittian and Nevisian"}),
    "KG": frozenset({"Kirghiz"}),
    "MO": frozenset({"Chinese"}),
    "MP": frozenset({"American"}),
    "MQ": frozenset({"French"}),
    "MV": frozenset({"Maldivan"}),
    "PM": frozenset({"French"}),
    "RE": frozenset({"French"}),
    "SJ": frozenset({"Norwegian"}),
    "TF": frozenset({"French"}),
    "TJ": frozenset({"Tadzhik"}),
    "VA": frozenset({"Vaticanian"}),
    "WF": frozenset({"Wallis and Futuna Islander"}),
    "YT": frozenset({"French"}),
}

# English words allowed in library aliases besides those of known country names.
ENGLISH_WORDS = frozenset(
    {"and", "antarctic", "bailiwick", "christopher", "co", "federation", "lands", "of"}
    | {"operative", "oriental", "the"}
)

PLURAL_SUFFIXES = ("an", "ian", "ean", "i", "ino", "ite", "er")
NO_PLURAL_SUFFIXES = ("ese", "ish", "ch")
NO_PLURAL = frozenset({"Swiss", "I-Kiribati", "Ni-Vanuatu", "Malagasy", "Manx"})

# Wikidata items (enwiki country article) -- only ids known with confidence;
# a missing id is better than a wrong one.
WIKIDATA: dict[str, str] = {
    "AD": "Q228", "AE": "Q878", "AF": "Q889", "AG": "Q781", "AL": "Q222",
    "AM": "Q399", "AO": "Q916", "AQ": "Q51", "AR": "Q414", "AS": "Q16641",
    "AT": "Q40", "AU": "Q408", "AW": "Q21203", "AX": "Q5689", "AZ": "Q227",
    "BA": "Q225", "BB": "Q244", "BD": "Q902", "BE": "Q31", "BF": "Q965",
    "BG": "Q219", "BH": "Q398", "BI": "Q967", "BJ": "Q962", "BM": "Q23635",
    "BN": "Q921", "BO": "Q750", "BR": "Q155", "BS": "Q778", "BT": "Q917",
    "BW": "Q963", "BY": "Q184", "BZ": "Q242", "CA": "Q16", "CD": "Q974",
    "CF": "Q929", "CG": "Q971", "CH": "Q39", "CI": "Q1008", "CL": "Q298",
    "CM": "Q1009", "CN": "Q148", "CO": "Q739", "CR": "Q800", "CU": "Q241",
    "CV": "Q1011", "CW": "Q25279", "CY": "Q229", "CZ": "Q213", "DE": "Q183",
    "DJ": "Q977", "DK": "Q35", "DM": "Q784", "DO": "Q786", "DZ": "Q262",
    "EC": "Q736", "EE": "Q191", "EG": "Q79", "EH": "Q6250", "ER": "Q986",
    "ES": "Q29", "ET": "Q115", "FI": "Q33", "FJ": "Q712", "FK": "Q9648",
    "FM": "Q702", "FO": "Q4628", "FR": "Q142", "GA": "Q1000", "GB": "Q145",
    "GD": "Q769", "GE": "Q230", "GG": "Q25230", "GH": "Q117", "GI": "Q1410",
    "GL": "Q223", "GM": "Q1005", "GN": "Q1006", "GQ": "Q983", "GR": "Q41",
    "GT": "Q774", "GU": "Q16635", "GW": "Q1007", "GY": "Q734", "HK": "Q8646",
    "HN": "Q783", "HR": "Q224", "HT": "Q790", "HU": "Q28", "ID": "Q252",
    "IE": "Q27", "IL": "Q801", "IM": "Q9676", "IN": "Q668", "IQ": "Q796",
    "IR": "Q794", "IS": "Q189", "IT": "Q38", "JE": "Q785", "JM": "Q766",
    "JO": "Q810", "JP": "Q17", "KE": "Q114", "KG": "Q813", "KH": "Q424",
    "KI": "Q710", "KM": "Q970", "KN": "Q763", "KP": "Q423", "KR": "Q884",
    "KW": "Q817", "KZ": "Q232", "LA": "Q819", "LB": "Q822", "LC": "Q760",
    "LI": "Q347", "LK": "Q854", "LR": "Q1014", "LS": "Q1013", "LT": "Q37",
    "LU": "Q32", "LV": "Q211", "LY": "Q1016", "MA": "Q1028", "MC": "Q235",
    "MD": "Q217", "ME": "Q236", "MG": "Q1019", "MH": "Q709", "MK": "Q221",
    "ML": "Q912", "MM": "Q836", "MN": "Q711", "MO": "Q14773", "MP": "Q16644",
    "MR": "Q1025", "MT": "Q233", "MU": "Q1027", "MV": "Q826", "MW": "Q1020",
    "MX": "Q96", "MY": "Q833", "MZ": "Q1029", "NA": "Q1030", "NC": "Q33788",
    "NE": "Q1032", "NG": "Q1033", "NI": "Q811", "NL": "Q55", "NO": "Q20",
    "NP": "Q837", "NR": "Q697", "NZ": "Q664", "OM": "Q842", "PA": "Q804",
    "PE": "Q419", "PF": "Q30971", "PG": "Q691", "PH": "Q928", "PK": "Q843",
    "PL": "Q36", "PR": "Q1183", "PS": "Q219060", "PT": "Q45", "PW": "Q695",
    "PY": "Q733", "QA": "Q846", "RE": "Q17070", "RO": "Q218", "RS": "Q403",
    "RU": "Q159", "RW": "Q1037", "SA": "Q851", "SB": "Q685", "SC": "Q1042",
    "SD": "Q1049", "SE": "Q34", "SG": "Q334", "SI": "Q215", "SK": "Q214",
    "SL": "Q1044", "SM": "Q238", "SN": "Q1041", "SO": "Q1045", "SR": "Q730",
    "SS": "Q958", "ST": "Q1039", "SV": "Q792", "SY": "Q858", "SZ": "Q1050",
    "TD": "Q657", "TG": "Q945", "TH": "Q869", "TJ": "Q863", "TL": "Q574",
    "TM": "Q874", "TN": "Q948", "TO": "Q678", "TR": "Q43", "TT": "Q754",
    "TV": "Q672", "TW": "Q865", "TZ": "Q924", "UA": "Q212", "UG": "Q1036",
    "US": "Q30", "UY": "Q77", "UZ": "Q265", "VA": "Q237", "VC": "Q757",
    "VE": "Q717", "VI": "Q11703", "VN": "Q881", "VU": "Q686", "WS": "Q683",
    "YE": "Q805", "ZA": "Q258", "ZM": "Q953", "ZW": "Q954",
}  # fmt: skip

# countryinfo entries that carry a UK alpha2 but describe a part of it.
SKIP_COUNTRYINFO = frozenset({"wales", "scotland"})

_CODE_RE = re.compile(r"^[A-Z.]{1,5}$")
_INVERTED_RE = re.compile(r",\s")  # "Korea, Republic of", "Virgin Islands, U.S."
_TOKEN_SPLIT_RE = re.compile(r"[\s\-]+")
_TOKEN_PUNCT = ".,()'\u2019"
_MIN_ALIAS_LEN = 2


def ascii_fold(text: str) -> str:
    """Strip diacritics: 'Côte d'Ivoire' -> 'Cote d'Ivoire'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens of a name (diacritics kept)."""
    parts = _TOKEN_SPLIT_RE.split(text.lower())
    return [p.strip(_TOKEN_PUNCT) for p in parts if p.strip(_TOKEN_PUNCT)]


def is_latin(text: str) -> bool:
    """Tell whether every letter of ``text`` is in the Latin script."""
    return all(not ch.isalpha() or unicodedata.name(ch, "").startswith("LATIN") for ch in text)


def strip_article(text: str) -> str:
    """Drop a leading article: 'the State of Eritrea' -> 'State of Eritrea'."""
    for article in ("the ", "The "):
        if text.startswith(article):
            return text[len(article) :]
    return text


def dedupe(items: Iterable[str]) -> list[str]:
    """Order-preserving de-duplication, dropping empty strings."""
    seen: set[str] = set()
    out: list[str] = []
    for item in items:
        if item and item not in seen:
            seen.add(item)
            out.append(item)
    return out


def plural(demonym: str) -> str | None:
    """Regular plural of a demonym noun, or None when it has none we trust."""
    if demonym in NO_PLURAL or demonym.endswith(NO_PLURAL_SUFFIXES):
        return None
    if demonym.endswith(PLURAL_SUFFIXES):
        return demonym + "s"
    return None


def load_countryinfo() -> dict[str, list[dict[str, Any]]]:
    """Group countryinfo records by ISO alpha2 (several may share one code)."""
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for key, record in sorted(CountryInfo.all().items()):
        alpha2 = (record.get("ISO") or {}).get("alpha2")
        if alpha2 and key not in SKIP_COUNTRYINFO:
            grouped[alpha2].append(dict(record))
    return grouped


def display_name(country: Country) -> str:
    """News-style short name for a pycountry record."""
    alpha2: str = country.alpha_2
    return NAMES.get(alpha2) or getattr(country, "common_name", None) or country.name


def english_vocabulary(countries: list[Country]) -> set[str]:
    """Word tokens (as written and ASCII-folded) of every English name we know."""
    names = [*NAMES.values(), *(a for aliases in EXTRA_ALIASES.values() for a in aliases)]
    for country in countries:
        names += [getattr(country, f, "") or "" for f in ("name", "official_name", "common_name")]
    vocab = set(ENGLISH_WORDS)
    for name in names:
        vocab.update(tokens(name))
        vocab.update(tokens(ascii_fold(name)))
    return vocab


def keep_library_alias(alias: str, vocab: set[str], *, check_english: bool) -> bool:
    """Apply the generic filter to an alias from pycountry / countryinfo."""
    if len(alias) < _MIN_ALIAS_LEN or "(" in alias or _INVERTED_RE.search(alias):
        return False
    if _CODE_RE.match(alias):
        return alias in KNOWN_ABBREVIATIONS
    if alias in DROP_ALIASES or not is_latin(alias):
        return False
    return not check_english or all(tok in vocab for tok in tokens(alias))


def variants(alias: str) -> list[str]:
    """Return the alias plus its ASCII-folded and 'St.' spellings."""
    out = [alias, ascii_fold(alias)]
    out += ["St. " + a[len("Saint ") :] for a in list(out) if a.startswith("Saint ")]
    return out


def build_aliases(country: Country, info: list[dict[str, Any]], vocab: set[str]) -> list[str]:
    """All aliases for one country (excluding its display name)."""
    alpha2: str = country.alpha_2
    name = display_name(country)
    candidates: list[str] = []
    for field in ("name", "official_name", "common_name"):
        value = (getattr(country, field, "") or "").strip()
        if value and keep_library_alias(value, vocab, check_english=False):
            candidates.append(value)
    for record in info:
        for raw in [record.get("name") or "", *(record.get("altSpellings") or [])]:
            value = raw.strip()
            if value and keep_library_alias(value, vocab, check_english=True):
                candidates.append(value)
    candidates = [strip_article(c) for c in candidates]
    candidates += EXTRA_ALIASES.get(alpha2, ())
    expanded = [v for c in [name, *candidates] for v in variants(c)]
    return sorted(set(dedupe(expanded)) - {name}, key=lambda a: (a.casefold(), a))


def build_demonyms(alpha2: str, info: list[dict[str, Any]], surface: set[str]) -> list[str]:
    """Demonym forms: library adjective(s), extras, then regular plurals.

    ``surface`` holds the country's name and aliases, which are never demonyms.
    """
    drop = DROP_DEMONYMS.get(alpha2, frozenset()) | surface
    raw: list[str] = []
    for record in info:
        demonym = (record.get("demonym") or "").strip()
        if demonym not in drop:
            raw += re.split(r"[,/]", demonym)
    base = dedupe(d.strip() for d in [*raw, *EXTRA_DEMONYMS.get(alpha2, ())])
    base = [d for d in base if d not in drop]
    plurals = [p for d in base if (p := plural(d)) is not None]
    return dedupe([*base, *plurals])


def build_rows() -> list[dict[str, str]]:
    """One row per ISO 3166-1 country, sorted by alpha2."""
    countries = sorted(pycountry.countries, key=lambda c: c.alpha_2)
    info = load_countryinfo()
    vocab = english_vocabulary(countries)
    rows: list[dict[str, str]] = []
    for country in countries:
        alpha2: str = country.alpha_2
        name = display_name(country)
        aliases = build_aliases(country, info.get(alpha2, []), vocab)
        demonyms = build_demonyms(alpha2, info.get(alpha2, []), {name, *aliases})
        rows.append(
            {
                "alpha2": alpha2,
                "alpha3": country.alpha_3,
                "name": name,
                "wikidata": WIKIDATA.get(alpha2, ""),
                "aliases": "|".join(aliases),
                "demonyms": "|".join(demonyms),
            }
        )
    return rows


def check(rows: list[dict[str, str]]) -> None:
    """Fail loudly on ambiguous surface forms or malformed cells."""
    owners: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        forms = [row["name"], *row["aliases"].split("|"), *row["demonyms"].split("|")]
        for form in filter(None, forms):
            if "|" in form or "\n" in form:
                raise ValueError(f"bad form {form!r} in {row['alpha2']}")
            owners[form].add(row["alpha2"])
    clashes = {form: sorted(codes) for form, codes in owners.items() if len(codes) > 1}
    if clashes:
        raise ValueError(f"ambiguous surface forms: {clashes}")
    wikidata = [row["wikidata"] for row in rows if row["wikidata"]]
    if len(wikidata) != len(set(wikidata)):
        raise ValueError("duplicate Wikidata ids")


def main() -> None:
    """Build and write the CSV."""
    rows = build_rows()
    check(rows)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    with_qid = sum(1 for row in rows if row["wikidata"])
    print(f"wrote {len(rows)} rows ({with_qid} with Wikidata id) to {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
