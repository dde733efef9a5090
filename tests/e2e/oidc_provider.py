"""A small OpenID Connect provider on loopback, for testing the real `st.login` flow offline.

It speaks the authorization-code flow the way Microsoft Entra ID does for a web app: discovery
document, JWKS, an /authorize page with a sign-in form, a /token endpoint (client secret, one-time
codes, PKCE S256) issuing RS256-signed ID tokens, /userinfo and an end-session endpoint. Only the
accounts it is given can sign in. Standard library HTTP server; keys and JWTs from joserfc (which
Authlib, needed by st.login, already brings).

    python -m tests.e2e.oidc_provider 8615 officer@example.nhs.uk   # run one by hand (Ctrl-C to stop)
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import html
import json
import secrets
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlparse

from joserfc import jwt
from joserfc.jwk import RSAKey


class OIDCProvider:
    """An OpenID Connect provider for tests: `with OIDCProvider(users, client_id, ...) as idp:`."""

    def __init__(
        self,
        users: dict[str, dict],
        client_id: str,
        client_secret: str,
        redirect_uris: list[str],
        host: str = "127.0.0.1",
        port: int = 0,
    ):
        self.users = users  # sign-in name -> extra claims (email, name, groups, ...)
        self.client_id = client_id
        self.client_secret = client_secret
        self.redirect_uris = set(redirect_uris)
        self.key = RSAKey.generate_key(2048, parameters={"kid": "test-key-1", "use": "sig", "alg": "RS256"})
        self.codes: dict[str, dict] = {}
        self.access_tokens: dict[str, dict] = {}
        self.issued: list[dict] = []  # every ID token's claims, for assertions
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer((host, port), _handler(self))
        self.issuer = f"http://{host}:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def metadata_url(self) -> str:
        """The discovery document's URL (secrets.toml: server_metadata_url)."""
        return f"{self.issuer}/.well-known/openid-configuration"

    def metadata(self) -> dict:
        """The discovery document."""
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "jwks_uri": f"{self.issuer}/jwks",
            "end_session_endpoint": f"{self.issuer}/logout",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid", "email", "profile"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "code_challenge_methods_supported": ["S256"],
            "claims_supported": ["sub", "iss", "aud", "exp", "iat", "nonce", "email", "name", "groups"],
        }

    def start(self) -> OIDCProvider:
        """Serve in a background thread."""
        self.thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)

    def __enter__(self) -> OIDCProvider:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # --- the flow ----------------------------------------------------------------------------------

    def authorize(self, params: dict[str, str], username: str) -> tuple[int, str]:
        """A signed-in account consents: (status, redirect URL or error text)."""
        if params.get("client_id") != self.client_id or params.get("redirect_uri") not in self.redirect_uris:
            return 400, "unknown client or redirect_uri"
        if params.get("response_type") != "code" or "openid" not in params.get("scope", "").split():
            return 400, "only the OpenID Connect code flow is supported"
        if username not in self.users:
            return 401, "There is no account with that name at this identity provider."
        code = secrets.token_urlsafe(24)
        with self.lock:
            self.codes[code] = {
                "username": username,
                "redirect_uri": params["redirect_uri"],
                "nonce": params.get("nonce"),
                "challenge": params.get("code_challenge"),
                "method": params.get("code_challenge_method"),
                "expires": time.time() + 120,
            }
        query = urlencode({"code": code, "state": params.get("state", "")})
        return 302, f"{params['redirect_uri']}?{query}"

    def token(self, form: dict[str, str], basic: tuple[str, str] | None) -> tuple[int, dict]:
        """Exchange a one-time code for tokens."""
        client_id, client_secret = basic or (form.get("client_id"), form.get("client_secret"))
        if client_id != self.client_id or client_secret != self.client_secret:
            return 401, {"error": "invalid_client"}
        if form.get("grant_type") != "authorization_code":
            return 400, {"error": "unsupported_grant_type"}
        with self.lock:
            grant = self.codes.pop(form.get("code", ""), None)
        if (
            grant is None
            or grant["expires"] < time.time()
            or grant["redirect_uri"] != form.get("redirect_uri")
        ):
            return 400, {"error": "invalid_grant"}
        if grant["challenge"]:
            verifier = form.get("code_verifier", "")
            digest = (
                base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
            )
            if grant["method"] != "S256" or digest != grant["challenge"]:
                return 400, {"error": "invalid_grant", "error_description": "PKCE verification failed"}
        now = int(time.time())
        username = grant["username"]
        claims = {
            "iss": self.issuer,
            "sub": hashlib.sha256(username.encode()).hexdigest()[:24],
            "aud": self.client_id,
            "iat": now,
            "exp": now + 3600,
            "preferred_username": username,
            **self.users[username],
        }
        if grant["nonce"]:
            claims["nonce"] = grant["nonce"]
        id_token = jwt.encode({"alg": "RS256", "kid": self.key.kid}, claims, self.key)
        access = secrets.token_urlsafe(24)
        with self.lock:
            self.access_tokens[access] = claims
            self.issued.append(claims)
        return 200, {
            "access_token": access,
            "token_type": "Bearer",
            "expires_in": 3600,
            "id_token": id_token,
            "scope": "openid email profile",
        }


