"""The Swagger UI page at /docs, driven through its real UI in headless Chromium.

A person's path through the page: register with "Try it out", log in through the Authorize button's OAuth2
password-flow dialog, then create a task and list tasks, reading each response status from the page.

The browser may reach the server and nothing else (every other request is aborted and fails the test), so the
page must work as it would on a machine without internet access: Swagger UI's files come from the server itself.
Anything the page's Content-Security-Policy refuses is a console error, which fails the test too.

Run by scripts/browser-test.sh, which starts the server and sets:
  TASKAPI_BASE_URL    the running server, e.g. http://127.0.0.1:41234 (required)
  CHROMIUM_PATH       the browser (default /usr/bin/chromium; Playwright's own browsers cannot be downloaded)
  BROWSER_OUTPUT_DIR  where screenshots go (default test-output/browser under the repository)
  BROWSER_TIMEOUT_MS  how long any one wait may take (default 20000)
  SWAGGER_UI_VERSION  the Swagger UI release the page must run (checked when set)

Every wait is explicit (an element, a text, a state); there are no fixed sleeps.
"""

import json
import os
import re
import secrets
import time
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect, sync_playwright

REPO = Path(__file__).resolve().parents[3]  # Tests/EndToEnd/browser/ → the repository
BASE_URL = os.environ.get("TASKAPI_BASE_URL", "").rstrip("/")
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
OUTPUT = Path(os.environ.get("BROWSER_OUTPUT_DIR", REPO / "test-output" / "browser"))
TIMEOUT_MS = int(os.environ.get("BROWSER_TIMEOUT_MS", "20000"))
EXPECTED_VERSION = os.environ.get("SWAGGER_UI_VERSION", "")

# Assertions (expect) wait as long as actions do, not Playwright's default 5 s: CI machines can be busy.
expect.set_options(timeout=TIMEOUT_MS)

# Any error the page reports (an uncaught exception, a console error, a failed request) fails the test,
# except for the browser's own /favicon.ico request, which the API does not serve (404).
IGNORED_CONSOLE = re.compile(r"favicon\.ico")


@pytest.fixture(scope="module")
def browser():
    if not BASE_URL:
        pytest.fail("TASKAPI_BASE_URL is not set: run this through scripts/browser-test.sh")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"no browser at {CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            # As root Chromium refuses to start with its sandbox; /dev/shm may be small in containers.
            args=["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
            timeout=60_000,
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture()
def page(browser, request):
    OUTPUT.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, device_scale_factor=1)
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    problems = []

    # Offline: only the server (and data: URLs, which never leave the browser) may be reached.
    def only_the_server(route):
        url = route.request.url
        if url.startswith(BASE_URL + "/") or url.startswith("data:"):
            route.continue_()
        else:
            problems.append(f"the page tried to reach {url}, which is not the server")
            route.abort()

    context.route("**/*", only_the_server)
    page = context.new_page()
    page.on("pageerror", lambda error: problems.append(f"uncaught exception in the page: {error}"))
    page.on(
        "console",
        lambda message: message.type == "error"
        and not IGNORED_CONSOLE.search(message.location.get("url", "") + " " + message.text)
        and problems.append(f"console error: {message.text} ({message.location.get('url', '')})"),
    )
    page.on(
        "requestfailed",
        lambda req: not IGNORED_CONSOLE.search(req.url)
        and problems.append(f"request failed: {req.method} {req.url}: {req.failure}"),
    )
    page.problems = problems
    yield page
    # On failure, keep what the page showed, so the failing step can be seen in the test artifacts.
    report = getattr(request.node, "rep_call", None)
    if report is None or report.failed:
        try:
            page.screenshot(path=str(OUTPUT / "failure.png"), full_page=True)
            (OUTPUT / "failure.html").write_text(page.content())
            print(f"failure screenshot: {OUTPUT / 'failure.png'}")
        except Exception as error:  # the browser itself may be what failed
            print(f"could not save a failure screenshot: {error}")
    context.close()


def operation(page: Page, tag: str, operation_id: str) -> Locator:
    """The operation's block, expanded (Swagger UI gives it the id operations-TAG-OPERATIONID)."""
    block = page.locator(f"#operations-{tag}-{operation_id}")
    expect(block).to_be_visible()
    if not block.locator(".opblock-body").is_visible():
        block.locator(".opblock-summary-control").click()
    expect(block.locator(".opblock-body")).to_be_visible()
    return block


