"""The shape of the code: apps depend on each other in one direction only.

core is the shared kernel and imports no other app of the project; pact builds on it; home on
pact; accounts, alerts, search and toolkit on those, never on each other; privacy on accounts
and alerts (it gathers what they hold about a person); demo on all of them;
pactsite wires it all.
An import cycle between apps (lazy imports inside functions included) would bring back the
copies this layering removed, so it fails here. A first-party import inside a function is
allowed only with a comment saying why, on the line before or at the end of the line.
"""

import ast
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
# Each app, and the apps it may import (directly or not). pactsite is the wiring, on top.
LAYERS = {
    "core": set(),
    # Monitoring the Pact (issue 19) is pact's twin: the signatory's page shows its checklist and
    # status (pact imports monitoring's models, status rule and API fields), and monitoring's
    # admin screens and reminders act on signatory pages (monitoring imports pact's page model
    # and signatory rights). Neither imports anything above them.
    "pact": {"core", "monitoring"},
    "monitoring": {"core", "pact"},
    "home": {"core", "pact"},
    "accounts": {"core", "pact", "home", "monitoring"},
    "alerts": {"core", "pact", "home"},
    "search": {"core", "pact", "home"},
    "toolkit": {"core", "pact", "home"},
    # Personal-data rights gather what accounts and alerts hold.
    "privacy": {"core", "pact", "home", "accounts", "alerts"},
    "demo": {"core", "pact", "monitoring", "home", "accounts", "alerts", "search", "toolkit"},
    # Health, request logs and error reports watch every app from outside and import none.
    "observability": set(),
}
APPS = set(LAYERS) | {"pactsite"}


def first_party_modules():
    for app in sorted(APPS):
        for path in sorted((BASE_DIR / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield app, path


def imported_apps(node):
    """The first-party apps an import statement names."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
        names = [node.module]
    else:
        return set()
    return {name.split(".")[0] for name in names} & APPS


def imports_of(path):
    """(import node, inside a function?) for every import of the module."""
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []

    def visit(node, in_function):
        for child in ast.iter_child_nodes(node):
            inside = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if isinstance(child, ast.Import | ast.ImportFrom):
                found.append((child, in_function))
            visit(child, inside)

    visit(tree, False)
    return found


def test_apps_import_only_the_layers_below_them():
    wrong = []
    for app, path in first_party_modules():
        if app == "pactsite" and path.parent.name != "settings":
            continue  # the wiring may import every app; settings may import none
        allowed = LAYERS.get(app, set()) | {app}
        for node, _inside in imports_of(path):
            for other in imported_apps(node) - allowed:
                wrong.append(f"{path.relative_to(BASE_DIR)}:{node.lineno} imports {other}")
    assert wrong == []


def test_imports_inside_functions_say_why():
    unexplained = []
    for _app, path in first_party_modules():
        lines = path.read_text().splitlines()
        for node, inside in imports_of(path):
            if not inside or not imported_apps(node):
                continue
            line = lines[node.lineno - 1]
            previous = lines[node.lineno - 2].strip() if node.lineno > 1 else ""
            if "#" not in line and not previous.startswith("#"):
                unexplained.append(f"{path.relative_to(BASE_DIR)}:{node.lineno}")
    assert unexplained == []


@pytest.mark.parametrize("app", sorted(LAYERS))
def test_every_layered_app_is_installed(app, settings):
    """A folder listed here that stopped being an app would escape the check above."""
    assert app in settings.INSTALLED_APPS
