"""The parts of the static documentation site that :mod:`zhangjiang_kg.site.build` puts together.

``html`` holds the page layout and the rendering of RDF terms, ``classes`` the pages of classes
and their instances, ``catalogue`` the saved queries, ``shapes`` the SHACL shapes and ``ontology``
the pyLODE reference. ``page.html`` and ``style.css`` are the template and the style sheet.
"""
