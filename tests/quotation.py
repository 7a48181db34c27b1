"""How much of the article a set of files reproduces: the repository's quotation limits, measured.

The article is China Daily's; the repository may quote it only in spans of at most
:data:`MAX_SPAN` characters, and at most :data:`MAX_BODY_SHARE` of its body in spans of
:data:`MIN_SPAN` or more characters, all files together. Text is compared case-insensitively with
runs of white space as one space, so re-wrapping or re-casing a passage does not hide it; markup
(HTML, XML, SVG) is read as it renders, entities decoded and each tag a space, so ``Zhangjiang&#x27;s``
counts as the words it shows.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

#: The article's body in the text whose SHA-256 the graph records: from the first paragraph after
#: the deck to the end of the last paragraph before the captions (code points, end exclusive).
BODY = (210, 4458)
#: Files read as the text they render: tags removed, character references decoded.
MARKUP_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".xml", ".rdf", ".owl", ".svg"})
_TAG = re.compile(r"<[^<>]*>")
#: The SHA-256 of the text the offsets count in.
SHA256 = "482cd3806173a48a7a52742183464845675ce83a0052309630bcec006558314b"
MIN_SPAN = 20
MAX_SPAN = 60
MAX_BODY_SHARE = 0.25


@dataclass(frozen=True)
class Measure:
    """The longest verbatim span (and the file holding it), and body characters inside long spans."""

    longest: int
    longest_file: str
    covered: int
    body: int

    @property
    def share(self) -> float:
        """The share of the body reproduced in spans of :data:`MIN_SPAN` or more characters."""
        return self.covered / self.body

    @property
    def within_limits(self) -> bool:
        """Whether both limits hold."""
        return self.longest <= MAX_SPAN and self.share <= MAX_BODY_SHARE


def normalise(text: str) -> str:
    """Lower case, each run of white space one space."""
    return re.sub(r"\s+", " ", text).lower()


def readable(path: Path) -> str:
    """The text a file shows a reader: markup without its tags and with its entities decoded.

    :raises OSError, UnicodeDecodeError: the file cannot be read as UTF-8 text.
    """
    content = path.read_text(encoding="utf-8")
    if path.suffix.lower() in MARKUP_SUFFIXES:
        return html.unescape(_TAG.sub(" ", content))
    return content


def measure(text: str, files: Iterable[Path], root: Path | None = None) -> Measure:
    """Longest verbatim span of ``text`` in any one file; body characters inside spans >= 20.

    >>> import tempfile
    >>> article = "x" * 210 + "The zone grew fast and its platforms served many firms. " * 3
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     copy = Path(folder) / "copy.md"
    ...     _ = copy.write_text("THE ZONE GREW FAST\\nand its platforms", encoding="utf-8")
    ...     measure(article, [copy]).longest
    36
    """
    whole = normalise(text)
    body_start = len(normalise(text[: BODY[0]]))
    body_end = len(normalise(text[: BODY[1]]))
    grams: dict[str, list[int]] = {}
    for k in range(len(whole) - MIN_SPAN + 1):
        grams.setdefault(whole[k : k + MIN_SPAN], []).append(k)
    covered = bytearray(len(whole))
    longest, longest_file = 0, ""
    for path in files:
        try:
            content = normalise(readable(path))
        except (UnicodeDecodeError, OSError):
            continue  # binary files hold no text of the article
        for i in range(len(content) - MIN_SPAN + 1):
            for k in grams.get(content[i : i + MIN_SPAN], ()):
                if i > 0 and k > 0 and content[i - 1] == whole[k - 1]:
                    continue  # not the left end of a maximal span; counted from there
                length = MIN_SPAN
                while (
                    i + length < len(content) and k + length < len(whole) and content[i + length] == whole[k + length]
                ):
                    length += 1
                covered[k : k + length] = b"\1" * length
                if length > longest:
                    longest = length
                    longest_file = str(path.relative_to(root)) if root and root in path.parents else path.name
    body = max(body_end - body_start, 1)
    return Measure(longest, longest_file, sum(covered[body_start:body_end]), body)
