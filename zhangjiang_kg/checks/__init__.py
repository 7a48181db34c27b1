"""Checks: SHACL validation and the violation queries, ontology quality, evidence,
the named steps of ``zjkg check``, and the semantic diff between two versions of the graph."""
