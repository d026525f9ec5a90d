"""``kg_actions``: who did what to whom, from the dependency parse (semantic roles, lite).

Every verb of the title and body (but copulas and the like, ``[actions].skip_verbs``, and
modals before an infinitive, "had to cut") and every event noun (``[actions].nouns``) is a
predicate; its PropBank-like arguments are

* Arg0 (the actor): the subject of an active verb, the ``by`` phrase of a passive one, the
  possessor, a person or organisation modifying an event noun or its ``of`` phrase before an
  infinitive ("Acme's acquisition", "the Acme bid", "the decision of Acme to …"; "US
  production" names a place, not an actor);
* Arg1 (the patient): the direct object (not an amount, "fell 40 points"; not a recipient,
  "supply the navy with ships", ``[actions].recipient_verbs``), the subject of a passive verb
  or of a bare past participle in a headline ("Smith appointed as chief"), the noun a past
  participle modifies ("the first jet, built by Acme"), the ``of`` phrase of an event noun,
  and the subject of a verb whose subject undergoes the change ("shares fell",
  ``[actions].unaccusative``; ``[actions].alternating`` without an object: "the market
  closed").

A predicate without a subject of its own borrows one: conjoined verbs share theirs ("Acme
released X and announced Y"), infinitives and participles take their controller's ("Acme
plans to buy", "was chosen to build", "…, citing", "by saying"; the object of "told X to …"
and "quoted X as saying"), a relative clause takes the noun it modifies ("Acme, which makes
…"), an infinitive after a noun takes the noun's owner or the subject of the verb governing it
("Acme won a contract to supply …"), and an event noun with no actor takes the subject of a
support verb (``[actions].support_verbs``: "Acme negotiated the purchase of …").

An argument counts only when it is a known entity (``kg_entities``): the head of the phrase is
in an entity's span, or is described by one in apposition ("the airline, Acme"); conjoined
entities are each an argument. Pronouns are left alone. A predicate is kept when it has at
least one argument. Its evidence is its head word only, as in MEANTIME's and TimeML's event
extents.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Token

from . import extensions as _ext  # noqa: F401
from .common import entity_key, evidence
from .items import Span
from .layout import content_kind, yields_facts
from .rules import RULES_DIR, RulesError

_SUBJECTS = ("nsubj", "nsubjpass", "csubj", "csubjpass", "expl")
_OBJECTS = ("dobj", "obj", "oprd")
_RELATIVE_TAGS = ("WDT", "WP", "WP$")
#: how far up the tree a borrowed subject is looked for
_MAX_HOPS = 5
#: entity kinds (key prefixes) that act: persons and organisations
_WHO = ("person:", "org:")


@dataclass(frozen=True)
class ActionFact:
    """A predicate (verb or event noun) and its entity arguments."""

    lemma: str
    text: str  # the predicate's head word as written
    span: Span
    actors: tuple[str, ...]  # Arg0 entity keys
    patients: tuple[str, ...]  # Arg1 entity keys


@dataclass(frozen=True)
class ActionRules:
    """The word lists of ``[actions]`` in ``lexicon.toml``."""

    skip_verbs: frozenset[str]
    unaccusative: frozenset[str]
    alternating: frozenset[str]
    amount_words: frozenset[str]
    modal_verbs: frozenset[str]
    recipient_verbs: frozenset[str]
    nouns: frozenset[str]
    support_verbs: frozenset[str]


@lru_cache(maxsize=4)
def load_action_rules(directory: str | None = None) -> ActionRules:
    """Read ``[actions]`` of ``lexicon.toml`` (in ``directory``, default ``kg/rules/``)."""
    path = (Path(directory) if directory else RULES_DIR) / "lexicon.toml"
    try:
        section = tomllib.loads(path.read_text(encoding="utf-8"))["actions"]
    except (OSError, tomllib.TOMLDecodeError, KeyError) as exc:
        raise RulesError(f"cannot read [actions] of {path}: {exc!r}") from None
    lists: dict[str, frozenset[str]] = {}
    for key in ActionRules.__dataclass_fields__:
        value = section.get(key)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise RulesError(f"{path.name}: [actions] '{key}' must be a list of strings")
        lists[key] = frozenset(v.lower() for v in value)
    return ActionRules(**lists)


@dataclass(frozen=True)
class _Frame:
    """Argument heads (tokens) of one predicate, before entities are looked up."""

    arg0: tuple[Token, ...] = ()
    arg1: tuple[Token, ...] = ()


class Actions:
    """The ``kg_actions`` component."""

    def __init__(self, rules: ActionRules) -> None:
        self.rules = rules

    def __call__(self, doc: Doc) -> Doc:
        facts: list[ActionFact] = []
        for tok in doc:
            if tok.pos_ not in ("VERB", "NOUN") or not yields_facts(doc, tok.idx):
                continue
            frame = self.frame(tok)
            if frame is None:
                continue
            actors = _keys(frame.arg0)
            patients = tuple(k for k in _keys(frame.arg1) if k not in actors)
            if actors or patients:
                span = evidence(doc, tok.idx, tok.idx + len(tok.text))
                facts.append(ActionFact(_lemma(tok), tok.text, span, actors, patients))
        doc._.kg_actions = facts
        return doc

    # -- predicates ------------------------------------------------------------------------
    def frame(self, tok: Token) -> _Frame | None:
        """The arguments of ``tok`` if it is a predicate, else ``None``."""
        lemma = _lemma(tok)
        if not any(ch.isalpha() for ch in tok.text) or len(tok.text) < 2:
            return None
        if tok.pos_ == "VERB" and lemma not in self.rules.skip_verbs:
            if lemma in self.rules.modal_verbs and any(c.dep_ == "xcomp" for c in tok.children):
                return None  # "Acme had to cut …": the action is "cut"
            return self._verb(tok)
        if tok.pos_ == "NOUN" and lemma in self.rules.nouns:
            return self._noun(tok)
        return None

    def _verb(self, verb: Token) -> _Frame:
        objects = tuple(c for c in verb.children if c.dep_ in _OBJECTS)
        if _lemma(verb) in self.rules.recipient_verbs and any(
            c.dep_ == "prep" and c.lower_ == "with" for c in verb.children
        ):
            objects = ()  # "supply the navy with ships": the navy is the recipient
        agents = _agents(verb)
        if verb.dep_ == "acl" and verb.tag_ == "VBN":  # "the jet, built by Acme"
            return _Frame(agents, (verb.head, *objects))
        subjects = self.subjects(verb)
        if _is_passive(verb) or _headline_passive(verb, objects):
            return _Frame(agents, subjects)
        lemma = _lemma(verb)
        things = [o for o in objects if not self._amount(o)]
        transitive = things or any(c.dep_ in ("xcomp", "ccomp") for c in verb.children)
        if lemma in self.rules.unaccusative or (lemma in self.rules.alternating and not transitive):
            return _Frame((), (*subjects, *objects))
        if verb.dep_ == "relcl" and _relative_object(verb):  # "the stake that Acme owns"
            objects = (*objects, verb.head)
        return _Frame(subjects, objects)

    def _noun(self, noun: Token) -> _Frame:
        arg0: list[Token] = [t for c in noun.children if (t := _owner_modifier(c)) is not None]
        arg1: list[Token] = []
        # "the decision of X to …": with an infinitive after the noun, "of" names who
        of_actor = any(c.dep_ == "acl" and _infinitive(c) for c in noun.children)
        for prep in noun.children:
            if prep.dep_ != "prep" or prep.lower_ not in ("of", "by"):
                continue
            for obj in (g for g in prep.children if g.dep_ == "pobj"):
                (arg1 if prep.lower_ == "of" and not of_actor else arg0).append(obj)
                # "the sale of X by Y": the parser often hangs "by Y" on X
                arg0.extend(
                    g
                    for by in obj.children
                    if by.dep_ == "prep" and by.lower_ == "by"
                    for g in by.children
                    if g.dep_ == "pobj"
                )
        if not arg0 and noun.dep_ in _OBJECTS and _lemma(noun.head) in self.rules.support_verbs:
            arg0.extend(self.actors_of(noun.head))
        return _Frame(tuple(arg0), tuple(arg1))

    def _amount(self, tok: Token) -> bool:
        """Whether an object is an amount ("40 points", "5%", "$2 billion"), not a thing."""
        return (
            tok.like_num
            or tok.ent_type_ in ("PERCENT", "MONEY", "QUANTITY")
            or tok.lower_ in self.rules.amount_words
        )

    # -- subjects, own or borrowed ---------------------------------------------------------
    def subjects(self, verb: Token, hops: int = 0) -> tuple[Token, ...]:
        """The subject of ``verb``: its own, else the one it shares or is controlled by."""
        own = [c for c in verb.children if c.dep_ in _SUBJECTS and c.dep_ != "expl"]
        if len(own) == 1 and own[0].pos_ == "VERB" and own[0].dep_ == "nsubj" and hops < _MAX_HOPS:
            # "Acme releases X, announces Y": a first clause misparsed as the subject
            return self.subjects(own[0], hops + 1)
        if own:
            if verb.dep_ == "relcl":  # "Acme, which makes …": the noun, not "which"
                return tuple(verb.head if c.tag_ in _RELATIVE_TAGS else c for c in own)
            return tuple(own)
        if verb.dep_ == "ROOT":  # "Acme releases X, announces Y": parsed as ccomp + ROOT
            before = [c for c in verb.children if c.dep_ in ("ccomp", "parataxis") and c.i < verb.i]
            return next((s for c in before if (s := self.subjects(c, _MAX_HOPS))), ())
        if hops >= _MAX_HOPS or verb.head is verb:
            return ()
        head = verb.head
        if verb.dep_ == "conj":
            return self.subjects(head, hops + 1)
        if verb.dep_ == "xcomp":
            objects = tuple(c for c in head.children if c.dep_ in _OBJECTS)
            return objects or self.controller(head, hops + 1)
        if verb.dep_ == "advcl":
            return self.controller(head, hops + 1)
        if verb.dep_ == "pcomp" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
            objects = tuple(c for c in head.head.children if c.dep_ in _OBJECTS)
            if head.lower_ == "as" and objects:  # "quoted Smith as saying"
                return objects
            return self.controller(head.head, hops + 1)
        if verb.dep_ == "relcl" or (verb.dep_ == "acl" and verb.tag_ == "VBG"):
            return (head,)  # "a firm making …"
        if verb.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN"):  # "a contract to supply …"
            return self._owner(head, hops + 1)
        return ()

    def controller(self, verb: Token, hops: int) -> tuple[Token, ...]:
        """Who does what a clause under ``verb`` says: its actor, else its subject."""
        if verb.pos_ in ("ADJ", "NOUN") and verb.dep_ in ("acomp", "attr") and hops < _MAX_HOPS:
            return self.controller(verb.head, hops + 1)  # "… is able to …"
        agents = _agents(verb)
        return agents or self.subjects(verb, hops)

    def actors_of(self, verb: Token) -> tuple[Token, ...]:
        """The Arg0 of ``verb`` (empty when its subject is not an actor)."""
        return self._verb(verb).arg0 if verb.pos_ == "VERB" else self.subjects(verb)

    def _owner(self, noun: Token, hops: int) -> tuple[Token, ...]:
        """Whose ``noun`` is: its actor as an event noun ("Acme's plan to …", "the decision of
        Acme to …"), else the actor of the verb it is the object of ("Acme won a contract
        to …")."""
        owners = self._noun(noun).arg0
        if owners:
            return owners
        if noun.dep_ in _OBJECTS and noun.head.pos_ == "VERB" and hops < _MAX_HOPS:
            head = noun.head
            return _agents(head) or (() if _is_passive(head) else self.subjects(head, hops))
        return ()


def _lemma(tok: Token) -> str:
    return (tok.lemma_ or tok.text).lower()


def _infinitive(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children)


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass", "csubjpass") for c in verb.children)


def _agents(verb: Token) -> tuple[Token, ...]:
    """The objects of a passive verb's ``by`` phrase."""
    return tuple(
        g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"
    )


def _relative_object(verb: Token) -> bool:
    """Whether a relative clause's pronoun is its object: "the stake that Acme owns"."""
    return any(c.dep_ in _OBJECTS and c.tag_ in _RELATIVE_TAGS for c in verb.children)


def _owner_modifier(child: Token) -> Token | None:
    """The word naming who an event noun is by, if ``child`` is one: a possessor ("Acme's
    bid") or a person or organisation as modifier ("the Acme bid", "the Acme car sales";
    "US production" is where, not who)."""
    if child.dep_ == "poss":
        return child
    if child.dep_ not in ("compound", "nmod"):
        return None
    for tok in (child, *(g for g in child.children if g.dep_ == "compound")):
        key = entity_key(tok)
        if key is not None:
            return tok if key.startswith(_WHO) else None
    return None


def _headline_passive(verb: Token, objects: tuple[Token, ...]) -> bool:
    """A bare past participle in a headline is passive: "Smith appointed as chief"."""
    return (
        verb.tag_ in ("VBD", "VBN")
        and not objects
        and content_kind(verb.doc, verb.idx) == "title"
        and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)
    )


def _keys(heads: tuple[Token, ...]) -> tuple[str, ...]:
    """The entities the phrases headed by ``heads`` name, in order, each once."""
    keys: list[str] = []
    for head in heads:
        for tok in (head, *head.conjuncts):
            key = _entity(tok)
            if key is not None and key not in keys:
                keys.append(key)
    return tuple(keys)


def _entity(tok: Token) -> str | None:
    """The entity a phrase headed by ``tok`` names: its own, or one in apposition."""
    key = entity_key(tok)
    if key is not None:
        return key
    if tok.pos_ in ("NOUN", "PROPN"):
        for child in tok.children:
            if child.dep_ == "appos" and entity_key(child):  # "the airline, Acme"
                return entity_key(child)
    return None


@Language.factory("kg_actions", requires=["doc._.kg_entities"], assigns=["doc._.kg_actions"])
def make_actions(nlp: Language, name: str) -> Actions:
    return Actions(load_action_rules())
