"""Saved SPARQL queries: the catalogue and its grlc headers, typed parameters, the checks made before a
query runs (syntax, the federation refusal on the query's text), engine-neutral results and the time
limit local queries run under."""
