"""The one Turtle tokenizer: each terminal of the W3C grammar, with its exact text and position."""

from __future__ import annotations

import pytest
from zhangjiang_kg.errors import RdfSyntaxError
from zhangjiang_kg.ttl.iri import relativize, resolve
from zhangjiang_kg.ttl.lexer import (
    BLANK,
    COMMENT,
    IRI,
    KEYWORD,
    LANGTAG,
    NUMBER,
    PNAME,
    PUNCT,
    STRING,
    LineIndex,
    _patterns,
    iri_value,
    is_pn_local,
    split_pname,
    tokenize,
)


def kinds(text: str) -> list[tuple[str, str]]:
    return [(t.kind, t.text) for t in tokenize(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"x"^^<d>', [(STRING, '"x"'), (PUNCT, "^^"), (IRI, "<d>")]),
        ('"x".<d>', [(STRING, '"x"'), (PUNCT, "."), (IRI, "<d>")]),
        ('"x"@en-GB', [(STRING, '"x"'), (LANGTAG, "@en-GB")]),
        ('"x"@prefix', [(STRING, '"x"'), (LANGTAG, "@prefix")]),
        ("@prefix base: <b#> .", [(KEYWORD, "@prefix"), (PNAME, "base:"), (IRI, "<b#>"), (PUNCT, ".")]),
        ("base:s base:p base:o .", [(PNAME, "base:s"), (PNAME, "base:p"), (PNAME, "base:o"), (PUNCT, ".")]),
        ("BaSe <x> PREFIX : <y>", [(KEYWORD, "BaSe"), (IRI, "<x>"), (KEYWORD, "PREFIX"), (PNAME, ":"), (IRI, "<y>")]),
        ("a true false", [(KEYWORD, "a"), (KEYWORD, "true"), (KEYWORD, "false")]),
        (
            "1 -2 +3.5 .5 1e3 1.E-2 4.",
            [
                (NUMBER, "1"),
                (NUMBER, "-2"),
                (NUMBER, "+3.5"),
                (NUMBER, ".5"),
                (NUMBER, "1e3"),
                (NUMBER, "1.E-2"),
                (NUMBER, "4"),
                (PUNCT, "."),
            ],
        ),
        ("e:a.b. e:c", [(PNAME, "e:a.b"), (PUNCT, "."), (PNAME, "e:c")]),
        ("e:a·b‿c\u0301 e:\\~x%20:y", [(PNAME, "e:a·b‿c\u0301"), (PNAME, "e:\\~x%20:y")]),
        ("_:b1.x _:b2 .", [(BLANK, "_:b1.x"), (BLANK, "_:b2"), (PUNCT, ".")]),
        ("[ ] ( ) , ;", [(PUNCT, c) for c in "[](),;"]),
        ("<a#b> # c <d>\n<e>", [(IRI, "<a#b>"), (COMMENT, "# c <d>"), (IRI, "<e>")]),
        (
            '\'a\' "b" \'\'\'c\n\'d\'\'\' """e\\""""""',
            [(STRING, "'a'"), (STRING, '"b"'), (STRING, "'''c\n'd'''"), (STRING, '"""e\\""""'), (STRING, '""')],
        ),
    ],
)
def test_terminals(text: str, expected: list[tuple[str, str]]) -> None:
    assert kinds(text) == expected


def test_values_are_decoded() -> None:
    iri, pname = list(tokenize("<caf\\u00E9\\U0001F600> e:a\\-b%41"))
    assert iri_value(iri) == "café\U0001f600"
    assert split_pname(pname) == ("e", "a-b%41")


def test_positions_count_characters() -> None:
    text = 'e:a e:p "ü" .\n  e:b e:p 1 .'
    tokens = list(tokenize(text))
    lines = LineIndex(text)
    assert [lines.position(t.start) for t in tokens if t.text == "e:b"] == [(2, 3)]


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ('e:a e:p "open\n', (1, 9)),
        ("e:a e:p <no end", (1, 9)),
        ("e:a\n  e:p ~", (2, 7)),
        ("e:a e:p '''never", (1, 9)),
        ("e:a e:p e:o .  \n\t ~  ", (2, 3)),  # after the last terminal, past its white space
        ("e:a e:p word .", (1, 9)),  # a bare word that is no keyword
    ],
)
def test_what_is_no_terminal_is_an_error_with_its_position(text: str, where: tuple[int, int]) -> None:
    with pytest.raises(RdfSyntaxError) as info:
        list(tokenize(text, path="f.ttl"))
    assert (info.value.line, info.value.column) == where
    assert str(info.value).startswith(f"f.ttl:{where[0]}:{where[1]}: ")


