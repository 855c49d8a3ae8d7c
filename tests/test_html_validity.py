"""The HTML of every public page type is valid HTML, as the Nu Html Checker (the W3C's validator,
npm package vnu-jar, run with Java) reads it: browsers forgive invalid markup in ways of their
own, and assistive technologies and crawlers read the document, not what a browser made of it.

The pages are saved to a folder and checked by one run of the checker (Java starts once). Marked
`slow_checks`: CI runs it once, on the SQLite pass, where .ci/run installs a Java runtime."""

import json
import os
import re
import shutil
import subprocess

import pytest

from tests.browser.axe import BASE_DIR
from tests.browser.public_pages import PUBLIC_PAGES

VNU_JAR = BASE_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

pytestmark = [pytest.mark.slow_checks, pytest.mark.usefixtures("demo_site")]


def checker_unavailable():
    missing = []
    if shutil.which("java") is None:
        missing.append("java not found (apt-get install default-jre-headless)")
    if not VNU_JAR.is_file():
        missing.append(f"{VNU_JAR.relative_to(BASE_DIR)} not found (run `npm ci`)")
    return "; ".join(missing)


@pytest.fixture
def nu_html_checker():
    """The command that runs the checker; skipped where Java or the jar is missing, except where
    the checks must run (REQUIRE_BROWSER_TESTS=1, as in CI)."""
    reason = checker_unavailable()
    if reason:
        if os.environ.get("REQUIRE_BROWSER_TESTS") == "1":
            pytest.fail(f"The Nu Html Checker must run here: {reason}")
        pytest.skip(f"Nu Html Checker unavailable: {reason}")
    return ["java", "-Xss1024k", "-jar", str(VNU_JAR)]


def page_file_name(page_id):
    return re.sub(r"[^\w-]", "-", page_id) + ".html"


def test_every_public_page_type_is_valid_html(client, tmp_path, nu_html_checker):
    files = {}
    for param in PUBLIC_PAGES:
        path, _shows, status = param.values
        response = client.get(path)
        assert response.status_code == status, path
        target = tmp_path / page_file_name(param.id)
        target.write_bytes(response.content)
        files[str(target)] = path

    run = subprocess.run(
        [*nu_html_checker, "--format", "json", "--stdout", *files],
        capture_output=True,
        text=True,
        timeout=600,
    )
    messages = json.loads(run.stdout)["messages"]

    problems = [
        message
        for message in messages
        if message["type"] == "error"
        or (message["type"] == "info" and message.get("subType") == "warning")
    ]
    described = [
        f"{files.get(message.get('url', '').removeprefix('file:'), message.get('url'))} "
        f"line {message.get('lastLine', '?')}: {message['type']}: {message['message']}"
        f" [{message.get('extract', '').strip()[:80]}]"
        for message in problems
    ]
    assert not problems, f"{len(problems)} HTML problem(s):\n" + "\n".join(described)
