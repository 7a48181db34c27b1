"""The parts of the static documentation site that :mod:`zhangjiang_kg.site.build` puts together.

``graph`` reads the named graphs, ``html`` holds the page layout and the rendering of RDF terms,
``classes`` the pages of classes and their instances, ``catalogue`` the saved queries, ``shapes``
the SHACL shapes and ``ontology`` the pyLODE reference. ``templates/`` holds the Jinja2 templates
of every page, ``style.css`` the style sheet.
"""
