"""The ``Doc._`` extensions kg's components read and write."""

from __future__ import annotations

from spacy.tokens import Doc

#: extension name → default factory (spaCy needs a fresh default per doc, hence getters)
_LIST_EXTENSIONS = (
    "kg_blocks",  # list[Block]
    "kg_mentions",  # list[Mention]
    "kg_roles",  # list[RoleFact]
    "kg_quotes",  # list[QuoteFact]
    "kg_statistics",  # list[StatisticFact]
    "kg_events",  # list[EventFact]
    "kg_agreements",  # list[AgreementFact]
    "kg_policies",  # list[PolicyFact]
    "kg_timex",  # list[TimeFact]
    "kg_actions",  # list[ActionFact] (kg.nlp.actions)
)


def register() -> None:
    """Register the extensions once (idempotent)."""
    for name in _LIST_EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
    if not Doc.has_extension("kg_entities"):
        Doc.set_extension("kg_entities", default=None)  # dict[str, Entity]
    if not Doc.has_extension("kg_date"):
        Doc.set_extension("kg_date", default=None)  # datetime.date | None: publication date


register()
