"""Remote stores: the HTTP client, the Graph Store and SPARQL protocols, and the local server.

- :mod:`.http`: endpoint URL checks, logins, time-outs and retries (standard library only).
- :mod:`.gsp`: load graphs over the Graph Store HTTP Protocol, all or nothing, counts checked.
- :mod:`.directory`: the same load into an on-disk Oxigraph store.
- :mod:`.sparql`: SPARQL 1.1 Protocol queries, answered as :class:`~zhangjiang_kg.queries.results.QueryResult`.
- :mod:`.server`: ``zjkg serve``'s Oxigraph server on the loopback.

Submodules are imported where used, so ``import zhangjiang_kg`` does not load the HTTP stack.
"""
