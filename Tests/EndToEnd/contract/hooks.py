"""Schemathesis hooks for the contract test (scripts/contract-test.sh loads them via SCHEMATHESIS_HOOKS).

Authentication: an operation that needs a token gets one from `BearerFromLogin`, which registers a fresh
account with `POST /auth/register` (JSON) the first time and logs in with the OAuth2 password form
`POST /auth/login`; the token is cached. Only operations whose `security` names `OAuth2PasswordBearer` get
it, so the public ones (`/auth/*`, `/health`, `/ready`, `/docs`, `/openapi.*`) are called without
credentials, as clients call them. Schemathesis itself removes or corrupts the token for `ignored_auth`.

Two identities, "owner" and "peer", each with its own account, are registered as peers (schemathesis'
escalating provider, as `[auth.wfc] peers` would set up), so the `object_level_authorization` check runs:
every request goes out as the owner, and whatever the owner reads successfully is read again as the peer,
which must not get it (the API answers 403 for someone else's task and never lists it). CONTRACT_PEERS=0
falls back to the single global `@schemathesis.auth()` provider.

The server's base URL comes from CONTRACT_BASE_URL (set by the script), falling back to the URL
schemathesis itself targets.
"""

from __future__ import annotations

import os
import re
import threading
import uuid

import requests
import schemathesis

SECURITY_SCHEME = "OAuth2PasswordBearer"
# Tokens live ACCESS_TOKEN_MINUTES (30 by default); log in again well before that.
TOKEN_REFRESH_SECONDS = 600
IDENTITIES = ("owner", "peer")


def _base_url(case) -> str:
    url = os.environ.get("CONTRACT_BASE_URL")
    if url:
        return url.rstrip("/")
    return case.operation.base_url.rstrip("/")


def _needs_token(operation) -> bool:
    """Whether the operation (or, failing that, the document) requires our bearer scheme."""
    definition = operation.definition.raw
    security = definition.get("security")
    if security is None:
        security = operation.schema.raw_schema.get("security", [])
    return any(SECURITY_SCHEME in requirement for requirement in security)


_accounts_lock = threading.Lock()
_accounts: dict[str, tuple[str, str]] = {}


def _register(base_url: str, label: str) -> tuple[str, str]:
    """A new account's email and password, registered through the API."""
    email, password = f"contract-{label}-{uuid.uuid4().hex}@example.com", f"pw-{uuid.uuid4().hex}"
    response = requests.post(f"{base_url}/auth/register", json={"email": email, "password": password}, timeout=10)
    if response.status_code != 201:
        raise RuntimeError(f"contract auth: POST /auth/register answered {response.status_code}: {response.text[:500]}")
    # Schemathesis reuses values it saw in responses (GET /users/me), these emails included.
    _note_registered(email)
    return email, password


def _login(base_url: str, email: str, password: str) -> dict:
    """The token response of the OAuth2 password form `POST /auth/login`."""
    response = requests.post(
        f"{base_url}/auth/login", data={"grant_type": "password", "username": email, "password": password}, timeout=10
    )
    if response.status_code != 200:
        raise RuntimeError(f"contract auth: POST /auth/login answered {response.status_code}: {response.text[:500]}")
    return response.json()


def _credentials(identity: str, base_url: str) -> tuple[str, str]:
    """The identity's email and password, registering the account on first use."""
    with _accounts_lock:
        if identity not in _accounts:
            _accounts[identity] = _register(base_url, identity)
        return _accounts[identity]


@schemathesis.auth(refresh_interval=TOKEN_REFRESH_SECONDS).apply_to(lambda ctx: _needs_token(ctx.operation))
class BearerFromLogin:
    """Register (once per identity) and log in through the API itself; schemathesis caches the token."""

    def __init__(self, identity: str = IDENTITIES[0]) -> None:
        self.identity = identity

    def get(self, case, context):
        if not _needs_token(context.operation):
            return None
        base_url = _base_url(case)
        return _login(base_url, *_credentials(self.identity, base_url))["access_token"]

    def set(self, case, data, context):
        case.headers = case.headers or {}
        if _is_account_deletion(case):
            # Deleting the owner's or the peer's account would end every later case's token: this operation runs
            # as an account of its own, registered for the one request.
            base_url = _base_url(case)
            data = _login(base_url, *_register(base_url, "deleted"))["access_token"]
        case.headers["Authorization"] = f"Bearer {data}"


