"""``kg_policies``: courses of action, who would carry them out and who asks for them.

* ``X want(s) Y to VERB …``, ``X urged Y to VERB …``, ``X want(s) to see Y VERB …``:
  agent Y, requester X;
* through light verbs and plans: ``… see the US follow through on its plan to restore …``:
  the action is ``restore …`` and ``its`` is the agent;
* ``Y plans to VERB …``, ``Y's plan to VERB …``: agent Y, no requester.

The action is the verb with its objects and places, without clauses (``, which …``).
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Token

from . import extensions as _ext  # noqa: F401
from .common import agent_of, entity_key, evidence
from .items import PolicyFact, Span
from .layout import yields_facts
from .rules import Rules, load_rules

_CUT = {
    "advcl",
    "relcl",
    "conj",
    "cc",
    "punct",
    "mark",
    "aux",
    "auxpass",
    "nsubj",
    "nsubjpass",
    "neg",
    "appos",
    "parataxis",
    "advmod",
    "npadvmod",
}
_PRONOUNS = {"it", "its", "they", "their", "them", "he", "his", "she", "her"}


class Policies:
    """The ``kg_policies`` component."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules

    def __call__(self, doc: Doc) -> Doc:
        found: dict[tuple[str | None, str], PolicyFact] = {}
        for tok in doc:
            if tok.pos_ not in ("VERB", "NOUN") or not yields_facts(doc, tok.idx):
                continue
            lemma = tok.lemma_.lower()
            if tok.pos_ == "VERB" and lemma in self.rules.request_verbs:
                self._request(doc, tok, found)
            elif lemma in self.rules.plan_words:
                self._plan(doc, tok, found)
        doc._.kg_policies = list(found.values())
        return doc

    def _request(
        self, doc: Doc, verb: Token, found: dict[tuple[str | None, str], PolicyFact]
    ) -> None:
        rules = self.rules
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        requester = agent_of(subj, rules) if subj is not None else None
        if requester is None:
            return
        for comp in verb.children:
            if comp.dep_ not in ("ccomp", "xcomp") or comp.pos_ != "VERB":
                continue
            if comp.lemma_.lower() in rules.speech_verbs:
                # "X wants Y to …, Minister Z said": a reporting clause the parser hung on the
                # request verb is who said it, never the action requested
                continue
            action, agent_tok = self._descend(comp)
            if agent_tok is None:  # "urged Y to …": the object of the request verb
                agent_tok = next((c for c in verb.children if c.dep_ in ("dobj", "obj")), None)
            agent = self._resolve(agent_tok, comp) if agent_tok is not None else None
            if agent is None or agent == requester or action is None:
                continue
            self._add(doc, action, agent, requester, verb, found)

    def _plan(self, doc: Doc, tok: Token, found: dict[tuple[str | None, str], PolicyFact]) -> None:
        action = next(
            (c for c in tok.children if c.dep_ in ("acl", "xcomp") and c.pos_ == "VERB"), None
        )
        if action is None:
            return
        if tok.pos_ == "NOUN":
            owner = next((c for c in tok.children if c.dep_ == "poss"), None)
        else:
            owner = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        agent = self._resolve(owner, tok) if owner is not None else None
        if agent is not None:
            self._add(doc, action, agent, None, tok, found)

    def _descend(self, verb: Token) -> tuple[Token | None, Token | None]:
        """Follow light verbs and plans down to the action; return it and its subject."""
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        for _ in range(4):
            if verb.lemma_.lower() not in self.rules.light_verbs:
                return verb, subject
            nxt = None
            for child in verb.children:
                if child.dep_ in ("ccomp", "xcomp") and child.pos_ == "VERB":
                    nxt = child
                if child.dep_ == "prep":
                    for obj in child.children:
                        if obj.lemma_.lower() in self.rules.plan_words:
                            nxt = next((a for a in obj.children if a.dep_ == "acl"), nxt)
            if nxt is None:
                return verb, subject
            inner = next((c for c in nxt.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            subject = inner if inner is not None else subject
            verb = nxt
        return verb, subject

    def _resolve(self, tok: Token, context: Token) -> str | None:
        """An entity for ``tok``; a pronoun stands for the nearest subject above it."""
        key = agent_of(tok, self.rules)
        if key or tok.lower_ not in _PRONOUNS:
            return key
        node = context
        for _ in range(6):
            for child in node.children:
                if child.dep_ in ("nsubj", "nsubjpass") and child.lower_ not in _PRONOUNS:
                    found = agent_of(child, self.rules)
                    if found:
                        return found
            if node.head == node:
                break
            node = node.head
        return None

    def _add(
        self,
        doc: Doc,
        action: Token,
        agent: str,
        requester: str | None,
        anchor: Token,
        found: dict[tuple[str | None, str], PolicyFact],
    ) -> None:
        words = _action_tokens(action)
        text = " ".join(t.text for t in words)
        label = " ".join([gerund(action), *(t.text for t in words[1:])])
        place = next(
            (
                k
                for t in words
                if (k := entity_key(t))
                and k.startswith(("place:", "country:"))
                and t.head.lower_ in ("in", "at", "to")
            ),
            None,
        )
        span: Span = evidence(
            doc, min(anchor.idx, words[0].idx), words[-1].idx + len(words[-1].text)
        )
        key = (agent, text.lower())
        old = found.get(key)
        if old is not None:
            requester = old.requester or requester
            spans = (*old.spans, span) if span not in old.spans else old.spans
        else:
            spans = (span,)
        found[key] = PolicyFact(
            key=f"{agent}|{text.lower()}",
            label=label,
            action=text,
            spans=spans,
            agent=agent,
            requester=requester,
            place=place,
        )


def _action_tokens(verb: Token) -> list[Token]:
    keep: list[Token] = [verb]

    def walk(tok: Token) -> None:
        for child in tok.children:
            if child.dep_ in _CUT or child.i < verb.i or child.is_space:
                continue
            keep.append(child)
            walk(child)

    walk(verb)
    keep.sort(key=lambda t: t.i)
    # stop at the first gap (a cut clause in between)
    out = [keep[0]]
    for t in keep[1:]:
        if t.i != out[-1].i + 1:
            break
        out.append(t)
    return out


def gerund(verb: Token) -> str:
    """``restore`` → ``restoring``, ``stop`` → ``stopping``, ``tie`` → ``tying``."""
    lemma = verb.lemma_.lower() if verb.lemma_ else verb.lower_
    if verb.lower_.endswith("ing") and (verb.lower_ != lemma or not verb.lemma_):  # not "bring"
        return verb.lower_
    if lemma.endswith("ie"):
        return lemma[:-2] + "ying"
    if lemma.endswith("e") and not lemma.endswith(("ee", "ye", "oe")) and len(lemma) > 2:
        return lemma[:-1] + "ing"
    if re.fullmatch(r"[^aeiou]*[aeiou][^aeiouwxy]", lemma):
        return lemma + lemma[-1] + "ing"
    return lemma + "ing"


@Language.factory("kg_policies", requires=["doc._.kg_entities"], assigns=["doc._.kg_policies"])
def make_policies(nlp: Language, name: str) -> Policies:
    return Policies(load_rules())
