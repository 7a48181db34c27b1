"""Remote stores: the HTTP client (:mod:`.http`), loads over the Graph Store Protocol (:mod:`.gsp`)
or into a store directory (:mod:`.directory`), SPARQL Protocol queries (:mod:`.sparql`) and long-running
processes (:mod:`.server`). Imported where used, so ``import zhangjiang_kg`` loads no HTTP stack.
"""
