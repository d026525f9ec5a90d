"""SPARQL 1.1 query result serialisers (JSON, XML, CSV, TSV) over pyoxigraph terms.

Written here rather than delegated to ``QuerySolutions.serialize`` because the endpoint must
count rows (``max_rows``) and watch the clock between rows; pyoxigraph's serialiser consumes the
whole iterator in one call. Each writer takes the variables and an iterator of solutions and
yields ``str`` chunks; the W3C result-format suites check them (tests/test_w3c_results.py).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
Solution = Sequence[Term | None]

#: a JSON string of a Python one, as ``json.dumps(…, ensure_ascii=False)`` writes it
_string: Callable[[str], str] = json.encoder.encode_basestring

XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
RDF_DIR_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#dirLangString"


# -- JSON ---------------------------------------------------------------------------------------
def _json_term(term: Term) -> dict[str, object]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, object] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {
        "type": "triple",
        "value": {
            "subject": _json_term(term.subject),
            "predicate": _json_term(term.predicate),
            "object": _json_term(term.object),
        },
    }


def _json_text(term: Term) -> str:
    """``json.dumps(_json_term(term), ensure_ascii=False)``, without the dictionary."""
    if isinstance(term, ox.NamedNode):
        return '{"type": "uri", "value": ' + _string(term.value) + "}"
    if isinstance(term, ox.Literal):
        language = term.language
        if language:
            extra = ', "xml:lang": ' + _string(language)
        else:
            datatype = term.datatype.value
            extra = "" if datatype == XSD_STRING else ', "datatype": ' + _string(datatype)
        return '{"type": "literal", "value": ' + _string(term.value) + extra + "}"
    return json.dumps(_json_term(term), ensure_ascii=False)


def json_solutions(variables: list[str], rows: Iterable[Solution]) -> Iterator[str]:
    """Each row as ``json.dumps`` of its bindings would write it, a term at a time."""
    yield '{"head":{"vars":' + json.dumps(variables) + '},"results":{"bindings":['
    names = [_string(v) + ": " for v in variables]
    first = True
    for row in rows:
        text = ", ".join(
            [
                name + _json_text(term)
                for name, term in zip(names, row, strict=True)
                if term is not None
            ]
        )
        yield ("{" if first else ",\n{") + text + "}"
        first = False
    yield "]}}\n"


def json_boolean(value: bool) -> str:
    return json.dumps({"head": {}, "boolean": value}) + "\n"


# -- XML ----------------------------------------------------------------------------------------
_XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n'
_XML_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _xml_text(text: str) -> str:
    # XML 1.0 cannot carry most C0 control characters, not even escaped
    return escape(_XML_CONTROL.sub("\ufffd", text))


def _xml_term(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{_xml_text(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{_xml_text(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            attr = f" xml:lang={quoteattr(term.language)}"
        elif term.datatype.value != XSD_STRING:
            attr = f" datatype={quoteattr(term.datatype.value)}"
        else:
            attr = ""
        return f"<literal{attr}>{_xml_text(term.value)}</literal>"
    return (
        f"<triple><subject>{_xml_term(term.subject)}</subject>"
        f"<predicate>{_xml_term(term.predicate)}</predicate>"
        f"<object>{_xml_term(term.object)}</object></triple>"
    )


def xml_solutions(variables: list[str], rows: Iterable[Solution]) -> Iterator[str]:
    head = "".join(f"<variable name={quoteattr(v)}/>" for v in variables)
    yield f"{_XML_HEAD}<head>{head}</head>\n<results>\n"
    for row in rows:
        bindings = "".join(
            f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
            for v, t in zip(variables, row, strict=True)
            if t is not None
        )
        yield f"<result>{bindings}</result>\n"
    yield "</results>\n</sparql>\n"


def xml_boolean(value: bool) -> str:
    return f"{_XML_HEAD}<head/>\n<boolean>{'true' if value else 'false'}</boolean>\n</sparql>\n"


# -- CSV (SPARQL 1.1 Query Results CSV and TSV Formats, §2) -------------------------------------
def _csv_field(text: str) -> str:
    if any(c in text for c in '",\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _csv_term(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return _csv_field(f"_:{term.value}")
    if isinstance(term, ox.Triple):
        return _csv_field(_tsv_term(term))
    return _csv_field(term.value)


def csv_solutions(variables: list[str], rows: Iterable[Solution]) -> Iterator[str]:
    yield ",".join(_csv_field(v) for v in variables) + "\r\n"
    for row in rows:
        yield ",".join(_csv_term(t) for t in row) + "\r\n"


def csv_boolean(value: bool) -> str:
    # not defined by the CSV spec; one column and one row, as most stores answer
    return f"_askResult\r\n{'true' if value else 'false'}\r\n"


# -- TSV (§3: terms in Turtle syntax) -----------------------------------------------------------
_TURTLE_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_SHORT_FORMS: dict[str, re.Pattern[str]] = {
    XSD + "integer": re.compile(r"^[+-]?[0-9]+$"),
    XSD + "decimal": re.compile(r"^[+-]?[0-9]*\.[0-9]+$"),
    XSD + "double": re.compile(r"^[+-]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)[eE][+-]?[0-9]+$"),
    XSD + "boolean": re.compile(r"^(?:true|false)$"),
}


def _turtle_string(text: str) -> str:
    return '"' + "".join(_TURTLE_ESCAPES.get(c, c) for c in text) + '"'


def _tsv_term(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return f"<{term.value}>"
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if term.language:
            return f"{_turtle_string(term.value)}@{term.language}"
        if datatype == XSD_STRING:
            return _turtle_string(term.value)
        short = _SHORT_FORMS.get(datatype)
        if short is not None and short.match(term.value):
            return term.value
        return f"{_turtle_string(term.value)}^^<{datatype}>"
    return f"<<( {_tsv_term(term.subject)} {_tsv_term(term.predicate)} {_tsv_term(term.object)} )>>"


def tsv_solutions(variables: list[str], rows: Iterable[Solution]) -> Iterator[str]:
    yield "\t".join(f"?{v}" for v in variables) + "\n"
    for row in rows:
        yield "\t".join(_tsv_term(t) for t in row) + "\n"


def tsv_boolean(value: bool) -> str:
    return f"?_askResult\n{'true' if value else 'false'}\n"


SOLUTION_WRITERS: dict[str, Callable[[list[str], Iterable[Solution]], Iterator[str]]] = {
    "json": json_solutions,
    "xml": xml_solutions,
    "csv": csv_solutions,
    "tsv": tsv_solutions,
}
BOOLEAN_WRITERS: dict[str, Callable[[bool], str]] = {
    "json": json_boolean,
    "xml": xml_boolean,
    "csv": csv_boolean,
    "tsv": tsv_boolean,
}
