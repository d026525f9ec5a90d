"""A synthetic news corpus written directly as RDF in kg's vocabulary (``ontology/kg.ttl``).

Running the spaCy pipeline on thousands of articles takes far too long for a benchmark, so this
module writes the graphs that ingest *would* write, in the same shape as
:mod:`kg.rdf.mapping`: one named graph per article, entities with ``kg:mentionedIn`` and
``kg:evidence`` mentions in sentences (offsets are honest: ``text[begin:end] == anchorOf``),
and roles, quotations, statistics, events, agreements and policies linked to the entities.

Articles belong to topics (a story), each with its own cast drawn from global pools, plus a few
"hub" countries and organisations that appear everywhere, so the graph has communities and hubs
the way a news corpus does. Same ``seed`` → same corpus.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

KG = "https://w3id.org/newskg/ontology#"
KGR = "https://w3id.org/newskg/id/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
XSD = "http://www.w3.org/2001/XMLSchema#"
ROLES = ("Minister", "President", "Spokesperson", "Chief Executive", "Governor", "Director")
COUNTED = ("migrants", "jobs", "deaths", "tonnes of steel", "GDP growth", "votes")
TOPICS = ("trade", "migration", "health", "energy", "security", "elections", "climate")


@dataclass(frozen=True)
class Ent:
    kind: str  # person, organization, country, place
    cls: str  # Person, Organization, Country, Place
    slug: str
    label: str

    @property
    def iri(self) -> str:
        return f"{KGR}{self.kind}/{self.slug}"


def _lit(value: str, datatype: str | None = None) -> str:
    text = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{text}"^^<{XSD}{datatype}>' if datatype else f'"{text}"'


def _h(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()[:12]


class Corpus:
    """``Corpus(articles, seed).nquads()`` yields N-Quads lines, one article at a time."""

    def __init__(self, articles: int, seed: int = 7) -> None:
        self.articles = articles
        self.rng = random.Random(seed)
        n = max(articles, 50)
        self.people = [
            Ent("person", "Person", f"person-{i:05d}", f"Person {i:05d}") for i in range(n // 4)
        ]
        self.orgs = [
            Ent("organization", "Organization", f"org-{i:04d}", f"Organisation {i:04d}")
            for i in range(n // 10)
        ]
        self.countries = [
            Ent("country", "Country", f"C{i:03d}", f"Country {i:03d}")
            for i in range(min(200, n // 20))
        ]
        self.places = [
            Ent("place", "Place", f"place-{i:04d}", f"Place {i:04d}") for i in range(n // 20)
        ]
        self.topics = [self._cast() for _ in range(max(5, articles // 200))]
        self.hubs = self.countries[:5] + self.orgs[:5]

    def _cast(self) -> dict[str, list[Ent]]:
        pick = self.rng.sample
        return {
            "person": pick(self.people, min(40, len(self.people))),
            "organization": pick(self.orgs, min(15, len(self.orgs))),
            "country": pick(self.countries, min(6, len(self.countries))),
            "place": pick(self.places, min(8, len(self.places))),
        }

    def _choose(self, pool: list[Ent], k: int) -> list[Ent]:
        # popular members of a cast come up more often (a rough Zipf law)
        weights = [1.0 / (i + 1) for i in range(len(pool))]
        chosen: dict[str, Ent] = {}
        while len(chosen) < min(k, len(pool)):
            ent = self.rng.choices(pool, weights)[0]
            chosen[ent.iri] = ent
        return list(chosen.values())

    def nquads(self) -> Iterator[str]:
        start = date(2021, 1, 1)
        for i in range(self.articles):
            day = start + timedelta(days=self.rng.randrange(3 * 365))
            yield from _Article(self, f"bench{i:06d}", day).quads()


class _Article:
    def __init__(self, corpus: Corpus, key: str, day: date) -> None:
        rng = corpus.rng
        self.rng = rng
        self.iri = f"{KGR}article/{key}"
        self.day = day
        self.lines: list[str] = []
        self.text_parts: list[str] = []
        self.offset = 0
        cast = rng.choice(corpus.topics)
        self.people = corpus._choose(cast["person"], rng.randint(3, 6))
        self.orgs = corpus._choose(cast["organization"], rng.randint(1, 3))
        self.countries = corpus._choose(cast["country"], rng.randint(1, 3))
        self.places = corpus._choose(cast["place"], rng.randint(1, 2))
        for hub in rng.sample(corpus.hubs, rng.randint(0, 2)):
            (self.countries if hub.kind == "country" else self.orgs).append(hub)
        self.topic = rng.choice(TOPICS)

    def add(self, s: str, p: str, o: str) -> None:
        self.lines.append(f"<{s}> <{p}> {o} <{self.iri}> .\n")

    def sentence(self, words: list[str | Ent | None]) -> dict[str, tuple[int, int, str]]:
        """Append a sentence; return the mention spans of the entities in it."""
        begin = self.offset
        text = ""
        spans: dict[str, tuple[int, int, str]] = {}
        for word in words:
            if word is None:
                continue
            piece = word.label if isinstance(word, Ent) else word
            if text:
                text += " "
            if isinstance(word, Ent):
                spans[word.iri] = (begin + len(text), begin + len(text) + len(piece), piece)
            text += piece
        text += "."
        sent = f"{self.iri}#sentence={begin},{begin + len(text)}"
        self.add(sent, RDF_TYPE, f"<{KG}Sentence>")
        self.add(sent, f"{KG}inArticle", f"<{self.iri}>")
        self.add(sent, f"{NIF}beginIndex", _lit(str(begin), "integer"))
        self.add(sent, f"{NIF}endIndex", _lit(str(begin + len(text)), "integer"))
        self.add(sent, f"{NIF}anchorOf", _lit(text))
        self._sentence_iri = sent
        self.text_parts.append(text)
        self.offset += len(text) + 1
        return spans

    def evidence(self, node: str, span: tuple[int, int, str]) -> None:
        start, end, anchor = span
        m = f"{self.iri}#char={start},{end}"
        self.add(m, RDF_TYPE, f"<{KG}Mention>")
        self.add(m, f"{KG}inArticle", f"<{self.iri}>")
        self.add(m, f"{KG}inSentence", f"<{self._sentence_iri}>")
        self.add(m, f"{NIF}beginIndex", _lit(str(start), "integer"))
        self.add(m, f"{NIF}endIndex", _lit(str(end), "integer"))
        self.add(m, f"{NIF}anchorOf", _lit(anchor))
        self.add(node, f"{KG}evidence", f"<{m}>")

    def fact(self, node: str, cls: str, label: str, span: tuple[int, int, str]) -> None:
        self.add(node, RDF_TYPE, f"<{KG}{cls}>")
        self.add(node, LABEL, _lit(label))
        self.add(node, f"{KG}extractor", _lit("bench"))
        self.evidence(node, span)

    def quads(self) -> Iterator[str]:
        rng, a = self.rng, self.iri
        title = f"{self.topic.title()} talks: {self.people[0].label} and {self.countries[0].label}"
        self.sentence([title])
        entities = self.people + self.orgs + self.countries + self.places
        for ent in entities:
            self.add(ent.iri, RDF_TYPE, f"<{KG}{ent.cls}>")
            self.add(ent.iri, LABEL, _lit(ent.label))
            self.add(ent.iri, f"{KG}mentionedIn", f"<{a}>")
            if ent.kind == "country":
                self.add(ent.iri, f"{KG}isoAlpha2", _lit(ent.slug[:2]))
                self.add(ent.iri, f"{KG}isoAlpha3", _lit(ent.slug))
        # background sentences: each entity mentioned once or twice with one or two others
        for _ in range(len(entities) + 4):
            group = rng.sample(entities, min(len(entities), rng.randint(1, 3)))
            spans = self.sentence(["Reporting on", *group, "and the", self.topic, "question"])
            for iri, span in spans.items():
                self.evidence(iri, span)
        for person in self.people:
            if rng.random() < 0.8:
                role = rng.choice(ROLES)
                rep = rng.choice(self.countries + self.orgs)
                node = f"{KGR}role/{_h(person.iri, role, rep.iri)}"
                spans = self.sentence([rep, role, person, "spoke"])
                self.fact(node, "Role", f"{role}, {rep.label}", spans[person.iri])
                self.evidence(person.iri, spans[person.iri])
                self.add(node, f"{KG}holder", f"<{person.iri}>")
                self.add(person.iri, f"{KG}hasRole", f"<{node}>")
                self.add(node, f"{KG}roleName", _lit(role))
                self.add(node, f"{KG}roleFor", f"<{rep.iri}>")
                self.add(person.iri, f"{KG}represents", f"<{rep.iri}>")
        for n in range(rng.randint(2, 5)):
            speaker = rng.choice(self.people)
            words = f"We will work on {self.topic} number {n}"
            spans = self.sentence([f'"{words}," said', speaker])
            node = f"{a}/quote/{_h(n, words)}"
            self.fact(node, "Quotation", words, spans[speaker.iri])
            self.add(node, f"{KG}quoteText", _lit(words))
            self.add(node, f"{KG}speaker", f"<{speaker.iri}>")
        for n in range(rng.randint(1, 4)):
            about, source = rng.choice(self.countries), rng.choice(self.orgs)
            value = rng.randint(1, 90000)
            spans = self.sentence([f"About {value}", rng.choice(COUNTED), "in", about, source])
            node = f"{a}/statistic/{_h(n, value)}"
            self.fact(node, "Statistic", f"about {value}", spans[about.iri])
            self.add(node, f"{KG}value", _lit(str(value), "decimal"))
            self.add(node, f"{KG}bound", _lit("approx"))
            self.add(node, f"{KG}about", f"<{about.iri}>")
            self.add(node, f"{KG}source", f"<{source.iri}>")
        for n in range(rng.randint(0, 2)):
            parts = rng.sample(self.people + self.countries, 2)
            place = rng.choice(self.places)
            spans = self.sentence([*parts, "met in", place])
            node = f"{a}/event/{_h(n)}"
            self.fact(node, "Event", f"meeting on {self.topic}", spans[place.iri])
            for p in parts:
                self.add(node, f"{KG}participant", f"<{p.iri}>")
            self.add(node, f"{KG}place", f"<{place.iri}>")
            self.add(node, f"{KG}topic", _lit(self.topic))
            self.add(node, f"{KG}date", _lit(self.day.isoformat(), "date"))
        if len(self.countries) > 1 and rng.random() < 0.3:
            parties = rng.sample(self.countries, 2)
            spans = self.sentence([*parties, "signed an agreement"])
            node = f"{a}/agreement/{_h('agreement')}"
            self.fact(node, "Agreement", f"{self.topic} agreement", spans[parties[0].iri])
            for p in parties:
                self.add(node, f"{KG}party", f"<{p.iri}>")
            self.add(node, f"{KG}status", _lit("signed"))
        for n in range(rng.randint(0, 2)):
            agent, requester = rng.choice(self.countries + self.orgs), rng.choice(self.people)
            spans = self.sentence([requester, "urged", agent, "to act"])
            node = f"{a}/policy/{_h(n)}"
            self.fact(node, "Policy", f"act on {self.topic}", spans[agent.iri])
            self.add(node, f"{KG}agent", f"<{agent.iri}>")
            self.add(node, f"{KG}requestedBy", f"<{requester.iri}>")
        text = "\n".join(self.text_parts)
        self.add(a, RDF_TYPE, f"<{KG}Article>")
        self.add(a, f"{KG}title", _lit(title))
        self.add(a, LABEL, _lit(title))
        self.add(a, f"{KG}text", _lit(text))
        self.add(a, f"{KG}contentHash", _lit(hashlib.sha256(text.encode()).hexdigest()))
        self.add(a, f"{KG}published", _lit(self.day.isoformat(), "date"))
        yield from self.lines