def test_white_space_alone_at_the_end_is_no_error() -> None:
    assert kinds("e:a a e:C .\n\t \r\n") == [(PNAME, "e:a"), (KEYWORD, "a"), (PNAME, "e:C"), (PUNCT, ".")]
    assert kinds(" \n") == []


def test_ascii_text_is_read_without_the_unicode_pattern() -> None:
    """The Unicode character classes cost milliseconds to compile: ASCII text never needs them,
    and text beyond ASCII gets them (names with accents and CJK characters are still names)."""
    _patterns.cache_clear()
    assert kinds('e:a e:p "caf\\u00E9" .') == [(PNAME, "e:a"), (PNAME, "e:p"), (STRING, '"caf\\u00E9"'), (PUNCT, ".")]
    assert is_pn_local("a.b")
    assert _patterns.cache_info().currsize == 1
    assert kinds("é:ü e:p 中:文 .") == [(PNAME, "é:ü"), (PNAME, "e:p"), (PNAME, "中:文"), (PUNCT, ".")]
    assert is_pn_local("zürich")
    assert not is_pn_local("zürich.")
    assert _patterns.cache_info().currsize == 2


def test_pn_local_check() -> None:
    assert is_pn_local("a.b-c")
    assert is_pn_local("")
    assert is_pn_local("1a:b%20")
    assert not is_pn_local("a.")
    assert not is_pn_local("a b")
    assert not is_pn_local("a~b")
    assert not is_pn_local("%zz")


# RFC 3986 section 5.4: normal and abnormal examples, and writing each back relative to the base.
RFC_BASE = "http://a/b/c/d;p?q"
RFC_EXAMPLES = {
    "g:h": "g:h",
    "g": "http://a/b/c/g",
    "./g": "http://a/b/c/g",
    "g/": "http://a/b/c/g/",
    "/g": "http://a/g",
    "//g": "http://g",
    "?y": "http://a/b/c/d;p?y",
    "g?y": "http://a/b/c/g?y",
    "#s": "http://a/b/c/d;p?q#s",
    "g#s": "http://a/b/c/g#s",
    "g?y#s": "http://a/b/c/g?y#s",
    ";x": "http://a/b/c/;x",
    "g;x": "http://a/b/c/g;x",
    "": "http://a/b/c/d;p?q",
    ".": "http://a/b/c/",
    "./": "http://a/b/c/",
    "..": "http://a/b/",
    "../": "http://a/b/",
    "../g": "http://a/b/g",
    "../..": "http://a/",
    "../../": "http://a/",
    "../../g": "http://a/g",
    "../../../g": "http://a/g",
    "../../../../g": "http://a/g",
    "/./g": "http://a/g",
    "/../g": "http://a/g",
    "g.": "http://a/b/c/g.",
    ".g": "http://a/b/c/.g",
    "g..": "http://a/b/c/g..",
    "..g": "http://a/b/c/..g",
    "./../g": "http://a/b/g",
    "./g/.": "http://a/b/c/g/",
    "g/./h": "http://a/b/c/g/h",
    "g/../h": "http://a/b/c/h",
    "g;x=1/./y": "http://a/b/c/g;x=1/y",
    "g;x=1/../y": "http://a/b/c/y",
    "g?y/./x": "http://a/b/c/g?y/./x",
    "g#s/../x": "http://a/b/c/g#s/../x",
    "http:g": "http:g",
}


@pytest.mark.parametrize("reference", RFC_EXAMPLES, ids=repr)
def test_rfc3986_resolution_and_back(reference: str) -> None:
    target = RFC_EXAMPLES[reference]
    assert resolve(RFC_BASE, reference) == target
    assert resolve(RFC_BASE, relativize(target, RFC_BASE)) == target


def test_an_empty_fragment_is_kept() -> None:
    """urljoin("http://x/d/", "#") gives "http://x/d/": the prefix lost its '#'."""
    assert resolve("http://x/d/", "#") == "http://x/d/#"


def test_remembered_tokens_are_the_same_and_errors_name_each_callers_file() -> None:
    text = 'e:a e:p "x" .\ne:b e:p ~'
    for path in ("first.ttl", "second.ttl"):
        with pytest.raises(RdfSyntaxError) as info:
            list(tokenize(text, path=path))
        assert str(info.value) == f"{path}:2:9: unexpected '~'"
    good = 'e:a e:p "x" .'
    assert list(tokenize(good)) == list(tokenize(good))
    assert list(tokenize(good + " " * (1 << 18))) == list(tokenize(good))  # read as it goes: the same tokens
    long_text = "e:a e:p e:o .\n" * ((1 << 18) // 14 + 1) + "~"  # too long to remember: read as it goes
    with pytest.raises(RdfSyntaxError) as info:
        list(tokenize(long_text, path="long.ttl"))
    assert (info.value.line, info.value.column) == (long_text.count("\n") + 1, 1)
