"""Generate kg/rdf/vocab.py from ontology/kg.ttl, so the Python names cannot drift.

Run: python scripts/gen_vocab.py  (tests/test_ontology.py fails when the file is stale)
"""

from __future__ import annotations

import sys
from pathlib import Path

from rdflib import OWL, RDF, Graph, URIRef

ROOT = Path(__file__).resolve().parent.parent
NS = "https://w3id.org/newskg/ontology#"
KINDS = (
    (OWL.Class, "classes"),
    (OWL.ObjectProperty, "object properties"),
    (OWL.DatatypeProperty, "datatype properties"),
)


def render(ontology: Path) -> str:
    graph = Graph().parse(ontology)
    lines = [
        '"""The kg vocabulary. GENERATED from ontology/kg.ttl by scripts/gen_vocab.py: do not edit."""',
        "",
        "from __future__ import annotations",
        "",
        "from rdflib import Namespace, URIRef",
        "",
        f'KG = Namespace("{NS}")',
        'KGR = Namespace("https://w3id.org/newskg/id/")',
        "",
    ]
    for kind, title in KINDS:
        names = sorted(
            str(s)[len(NS) :]
            for s in graph.subjects(RDF.type, kind)
            if isinstance(s, URIRef) and str(s).startswith(NS)
        )
        lines.append(f"# {title}")
        lines.extend(f'{name}: URIRef = KG["{name}"]' for name in names)
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    target = ROOT / "kg" / "rdf" / "vocab.py"
    target.write_text(render(ROOT / "ontology" / "kg.ttl"), encoding="utf-8")
    print(f"wrote {target}", file=sys.stderr)


if __name__ == "__main__":
    main()
