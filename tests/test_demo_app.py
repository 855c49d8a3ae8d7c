"""The demo content lives in its own app: development and the tests install it, production runs
without it, and no module of the product imports it."""

import ast
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from wagtail.models import Page

BASE_DIR = Path(__file__).resolve().parent.parent

# Only these first-party packages may import the demo: they build or measure with it.
MAY_IMPORT_DEMO = {"demo", "tests", "bench"}

LIST_APPS_AND_COMMANDS = (
    "import json, django; django.setup();"
    "from django.apps import apps; from django.core.management import get_commands;"
    "print(json.dumps({'apps': [c.name for c in apps.get_app_configs()],"
    " 'load_demo': 'load_demo' in get_commands()}))"
)


def _run_with_settings(settings_module, command, tmp_path):
    """Runs `command` in a fresh Python with `settings_module` and what production requires."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings_module,
        "SECRET_KEY": "x" * 30 + "-a-long-random-production-secret-9f8e7d",
        "ALLOWED_HOSTS": "pact.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
    }
    return subprocess.run(
        [sys.executable, *command],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "settings_module, installed",
    [("pactsite.settings.production", False), ("pactsite.settings.dev", True)],
)
def test_only_development_installs_the_demo_and_its_load_demo_command(
    settings_module, installed, tmp_path
):
    result = _run_with_settings(settings_module, ["-c", LIST_APPS_AND_COMMANDS], tmp_path)
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    demo_apps = [name for name in loaded["apps"] if name == "demo" or name.startswith("demo.")]
    assert demo_apps == (["demo"] if installed else [])
    # `make run` calls load_demo with the dev settings; production has no such command.
    assert loaded["load_demo"] is installed


def test_the_test_settings_install_the_demo_for_load_demo_and_the_factories():
    assert apps.is_installed("demo")


def test_production_passes_the_system_checks_without_the_demo(tmp_path):
    result = _run_with_settings("pactsite.settings.production", ["manage.py", "check"], tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def _first_party_packages():
    """The project's own top-level packages: every folder of the project that is a package."""
    return sorted(path.parent.name for path in BASE_DIR.glob("*/__init__.py"))


def _modules_importing_demo(package):
    """The modules of `package` (migrations included) with an absolute import of the demo app,
    at the top or inside a function."""
    found = []
    for path in sorted((BASE_DIR / package).rglob("*.py")):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module]
            else:
                continue
            if any(name.split(".")[0] == "demo" for name in names):
                found.append(str(path.relative_to(BASE_DIR)))
    return found


def test_no_product_module_imports_the_demo():
    packages = _first_party_packages()
    assert {"core", "home", "pact", "pactsite", "demo", "tests"} <= set(packages)
    offenders = {
        package: modules
        for package in packages
        if package not in MAY_IMPORT_DEMO and (modules := _modules_importing_demo(package))
    }
    assert offenders == {}
    # The scan does see imports of the demo where they are allowed.
    assert "tests/factories.py" in _modules_importing_demo("tests")


def _contents():
    """What a second load_demo must leave as it found: the rows of every table, the page tree."""
    rows = {model._meta.label: model._base_manager.count() for model in apps.get_models()}
    pages = list(Page.objects.order_by("path").values_list("path", "title", "slug", "live"))
    return rows, pages


def test_load_demo_run_again_changes_nothing(demo_site):
    before = _contents()
    call_command("load_demo", verbosity=0, stdout=io.StringIO())
    assert _contents() == before
