"""The action server: internal, answers only the Rasa server.

``python -m actions.server --port 5055`` runs rasa-sdk's Sanic app with the ``actions`` package. Whoever reaches
``/webhook`` can send any tracker (any slot, any metadata), so the server is not a public service:

- it listens on loopback unless ACTIONS_HOST says otherwise, and sends no CORS headers;
- with ACTION_SERVER_TOKEN set, every request but ``/health`` must carry ``Authorization: Bearer <token>``
  (endpoints.production.yml sends it); listening on a non-loopback address without a token of at least
  32 bytes is refused at start;
- official-only actions still verify the signed identity token of the message they act on.

Files (downloads, uploads) are served by the public file surface on the Rasa server (connectors/files.py).

| variable | meaning | default |
| --- | --- | --- |
| ACTIONS_HOST | address to listen on | 127.0.0.1 |
| ACTION_SERVER_TOKEN | shared secret the Rasa server sends | none (loopback only) |
| ASSISTANT_ENV | ``production`` checks every secret at start | development |
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import os
import sys
from pathlib import Path
from typing import List, Mapping, Optional

from rasa_sdk import utils
from rasa_sdk.constants import APPLICATION_ROOT_LOGGER_NAME
from rasa_sdk.endpoint import create_app, create_argument_parser, create_ssl_context
from rasa_sdk.plugin import plugin_manager
from sanic import Sanic, response
from sanic.request import Request

from identity import ConfigurationError
from identity import Settings as IdentitySettings
from identity.secret_file import export_secret
from identity.tokens import MIN_SECRET_BYTES

log = logging.getLogger(__name__)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_HOST = "127.0.0.1"


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def startup_settings(environ: Optional[Mapping[str, str]] = None) -> tuple:
    """(host, shared token) after checking that the configuration is safe; raises ConfigurationError."""
    env = os.environ if environ is None else environ
    host = env.get("ACTIONS_HOST") or DEFAULT_HOST
    token = env.get("ACTION_SERVER_TOKEN", "")
    if not is_loopback(host) and len(token.encode("utf-8")) < MIN_SECRET_BYTES:
        raise ConfigurationError(f"ACTIONS_HOST={host} is not loopback: set ACTION_SERVER_TOKEN (at least "
                                 f"{MIN_SECRET_BYTES} bytes) and send it from the Rasa server's action endpoint")
    IdentitySettings.from_env(env).check()
    return host, token


def build_app(actions_package: str = "actions", token: str = "", auto_reload: bool = False) -> Sanic:
    """rasa-sdk's app with the actions registered, no CORS, and the shared-token check when a token is set."""
    app = create_app(actions_package, cors_origins=[], auto_reload=auto_reload)

    if token:
        expected = f"Bearer {token}".encode("utf-8")

        @app.on_request
        async def require_token(request: Request):
            if request.path == "/health":
                return None
            given = request.headers.get("Authorization", "").encode("utf-8")
            if not hmac.compare_digest(given, expected):
                log.warning("refused an action request without the shared token from %s", request.ip)
                return response.json({"error": "forbidden"}, status=403)
            return None

    return app


def main(argv: Optional[List[str]] = None) -> None:
    args = create_argument_parser().parse_args(argv)
    logging.getLogger("matplotlib").setLevel(logging.WARN)
    utils.configure_colored_logging(args.loglevel)
    utils.configure_file_logging(logging.getLogger(APPLICATION_ROOT_LOGGER_NAME), args.log_file, args.loglevel,
                                 args.logging_config_file)
    utils.update_sanic_log_level()
    try:
        host, token = startup_settings()
        # One link secret for every worker (and the Rasa server's file surface, which reads the same one).
        export_secret("DOCGEN_LINK_SECRET", "docgen_link_secret")
    except ConfigurationError as error:
        log.error("action server not started: %s", error)
        sys.exit(2)
    app = build_app(args.actions or "actions", token, args.auto_reload)
    plugin_manager().hook.attach_sanic_app_extensions(app=app)
    ssl_context = create_ssl_context(args.ssl_certificate, args.ssl_keyfile, args.ssl_password)
    log.info("action server on %s:%s%s", host, args.port, " (shared token required)" if token else "")
    app.run(host, args.port, ssl=ssl_context, workers=utils.number_of_sanic_workers())


if __name__ == "__main__":
    sys.path.insert(0, str(PROJECT_ROOT))
    main()
