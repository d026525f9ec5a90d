"""W3C SPARQL 1.1 result formats: ``json-res/manifest.ttl`` and ``csv-tsv-res/manifest.ttl``.

Each entry: a fresh application, ``qt:data`` PUT into the default graph through the Graph Store
Protocol, ``qt:query`` sent as ``GET /sparql?query=`` with the Accept header of the expected
file (``.srj``, ``.csv``, ``.tsv``), the answer compared with ``mf:result``:

* solutions as multisets (in order when the query has ORDER BY), blank nodes up to a
  consistent renaming, variables as a set for ``SELECT *`` (whose order SPARQL leaves open);
* JSON and TSV by RDF term; TSV terms are read as Turtle (§4.2: abbreviated numbers such as
  ``4`` are ``xsd:integer``, the full ``"4"^^<…#integer>`` is equally allowed, a
  ``"-3"^^xsd:negativeInteger`` written ``-3`` is a different term);
* CSV by string (§3.2: the term's lexical form), numbers by value;
* the wire format itself: CSV lines end in CRLF, TSV lines in LF (§2).
"""

from __future__ import annotations

import re

import pytest
import w3c

SUITE = w3c.suite_root()
MANIFESTS = ("json-res/manifest.ttl", "csv-tsv-res/manifest.ttl")
ACCEPT = {
    ".srj": "application/sparql-results+json",
    ".srx": "application/sparql-results+xml",
    ".csv": "text/csv",
    ".tsv": "text/tab-separated-values",
}

#: Entries that do not apply to this server, with the reason.
NOT_APPLICABLE: dict[str, str] = {}

#: Entries that fail because of a known, not yet fixed bug of the endpoint: strict xfails.
KNOWN_BUGS: dict[str, str] = {
    "tsv03": (
        "the store (pyoxigraph 0.5.13, in memory and on disk) rewrites "
        '"-3"^^xsd:negativeInteger to "-3"^^xsd:integer when the data is inserted, so the '
        "answer has -3 (an xsd:integer in TSV/Turtle) and DATATYPE() says xsd:integer; "
        "the TSV writer itself is right"
    ),
}

pytestmark = pytest.mark.shared


def load_tests() -> list[w3c.Test]:
    return w3c.load_tests(SUITE, MANIFESTS)


def _select_star(query: str) -> bool:
    return re.search(r"\bSELECT\s+(DISTINCT\s+|REDUCED\s+)?\*", query, re.I) is not None


def _ordered(query: str) -> bool:
    return re.search(r"\bORDER\s+BY\b", query, re.I) is not None


def check_wire_format(media: str, text: str, results: w3c.Results) -> list[str]:
    """Line ends: CRLF for CSV, LF for TSV (SPARQL 1.1 CSV/TSV §2)."""
    if media == "text/csv":
        multiline = any(
            "\n" in t.value or "\r" in t.value for r in results.rows for t in r.values()
        )
        records = len(results.rows) + 1
        if not multiline and (text.count("\r\n") != records or text.count("\n") != records):
            return [f"CSV lines must end in CRLF: {text[:200]!r}"]
    if media == "text/tab-separated-values" and "\r" in text:
        return [f"TSV lines end in LF, not CRLF: {text[:200]!r}"]
    return []


def run(test: w3c.Test) -> None:
    assert test.query is not None and test.result is not None, f"{test.id}: no query or result"
    query = test.query.read_text(encoding="utf-8")
    accept = ACCEPT[test.result.suffix]
    expected = w3c.parse_results(accept, test.result.read_text(encoding="utf-8"))
    with w3c.fresh_client() as client:
        w3c.load_data(client, test)
        response = client.get("/sparql", params={"query": query}, headers={"Accept": accept})
    request = f"GET /sparql?query=… (Accept: {accept}) with {test.query.name} on " + ", ".join(
        p.name for p in test.data
    )
    media = w3c.media_type(response.headers.get("content-type"))
    assert response.status_code == 200 and media == accept, (
        f"{test.id}: {request}\nexpected: 200 {accept}\n"
        f"got: {response.status_code} {response.headers.get('content-type')}\n  {response.text[:800]}"
    )
    try:
        got = w3c.parse_results(accept, response.text)
    except Exception as exc:
        raise AssertionError(
            f"{test.id}: {request}\nthe answer is not valid {accept}: {exc}\ngot:\n{response.text}"
        ) from None
    problems = check_wire_format(media, response.text, got)
    if expected.boolean is not None or got.boolean is not None:
        if got.boolean != expected.boolean:
            problems.append(f"boolean {got.boolean}, expected {expected.boolean}")
    else:
        same_vars = (
            set(got.variables) == set(expected.variables)
            if _select_star(query)
            else got.variables == expected.variables
        )
        if not same_vars:
            problems.append(f"variables {got.variables}, expected {expected.variables}")
        elif not w3c.same_rows(expected.rows, got.rows, ordered=_ordered(query)):
            problems.append(
                "solutions differ"
                + (" (order matters: ORDER BY)" if _ordered(query) else "")
                + f"\nexpected:\n{w3c.show_rows(expected.rows)}\ngot:\n{w3c.show_rows(got.rows)}"
            )
    assert not problems, (
        f"{test.id}: {request}\n" + "\n".join(problems) + f"\nthe answer as sent:\n{response.text}"
    )


@pytest.mark.parametrize("test", w3c.params(load_tests(), KNOWN_BUGS))
def test_w3c_results(test: w3c.Test | None) -> None:
    run(w3c.applicable(test, SUITE, NOT_APPLICABLE))


class TestComparison:
    """The comparison itself, on hand-written documents (no server, no suite)."""

    def test_tsv_numbers_short_and_full_forms(self) -> None:
        integer = w3c.XSD + "integer"
        assert w3c.tsv_term("4") == w3c.Term.literal("4", integer)
        assert w3c.tsv_term(f'"4"^^<{integer}>') == w3c.Term.literal("4", integer)
        assert w3c.tsv_term("5.5") == w3c.Term.literal("5.5", w3c.XSD + "decimal")
        assert w3c.tsv_term("1.0e6") == w3c.Term.literal("1.0e6", w3c.XSD + "double")
        negative = w3c.tsv_term(f'"-3"^^<{w3c.XSD}negativeInteger>')
        assert negative is not None and not negative.same(w3c.tsv_term("-3"))  # type: ignore[arg-type]

    def test_tsv_rejects_what_turtle_does_not_allow(self) -> None:
        for cell in ('"""long"""', "foo", "http://example.org/", "4.", '"x"^^xsd:string'):
            with pytest.raises(ValueError):
                w3c.tsv_term(cell)

    def test_blank_nodes_up_to_renaming(self) -> None:
        a, b = w3c.Term("bnode", "a"), w3c.Term("bnode", "b")
        x, y = w3c.Term("bnode", "x"), w3c.Term("bnode", "y")
        one = w3c.Term.literal("1")
        assert w3c.same_rows([{"s": a}, {"s": b}], [{"s": y}, {"s": x}], ordered=False)
        assert not w3c.same_rows([{"s": a, "o": a}], [{"s": x, "o": y}], ordered=False)
        assert not w3c.same_rows([{"s": a}, {"s": b}], [{"s": x}, {"s": x}], ordered=False)
        assert not w3c.same_rows([{"s": a}, {"s": one}], [{"s": one}, {"s": x}], ordered=True)
