"""Checks: ontology quality, evidence, the facts derived from the two tables, the named steps of
``zjkg check`` (SHACL and the violation queries are :mod:`zhangjiang_kg.validation`'s), and the
semantic diff between two versions of the graph."""
