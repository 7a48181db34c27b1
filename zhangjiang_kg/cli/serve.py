"""The ``serve`` command: the graph on the web (:mod:`zhangjiang_kg.web`), on the loopback.

Heavy libraries are imported inside the command so ``zjkg --help`` stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from .options import GraphInputs, graph_inputs, timeout_option


@click.command("serve")
@click.option(
    "--port",
    type=click.IntRange(min=0, max=65535),
    default=7878,
    show_default=True,
    help="Port on 127.0.0.1 (0 picks a free one).",
)
@click.option(
    "--writable", is_flag=True, help="Accept SPARQL updates at /update and writes at /store (read-only otherwise)."
)
@click.option("--with-shapes", is_flag=True, help="Also serve the SHACL shapes graph to SPARQL queries.")
@timeout_option("Seconds a query may run before its client gets an error (503).", 10.0, "--query-timeout")
@click.option(
    "--cors/--no-cors",
    default=True,
    show_default=True,
    help="Let pages of other origins read the graph (GET and HEAD only; writes never).",
)
@click.option(
    "--site",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="Serve this site folder (from zjkg docs) instead of building one at start.",
)
@graph_inputs
def serve_command(port: int, graph: GraphInputs, **options: Any) -> None:
    """Serve the graph on 127.0.0.1 until Ctrl-C: SPARQL, the query API, every IRI and the site.

    One port answers everything: the SPARQL 1.1 Protocol at /sparql (GET or POST; a form for a
    browser), updates at /update and graph writes at /store with --writable, the saved queries at
    /api/{query} (described at /api/openapi.json), each IRI at its path (/id/..., /ontology: HTML,
    Turtle, N-Triples or JSON-LD by Accept) and the documentation site. Queries without GRAPH see
    the ontology and the data together. Every query is checked before it runs (nesting depth,
    SERVICE only with --allow-network) and stopped after --query-timeout. Only the names
    127.0.0.1, localhost and [::1] are answered. See docs/web.md.

    \b
    Examples:
      zjkg serve
      zjkg serve --port 8080 --writable
      zjkg serve --query-timeout 30 --no-cors
    """
    from ..remote.server import Stopped, stop_on_signals
    from ..web import WebServer

    kg = graph.load()
    web = None
    try:
        with stop_on_signals():
            web = WebServer(kg, port, allow_network=graph.allow_network, **options).start()  # --site, --writable...
            served = sum(kg.count(name) for name in ("ontology", "data", "background"))
            served += kg.count("shapes") if options["with_shapes"] else 0
            writable = options["writable"]
            click.echo(f"Serving {served} triples ({'writable' if writable else 'read-only'}) at {web.url}/")
            click.echo(f"  SPARQL query URL: {web.url}/sparql")
            if writable:
                click.echo(f"  SPARQL update URL: {web.url}/update")
                click.echo(f"  Graph Store:      {web.url}/store (zjkg load --endpoint)")
            click.echo(f"  Query API:        {web.url}/api (described at {web.url}/api/openapi.json)")
            click.echo(f"  Entities, site:   {web.url}/id/zhangjiang-zone, {web.url}/")
            click.echo("Press Ctrl-C to stop.", err=True)
            while web.alive():
                web.wait(0.5)
    except (KeyboardInterrupt, Stopped):
        click.echo("Stopped.", err=True)
        return
    finally:
        if web is not None:
            web.stop()
    raise click.ClickException("the web server stopped by itself")
