"""Saved SPARQL queries: the catalogue read from their grlc headers, typed parameters, engine-neutral
results and the time limit local queries run under."""