def try_it_out(block: Locator) -> None:
    block.locator("button.try-out__btn", has_text="Try it out").click()
    # In try-it-out mode the button turns into "Cancel" and Execute appears.
    expect(block.locator("button.try-out__btn", has_text="Cancel")).to_be_visible()
    expect(block.locator("button.execute")).to_be_visible()


def fill_body(block: Locator, body: dict) -> None:
    editor = block.locator("textarea.body-param__text")
    expect(editor).to_be_editable()
    editor.fill(json.dumps(body, indent=2))
    expect(editor).to_have_value(json.dumps(body, indent=2))


def execute(block: Locator, status: int) -> str:
    """Click Execute, wait until the live response is shown, check its status and return its body text."""
    block.locator("button.execute").click()
    live = block.locator(".responses-wrapper .live-responses-table")
    expect(live).to_be_visible()
    status_cell = live.locator("tbody .response .response-col_status")
    expect(status_cell).to_have_count(1)
    shown = status_cell.inner_text().strip()
    body = live.locator(".response-col_description .microlight").first
    body_text = body.inner_text() if body.count() else ""
    assert shown.split()[0] == str(status), (
        f"expected the page to show {status}, it shows {shown!r} with body {body_text[:500]!r}"
    )
    expect(body).to_be_visible()
    return body.inner_text()


def server_response(block: Locator) -> Locator:
    """What the page shows of the last execution: the curl command, the request URL and the server response."""
    return block.locator(".responses-wrapper .live-responses-table").locator("xpath=..")


def shot(page: Page, name: str, target: Locator | None = None) -> Path:
    path = OUTPUT / name
    if target is None:
        page.screenshot(path=str(path), full_page=True)
    else:
        target.scroll_into_view_if_needed()
        target.screenshot(path=str(path))
    assert path.stat().st_size > 10_000, f"{path} is suspiciously small"
    return path


