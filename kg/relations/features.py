"""Features of an ordered pair of entity mentions in one parsed sentence.

Sparse and symbolic (strings), so a linear model over them stays readable: the words between
the two mentions, the words around the pair and around each mention (two on each side), the
words of each mention (``university``, ``party``), their head words, the dependency relation of
each head to its governor (``pobj>of``, ``poss>home``), the dependency path between the heads,
and how far apart they are. Every one of these also appears conjoined with the pair's types
(``Peop>Org``), which in CoNLL04 decide the relation a pair can hold. Last, not conjoined, the
label each of the two name recognisers gives a mention's head word (kg's fine-tuned
``kg_ner`` and the base model's ``ner``): where they disagree, the mention's type is less sure.

>>> bucket(5)
'4-6'
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from ..ner.component import BASE_KEY, SPANS_KEY

#: the ordered type pairs a relation can join, and the relation each one means
RELATION_OF_TYPES = {
    ("Peop", "Org"): "Work_For",
    ("Peop", "Loc"): "Live_In",
    ("Loc", "Loc"): "Located_In",
    ("Org", "Loc"): "OrgBased_In",
    ("Peop", "Peop"): "Kill",
}
_MAX_BETWEEN = 10


def bucket(n: int) -> str:
    for limit, name in ((0, "0"), (1, "1"), (2, "2"), (3, "3"), (6, "4-6"), (10, "7-10")):
        if n <= limit:
            return name
    return "11+"


def _word(tok: Token) -> str:
    return tok.lower_ if not tok.like_num else "<num>"


def _at(doc: Doc, i: int) -> str:
    """The word at ``i``, or a sentinel past either end of the sentence."""
    if i < 0:
        return "<s>"
    return _word(doc[i]) if i < len(doc) else "</s>"


def _mention(name: str, span: Span) -> list[str]:
    """What one mention says on its own: its words, its neighbours, how its head is governed."""
    doc, root = span.doc, span.root
    return [
        *(f"{name}w={t.lower_}" for t in span if not t.is_punct),
        f"{name}_before={_at(doc, span.start - 1)}",
        f"{name}_after={_at(doc, span.end)}",
        f"{name}_dep={root.dep_}",
        f"{name}_gov={root.dep_}>{root.head.lemma_.lower()}",
    ]


#: the name recognisers whose labels a mention's features give, and where each leaves its names
RECOGNISERS = (("ner", SPANS_KEY), ("base", BASE_KEY))

#: recogniser → the label of each token inside one of its names
Heard = dict[str, dict[int, str]]


def recognised(doc: Doc) -> Heard:
    """What each recogniser that ran on ``doc`` says of its tokens (``kg_ner`` may have been
    left out of the pipeline: then it says nothing, not "no name")."""
    return {
        who: {i: s.label_ for s in doc.spans[key] for i in range(s.start, s.end)}
        for who, key in RECOGNISERS
        if key in doc.spans
    }


def _recognised(name: str, span: Span, heard: Heard) -> list[str]:
    """The label each recogniser gives ``span``'s head word (``None`` for no name)."""
    head = span.root.i
    return [f"{name}_{who}={labels.get(head, 'None')}" for who, labels in heard.items()]


def _path(a: Token, b: Token) -> tuple[list[str], list[Token]]:
    """Dependency labels from ``a`` up to the lowest common ancestor and down to ``b``, and
    the tokens on the way (the ancestor included, the two ends not)."""
    up = [a, *a.ancestors]
    down = [b, *b.ancestors]
    common = next((t for t in up if t in down), None)
    if common is None:
        return [], []
    i, j = up.index(common), down.index(common)
    labels = [f"{t.dep_}^" for t in up[:i]] + [f"v{t.dep_}" for t in reversed(down[:j])]
    inner = [t for t in (*up[1 : i + 1], *down[1:j]) if t not in (a, b)]
    return labels, inner


def pair_features(
    e1: Span, e2: Span, t1: str, t2: str, others: int = 0, heard: Heard | None = None
) -> list[str]:
    """Features of the pair (``e1`` subject, ``e2`` object) with types ``t1``, ``t2``;
    ``others`` is the number of other entity mentions between them, ``heard`` the
    :func:`recognised` labels of the document (read from it when not given)."""
    doc = e1.doc
    if heard is None:
        heard = recognised(doc)
    forward = e1.start < e2.start
    first, second = (e1, e2) if forward else (e2, e1)
    between = list(doc[first.end : second.start])
    feats = [
        "order=" + ("fwd" if forward else "back"),
        "between_n=" + bucket(len(between)),
        "others=" + bucket(others),
        "h1=" + e1.root.lemma_.lower(),
        "h2=" + e2.root.lemma_.lower(),
        "before=" + _at(doc, first.start - 1),
        "after=" + _at(doc, second.end),
        "before2=" + _at(doc, first.start - 2),
        "after2=" + _at(doc, second.end + 1),
        *_mention("e1", e1),
        *_mention("e2", e2),
    ]
    if len(between) <= _MAX_BETWEEN:
        feats.extend("b=" + _word(t) for t in between if not t.is_space)
        if between:
            feats.append("b_first=" + _word(between[0]))
            feats.append("b_last=" + _word(between[-1]))
        else:
            feats.append("adjacent")
        verbs = [t.lemma_.lower() for t in between if t.pos_ in ("VERB", "AUX")]
        feats.extend("b_verb=" + v for v in verbs)
    else:
        feats.append("b_long")
    labels, inner = _path(e1.root, e2.root)
    if labels and len(labels) <= 6:
        feats.append("path=" + " ".join(labels))
        feats.append("path_n=" + bucket(len(labels)))
        feats.extend(
            "path_word=" + t.lemma_.lower()
            for t in inner
            if t.pos_ in ("VERB", "AUX", "NOUN", "ADP", "PROPN")
        )
    elif labels:
        feats.append("path_long")
    pair = f"{t1}>{t2}"
    return [
        "types=" + pair,
        *feats,
        *(f"{pair}|{f}" for f in feats),
        *_recognised("e1", e1, heard),
        *_recognised("e2", e2, heard),
    ]


def pairs(doc: Doc, mentions: Sequence[tuple[Span, str]]) -> list[tuple[int, int, list[str]]]:
    """(subject index, object index, features) for every ordered pair of ``mentions`` in the
    same sentence whose types can hold a relation."""
    out: list[tuple[int, int, list[str]]] = []
    heard = recognised(doc)
    for i, (a, ta) in enumerate(mentions):
        for j, (b, tb) in enumerate(mentions):
            if i == j or (ta, tb) not in RELATION_OF_TYPES or a.sent != b.sent:
                continue
            lo, hi = sorted((a.start, b.start))
            others = sum(
                1 for k, (c, _) in enumerate(mentions) if k not in (i, j) and lo < c.start < hi
            )
            out.append((i, j, pair_features(a, b, ta, tb, others, heard)))
    return out
