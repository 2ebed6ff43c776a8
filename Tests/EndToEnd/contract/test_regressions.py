"""Regression tests for what the schemathesis contract run found, and for the rules its hooks rely on.

scripts/contract-test.sh runs them against the same live server (CONTRACT_BASE_URL) after schemathesis.
Each test names the finding or the hook it guards.
"""

from __future__ import annotations

import os
import re
import uuid
from pathlib import Path

import pytest
import requests
import yaml

BASE_URL = os.environ.get("CONTRACT_BASE_URL", "").rstrip("/")
SPEC_PATH = Path(__file__).resolve().parents[3] / "openapi.yaml"  # Tests/EndToEnd/contract/ → the repository

pytestmark = pytest.mark.skipif(not BASE_URL, reason="CONTRACT_BASE_URL names no running server")


@pytest.fixture(scope="module")
def spec() -> dict:
    return yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))


def resolve(spec: dict, node):
    while isinstance(node, dict) and "$ref" in node:
        target = spec
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


def register(email: str, password: str = "correct horse battery staple") -> requests.Response:
    return requests.post(f"{BASE_URL}/auth/register", json={"email": email, "password": password}, timeout=10)


def fresh_email() -> str:
    return f"regression-{uuid.uuid4().hex}@example.com"


@pytest.fixture(scope="module")
def token() -> str:
    email, password = fresh_email(), "correct horse battery staple"
    assert register(email, password).status_code == 201
    response = requests.post(f"{BASE_URL}/auth/login", data={"username": email, "password": password}, timeout=10)
    assert response.status_code == 200, response.text
    return response.json()["access_token"]


def create_task(token: str, body) -> requests.Response:
    return requests.post(f"{BASE_URL}/tasks", json=body, headers={"Authorization": f"Bearer {token}"}, timeout=10)


def issues_at(response: requests.Response, location: str) -> list[str]:
    return [issue["message"] for issue in response.json().get("errors", []) if issue["location"] == location]


# --- Finding 1: GET /openapi.yaml was declared `type: string`, but an application/yaml body is YAML ----------


# The pattern the served JSON adds beside `x-trim: true` with `minLength` >= 1: a character that is not whitespace.
IMPLIED_PATTERN = "[^\\t\\n\\u000B\\f\\r \\u0085\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000]"


def without_implied_patterns(node):
    """`node` without the implied patterns: the document as written."""
    if isinstance(node, list):
        return [without_implied_patterns(item) for item in node]
    if not isinstance(node, dict):
        return node
    result = {key: without_implied_patterns(value) for key, value in node.items()}
    if result.get("x-trim") is True:
        if result.get("pattern") == IMPLIED_PATTERN:
            del result["pattern"]
        parts = [part for part in result.get("allOf", []) if part != {"pattern": IMPLIED_PATTERN}]
        if "allOf" in result and not parts:
            del result["allOf"]
        elif "allOf" in result:
            result["allOf"] = parts
    return result


def test_openapi_yaml_is_the_same_document_as_openapi_json(spec):
    as_yaml = requests.get(f"{BASE_URL}/openapi.yaml", timeout=10)
    as_json = requests.get(f"{BASE_URL}/openapi.json", timeout=10)
    assert as_yaml.status_code == as_json.status_code == 200
    assert as_yaml.headers["Content-Type"].split(";")[0] == "application/yaml"
    document = yaml.safe_load(as_yaml.text)
    assert isinstance(document, dict)
    # The JSON adds what x-trim implies, and nothing else (docs/generator.md, "Vendor extensions").
    assert document == without_implied_patterns(as_json.json())
    assert without_implied_patterns(as_json.json()) != as_json.json(), "the titles' implied pattern is served"
    declared = spec["paths"]["/openapi.yaml"]["get"]["responses"]["200"]["content"]["application/yaml"]["schema"]
    assert declared["type"] == "object"


# --- Finding 2: request strings containing U+0000 are refused (422), which the spec did not say ---------------


def request_string_properties(spec: dict):
    """(operation, media type, name, schema) of every free-text string property of every request body."""
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if not isinstance(operation, dict) or "requestBody" not in operation:
                continue
            body = resolve(spec, operation["requestBody"])
            for media_type, content in body["content"].items():
                schema = resolve(spec, content["schema"])
                for name, prop in schema.get("properties", {}).items():
                    prop = resolve(spec, prop)
                    types = prop.get("type")
                    types = types if isinstance(types, list) else [types]
                    # An enum, a date-time or an email cannot hold U+0000 anyway.
                    if "string" in types and "enum" not in prop and prop.get("format") in (None, "password"):
                        yield f"{method.upper()} {path}", media_type, name, prop


def test_every_free_text_request_string_declares_the_nul_rule(spec):
    properties = list(request_string_properties(spec))
    assert len(properties) >= 8  # register password, login username/password/scope/grant_type, titles, descriptions
    missing = [
        f"{operation} {media_type} {name}"
        for operation, media_type, name, prop in properties
        if "pattern" not in prop or re.search(prop["pattern"], "a\x00b")
    ]
    assert missing == []


@pytest.mark.parametrize("field", ["title", "description"])
def test_nul_in_a_task_string_is_422(token, field):
    body = {"title": "ok", field: "a\u0000b"}
    response = create_task(token, body)
    assert response.status_code == 422, response.text
    assert response.headers["Content-Type"].startswith("application/problem+json")
    assert issues_at(response, f"body.{field}")


