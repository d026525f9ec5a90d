"""A deterministic news-wire corpus for the benchmarks: real prose, so every extractor fires.

Articles are assembled from sentence templates written for this benchmark (a dateline lead,
meetings and talks, agreements, statistics, quotations, policies, people with offices, page
furniture) filled from pools of names, countries, cities, organisations, numbers and dates.
Article ``i`` depends only on ``(seed, i)``, so a 1,000-article corpus is the first 1,000
articles of the 10,000-article one with the same seed.

    .venv/bin/python bench/corpus.py 1000 -o /tmp/news-1k.jsonl --seed 7

From Python: ``articles(n, seed)`` yields :class:`kg.Article` objects, ``records(n, seed)``
the JSON Lines objects (``title``, ``text``, ``date``, ``source``, ``url``).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any


def _words(text: str) -> list[str]:
    return text.split()


# name, adjective, cities (the first is the capital)
COUNTRIES = [
    ("Canada", "Canadian", ["Ottawa", "Toronto", "Montreal", "Vancouver", "Hamilton"]),
    ("Mexico", "Mexican", ["Mexico City", "Monterrey", "Guadalajara", "Tijuana"]),
    ("Brazil", "Brazilian", ["Brasilia", "Sao Paulo", "Rio de Janeiro", "Recife"]),
    ("Argentina", "Argentine", ["Buenos Aires", "Cordoba", "Rosario"]),
    ("Chile", "Chilean", ["Santiago", "Valparaiso", "Antofagasta"]),
    ("Colombia", "Colombian", ["Bogota", "Medellin", "Cali", "Cucuta"]),
    ("Peru", "Peruvian", ["Lima", "Arequipa", "Cusco"]),
    ("Cuba", "Cuban", ["Havana", "Santiago de Cuba", "Matanzas"]),
    ("Venezuela", "Venezuelan", ["Caracas", "Maracaibo", "Valencia"]),
    ("Germany", "German", ["Berlin", "Hamburg", "Munich", "Frankfurt"]),
    ("France", "French", ["Paris", "Lyon", "Marseille", "Calais"]),
    ("Spain", "Spanish", ["Madrid", "Barcelona", "Seville", "Valencia"]),
    ("Italy", "Italian", ["Rome", "Milan", "Naples", "Lampedusa"]),
    ("Poland", "Polish", ["Warsaw", "Krakow", "Gdansk"]),
    ("Ukraine", "Ukrainian", ["Kyiv", "Lviv", "Odesa", "Kharkiv"]),
    ("Romania", "Romanian", ["Bucharest", "Cluj-Napoca", "Constanta"]),
    ("Hungary", "Hungarian", ["Budapest", "Debrecen", "Szeged"]),
    ("Greece", "Greek", ["Athens", "Thessaloniki", "Piraeus"]),
    ("Portugal", "Portuguese", ["Lisbon", "Porto", "Faro"]),
    ("Sweden", "Swedish", ["Stockholm", "Gothenburg", "Malmo"]),
    ("Norway", "Norwegian", ["Oslo", "Bergen", "Tromso"]),
    ("Finland", "Finnish", ["Helsinki", "Tampere", "Turku"]),
    ("Estonia", "Estonian", ["Tallinn", "Tartu", "Narva"]),
    ("Turkey", "Turkish", ["Ankara", "Istanbul", "Izmir"]),
    ("Egypt", "Egyptian", ["Cairo", "Alexandria", "Port Said"]),
    ("Morocco", "Moroccan", ["Rabat", "Casablanca", "Tangier"]),
    ("Tunisia", "Tunisian", ["Tunis", "Sfax", "Sousse"]),
    ("Kenya", "Kenyan", ["Nairobi", "Mombasa", "Kisumu"]),
    ("Nigeria", "Nigerian", ["Abuja", "Lagos", "Kano"]),
    ("Ghana", "Ghanaian", ["Accra", "Kumasi", "Tamale"]),
    ("Ethiopia", "Ethiopian", ["Addis Ababa", "Dire Dawa", "Mekelle"]),
    ("South Africa", "South African", ["Pretoria", "Johannesburg", "Cape Town", "Durban"]),
    ("India", "Indian", ["New Delhi", "Mumbai", "Chennai", "Kolkata"]),
    ("Pakistan", "Pakistani", ["Islamabad", "Karachi", "Lahore"]),
    ("Bangladesh", "Bangladeshi", ["Dhaka", "Chittagong", "Sylhet"]),
    ("Indonesia", "Indonesian", ["Jakarta", "Surabaya", "Medan"]),
    ("Vietnam", "Vietnamese", ["Hanoi", "Ho Chi Minh City", "Da Nang"]),
    ("Thailand", "Thai", ["Bangkok", "Chiang Mai", "Phuket"]),
    ("Philippines", "Philippine", ["Manila", "Cebu", "Davao"]),
    ("Japan", "Japanese", ["Tokyo", "Osaka", "Yokohama"]),
    ("South Korea", "South Korean", ["Seoul", "Busan", "Incheon"]),
    ("Australia", "Australian", ["Canberra", "Sydney", "Melbourne", "Perth"]),
    ("New Zealand", "New Zealand", ["Wellington", "Auckland", "Christchurch"]),
    ("Saudi Arabia", "Saudi", ["Riyadh", "Jeddah", "Dammam"]),
    ("Qatar", "Qatari", ["Doha", "Al Wakrah"]),
    ("Iraq", "Iraqi", ["Baghdad", "Basra", "Erbil"]),
    ("Ireland", "Irish", ["Dublin", "Cork", "Galway"]),
    ("Netherlands", "Dutch", ["Amsterdam", "Rotterdam", "The Hague"]),
]
FIRST = _words(
    "Claire Rafael Amara Javier Youssef Kadri Toomas Joseph Ingrid Mateus Lucia Tomasz Olena "
    "Andrei Katalin Nikos Ines Astrid Lars Aino Emre Leila Karim Nadia Wanjiru Chinedu Kwame "
    "Abebe Thandiwe Priya Arjun Farah Rashid Siti Minh Somchai Maria Hiroshi Ji-woo Grace Liam "
    "Aroha Khalid Noura Hassan Aoife Pieter Sofia Daniel Elena Marco Anna Peter Sarah David Laura "
    "Miguel Camila Diego Valentina Jonas Eva Stefan Irina Pavel Hana Omar Fatima Samuel Ruth "
    "Tariq Aisha Kenji Yuki Min-jun Linh Carlos Paula Jorge Beatriz Henrik Maja Sven Helga "
    "Mehmet Zeynep Ahmed Mona Kofi Ama Tendai Zanele Vikram Anjali Imran Sana Budi Dewi"
)
LAST = _words(
    "Dubois Ortega Okafor Molina Alami Lepik Kask Otieno Lindqvist Silva Fernandez Nowak "
    "Kovalenko Popescu Nagy Papadopoulos Costa Johansson Berg Virtanen Yilmaz Haddad Benali "
    "Mansour Kamau Adeyemi Mensah Bekele Nkosi Sharma Patel Qureshi Rahman Santoso Nguyen "
    "Wongsakul Reyes Tanaka Kim Campbell Murphy Ngata Al-Thani Al-Rashid Demir Hassan Brennan "
    "Jansen Rossi Moreau Schneider Weber Keller Novak Horvath Ivanova Petrov Garcia Lopez "
    "Martinez Rodriguez Gomez Torres Castillo Vargas Mendoza Rojas Acosta Herrera Morales "
    "Schmidt Fischer Wagner Becker Hoffmann Richter Larsen Nielsen Hansen Andersen Kowalski "
    "Wisniewski Lewandowski Ozturk Celik Sahin Farouk Nasser Abdullah Owusu Boateng Mwangi "
    "Ochieng Banda Dlamini Singh Gupta Iyer Khan Chowdhury Wijaya Pham Tran Suzuki Sato Park"
)
WIRES = ["Example Wire", "Global News Service", "Continental Press", "World Desk"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
CABINET = ["Foreign", "Trade", "Finance", "Interior", "Health", "Energy", "Economy", "Defence"]
INTERNATIONAL = [
    "United Nations",
    "World Health Organization",
    "International Monetary Fund",
    "World Bank",
    "European Commission",
    "African Union",
    "International Organization for Migration",
    "World Trade Organization",
    "International Energy Agency",
    "Red Cross",
]


@dataclass(frozen=True)
class Topic:
    name: str
    phrase: str  # what talks are about
    counted: list[tuple[str, str]]  # (what is counted, the verb in the past tense)
    actions: list[str]  # policy actions (bare infinitive)
    deal: str  # what an agreement is about
    sector: str  # for organisation names
    minister: str  # the cabinet post in charge


TOPICS = [
    Topic(
        "trade",
        "tariffs on steel and aluminum",
        [("tonnes of steel", "were shipped"), ("jobs", "were lost"), ("containers", "were held")],
        ["lift the remaining duties on steel", "cut tariffs on farm goods", "reopen the port"],
        "steel and aluminum tariffs",
        "Steel Producers Association",
        "Trade",
    ),
    Topic(
        "migration",
        "migration and border security",
        [
            ("migrants", "crossed the border"),
            ("asylum claims", "were filed"),
            ("people", "were deported"),
        ],
        [
            "resume deportation flights",
            "expand legal pathways for workers",
            "reopen the border crossing",
        ],
        "migration and the return of rejected asylum seekers",
        "Refugee Council",
        "Interior",
    ),
    Topic(
        "energy",
        "gas supplies and the new pipeline",
        [
            ("barrels of oil", "were exported"),
            ("households", "lost power"),
            ("megawatts", "were added"),
        ],
        ["cut fuel subsidies", "build a second gas pipeline", "close the last coal plant"],
        "gas supplies through the pipeline",
        "Energy Producers Association",
        "Energy",
    ),
    Topic(
        "health",
        "vaccine supplies and pandemic preparedness",
        [
            ("doses of vaccine", "were delivered"),
            ("cases", "were reported"),
            ("patients", "were treated"),
        ],
        ["share vaccine patents", "fund more rural clinics", "raise nurses' pay"],
        "vaccine production and pandemic preparedness",
        "Medical Association",
        "Health",
    ),
    Topic(
        "agriculture",
        "grain exports and fertiliser prices",
        [
            ("tonnes of grain", "were exported"),
            ("farmers", "received aid"),
            ("hectares", "were flooded"),
        ],
        ["lift the ban on grain exports", "cap fertiliser prices", "pay compensation to farmers"],
        "grain exports through the Black Sea",
        "Farmers Union",
        "Agriculture",
    ),
    Topic(
        "security",
        "border security and arms control",
        [("soldiers", "were deployed"), ("weapons", "were seized"), ("people", "were killed")],
        [
            "withdraw its troops from the border",
            "release the detained journalists",
            "open a humanitarian corridor",
        ],
        "security cooperation along the border",
        "Veterans Association",
        "Defence",
    ),
]
FURNITURE = [
    "READ MORE: {headline}",
    "Advertisement",
    "Photo: Reuters",
    "Sign up for our daily briefing",
    "Related coverage:",
]
QUOTES = [
    "This agreement protects jobs on both sides of the border",
    "We are not asking for favours, we are asking for the rules we all signed",
    "Our workers should not pay the price for a fight that nobody wants",
    "We have shown that two neighbours can settle their differences at the table",
    "The government will not abandon these families",
    "Voters have sent us a clear message, and we will listen",
    "This is a partnership between equals, not a favour",
    "We will keep talking until we find a solution that works for everyone",
    "The numbers speak for themselves and they are not good",
    "Nobody should have to wait this long for help",
    "We expect our partners to keep their promises",
    "It is a good first step, but much more needs to be done",
]


class _Writer:
    """Writes article ``i``: every choice comes from one ``random.Random`` seeded by (seed, i)."""

    def __init__(self, seed: int, i: int) -> None:
        self.r = random.Random(seed * 1_000_003 + i)
        self.i = i

    def pick(self, items: list[Any]) -> Any:
        return self.r.choice(items)

    def person(self) -> tuple[str, str]:
        first, last = self.pick(FIRST), self.pick(LAST)
        return f"{first} {last}", last

    def number(self, low: int, high: int) -> str:
        value = self.r.randint(low, high)
        if value >= 1000:
            value = round(value, -2) if value < 100_000 else round(value, -3)
        return f"{value:,}"

    def write(self) -> dict[str, Any]:
        r = self.r
        topic: Topic = self.pick(TOPICS)
        (c1, adj1, cities1), (c2, adj2, cities2) = r.sample(COUNTRIES, 2)
        city = self.pick(cities1)
        day = date(2019, 1, 1) + timedelta(days=r.randrange(6 * 365))
        weekday = WEEKDAYS[(day.weekday() - r.randint(1, 3)) % 7]
        month = MONTHS[(day.month - 2) % 12]
        month_before = MONTHS[(day.month - 3) % 12]
        wire = self.pick(WIRES)
        p1, s1 = self.person()
        p2, s2 = self.person()
        p3, _ = self.person()
        p4, _ = self.person()
        m1, m2 = topic.minister, self.pick(CABINET)
        office1 = self.pick([f"{m1} Minister", f"Deputy {m1} Minister", "Prime Minister"])
        office2 = self.pick([f"{m2} Minister", f"Deputy {m2} Minister", "Foreign Minister"])
        stat_org = self.pick(
            [f"National Statistics Office of {c1}", f"{adj1} Statistics Institute", "World Bank"]
        )
        group = f"{adj1} {topic.sector}"
        intl = self.pick(INTERNATIONAL)
        counted, verb = self.pick(topic.counted)
        action = self.pick(topic.actions)
        bound = self.pick(["More than", "At least", "Nearly", "About", "Up to", "Fewer than"])
        year = day.year

        title = self.pick(
            [
                f"{c1} and {c2} agree on {topic.name} as ministers meet in {city}",
                f"{adj1} and {adj2} ministers hold talks on {topic.phrase}",
                f"{c1} urges {c2} to {action}",
                f"{bound} {self.number(200, 90000)} {counted} in {month}, {c1} says",
                f"{c1} and {c2} sign {topic.name} pact after two days of talks",
            ]
        )
        lead = self.pick(
            [
                f"{city.upper()} ({wire}) — {adj1} {office1} {p1} and {adj2} {office2} {p2} "
                f"met in {city} on {weekday} to discuss {topic.phrase}, the first such talks "
                f"since {year - r.randint(1, 4)}.",
                f"{city.upper()} ({wire}) — {c1} and {c2} agreed on {weekday} to renew an "
                f"agreement on {topic.deal}, after {adj1} {office1} {p1} held talks with {adj2} "
                f"{office2} {p2} in {city}.",
                f"{city.upper()} ({wire}) — {adj1} {office1} {p1} urged {c2} on {weekday} to "
                f"{action}, saying the dispute over {topic.phrase} had gone on too long.",
            ]
        )
        paragraphs = [lead]
        stats = [
            f"{bound} {self.number(200, 90000)} {counted} {verb} in {month}, according to "
            f"the {stat_org}.",
            f"The {stat_org} said the number of {counted} rose by nearly "
            f"{r.randint(2, 40)}% in {year - 1}.",
            f"{c1} exported about ${r.randint(2, 90)}.{r.randint(1, 9)} billion worth of goods "
            f"to {c2} last year, according to the {stat_org}.",
            f"{bound} {self.number(50, 20000)} {counted} {verb} between {month_before} and "
            f"{month}, the {intl} said on {weekday}.",
            f"Officials in {self.pick(cities2)} said {self.number(100, 5000)} {counted} "
            f"{verb} last month, up from {self.number(50, 3000)} a year earlier.",
        ]
        meetings = [
            f"The two ministers met for about {r.randint(2, 6)} hours to discuss "
            f"{topic.phrase}. They agreed to hold another round of talks in "
            f"{self.pick(cities2)} in {MONTHS[(day.month + 1) % 12]}.",
            f"They signed an agreement on {topic.deal} that will run for "
            f"{r.randint(2, 10)} years and creates a joint committee to monitor it.",
            f"The talks took place as both countries watch {self.pick(COUNTRIES)[0]} closely. "
            f"The previous agreement expired at the end of {month_before}.",
            f"{p2} attended the summit of the {intl} in {self.pick(cities2)} last week, where "
            f"delegations discussed {topic.phrase}.",
        ]
        quotes = [
            f'"{self.pick(QUOTES)}," {s1} said.',
            f'{s2} said: "{self.pick(QUOTES)}."',
            f'"{self.pick(QUOTES)}," said {p3}, a spokeswoman for the {intl}.',
            f'"{self.pick(QUOTES)}," {s1} told reporters. "{self.pick(QUOTES)}."',
        ]
        policies = [
            f"{group} President {p3} urged the government to {action} before {self.pick(MONTHS)}.",
            f"{c2} plans to {action} by {year + r.randint(1, 5)}, {s2} said.",
            f"The {intl} wants both governments to {action} and to publish their figures.",
            f"Opposition leader {p4} called on {c1} to {action}, accusing the government of "
            f"ignoring the {topic.name} crisis.",
        ]
        roles = [
            f"{group} President {p3} said its members employ at least "
            f"{self.number(1000, 60000)} people in {' and '.join(r.sample(cities1, 2))}.",
            f"{p4}, the {adj2} ambassador to {c1}, said the embassy was following the talks "
            f"closely.",
            f"{intl} Director-General {p4} welcomed the agreement and said it would help "
            f"{self.number(1000, 90000)} {counted.split(' of ')[0]}.",
            f"Former {adj1} President {p4} said the government had waited too long.",
        ]
        background = [
            f"The dispute has weighed on {topic.name} between the two countries, which share "
            f"a long history of cooperation. Analysts in {self.pick(cities2)} said a settlement "
            f"could lift confidence before the {self.pick(['spring', 'summer', 'autumn', 'winter'])} "
            f"season, when demand usually picks up.",
            f"Business groups in {c2} were also pleased. The {adj2} Chamber of Commerce said it "
            f"hoped the agreement would lead to wider cooperation on {topic.phrase}.",
            f"{p1} is expected to travel to {self.pick(cities2)} in {MONTHS[(day.month + 2) % 12]} "
            f"for a meeting of the {intl}, where {topic.phrase} will again be on the agenda.",
            f"Critics say the government has done too little. A report published in {month_before} "
            f"by the {intl} found that {self.number(10, 95)}% of {counted.split(' of ')[-1]} "
            f"were affected in the {self.pick(['north', 'south', 'east', 'west'])} of the country.",
        ]
        body = [
            *r.sample(meetings, r.randint(1, 3)),
            *r.sample(stats, r.randint(2, 4)),
            *r.sample(quotes, r.randint(2, 3)),
            *r.sample(background, r.randint(1, 2)),
            *r.sample(policies, r.randint(1, 2)),
            *r.sample(roles, r.randint(1, 2)),
        ]
        r.shuffle(body)
        paragraphs.extend(body)
        if r.random() < 0.5:
            furniture = self.pick(FURNITURE).format(
                headline=f"{c2} {topic.name} talks stall over {self.pick(topic.actions)}"
            )
            paragraphs.insert(r.randint(2, len(paragraphs)), furniture)
        paragraphs.append(
            f"{c1} and {c2} have been at odds over {topic.phrase} since {year - r.randint(1, 6)}. "
            f"{p4}, who chairs the {topic.minister.lower()} committee of parliament in "
            f"{cities1[0]}, said a deal was within reach."
        )
        slug = f"{c1.lower().replace(' ', '-')}-{topic.name}-{self.i}"
        return {
            "title": title,
            "text": "\n\n".join(paragraphs),
            "date": day.isoformat(),
            "source": wire,
            "url": f"https://example.org/news/{day:%Y/%m/%d}/{slug}",
        }


def records(n: int, seed: int = 7, start: int = 0) -> Iterator[dict[str, Any]]:
    """Articles ``start .. start+n-1`` as JSON Lines objects."""
    for i in range(start, start + n):
        yield _Writer(seed, i).write()


def articles(n: int, seed: int = 7, start: int = 0) -> Iterator[Any]:
    """Articles ``start .. start+n-1`` as :class:`kg.Article` objects (laid out as kg reads
    JSON Lines: ``title + "\\n\\n" + text``)."""
    from kg import Article

    for rec in records(n, seed, start):
        yield Article.from_parts(
            rec["title"], rec["text"], date=rec["date"], source=rec["source"], url=rec["url"]
        )


def write_jsonl(path: Path, n: int, seed: int = 7) -> tuple[int, int]:
    """Write ``n`` articles to ``path``; return (articles, words)."""
    words = 0
    with path.open("w", encoding="utf-8") as out:
        for rec in records(n, seed):
            words += len(rec["title"].split()) + len(rec["text"].split())
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return n, words


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("-o", "--output", type=Path, help="the .jsonl to write (default: stdout)")
    parser.add_argument("--seed", type=int, default=7, help="same seed, same corpus (default 7)")
    args = parser.parse_args(argv)
    if args.output is None:
        for rec in records(args.n, args.seed):
            sys.stdout.write(json.dumps(rec, ensure_ascii=False) + "\n")
        return
    n, words = write_jsonl(args.output, args.n, args.seed)
    print(
        f"wrote {n} articles, {words} words ({words / max(n, 1):.0f} per article) to {args.output}"
    )


if __name__ == "__main__":
    main()