def _handler(idp: OIDCProvider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # quiet
            pass

        def _send(self, status: int, body: str | dict, content_type: str = "application/json") -> None:
            data = (json.dumps(body) if isinstance(body, dict) else body).encode()
            self.send_response(status)
            self.send_header("Content-Type", f"{content_type}; charset=utf-8")
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _redirect(self, url: str) -> None:
            self.send_response(302)
            self.send_header("Location", url)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def _form(self) -> dict[str, str]:
            length = int(self.headers.get("Content-Length", 0))
            return {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}

        def do_GET(self) -> None:
            url = urlparse(self.path)
            params = {k: v[0] for k, v in parse_qs(url.query).items()}
            if url.path == "/.well-known/openid-configuration":
                self._send(200, idp.metadata())
            elif url.path == "/jwks":
                self._send(200, {"keys": [idp.key.as_dict(private=False)]})
            elif url.path == "/authorize":
                hidden = "".join(
                    f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
                    for k, v in params.items()
                )
                self._send(
                    200,
                    "<!doctype html><html lang='en'><title>Test identity provider</title><body>"
                    "<h1>Test identity provider</h1><form method='post' action='/authorize'>"
                    f"{hidden}<label>Account <input name='username' autocomplete='username'></label>"
                    "<button type='submit'>Continue</button></form></body></html>",
                    "text/html",
                )
            elif url.path == "/userinfo":
                claims = idp.access_tokens.get(self.headers.get("Authorization", "").removeprefix("Bearer "))
                self._send(200, claims) if claims else self._send(401, {"error": "invalid_token"})
            elif url.path == "/logout":
                target = params.get("post_logout_redirect_uri")
                self._redirect(target) if target else self._send(200, "Signed out", "text/plain")
            else:
                self._send(404, {"error": "not_found"})

        def do_POST(self) -> None:
            url = urlparse(self.path)
            form = self._form()
            if url.path == "/authorize":
                username = form.pop("username", "").strip()
                status, result = idp.authorize(form, username)
                if status == 302:
                    self._redirect(result)
                else:
                    self._send(status, f"<!doctype html><p>{html.escape(result)}</p>", "text/html")
            elif url.path == "/token":
                basic = None
                header = self.headers.get("Authorization", "")
                if header.startswith("Basic "):
                    from urllib.parse import unquote

                    user, _, password = base64.b64decode(header[6:]).decode().partition(":")
                    basic = (unquote(user), unquote(password))
                status, body = idp.token(form, basic)
                self._send(status, body)
            else:
                self._send(404, {"error": "not_found"})

    return Handler


if __name__ == "__main__":
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8615
    accounts = {name: {"email": name, "name": name.split("@")[0]} for name in sys.argv[2:]}
    app_port = 8614
    with OIDCProvider(
        accounts,
        "maternity-insights",
        "test-secret",
        [f"http://127.0.0.1:{app_port}/oauth2callback", f"http://localhost:{app_port}/oauth2callback"],
        port=port,
    ) as provider:
        print(f"OpenID Connect provider at {provider.metadata_url}", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()