def test_register_authorize_create_and_list_through_swagger_ui(page: Page):
    started = time.monotonic()
    suffix = secrets.token_hex(4)
    email = f"browser-{suffix}@example.com"
    password = f"correct horse {suffix}"
    title = f"Browser test task {suffix}"

    # The page, its assets (served by the server, checked by Subresource Integrity) and the spec load under
    # the page's Content-Security-Policy; the title comes from openapi.json.
    response = page.goto(f"{BASE_URL}/docs")
    assert response is not None and response.status == 200, f"GET /docs answered {response and response.status}"
    policy = response.headers.get("content-security-policy", "")
    assert "frame-ancestors 'none'" in policy and "script-src 'self' 'sha256-" in policy, policy
    html = page.content()
    assert re.search(r'src="/docs/swagger-ui-bundle.js" integrity="sha384-[^"]+"', html), "no built-in script"
    assert re.search(r'href="/docs/swagger-ui.css" integrity="sha384-[^"]+"', html), "no built-in stylesheet"
    expect(page.locator(".information-container .title").first).to_contain_text("Task API")
    version = page.evaluate("() => window.versions && window.versions.swaggerUI && window.versions.swaggerUI.version")
    print(f"Swagger UI {version}")
    if EXPECTED_VERSION:
        assert version == EXPECTED_VERSION, f"the page runs Swagger UI {version}, expected {EXPECTED_VERSION}"
    # The stylesheet really applied (an unstyled page would still have the DOM): POST badges are green.
    badge = page.locator("#operations-auth-register .opblock-summary-method")
    expect(badge).to_have_css("background-color", "rgb(73, 204, 144)")
    authorize_button = page.locator(".scheme-container .auth-wrapper button.authorize")
    expect(authorize_button).to_be_visible()
    expect(authorize_button).not_to_have_class(re.compile(r"\blocked\b"))

    # 1. Register through "Try it out".
    register = operation(page, "auth", "register")
    try_it_out(register)
    fill_body(register, {"email": email, "password": password})
    user = json.loads(execute(register, 201))
    assert user["email"] == email and isinstance(user["id"], int), user
    shot(page, "01-register-201.png", server_response(register))

    # 2. Authorize: the OAuth2 password flow dialog logs in with the email and password.
    authorize_button.click()
    dialog = page.locator(".dialog-ux .modal-ux")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("OAuth2PasswordBearer")
    expect(dialog).to_contain_text("password")  # the flow Swagger UI shows for the scheme
    # The dialog lists every scheme (the metrics token's too); the OAuth2 one is used.
    oauth = dialog.locator(".auth-container", has_text="OAuth2PasswordBearer")
    expect(oauth).to_have_count(1)
    oauth.locator("input#oauth_username").fill(email)
    oauth.locator("input#oauth_password").fill(password)
    oauth.locator(".auth-btn-wrapper button.authorize").click()
    # Success replaces the form with "Authorized" and a Logout button; failure shows an auth error.
    logout = oauth.locator(".auth-btn-wrapper button", has_text="Logout")
    errors = oauth.locator(".errors")
    expect(logout.or_(errors).first).to_be_visible()
    assert not errors.is_visible(), f"the Authorize dialog shows an error: {errors.inner_text()!r}"
    expect(oauth).to_contain_text("Authorized")
    shot(page, "02-authorized.png", dialog)
    dialog.locator(".auth-btn-wrapper button.btn-done", has_text="Close").first.click()
    expect(dialog).to_be_hidden()
    expect(authorize_button).to_have_class(re.compile(r"\blocked\b"))
    # persistAuthorization is off: the token lives in the page only, not in the browser's storage.
    stored = page.evaluate("() => JSON.stringify(Object.assign({}, window.localStorage))")
    assert "access_token" not in stored and "authorized" not in stored, f"the token was stored: {stored[:200]}"

    # 3. POST /tasks with the token Swagger UI obtained.
    create = operation(page, "tasks", "createTask")
    try_it_out(create)
    fill_body(create, {"title": title, "priority": "high", "due_at": "2026-12-01T17:00:00Z"})
    task = json.loads(execute(create, 201))
    assert task["title"] == title and task["priority"] == "high" and task["version"] == 1, task
    expect(create.locator(".curl-command")).to_contain_text("Authorization: Bearer ")
    shot(page, "03-post-tasks-201.png", server_response(create))

    # 4. GET /tasks lists it. Every listing parameter is on the page with its description; q finds the task.
    listing = operation(page, "tasks", "listTasks")
    for name, described in [("limit", "maximum number"), ("cursor", "previous response"), ("status", "statuses"),
                            ("priority", "priorities"), ("tag", "every one of these tags"),
                            ("due_before", "strictly before"), ("due_after", "at or after"),
                            ("q", "Full-text search"), ("sort", "descending")]:
        row = listing.locator(f"tr[data-param-name='{name}'][data-param-in='query']")
        expect(row).to_have_count(1)
        expect(row).to_contain_text(described)
    expect(listing.locator("tr[data-param-name='limit']")).to_contain_text("200")
    try_it_out(listing)
    sorts = ["-created_at", "created_at", "due_at", "-due_at", "priority", "-priority", "updated_at", "-updated_at"]
    options = listing.locator("tr[data-param-name='sort'] select option")
    expect(options.filter(has_text="-updated_at")).to_have_count(1)
    assert set(sorts) <= {text.strip() for text in options.all_inner_texts()}, options.all_inner_texts()
    listing.locator("tr[data-param-name='q'] input").fill(suffix)
    tasks = json.loads(execute(listing, 200))
    assert isinstance(tasks, list) and [t["title"] for t in tasks] == [title], tasks
    assert tasks[0]["id"] == task["id"], (tasks, task)
    expect(listing.locator(".curl-command")).to_contain_text("Authorization: Bearer ")

    shot(page, "04-get-tasks-200.png", server_response(listing))

    # The final screenshot is what a person sees at the end: the window scrolled to GET /tasks' response.
    # The whole page (every response shown: 201, 201, 200) is kept beside it.
    server_response(listing).evaluate("element => element.scrollIntoView({block: 'start'})")
    final = OUTPUT / "docs-final.png"
    page.screenshot(path=str(final))
    shot(page, "docs-full-page.png")
    assert not page.problems, "the page reported problems:\n" + "\n".join(page.problems)
    print(f"final screenshot: {final}; {time.monotonic() - started:.1f}s in the browser")
