"""Look at SPARQL text before it runs: refuse what would reach the network, find dataset clauses.

pyoxigraph follows ``SERVICE <iri>`` and ``LOAD <iri>`` over HTTP. kg never lets a query or an
update make a request, so both are refused before evaluation, whatever the caller (REST, SPARQL
endpoint, CLI, Python). The check runs on SPARQL *tokens*, not on raw text: strings, IRIs,
comments, variables and prefixed names are skipped, so ``"SERVICE"`` in a literal or
``?service`` is fine, and a keyword cannot hide from the check by case or spacing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from ..errors import QueryError

# The SPARQL 1.1 terminals that can contain keyword-like text, longest alternatives first.
_TOKEN = re.compile(
    r"""
      (?P<comment>\#[^\n\r]*)
    | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
    | (?P<bnode>_:[\w.\-\u00b7\u0300-\u036f\u203f-\u2040]+)
    | (?P<number>[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?)
    | (?P<name>(?:[^\W\d][\w.\-]*)?:(?:[\w.\-:%\\]*)|[^\W\d_][\w]*)
    | (?P<space>\s+)
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_OPERATOR_LT = re.compile(r"<")
_OPERANDS = {"var", "iri", "string", "number", "bnode"}

NETWORK_KEYWORDS = frozenset({"SERVICE", "LOAD"})


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int

    @property
    def keyword(self) -> str | None:
        """The upper-cased word when the token is a bare word (a keyword or function name)."""
        if self.kind == "name" and ":" not in self.text:
            return self.text.upper()
        return None


def _ends_operand(tok: Token | None) -> bool:
    if tok is None:
        return False
    if tok.kind in _OPERANDS or tok.text in (")", "]"):
        return True
    return tok.kind == "name" and (tok.keyword is None or tok.keyword in ("TRUE", "FALSE"))


def tokens(sparql: str) -> Iterator[Token]:
    """The significant tokens of ``sparql`` (comments and white space dropped).

    ``<`` is ambiguous in SPARQL: an IRI starts with it, and so does the less-than operator.
    The operator can only occur inside parentheses (FILTER, BIND, projections) right after an
    operand, so there ``<`` is read as the operator, as the query parser reads it; a crafted
    ``FILTER(1<2)SERVICE ?x #>`` cannot hide a keyword inside a would-be IRI.
    """
    pos = 0
    depth = 0
    previous: Token | None = None
    while pos < len(sparql):
        if sparql[pos] == "<" and depth > 0 and _ends_operand(previous):
            match = _OPERATOR_LT.match(sparql, pos)
            kind = "other"
        else:
            match = _TOKEN.match(sparql, pos)
            kind = (match.lastgroup if match else None) or "other"
        assert match is not None  # ``other`` matches any character
        pos = match.end()
        if kind in ("comment", "space"):
            continue
        text = match.group()
        if kind == "other" and text in "{}":
            kind = "open" if text == "{" else "close"
        elif text == "(":
            depth += 1
        elif text == ")":
            depth = max(0, depth - 1)
        previous = Token(kind, text, match.start())
        yield previous


QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


def query_form(sparql: str) -> str | None:
    """``SELECT``/``ASK``/``CONSTRUCT``/``DESCRIBE``: the first such keyword of a query."""
    for tok in tokens(sparql):
        if tok.keyword in QUERY_FORMS:
            return tok.keyword
    return None


def keywords(sparql: str) -> set[str]:
    """Every bare word of ``sparql``, upper-cased."""
    return {k for t in tokens(sparql) if (k := t.keyword)}


class ForbiddenOperation(QueryError):
    """The query or update asks the server to reach the network (SERVICE, LOAD)."""


def refuse_network(sparql: str) -> None:
    """Raise :class:`ForbiddenOperation` when ``sparql`` uses ``SERVICE`` or ``LOAD``."""
    found = sorted(keywords(sparql) & NETWORK_KEYWORDS)
    if found:
        raise ForbiddenOperation(
            f"{' and '.join(found)} is not allowed: kg never fetches anything from the network "
            "because of a query. Load the data with `kg ingest` (or a Graph Store PUT) and query "
            "it locally."
        )


def has_dataset_clause(update: str) -> bool:
    """Whether an update names its own dataset with ``USING`` or ``WITH``."""
    return bool(keywords(update) & {"USING", "WITH"})


def prepare_update(
    update: str, default_graphs: Sequence[str] = (), named_graphs: Sequence[str] = ()
) -> str:
    """The update to run: network access refused, and the protocol's ``using-graph-uri`` /
    ``using-named-graph-uri`` applied (refused when the update names its own dataset)."""
    refuse_network(update)
    if default_graphs or named_graphs:
        if has_dataset_clause(update):
            raise QueryError(
                "the update names its own dataset (USING or WITH) and the request gives "
                "using-graph-uri/using-named-graph-uri too; use one or the other"
            )
        update = add_using(update, default_graphs, named_graphs)
    return update


def add_using(update: str, default_graphs: Sequence[str], named_graphs: Sequence[str]) -> str:
    """Insert ``USING <g>`` / ``USING NAMED <g>`` before the ``WHERE`` of every DELETE/INSERT.

    This is how the protocol's ``using-graph-uri`` / ``using-named-graph-uri`` parameters apply
    (SPARQL 1.1 Protocol §2.2.3). IRIs must already be checked (see :func:`check_iri`).
    """
    clause = "".join(f"USING <{check_iri(g)}> " for g in default_graphs) + "".join(
        f"USING NAMED <{check_iri(g)}> " for g in named_graphs
    )
    if not clause:
        return update
    out: list[str] = []
    last = 0
    depth = 0
    previous: Token | None = None
    for tok in tokens(update):
        if tok.kind == "open":
            depth += 1
        elif tok.kind == "close":
            depth -= 1
        elif (
            depth == 0
            and tok.keyword == "WHERE"
            and previous is not None
            and previous.kind == "close"  # ``DELETE {…} INSERT {…} WHERE``, not ``DELETE WHERE``
        ):
            out.append(update[last : tok.start])
            out.append(clause)
            last = tok.start
        previous = tok
    out.append(update[last:])
    return "".join(out)


_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^<>\"{}|^`\\\x00-\x20]*$")


def check_iri(iri: str) -> str:
    """Return ``iri`` when it is an absolute IRI, else raise :class:`QueryError`."""
    if not _IRI.match(iri):
        raise QueryError(f"not an absolute IRI: {iri!r}")
    try:
        ox.NamedNode(iri)  # the rest of RFC 3987: control characters, non-characters…
    except ValueError:
        raise QueryError(f"not a valid IRI: {iri!r}") from None
    return iri
