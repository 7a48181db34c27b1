"""The library side of the bounded reads and escaped output: JSON depth, control characters, the
byte order mark, number parameters and endpoint URLs holding a login."""

from __future__ import annotations

import json

import pytest
from zhangjiang_kg.errors import InputError
from zhangjiang_kg.queries.parameters import PARAMETER_KINDS
from zhangjiang_kg.rdfio.jsonld import MAX_JSON_DEPTH, read_json
from zhangjiang_kg.rdfio.parse import without_bom
from zhangjiang_kg.rdfio.terms import printable
from zhangjiang_kg.remote.http import check_endpoint_url, redact


def test_json_depth_counts_arrays_and_objects_but_not_brackets_in_strings() -> None:
    assert read_json('{"a": ["x\\"]", {"b": "[[[{{{"}]}') == {"a": ['x"]', {"b": "[[[{{{"}]}
    at_limit = "[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH
    assert read_json(at_limit) == json.loads(at_limit)
    with pytest.raises(json.JSONDecodeError, match=r"nested more than 256 levels deep: line 2 column 256"):
        read_json('{"p":\n' + "[" * 100_000 + "]" * 100_000 + "}")
    with pytest.raises(json.JSONDecodeError):
        read_json(b'{"unclosed": "string}')
    with pytest.raises(UnicodeDecodeError):
        read_json(b"\xff[]")


def test_printable_escapes_controls_separators_and_bidi_overrides_only() -> None:
    assert printable("plain 中文 text, tab\tand\nline") == "plain 中文 text, tab\\tand\\nline"
    assert printable("\x1b[2J\x00\x7f\x9b") == "\\x1b[2J\\x00\\x7f\\x9b"
    assert printable("a\u2028b\u202ec\u2066") == "a\\u2028b\\u202ec\\u2066"


def test_a_byte_order_mark_is_removed_once_and_only_at_the_start() -> None:
    assert without_bom(b"\xef\xbb\xbf<a> <b> <c> .") == b"<a> <b> <c> ."
    assert without_bom(b"<a> <b> \xef\xbb\xbf") == b"<a> <b> \xef\xbb\xbf"
    assert without_bom(b"\xef\xbb\xbf\xef\xbb\xbf") == b"\xef\xbb\xbf"


@pytest.mark.parametrize(
    ("kind", "value", "accepted"),
    [
        ("integer", "9" * 100, True),
        ("integer", "-" + "9" * 101, False),
        ("decimal", "1e99", True),
        ("decimal", "1e100", False),
        ("decimal", "1e-100", True),
        ("decimal", "1e-101", False),
        ("decimal", "1e999999999", False),
    ],
)
def test_number_parameters_are_bounded(kind: str, value: str, accepted: bool) -> None:
    convert = PARAMETER_KINDS[kind]
    if accepted:
        assert convert(value, {}).datatype.value.endswith(kind)  # type: ignore[union-attr]
    else:
        with pytest.raises(ValueError, match="more than 100 digits"):
            convert(value, {})


def test_a_login_in_an_endpoint_url_is_refused_and_never_repeated() -> None:
    assert redact("https://admin:pw@host:3030/ds?x=a@b") == "https://***@host:3030/ds?x=a@b"
    assert redact("http://host/sparql") == "http://host/sparql"
    with pytest.raises(InputError) as refused:
        check_endpoint_url("http://admin:s3cret@127.0.0.1:9/sparql")
    assert "s3cret" not in str(refused.value)
    assert str(refused.value) == (
        "'http://***@127.0.0.1:9/sparql': a login in the URL is refused; "
        "set ZJKG_USER and ZJKG_PASSWORD or use ~/.netrc"
    )
    with pytest.raises(InputError) as malformed:
        check_endpoint_url("http://admin:s3cret@[::1/sparql")
    assert "s3cret" not in str(malformed.value)
