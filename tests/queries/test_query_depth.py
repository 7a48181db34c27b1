"""The nesting-depth guard that stands before every SPARQL parser."""

from __future__ import annotations

from pathlib import Path

import pytest
from zhangjiang_kg.errors import QuerySyntaxError
from zhangjiang_kg.queries.catalogue import catalogue
from zhangjiang_kg.queries.text import MAX_QUERY_DEPTH, check_depth, nesting_depth


def test_depth_counts_groups_brackets_and_lists_but_not_strings_comments_or_iris() -> None:
    assert nesting_depth("SELECT * { ?s ?p ?o }") == (1, None)
    assert nesting_depth("SELECT * { { ?s ?p ?o } }", limit=1) == (2, 11)
    assert nesting_depth('SELECT * { { ?s ?p ("{{{" [ ?q ?r ]) } } # {{{{{{\n')[0] == 4
    assert nesting_depth("ASK { <http://x/((((> ?p ?o }")[0] == 1


def test_a_query_nested_100000_deep_is_refused_with_its_line_and_column() -> None:
    text = "SELECT * WHERE\n" + "{" * 100_000 + "}" * 100_000
    with pytest.raises(QuerySyntaxError, match=r"^deep\.rq:2:129: SPARQL syntax error: nested 100000 levels"):
        check_depth("deep.rq", text)


def test_the_limit_itself_passes() -> None:
    check_depth("q", "ASK " + "{" * MAX_QUERY_DEPTH + "}" * MAX_QUERY_DEPTH)
    with pytest.raises(QuerySyntaxError):
        check_depth("q", "ASK " + "{" * (MAX_QUERY_DEPTH + 1) + "}" * (MAX_QUERY_DEPTH + 1))


def test_every_saved_query_is_well_within_the_limit() -> None:
    for saved in catalogue():
        assert nesting_depth(saved.text)[0] < 20, saved.name


def test_every_library_path_to_a_parser_refuses_a_deep_query(tmp_path: Path) -> None:
    from zhangjiang_kg.queries.catalogue import SavedQuery, from_file, from_text
    from zhangjiang_kg.queries.syntax import check

    text = "ASK " + "{" * 5000 + "}" * 5000
    deep = tmp_path / "deep.rq"
    deep.write_text(text)
    with pytest.raises(QuerySyntaxError, match=r"deep\.rq:1:"):
        from_file(deep, lazy=True)
    with pytest.raises(QuerySyntaxError, match=r"^q:1:"):
        from_text(text, name="q", lazy=True)
    with pytest.raises(QuerySyntaxError, match="nested 5000 levels deep"):
        check(SavedQuery(name="q", text=text))
