"""RDF in and out: the syntax table (:mod:`.formats`), the one parser (:mod:`.parse`), network
refusal (:mod:`.network`), rdflib ↔ pyoxigraph terms (:mod:`.terms`), the deterministic writers
(:mod:`.export`) and atomic files (:mod:`.write`)."""
