"""Checks: the named steps of ``zjkg check``, ontology quality, evidence, the facts derived from
the two tables, and the semantic diff between two versions of the graph."""

#: The steps of ``zjkg check``, in the order they run (here, so the CLI lists them without importing them).
STEPS = ("parse", "format", "shacl", "violation-queries", "ontology-quality", "evidence", "queries")
