"""Checks: SHACL validation and the violation queries, ontology quality, evidence and quotation limits,
the named steps of ``zjkg check``, and the semantic diff between two versions of the graph."""
