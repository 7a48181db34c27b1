"""Regression tests for reported ``zjkg fmt`` bugs: blank nodes that hung it, relative IRIs it made
absolute (``file:///`` of the machine's path), N-Triples it rewrote as Turtle, and tracebacks on deep
nesting and on a literal over 16 MiB.

The blank-node cases used to loop forever (``fmt`` and ``check`` never returned) rather than fail.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from w3c_suites import canonical, tree_canonical
from zhangjiang_kg.checks.steps import CheckTarget, run_check
from zhangjiang_kg.cli.main import cli
from zhangjiang_kg.errors import RdfSyntaxError
from zhangjiang_kg.ttl.fmt import format_turtle

BASE = "http://example.org/doc.ttl"
P = "@prefix : <http://example.org/> .\n"
#: Issue 1: blank nodes with properties referenced zero times or more than once, lists as subject.
BLANK_NODES = {
    "anonymous-subject": P + "[] :p :o .\n",
    "labelled-unreferenced": "_:a <http://x/p> <http://x/o> .\n",
    "shared": P + ":s :p _:b . :t :p _:b . _:b :q 1 .\n",
    "shared-without-properties": P + ":s :p _:b . :t :p _:b .\n",
    "collection-as-subject": P + "( 1 2 ) :p :o .\n",
    "empty-property-list-subject": P + "[ :p [] ] :q :o .\n",
    "cycle-of-once-referenced": P + "_:a :p _:b . _:b :p _:a .\n",
    "self-referencing": P + "_:a :p _:a .\n",
    "list-holding-itself": P + "_:l <http://www.w3.org/1999/02/22-rdf-syntax-ns#first> _:l ;"
    " <http://www.w3.org/1999/02/22-rdf-syntax-ns#rest> () .\n",
    "list-cycle-through-rest": P + ":s :p _:h . _:h <http://www.w3.org/1999/02/22-rdf-syntax-ns#first> 1 ;"
    " <http://www.w3.org/1999/02/22-rdf-syntax-ns#rest> _:n . _:n "
    "<http://www.w3.org/1999/02/22-rdf-syntax-ns#first> _:h ; "
    "<http://www.w3.org/1999/02/22-rdf-syntax-ns#rest> () .\n",
    "shared-twins": P + ":x :q _:a , _:b . :y :q _:a , _:b . _:a :p 1 . _:b :p 1 .\n",
    "tree-hanging-off-a-cycle": P + "_:x :p _:w . _:z :q _:z . _:z :p [ :p _:x ] .\n",
    "cycle-of-four": P + "_:x :q _:y . _:y :p _:z . _:z :p [ :p _:x ] .\n",
    "list-in-a-cycle": P + "_:w :p ( [ :p _:w ] _:w ) .\n",
}


@pytest.mark.parametrize("case", BLANK_NODES, ids=str)
def test_blank_nodes_format_to_the_same_graph(case: str) -> None:
    text = BLANK_NODES[case]
    once = format_turtle(text)
    assert canonical(once, BASE) == canonical(text, BASE)
    assert format_turtle(once) == once


@pytest.mark.parametrize("case", ["tree-hanging-off-a-cycle", "cycle-of-four", "list-in-a-cycle"])
def test_cycles_are_cut_in_the_same_place_whatever_the_parser_labels(case: str) -> None:
    """Each parse gives the blank nodes new random labels; the text must not follow them."""
    outputs = {format_turtle(BLANK_NODES[case]) for _ in range(24)}
    assert len(outputs) == 1
    (once,) = outputs
    assert format_turtle(once) == once
    assert "_:b1 :" in once
    assert "_:b2" not in once


def test_fmt_and_check_return_on_an_unreferenced_blank_node(tmp_path: Path, runner) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "bn.ttl"
    path.write_text("_:a <http://x/p> <http://x/o> .\n")
    result = runner.invoke(cli, ["fmt", str(path)])
    assert result.exit_code == 0, result.output
    assert path.read_text() == "[ <http://x/p> <http://x/o> ] .\n"
    report = run_check(
        CheckTarget(data=[path], checked=[path]),
        skip=("shacl", "violation-queries", "ontology-quality", "evidence", "queries"),
    )
    assert report.step("format").status == "passed"


def test_shared_blank_nodes_are_labelled_by_where_they_appear() -> None:
    out = format_turtle(P + ":z :p _:x . :a :p _:y . :b :p _:y . :c :p _:x . _:x :q 2 . _:y :q 1 .\n")
    assert out.index(":a :p _:b1 .") < out.index(":z :p _:b2 .")
    assert "_:b1 :q 1 ." in out
    assert "_:b2 :q 2 ." in out


# Issue 7: relative IRIs stay relative; the file's @base stays; N-Triples are refused.
def test_relative_iris_stay_relative(tmp_path: Path, runner) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "shapes.ttl"
    path.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n<> sh:shapesGraph <> .\n<#s> sh:targetNode <../x> .\n"
    )
    assert runner.invoke(cli, ["fmt", str(path)]).exit_code == 0
    out = path.read_text()
    assert "file:" not in out
    assert "<#s> sh:targetNode <../x> ." in out
    assert "<> sh:shapesGraph <> ." in out


def test_the_files_base_is_kept_and_iris_written_against_it() -> None:
    text = "@base <http://example.org/a/b> .\n@prefix e: <#> .\n<c> e:p <../d> , <http://other.org/x> .\n"
    out = format_turtle(text)
    assert out.startswith("@base <http://example.org/a/b> .\n@prefix e: <#> .\n")
    assert "<c> e:p <../d> , <http://other.org/x> ." in out
    assert canonical(out, BASE) == canonical(text, BASE)


def test_a_base_that_would_capture_earlier_relative_iris_is_not_kept() -> None:
    text = "<a> <p> <o> .\n@base <http://example.org/> .\n<s> <p> <o> .\n"
    out = format_turtle(text)
    assert "@base" not in out
    assert "<a> <p> <o> ." in out
    assert "<http://example.org/s>" in out
    assert canonical(out, BASE) == canonical(text, BASE)


@pytest.mark.parametrize(
    "text",
    [
        "@prefix e: <x#> .\n@base <http://example.org/> .\n<s> <p> <o> .\n",
        '<http://example.org/s> <http://example.org/p> "1"^^<dt> .\n@base <http://example.org/> .\n<s> <p> <o> .\n',
    ],
    ids=["relative-prefix-before-base", "relative-datatype-before-base"],
)
def test_no_stand_in_base_leaks_when_the_base_comes_late(text: str) -> None:
    out = format_turtle(text)
    assert "document.invalid" not in out
    assert "@base" not in out
    assert canonical(out, BASE) == canonical(text, BASE)


@pytest.mark.parametrize("suffix", [".nt", ".nq", ".trig"])
def test_fmt_refuses_other_syntaxes(suffix: str, tmp_path: Path, runner) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / f"graph{suffix}"
    path.write_text("<http://x/s> <http://x/p> <http://x/o> .\n")
    result = runner.invoke(cli, ["fmt", str(path)])
    assert result.exit_code == 2
    assert "not Turtle; zjkg fmt only formats Turtle (.ttl) files" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert path.read_text() == "<http://x/s> <http://x/p> <http://x/o> .\n"


def test_an_n_triples_file_among_others_stops_fmt_before_anything_is_written(tmp_path: Path, runner) -> None:  # type: ignore[no-untyped-def]
    turtle, triples = tmp_path / "a.ttl", tmp_path / "b.nt"
    turtle.write_text("<http://x/s>   <http://x/p> <http://x/o> .\n")
    triples.write_text("<http://x/s> <http://x/p> <http://x/o> .\n")
    result = runner.invoke(cli, ["fmt", str(turtle), str(triples)])
    assert result.exit_code == 2
    assert f"{triples}: is N-Triples, not Turtle" in result.output
    assert turtle.read_text() == "<http://x/s>   <http://x/p> <http://x/o> .\n"


# Issue 15 (part): deep nesting works, a term over the parser's 16 MiB limit is a one-line error.
@pytest.mark.parametrize(("open_", "close"), [("[ :p ", " ]"), ("( ", " )")], ids=["property-lists", "lists"])
def test_deep_nesting_is_written(open_: str, close: str, tmp_path: Path, runner) -> None:  # type: ignore[no-untyped-def]
    text = P + ":s :p " + open_ * 2000 + ":o" + close * 2000 + " .\n"
    path = tmp_path / "deep.ttl"
    path.write_text(text)
    result = runner.invoke(cli, ["fmt", str(path)])
    assert result.exit_code == 0, result.output
    once = path.read_text()
    assert tree_canonical(once, BASE) == tree_canonical(text, BASE)
    assert format_turtle(once) == once


def test_a_literal_over_16_mib_is_a_one_line_error(tmp_path: Path, runner) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "big.ttl"
    path.write_text(P + ':s :p "' + "a" * (16 * 1024 * 1024 + 1) + '" .\n')
    with pytest.raises(RdfSyntaxError) as info:
        format_turtle(path.read_text(), path=str(path))
    assert (info.value.line, info.value.column) == (2, 7)
    result = runner.invoke(cli, ["fmt", str(path)])
    assert result.exit_code == 2
    assert result.output.strip().endswith(f"{path}:2:7: a term longer than 16 MiB, more than the parser accepts")


def test_check_reports_a_literal_over_16_mib_as_a_finding(tmp_path: Path) -> None:
    path = tmp_path / "big.ttl"
    path.write_text(P + ':s :p "' + "a" * (16 * 1024 * 1024 + 1) + '" .\n')
    report = run_check(
        CheckTarget(data=[path], checked=[path]),
        skip=("shacl", "violation-queries", "ontology-quality", "evidence", "queries"),
    )
    assert report.exit_code == 2
    (finding,) = report.step("parse").findings
    assert "16777216" in finding.message
    assert finding.file is not None


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["<http://x/a>", "<http://x/b>", "_:x", "_:y", "_:z"]),
            st.sampled_from(["<http://x/p>", "<http://x/q>"]),
            st.sampled_from(["<http://x/a>", "_:x", "_:y", "_:z", '"1"', "()", "( _:x 2 )"]),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_any_blank_node_graph_formats_to_itself(triples: list[tuple[str, str, str]]) -> None:
    """Shared, unreferenced, cyclic and listed blank nodes in any mix: same graph, and a fixed point."""
    text = "".join(f"{s} {p} {o} .\n" for s, p, o in triples)
    once = format_turtle(text)
    assert canonical(once, BASE) == canonical(text, BASE)
    assert format_turtle(once) == once
