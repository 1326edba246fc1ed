"""``jobrisk serve``: run the web application (pages and JSON API) with uvicorn.

Operators: probe ``/ready`` (200 only once the catalog, scores, title coder and task model are
loaded; 503 with the reason otherwise), not ``/health`` (the process is up).
"""

from __future__ import annotations

import typer

from jobrisk.interfaces.cli.common import console, handle_errors, settings_from

#: How long an idle keep-alive connection stays open. Longer than the idle time of common clients
#: and proxies (httpx 5 s, nginx upstream 60 s, cloud load balancers 60 s), so the server never
#: closes a connection the moment a client reuses it (which the client sees as a reset).
KEEP_ALIVE_S = 75


@handle_errors
def serve(
    ctx: typer.Context,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on."),
    forwarded_allow_ips: str = typer.Option(
        "",
        "--forwarded-allow-ips",
        metavar="IPS",
        help="Comma-separated addresses or networks of reverse proxies whose X-Forwarded-For and "
        "X-Forwarded-Proto headers are trusted ('*' for any). Behind a TLS-terminating proxy "
        "this gives each user their own rate limit and turns on HSTS and Secure cookies.",
    ),
) -> None:
    """Start the web app and JSON API, and print its URL."""
    import uvicorn

    from jobrisk.interfaces.web import create_app
    from jobrisk.interfaces.web.config import WebConfig
    from jobrisk.interfaces.web.logs import configure_logging

    settings = settings_from(ctx)
    if not settings.catalog_path.exists():
        console.print(
            f"[yellow]No catalog at {settings.catalog_path} yet: pages will say so. "
            "Run 'jobrisk data sync' and 'jobrisk build' first.[/]"
        )
    configure_logging()
    proxies = tuple(p.strip() for p in forwarded_allow_ips.split(",") if p.strip())
    try:
        config = WebConfig(warm_up=True, prerender=True, forwarded_allow_ips=proxies)
        app = create_app(settings, config=config)
    except ValueError as exc:
        raise typer.BadParameter(f"--forwarded-allow-ips: {exc}") from exc
    shown = f"[{host}]" if ":" in host else host
    console.print(
        f"jobrisk is serving at [bold]http://{shown}:{port}/[/]  (API docs: /docs; Ctrl+C to stop)", highlight=False
    )
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_config=None,
        access_log=False,
        server_header=False,
        proxy_headers=False,
        timeout_keep_alive=KEEP_ALIVE_S,
    )
