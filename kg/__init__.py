"""kg: a semantic knowledge-graph builder for news.

>>> from kg import KnowledgeGraph
>>> graph = KnowledgeGraph.open()   # in memory; KnowledgeGraph.open("kg-data") on disk
"""

from .articles import Article, iter_articles
from .errors import InputError, KGError, ModelError, NotFoundError, QueryError, StoreError
from .graph import IngestReport, KnowledgeGraph
from .nlp import load_nlp
from .queries import SavedQuery, saved_queries
from .store import EmbeddedStore, SelectResult, Store, open_store

__version__ = "0.1.0"

__all__ = [
    "Article",
    "EmbeddedStore",
    "IngestReport",
    "InputError",
    "KGError",
    "KnowledgeGraph",
    "ModelError",
    "NotFoundError",
    "QueryError",
    "SavedQuery",
    "SelectResult",
    "Store",
    "StoreError",
    "__version__",
    "iter_articles",
    "load_nlp",
    "open_store",
    "saved_queries",
]
