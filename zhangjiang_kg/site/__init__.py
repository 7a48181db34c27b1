"""The static documentation site, put together by :mod:`zhangjiang_kg.site.build` from Jinja2 ``templates/``."""
