"""The kg vocabulary. GENERATED from ontology/kg.ttl by scripts/gen_vocab.py: do not edit."""

from __future__ import annotations

from rdflib import Namespace, URIRef

KG = Namespace("https://w3id.org/newskg/ontology#")
KGR = Namespace("https://w3id.org/newskg/id/")

# classes
Agreement: URIRef = KG["Agreement"]
Article: URIRef = KG["Article"]
Country: URIRef = KG["Country"]
Entity: URIRef = KG["Entity"]
Event: URIRef = KG["Event"]
Fact: URIRef = KG["Fact"]
Mention: URIRef = KG["Mention"]
Organization: URIRef = KG["Organization"]
Person: URIRef = KG["Person"]
Place: URIRef = KG["Place"]
Policy: URIRef = KG["Policy"]
Quotation: URIRef = KG["Quotation"]
Role: URIRef = KG["Role"]
Sentence: URIRef = KG["Sentence"]
Statistic: URIRef = KG["Statistic"]

# object properties
about: URIRef = KG["about"]
agent: URIRef = KG["agent"]
basedIn: URIRef = KG["basedIn"]
evidence: URIRef = KG["evidence"]
hasRole: URIRef = KG["hasRole"]
holder: URIRef = KG["holder"]
inArticle: URIRef = KG["inArticle"]
inSentence: URIRef = KG["inSentence"]
livesIn: URIRef = KG["livesIn"]
locatedIn: URIRef = KG["locatedIn"]
mentionedIn: URIRef = KG["mentionedIn"]
participant: URIRef = KG["participant"]
party: URIRef = KG["party"]
period: URIRef = KG["period"]
place: URIRef = KG["place"]
relatedTo: URIRef = KG["relatedTo"]
represents: URIRef = KG["represents"]
requestedBy: URIRef = KG["requestedBy"]
roleFor: URIRef = KG["roleFor"]
source: URIRef = KG["source"]
speaker: URIRef = KG["speaker"]
worksFor: URIRef = KG["worksFor"]

# datatype properties
action: URIRef = KG["action"]
bound: URIRef = KG["bound"]
confidence: URIRef = KG["confidence"]
contentHash: URIRef = KG["contentHash"]
counted: URIRef = KG["counted"]
date: URIRef = KG["date"]
extractor: URIRef = KG["extractor"]
fileName: URIRef = KG["fileName"]
isoAlpha2: URIRef = KG["isoAlpha2"]
isoAlpha3: URIRef = KG["isoAlpha3"]
periodText: URIRef = KG["periodText"]
population: URIRef = KG["population"]
published: URIRef = KG["published"]
quoteText: URIRef = KG["quoteText"]
roleName: URIRef = KG["roleName"]
sourceName: URIRef = KG["sourceName"]
status: URIRef = KG["status"]
text: URIRef = KG["text"]
title: URIRef = KG["title"]
topic: URIRef = KG["topic"]
unit: URIRef = KG["unit"]
url: URIRef = KG["url"]
value: URIRef = KG["value"]