@pytest.mark.parametrize("field", ["username", "password", "scope"])
def test_nul_in_a_login_field_is_422(field):
    form = {"username": "someone@example.com", "password": "correct horse battery staple", field: "a\u0000b"}
    response = requests.post(f"{BASE_URL}/auth/login", data=form, timeout=10)
    assert response.status_code == 422, response.text
    assert issues_at(response, f"body.{field}")


def test_nul_in_a_registration_password_is_422():
    response = register(fresh_email(), "correct\u0000horse")
    assert response.status_code == 422, response.text
    assert issues_at(response, "body.password")


# --- hooks.filter_failure: a taken email (case-insensitively) is 400 "Email already registered" ---------------


def test_registering_a_taken_email_in_other_case_is_400():
    email = fresh_email()
    assert register(email).status_code == 201
    again = register(email.upper())
    assert again.status_code == 400
    assert again.json()["detail"] == "Email already registered"


# --- hooks.filter_case: the x-max-bytes and x-trim vendor extensions mean what the hooks assume ---------------


def test_password_limit_counts_utf8_bytes_not_characters():
    assert register(fresh_email(), "\U0001F600" * 18).status_code == 201  # 18 characters, 72 bytes
    too_long = register(fresh_email(), "\U0001F600" * 19)  # 19 characters, 76 bytes
    assert too_long.status_code == 422
    assert issues_at(too_long, "body.password")


def test_title_of_only_whitespace_is_422(token):
    for title in [" ", "\t\n ", "\u00a0\u2003", "\u3000"]:
        response = create_task(token, {"title": title})
        assert response.status_code == 422, (title, response.text)
        assert issues_at(response, "body.title")


def test_title_length_is_counted_after_trimming(token):
    padded = create_task(token, {"title": "  " + "a" * 200 + "\n"})
    assert padded.status_code == 201, padded.text
    assert padded.json()["title"] == "a" * 200
    assert create_task(token, {"title": "a" * 201}).status_code == 422


def test_tags_are_trimmed_before_their_length_check(token):
    blank = create_task(token, {"title": "t", "tags": ["ok", "\r"]})
    assert blank.status_code == 422, blank.text
    assert issues_at(blank, "body.tags[1]")
    padded = create_task(token, {"title": "t", "tags": [" " + "a" * 50 + "\t"]})
    assert padded.status_code == 201, padded.text
    assert padded.json()["tags"] == ["a" * 50]


def test_tag_query_parameter_is_trimmed_too(token):
    headers = {"Authorization": f"Bearer {token}"}
    blank = requests.get(f"{BASE_URL}/tasks", params={"tag": " "}, headers=headers, timeout=10)
    assert blank.status_code == 422 and issues_at(blank, "query.tag[0]"), blank.text
    padded = requests.get(f"{BASE_URL}/tasks", params={"tag": " " + "a" * 50}, headers=headers, timeout=10)
    assert padded.status_code == 200, padded.text


# --- hooks.filter_failure: a cursor the server did not issue is 422 naming query.cursor alone -----------------


def test_a_schema_valid_cursor_not_issued_by_the_server_is_422(token):
    response = requests.get(
        f"{BASE_URL}/tasks", params={"cursor": "0", "q": "0"}, headers={"Authorization": f"Bearer {token}"}, timeout=10
    )
    assert response.status_code == 422, response.text
    assert [issue["location"] for issue in response.json()["errors"]] == ["query.cursor"]


# --- hooks.filter_failure: an If-Match naming no current version is 412, and nothing changes -----------------


def test_if_match_naming_another_version_is_412_and_changes_nothing(token):
    headers = {"Authorization": f"Bearer {token}"}
    task = create_task(token, {"title": "conditional"}).json()
    stale = requests.patch(f"{BASE_URL}/tasks/{task['id']}", json={"title": "changed"},
                           headers={**headers, "If-Match": '"0"'}, timeout=10)
    assert stale.status_code == 412, stale.text
    current = requests.get(f"{BASE_URL}/tasks/{task['id']}", headers=headers, timeout=10)
    assert current.json()["title"] == "conditional" and current.headers["ETag"] == '"1"'


# --- openapi.yaml links: POST /tasks -> GET/PATCH/DELETE /tasks/{id}, as schemathesis' stateful phase uses -----


def test_links_name_real_operations_and_parameters(spec):
    operations = {
        operation["operationId"]: (path, item, operation)
        for path, item in spec["paths"].items()
        for operation in item.values()
        if isinstance(operation, dict) and "operationId" in operation
    }
    expected = {"getTask", "updateTask", "deleteTask"}
    links = spec["paths"]["/tasks"]["post"]["responses"]["201"]["links"]
    assert {link["operationId"] for link in links.values()} == expected
    example = spec["paths"]["/tasks"]["post"]["responses"]["201"]["content"]["application/json"]["examples"]
    body = next(iter(example.values()))["value"]
    for name, link in links.items():
        path, item, operation = operations[link["operationId"]]
        declared = {resolve(spec, p)["name"] for p in item.get("parameters", []) + operation.get("parameters", [])}
        for parameter, expression in link["parameters"].items():
            assert parameter in declared, (name, parameter)
            match = re.fullmatch(r"\$response\.body#(/[^/]+)+", expression)
            assert match, (name, expression)
            value = body
            for part in expression.split("#", 1)[1].strip("/").split("/"):
                value = value[part]
            assert isinstance(value, int) and value >= 1, (name, expression)
