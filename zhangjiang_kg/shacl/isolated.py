"""pySHACL in a child process, where a time limit, Ctrl-C and SIGTERM can stop it.

A catastrophic ``sh:pattern`` keeps Python's ``re`` busy for hours inside one C call, where
neither a waiting thread nor Ctrl-C reaches it, and some shapes make pySHACL fail deep inside. A
child can be killed at the deadline, on Ctrl-C or when the parent ends, and its failure becomes one
line; in a process group of its own, a terminal's Ctrl-C reaches only the parent, which decides.
The graphs travel as N-Quads files (labels and lexical forms kept); only the child imports pySHACL.
"""

from __future__ import annotations

import atexit
import contextlib
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from ..errors import InputError, NetworkAccessError, QueryError
from ..queries.federation import service_targets
from ..rdfio.terms import printable, rdflib_triples
from ..remote.server import die_with_parent
from .terms import SH

if TYPE_CHECKING:
    from rdflib import Graph

#: The children running now, with their folders: the parent's exit kills those a waiting thread
#: left behind (a timed-out validation's) and removes their folders.
_RUNNING: dict[subprocess.Popen[bytes], Path] = {}
#: Predicates whose values are SPARQL text pySHACL would run (SHACL-SPARQL and SHACL-AF).
_SPARQL_TEXT = tuple(SH + local for local in ("select", "ask", "construct", "update"))
_DATA, _SHAPES, _REPORT = "data.nq", "shapes.nq", "report.nq"


def refuse_federation(shapes: Iterable[ox.Triple | ox.Quad]) -> None:
    """Refuse shapes whose SPARQL would call another host with ``SERVICE`` before pySHACL sees them.

    :raises NetworkAccessError: names the shape and the service.
    """
    for t in shapes:
        if t.predicate.value in _SPARQL_TEXT and isinstance(t.object, ox.Literal):
            targets = service_targets(t.object.value)
            if targets:
                raise NetworkAccessError(
                    f"shapes: the SPARQL of {t.subject} calls SERVICE <{targets[0]}>, which would send values "
                    "from the graph over the network; refused"
                )


def run_pyshacl(
    data: Iterable[ox.Quad | ox.Triple],
    shapes: Iterable[ox.Quad | ox.Triple],
    *,
    inference: str = "rdfs",
    timeout: float | None = None,
) -> Graph:
    """pySHACL's report graph for ``data`` against ``shapes``, computed in a child process.

    ``inference``: pySHACL's (``rdfs`` or ``none``); ``timeout``: seconds before the child is
    killed (``None``: no limit).

    :raises NetworkAccessError: a SPARQL constraint calls ``SERVICE``.
    :raises InputError: pySHACL failed; the message is its error's first line.
    :raises QueryError: the child did not finish within ``timeout``.
    """
    shapes = list(shapes)
    refuse_federation(shapes)
    with tempfile.TemporaryDirectory(prefix="zjkg-pyshacl-", ignore_cleanup_errors=True) as name:
        folder = Path(name)
        ox.serialize(_as_quads(data), folder / _DATA, format=ox.RdfFormat.N_QUADS)
        ox.serialize(_as_quads(shapes), folder / _SHAPES, format=ox.RdfFormat.N_QUADS)
        _run_child(folder, inference, timeout)
        return rdflib_graph(ox.parse(path=folder / _REPORT, format=ox.RdfFormat.N_QUADS))


def _as_quads(triples: Iterable[ox.Quad | ox.Triple]) -> Iterable[ox.Quad]:
    for t in triples:
        yield t if isinstance(t, ox.Quad) else ox.Quad(t.subject, t.predicate, t.object)


def rdflib_graph(quads: Iterable[ox.Quad | ox.Triple]) -> Graph:
    """The triples of ``quads`` in one rdflib graph, blank-node labels kept (graph names dropped)."""
    from rdflib import Graph  # rdflib only where pySHACL is used: the CLI starts without it

    graph = Graph()
    for triple in rdflib_triples(_as_quads(quads)):
        graph.add(triple)
    return graph


def _run_child(folder: Path, inference: str, timeout: float | None) -> None:
    """Run the child on ``folder`` and wait for it; whatever ends the wait ends the child."""
    process = subprocess.Popen(
        [sys.executable, "-m", __name__, str(folder), inference],
        cwd=folder,  # ``-m`` puts the working folder first on sys.path: ours holds no module to shadow one
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # a terminal's Ctrl-C goes to the parent alone
        preexec_fn=die_with_parent,
    )
    _RUNNING[process] = folder
    try:
        try:
            _out, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise QueryError(f"pySHACL did not finish within {timeout:g} s (--timeout); stopped") from None
    finally:
        _stop(process)
    if process.returncode != 0:
        lines = err.decode("utf-8", "replace").strip().splitlines()
        reason = _printable(lines[-1]) if lines else f"exit status {process.returncode}"
        raise InputError(f"pySHACL could not validate: {reason}")


def _printable(text: str, limit: int = 500) -> str:
    """``text`` safe for a terminal or a CI log (pySHACL's messages quote the data): escaped, bounded."""
    shown = printable(text)
    return shown if len(shown) <= limit else shown[:limit] + "..."


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.kill()
        process.wait()
    _RUNNING.pop(process, None)


def _stop_all() -> None:
    for process, folder in list(_RUNNING.items()):
        _stop(process)
        shutil.rmtree(folder, ignore_errors=True)


atexit.register(_stop_all)


def _child(folder: Path, inference: str) -> int:  # pragma: no cover - runs in the child process
    """Validate the folder's graphs with pySHACL and write the report; a failure is one line on stderr."""
    try:
        import pyshacl  # the child process alone needs pySHACL

        data, shapes = (rdflib_graph(ox.parse(path=folder / n, format=ox.RdfFormat.N_QUADS)) for n in (_DATA, _SHAPES))
        _conforms, report, _text = pyshacl.validate(
            data,
            shacl_graph=shapes,
            inference=inference,
            abort_on_first=False,
            allow_warnings=True,
            allow_infos=True,
            advanced=True,
            inplace=True,  # the graph is the child's own
        )
        report.serialize(folder / _REPORT, format="nt", encoding="utf-8")
    except Exception as error:  # every failure (a RecursionError too) is one line for the parent
        first = (str(error).strip().splitlines() or [""])[0]
        print(f"{type(error).__name__}: {first}".rstrip(": "), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":  # pragma: no cover - the child process
    with contextlib.suppress(KeyboardInterrupt):
        sys.exit(_child(Path(sys.argv[1]), sys.argv[2]))
    sys.exit(130)
