"""The SPARQL 1.1 Protocol pieces behind ``/sparql`` and ``/rdf-graphs``: content negotiation,
result serialisers, request parsing, guarded evaluation and the service description."""