# --- POST /auth/refresh with a live token ---------------------------------------------------------------------
#
# Schemathesis cannot mint a refresh token, so every refresh it sends would be 401 and the 200 answer (a new Token)
# never checked. A schema-valid refresh_token it generated is swapped for a live one of a login made for the case.


@schemathesis.hook
def map_case(context, case):
    if case.operation.method.upper() != "POST" or case.operation.path != "/auth/refresh":
        return case
    token = case.body.get("refresh_token") if isinstance(case.body, dict) else None
    if isinstance(token, str) and 1 <= len(token) <= 256 and "\x00" not in token:
        base_url = _base_url(case)
        live = _login(base_url, *_register(base_url, "refresh"))["refresh_token"]
        case.body = {**case.body, "refresh_token": live}
    return case


def _is_account_deletion(case) -> bool:
    return case.operation.method.upper() == "DELETE" and case.operation.path == "/users/me"


@schemathesis.hook
def after_load_schema(context, schema):
    """Register the owner and the peer on the schema; schema-level auth takes precedence over the global one."""
    if os.environ.get("CONTRACT_PEERS", "1") == "0":
        return
    from schemathesis.auths import KeyedCachingAuthProvider
    from schemathesis.wfc.escalation import EscalatingAuthProvider

    providers = [
        # Keyed by whether the operation needs a token: public operations cache "no credentials".
        KeyedCachingAuthProvider(
            BearerFromLogin(identity),
            refresh_interval=TOKEN_REFRESH_SECONDS,
            cache_by_key=lambda case, ctx: int(_needs_token(ctx.operation)),
        )
        for identity in IDENTITIES
    ]
    schema.auth.providers.append(
        EscalatingAuthProvider(providers, list(IDENTITIES), peers=IDENTITIES, pinned=IDENTITIES[0])
    )


# --- Registration is stateful: a second registration of an email is answered 400 ---------------------------
#
# The product contract (../shared/API.md, openapi.yaml) answers a registration whose email is already taken
# (compared case-insensitively) with `400 Email already registered`. JSON Schema cannot express uniqueness, so
# schemathesis' `positive_data_acceptance` check sees a schema-valid body rejected whenever it sends an email
# twice (the examples and coverage phases reuse `alice@example.com`). Such a failure is dropped only when it
# is exactly that case: POST /auth/register, 400, detail "Email already registered", and this run has already
# seen a 201 for the same email. Every other rejection of valid data still fails the run.

_registered_lock = threading.Lock()
_registered: set[str] = set()


def _note_registered(email: str) -> None:
    with _registered_lock:
        _registered.add(email.lower())


def _is_register(case) -> bool:
    return case.operation.method.upper() == "POST" and case.operation.path == "/auth/register"


@schemathesis.hook
def after_call(context, case, response):
    _note_idempotency_key(case, response)
    if _is_register(case) and response.status_code == 201:
        try:
            email = response.json()["email"]
        except Exception:  # a malformed 201 is the response checks' business
            return
        _note_registered(email)


@schemathesis.hook
def filter_failure(context, failure, case, response):
    if failure.code == "ST202" and _is_foreign_cursor(case, response):
        _log_dropped(f"{failure.code} {case.operation.label}: 422 for a cursor this server did not issue")
        return False
    if failure.code == "ST202" and _is_unmet_precondition(case, response):
        _log_dropped(f"{failure.code} {case.operation.label}: 412 for an If-Match naming no current version")
        return False
    if failure.code == "ST202" and _is_reused_idempotency_key(case, response):
        _log_dropped(f"{failure.code} {case.operation.label}: 422 for an Idempotency-Key first sent with another body")
        return False
    if failure.code != "ST202" or not _is_register(case) or response.status_code != 400:
        return True
    try:
        detail = response.json().get("detail")
        email = case.body.get("email")
    except Exception:
        return True
    if detail != "Email already registered" or not isinstance(email, str):
        return True
    with _registered_lock:
        keep = email.lower() not in _registered
    if not keep:
        _log_dropped(f"{failure.code} {case.operation.label}: 400 Email already registered for {email!r}")
    return keep


