"""``jobrisk serve``: run the web application (pages and JSON API) with uvicorn."""

from __future__ import annotations

import typer

from jobrisk.interfaces.cli.common import console, handle_errors, settings_from


@handle_errors
def serve(
    ctx: typer.Context,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on."),
) -> None:
    """Start the web app and JSON API, and print its URL."""
    import uvicorn

    from jobrisk.interfaces.web import create_app
    from jobrisk.interfaces.web.config import WebConfig
    from jobrisk.interfaces.web.logs import configure_logging

    settings = settings_from(ctx)
    if not settings.catalog_path.exists():
        console.print(f"[yellow]No catalog at {settings.catalog_path} yet: pages will say so. "
                      "Run 'jobrisk data sync' and 'jobrisk build' first.[/]")
    configure_logging()
    app = create_app(settings, config=WebConfig(warm_up=True, prerender=True))
    shown = f"[{host}]" if ":" in host else host
    console.print(f"jobrisk is serving at [bold]http://{shown}:{port}/[/]  (API docs: /docs; Ctrl+C to stop)",
                  highlight=False)
    uvicorn.run(app, host=host, port=port, log_config=None, access_log=False,
                server_header=False, proxy_headers=False)
