"""The statement and evidence files are derived from the two tables, and stay so (docs/model.md)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, Graph, URIRef
from zhangjiang_kg.checks import facts
from zhangjiang_kg.errors import InputError
from zhangjiang_kg.resources import data_dir

OA = "http://www.w3.org/ns/oa#"
ZJ = "https://w3id.org/zhangjiang-kg/id/"
STATEMENT_HEADER = "\t".join(facts.STATEMENT_COLUMNS)
QUOTE_HEADER = "\t".join(facts.QUOTE_COLUMNS)


def tables(folder: Path, statements: list[str], quotes: list[str]) -> Path:
    (folder / facts.STATEMENTS_TABLE).write_text("\n".join([STATEMENT_HEADER, *statements]) + "\n", encoding="utf-8")
    (folder / facts.QUOTES_TABLE).write_text("\n".join([QUOTE_HEADER, *quotes]) + "\n", encoding="utf-8")
    return folder


GOOD_QUOTES = ['fund\t10\t"620 million yuan"\tzj:fund', 'plan\t40\t"will be set up"\t']
GOOD_STATEMENTS = [
    "# the fund",
    "zj:fund\ta\tzjo:Fund\tAchieved\t\tfund\t\t",
    "zj:fund\tschema:value\t620000000.0\tAchieved\t\tfund\t\t",
    "zj:fund\tzjo:serves\tzj:hospitals\tPlanned\tzj:insiders\tfund plan\t\tThe mood is two sentences away.",
]


def test_the_shipped_derived_files_are_fresh() -> None:
    """A table edited without ``make facts`` (or a derived file edited by hand) fails here."""
    assert facts.stale() == [], "run `make facts`: the derived files differ from data/*.tsv"


def test_every_shipped_statement_and_annotation_comes_from_a_row() -> None:
    graph = Graph()
    graph.parse(data_dir() / facts.STATEMENTS_FILE)
    graph.parse(data_dir() / facts.EVIDENCE_FILE)
    quotes = facts.read_quotes(data_dir() / facts.QUOTES_TABLE)
    rows = facts.read_statements(data_dir() / facts.STATEMENTS_TABLE, {q.id for q in quotes})
    statements = {str(s) for s in graph.subjects(RDF.type, RDF.Statement)}
    annotations = {str(a) for a in graph.subjects(RDF.type, URIRef(OA + "Annotation"))}
    assert statements == {ZJ + r.iri.removeprefix("zj:") for r in rows}
    assert annotations == {ZJ + "ev-" + q.id for q in quotes}
    assert len(rows) > 300
    assert not any("--value-" in iri for iri in statements), "no hashed IRIs: every IRI is read off its triple"


def test_derive_gives_readable_iris_bodies_and_offsets(tmp_path: Path) -> None:
    out = facts.derive(tables(tmp_path, GOOD_STATEMENTS, GOOD_QUOTES))
    graph = Graph()
    graph.parse(data=out[facts.STATEMENTS_FILE], format="turtle")
    graph.parse(data=out[facts.EVIDENCE_FILE], format="turtle")
    st = URIRef(ZJ + "st-fund--schema-value")
    assert (st, RDF.object, None) in graph
    serves = URIRef(ZJ + "st-fund--zjo-serves--hospitals")
    assert str(graph.value(serves, URIRef("https://w3id.org/zhangjiang-kg/ontology#modality"))).endswith("#Planned")
    assert str(graph.value(serves, URIRef("http://www.w3.org/ns/prov#wasAttributedTo"))) == ZJ + "insiders"
    assert graph.value(serves, URIRef("http://www.w3.org/2004/02/skos/core#editorialNote")) is not None
    bodies = set(graph.objects(URIRef(ZJ + "ev-fund"), URIRef(OA + "hasBody")))
    assert bodies == {URIRef(ZJ + "fund"), st, serves, URIRef(ZJ + "st-fund--type--zjo-fund")}
    assert set(graph.objects(URIRef(ZJ + "ev-plan"), URIRef(OA + "hasBody"))) == {serves}
    position = URIRef(ZJ + "ev-fund-position")
    assert (int(graph.value(position, URIRef(OA + "start"))), int(graph.value(position, URIRef(OA + "end")))) == (
        10,
        26,
    )
    # deterministic: the same tables give the same bytes, and formatting them changes nothing
    assert facts.derive(tmp_path) == out


def test_write_then_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tables(tmp_path, GOOD_STATEMENTS, GOOD_QUOTES)
    assert facts.main(["--check", str(tmp_path)]) == 1
    assert "stale" in capsys.readouterr().out
    assert facts.main([str(tmp_path)]) == 0
    assert facts.main(["--check", str(tmp_path)]) == 0
    (tmp_path / facts.EVIDENCE_FILE).write_text("# edited by hand\n", encoding="utf-8")
    assert facts.stale(tmp_path) == [tmp_path / facts.EVIDENCE_FILE]


@pytest.mark.parametrize(
    ("statements", "quotes", "where", "message"),
    [
        (["zj:fund\ta\tzjo:Fund\t\t\tnone\t\t"], GOOD_QUOTES, ":2:", "no quotation 'none'"),
        (["zj:fund\ta\tzjo:Fund\tMaybe\t\tfund\t\t"], GOOD_QUOTES, ":2:20:", "modality 'Maybe'"),
        (["zj:fund\ta\tzjo:Fund\t\t\t\t\t"], GOOD_QUOTES, ":2:", "no evidence"),
        (["fund\ta\tzjo:Fund\t\t\tfund\t\t"], GOOD_QUOTES, ":2:1:", "the subject must be a prefixed name"),
        (["zj:fund\ta\t\t\t\tfund\t\t"], GOOD_QUOTES, ":2:", "the object is empty"),
        (['zj:fund\tschema:name\t"open\t\t\tfund\t\t'], GOOD_QUOTES, ":2:21:", "not a Turtle literal"),
        (["zj:fund\tschema:value\t1.2.3\t\t\tfund\t\t"], GOOD_QUOTES, ":2:", "not a Turtle literal"),
        (["zj:fund\ta\tzjo:Fund\t\t\tfund\t\t\textra"], GOOD_QUOTES, ":2:", "9 cells"),
        (["zj:fund\ta\tzjo:Fund\t\t\tfund\tBad Key\t"], GOOD_QUOTES, ":2:", "kebab case"),
        (['zj:f\tschema:name\t"a"\t\t\tfund\t\t', 'zj:f\tschema:name\t"b"\t\t\tfund\t\t'], GOOD_QUOTES, ":3:1:", "key"),
        (GOOD_STATEMENTS, ['fund\tten\t"620 million yuan"\t'], "quotes.tsv:2:", "start is a code-point offset"),
        (GOOD_STATEMENTS, [*GOOD_QUOTES, 'fund\t1\t"x"\t'], "quotes.tsv:4:1:", "already on line 2"),
        (GOOD_STATEMENTS, [*GOOD_QUOTES, 'spare\t1\t"x"\t'], "quotes.tsv:4:1:", "supports nothing"),
        (GOOD_STATEMENTS, ['fund\t10\t" 620 "\t', GOOD_QUOTES[1]], "quotes.tsv:2:", "padded"),
        (GOOD_STATEMENTS, ["fund\t10\t620\t", GOOD_QUOTES[1]], "quotes.tsv:2:9:", "double-quoted"),
        (GOOD_STATEMENTS, ['fund\t10\t"620\t', GOOD_QUOTES[1]], "quotes.tsv:2:9:", "double-quoted"),
        (GOOD_STATEMENTS, ['fund\t10\t"620"\tfund', GOOD_QUOTES[1]], "quotes.tsv:2:15:", "prefixed name"),
    ],
)
def test_a_bad_row_names_file_line_and_column(
    tmp_path: Path, statements: list[str], quotes: list[str], where: str, message: str
) -> None:
    tables(tmp_path, statements, quotes)
    with pytest.raises(InputError) as caught:
        facts.derive(tmp_path)
    assert where in str(caught.value)
    assert message in str(caught.value)


def test_a_bad_header_or_missing_table_is_an_input_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert facts.main([str(tmp_path)]) == 2
    assert "cannot read" in capsys.readouterr().err
    tables(tmp_path, GOOD_STATEMENTS, GOOD_QUOTES)
    (tmp_path / facts.QUOTES_TABLE).write_text("id\texact\n", encoding="utf-8")
    assert facts.main(["--check", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "quotes.tsv:1:1: the header must be" in err
    assert "Traceback" not in err