# --- A list cursor is opaque: only the server's own are valid ------------------------------------------------
#
# `cursor` is declared as base64url text, but only cursors the server issued (under its HMAC key, for this user,
# sort and filters) are accepted; any other is `422` naming `query.cursor`, as the contract says. Schemathesis
# cannot mint one, so its schema-valid cursors are rejected by design; such a failure is dropped only when the
# 422's one error is `query.cursor`.


def _is_foreign_cursor(case, response) -> bool:
    if case.operation.method.upper() != "GET" or case.operation.path != "/tasks" or response.status_code != 422:
        return False
    if not case.query or "cursor" not in case.query:
        return False
    try:
        locations = [issue["location"] for issue in response.json().get("errors", [])]
    except Exception:
        return False
    return locations == ["query.cursor"]


# --- If-Match is a precondition on the task's current version -----------------------------------------------
#
# Any list of entity tags is schema-valid, but only one naming the task's current version (or `*`) lets the write
# happen; any other is `412`, as the contract says. A 412 is dropped only when the request sent If-Match.


def _is_unmet_precondition(case, response) -> bool:
    headers = {name.lower() for name in (case.headers or {})}
    return response.status_code == 412 and "if-match" in headers


# --- An Idempotency-Key is bound to its first request body -------------------------------------------------------
#
# Any key is schema-valid, but the contract makes the same key with another body `422`, and Schemathesis reuses
# keys across cases. Each key's first accepted body is noted per caller; a 422 naming only the header is dropped
# when this run already created a task under that key (unquoted as the server reads it) with another body.

_idempotency_lock = threading.Lock()
_idempotency_bodies: dict[tuple[str, str], object] = {}


def _idempotency_key(case):
    """(caller, key) for POST /tasks with an Idempotency-Key, the key without RFC 8941 quoting; else None."""
    if case.operation.method.upper() != "POST" or case.operation.path != "/tasks":
        return None
    headers = {name.lower(): value for name, value in (case.headers or {}).items()}
    key = headers.get("idempotency-key")
    if not isinstance(key, str):
        return None
    key = key.strip(" \t")
    if len(key) >= 2 and key.startswith('"') and key.endswith('"'):
        key = re.sub(r'\\(["\\])', r"\1", key[1:-1])
    return headers.get("authorization", ""), key


def _note_idempotency_key(case, response) -> None:
    identity = _idempotency_key(case)
    replayed = any(name.lower() == "idempotent-replayed" for name in response.headers)
    if identity is None or response.status_code != 201 or replayed:
        return
    with _idempotency_lock:
        _idempotency_bodies.setdefault(identity, case.body)


def _is_reused_idempotency_key(case, response) -> bool:
    identity = _idempotency_key(case)
    if identity is None or response.status_code != 422:
        return False
    try:
        locations = [issue["location"] for issue in response.json().get("errors", [])]
    except Exception:
        return False
    with _idempotency_lock:
        first = _idempotency_bodies.get(identity, case.body)
    return locations == ["header.idempotency-key"] and first != case.body


def _log_dropped(line: str) -> None:
    """Every dropped failure is listed in CONTRACT_DROPPED_LOG (test-output/contract/dropped-failures.log)."""
    path = os.environ.get("CONTRACT_DROPPED_LOG")
    if path:
        with _registered_lock, open(path, "a", encoding="utf-8") as log:
            log.write(line + "\n")


# --- The spec's vendor extensions, which JSON Schema (and so schemathesis) cannot see ------------------------
#
# openapi.yaml states two rules with vendor extensions the generator enforces (README, "Vendor extensions"):
#
#   x-trim: true     surrounding whitespace is removed before the length checks (titles)
#   x-max-bytes: N   at most N bytes in UTF-8 (the password's bcrypt limit of 72)
#
# Schemathesis reads only the JSON Schema keywords. The document it reads is the one the server serves at
# /openapi.json, which already says what `x-trim` with `minLength: 1` implies (a pattern matching a character that
# is not Unicode White_Space), so it no longer calls "  " a valid title. What JSON Schema cannot say is left here:
# a 30-emoji password is valid by its maxLength but breaks x-max-bytes, and a 201-character title padded with a
# space looks too long but is not once trimmed. `filter_case` applies the extensions to the generated data: a
# positive case that breaks an extension rule is not positive and is dropped, and so is a negative case whose
# x-trim field would only be too long before trimming. Everything else reaches the server unchanged.
#
# Trimming is the server's exactly: Unicode White_Space scalars at either end, one scalar at a time (the same
# class as the served pattern; str.isspace() differs, e.g. for U+001C..U+001F).
_WHITE_SPACE = set("\t\n\u000b\f\r \u0085\u00a0\u1680\u2028\u2029\u202f\u205f\u3000") | {
    chr(c) for c in range(0x2000, 0x200B)
}


def _trimmed_length(text: str) -> int:
    """The length of `text` as the server trims it, in code points (as JSON Schema counts)."""
    start, end = 0, len(text)
    while start < end and text[start] in _WHITE_SPACE:
        start += 1
    while end > start and text[end - 1] in _WHITE_SPACE:
        end -= 1
    return end - start


def _resolve(root: dict, node):
    seen = 0
    while isinstance(node, dict) and "$ref" in node and seen < 32:
        pointer = node["$ref"]
        if not pointer.startswith("#/"):
            return node
        node = root
        for part in pointer[2:].split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        seen += 1
    return node


def _schemas_and_values(case):
    """(schema, value) for every body property and query parameter of this case that has a value."""
    root = case.operation.schema.raw_schema
    if isinstance(case.body, dict):
        body = _resolve(root, case.operation.definition.raw.get("requestBody"))
        content = body.get("content", {}) if isinstance(body, dict) else {}
        media = content.get(case.media_type) or next(iter(content.values()), None)
        schema = _resolve(root, (media or {}).get("schema"))
        if isinstance(schema, dict):
            for name, prop in schema.get("properties", {}).items():
                if name in case.body:
                    yield prop, case.body[name]
    for parameter in case.operation.definition.raw.get("parameters", []):
        parameter = _resolve(root, parameter)
        if isinstance(parameter, dict) and parameter.get("in") == "query" and case.query:
            if parameter.get("name") in case.query:
                yield parameter.get("schema"), case.query[parameter["name"]]


def _misjudged(root: dict, schema, value, positive: bool) -> bool:
    """Whether schemathesis judges `value` wrongly because it cannot see x-trim or x-max-bytes: a positive value
    that breaks one, or a negative one that is too long only before trimming. Arrays are judged by their items
    (tags: each one trimmed)."""
    schema = _resolve(root, schema)
    if not isinstance(schema, dict):
        return False
    if isinstance(value, list):
        items = schema.get("items")
        return isinstance(items, dict) and any(_misjudged(root, items, item, positive) for item in value)
    if not isinstance(value, str):
        return False
    max_bytes = schema.get("x-max-bytes")
    if positive and max_bytes is not None and len(value.encode("utf-8", "surrogatepass")) > max_bytes:
        return True
    if schema.get("x-trim"):
        trimmed = _trimmed_length(value)
        if positive and trimmed < schema.get("minLength", 0):
            return True
        if not positive and len(value) > schema.get("maxLength", len(value)) >= trimmed:
            return True
    return False


@schemathesis.hook
def filter_case(context, case):
    meta = case.meta
    if meta is None:
        return True
    root = case.operation.schema.raw_schema
    positive = meta.generation.mode.is_positive
    return not any(_misjudged(root, schema, value, positive) for schema, value in _schemas_and_values(case))
