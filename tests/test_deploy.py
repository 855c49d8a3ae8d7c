"""The deployment files: what can be checked without a container engine (none runs here).

compose.yaml parses and its services run commands that exist; the Dockerfile has its two
stages, a non-root user, a health check on /healthz/ without curl, and collects the static
files at build; .dockerignore keeps local data and secrets out; and the image's own commands
(the build's `collectstatic`, the migrate service's `migrate` and `sync_site`, `check --deploy`,
the scheduler, gunicorn) run under the production settings against SQLite.
"""

import os
import re
import shlex
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
import yaml
from django.core.management import get_commands

BASE_DIR = Path(__file__).resolve().parent.parent
APP_SERVICES = ("migrate", "web", "worker", "scheduler")
DEADLINE_SECONDS = 60
# The image's commands run against a SQLite file of their own whatever DATABASE_URL says, and
# take minutes (collectstatic, every migration): CI runs them once, on the SQLite pass.
SQLITE_ONCE = pytest.mark.slow_checks


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((BASE_DIR / "compose.yaml").read_text())


def dockerfile_stages():
    """[(stage name, [(INSTRUCTION, arguments)])] of the Dockerfile, continuation lines joined."""
    text = re.sub(r"\\\n", " ", (BASE_DIR / "Dockerfile").read_text())
    stages = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        instruction, _, arguments = line.partition(" ")
        instruction = instruction.upper()
        if instruction == "FROM":
            stages.append((arguments.split()[-1], []))
        elif stages:
            stages[-1][1].append((instruction, " ".join(arguments.split())))
    return stages


def manage_py_commands(command):
    """The `manage.py` commands a service's command runs (a list, or `sh -c "a && b"`)."""
    if command[:2] == ["sh", "-c"]:
        words = shlex.split(command[2].replace("&&", " ; "))
    else:
        words = command
    return [words[i + 1] for i, word in enumerate(words[:-1]) if word == "manage.py"]


# compose.yaml


def test_compose_runs_web_worker_scheduler_after_the_migrations(compose):
    services = compose["services"]
    assert set(services) == {*APP_SERVICES, "db", "redis", "opensearch"}
    assert services["opensearch"]["profiles"] == ["search"]
    assert all("profiles" not in services[name] for name in services if name != "opensearch")
    for name in ("web", "worker", "scheduler"):
        depends = services[name]["depends_on"]
        assert depends["migrate"]["condition"] == "service_completed_successfully"
        assert depends["db"]["condition"] == "service_healthy"
        assert depends["redis"]["condition"] == "service_healthy"
    assert services["migrate"]["restart"] == "no"
    assert services["web"]["ports"] == ["${WEB_PORT:-127.0.0.1:8000}:8000"]


def test_compose_services_run_commands_that_exist(compose):
    services = compose["services"]
    commands = get_commands()
    assert manage_py_commands(services["worker"]["command"]) == ["db_worker"]
    assert manage_py_commands(services["scheduler"]["command"]) == ["run_scheduler"]
    assert manage_py_commands(services["migrate"]["command"]) == ["migrate", "sync_site"]
    for name in APP_SERVICES:
        for command in manage_py_commands(services[name].get("command", [])):
            assert command in commands, f"{name} runs manage.py {command}, which does not exist"
    assert "command" not in services["web"]  # the image's gunicorn
    cmd = dict(dockerfile_stages()[-1][1])["CMD"]
    assert cmd.startswith('["gunicorn", "pactsite.wsgi"')


def test_every_application_service_shares_one_image_database_cache_and_media(compose):
    services = compose["services"]
    first = services["web"]
    for name in APP_SERVICES:
        service = services[name]
        assert service["image"] == first["image"]
        assert service["volumes"] == ["media:/data/media", "private_media:/data/private_media"]
        assert service["environment"]["DATABASE_URL"].endswith("@db:5432/pactsite")
        assert service["environment"]["REDIS_URL"] == "redis://redis:6379/0"
        assert service["env_file"] == ".env"


def test_the_example_env_file_names_every_variable_compose_requires(compose):
    text = (BASE_DIR / "compose.yaml").read_text()
    required = set(re.findall(r"\$\{(\w+):\?", text))
    assert required == {"POSTGRES_PASSWORD", "SECRET_KEY", "ALLOWED_HOSTS", "PUBLIC_BASE_URL"}
    example = (BASE_DIR / "deploy" / "compose.env.example").read_text()
    assert {line.split("=")[0] for line in example.splitlines() if "=" in line} >= required


# Dockerfile and .dockerignore


def test_the_dockerfile_builds_in_one_stage_and_runs_slim_as_a_non_root_user():
    stages = dockerfile_stages()
    assert [name for name, _ in stages] == ["build", "runtime"]
    build, runtime = dict(stages[0][1]), stages[1][1]
    assert "pip install -r /tmp/requirements.txt" in [a for i, a in stages[0][1] if i == "RUN"]
    assert build["COPY"] == "requirements.txt /tmp/requirements.txt"
    assert ("COPY", "--from=build /opt/venv /opt/venv") in runtime
    assert not any(i == "RUN" and "apt-get install" in a for i, a in runtime)
    users = [arguments for instruction, arguments in runtime if instruction == "USER"]
    assert users == ["pactsite"]
    order = [instruction for instruction, _ in runtime]
    assert order.index("USER") < order.index("CMD")
    env = " ".join(arguments for instruction, arguments in runtime if instruction == "ENV")
    assert "DJANGO_SETTINGS_MODULE=pactsite.settings.production" in env


def test_the_static_files_are_collected_at_build_time():
    runtime = dockerfile_stages()[-1][1]
    runs = [arguments for instruction, arguments in runtime if instruction == "RUN"]
    collect = [run for run in runs if "manage.py collectstatic --noinput" in run]
    assert len(collect) == 1
    order = [(instruction, arguments) for instruction, arguments in runtime]
    assert order.index(("COPY", ". /app")) < order.index(("RUN", collect[0]))
    assert order.index(("RUN", collect[0])) < order.index(("USER", "pactsite"))


def test_the_health_check_asks_healthz_without_curl():
    runtime = dict(dockerfile_stages()[-1][1])
    check = runtime["HEALTHCHECK"]
    assert "http://127.0.0.1:8000/healthz/" in check
    assert 'CMD ["python", "-c",' in check
    assert "curl" not in check and "wget" not in check


def test_dockerignore_keeps_local_data_and_secrets_out_of_the_image():
    ignored = {
        line.strip()
        for line in (BASE_DIR / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert {
        ".git",
        ".venv",
        "node_modules",
        ".env",
        "db.sqlite3",
        "media",
        "private_media",
        "static_collected",
    } <= ignored


# The image's commands, under production settings, on SQLite


def listening_socket():
    """A socket bound and listening before the server starts: requests wait in its backlog
    until the server is ready, so the test needs no polling."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    return listener


@pytest.fixture(scope="module")
def production_env(tmp_path_factory):
    """The environment of the image (its ENV lines) with what an operator gives, on SQLite, and
    a PATH whose `python` is the project's."""
    root = tmp_path_factory.mktemp("deployed")
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_", "PYTEST_"))
    }
    env.update(
        {
            "PATH": f"{Path(sys.executable).parent}:{env.get('PATH', '')}",
            "DJANGO_SETTINGS_MODULE": "pactsite.settings.production",
            "STATIC_ROOT": str(root / "static"),
            "MEDIA_ROOT": str(root / "media"),
            "PRIVATE_MEDIA_ROOT": str(root / "private_media"),
            "DATABASE_URL": f"sqlite:///{root / 'db.sqlite3'}",
        }
    )
    return env


def run(command, env, **extra):
    """Run a shell command as the image would, in the project; its output and log (production
    logs to the standard error), or a failure."""
    result = subprocess.run(
        command,
        shell=True,
        cwd=BASE_DIR,
        env={**env, **extra},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    return result.stdout + result.stderr


OPERATOR = {
    "SECRET_KEY": "a-long-random-production-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "pact.example.org",
    "PUBLIC_BASE_URL": "https://pact.example.org",
}


@pytest.fixture(scope="module")
def deployed(production_env):
    """The image built and the migrate service run: the Dockerfile's collectstatic step as it
    is written (its throwaway key and host), then compose's migrate command."""
    runtime = dockerfile_stages()[-1][1]
    collect = next(a for i, a in runtime if i == "RUN" and "collectstatic" in a)
    run(collect, production_env)
    migrate = yaml.safe_load((BASE_DIR / "compose.yaml").read_text())["services"]["migrate"]
    run(migrate["command"][2], production_env, **OPERATOR)
    return production_env


@SQLITE_ONCE
def test_the_build_collects_hashed_static_files(deployed):
    manifest = Path(deployed["STATIC_ROOT"]) / "staticfiles.json"
    assert manifest.exists()
    assert any(Path(deployed["STATIC_ROOT"]).rglob("*.css.gz"))  # compressed for WhiteNoise


@SQLITE_ONCE
def test_the_deployment_check_passes_under_production_settings(deployed):
    output = run("python manage.py check --deploy --fail-level WARNING", deployed, **OPERATOR)
    assert "no issues" in output


@SQLITE_ONCE
def test_the_scheduler_and_a_job_run_under_production_settings(deployed):
    listing = run("python manage.py run_scheduler --list", deployed, **OPERATOR)
    assert "send_digest_daily: manage.py send_digest --frequency daily" in listing
    output = run("python manage.py run_job prune_db_task_results", deployed, **OPERATOR)
    assert "Deleted 0 task result(s)" in output
    assert "Job prune_db_task_results done" in output


@SQLITE_ONCE
def test_gunicorn_serves_the_site_as_the_image_starts_it(deployed):
    cmd = dict(dockerfile_stages()[-1][1])["CMD"]
    listener = listening_socket()
    argv = [
        f"fd://{listener.fileno()}" if word == "0.0.0.0:8000" else word
        for word in yaml.safe_load(cmd)
    ]
    server = subprocess.Popen(
        argv,
        cwd=BASE_DIR,
        env={**deployed, **OPERATOR, "WEB_CONCURRENCY": "1"},
        pass_fds=[listener.fileno()],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    request = urllib.request.Request(
        f"http://127.0.0.1:{listener.getsockname()[1]}/robots.txt",
        headers={"Host": "pact.example.org", "X-Forwarded-Proto": "https"},
    )
    port = listener.getsockname()[1]
    health_command = dict(dockerfile_stages()[-1][1])["HEALTHCHECK"].split(" CMD ", 1)[1]
    health_argv = [
        sys.executable if word == "python" else word.replace("127.0.0.1:8000", f"127.0.0.1:{port}")
        for word in yaml.safe_load(health_command)
    ]
    try:
        with urllib.request.urlopen(request, timeout=DEADLINE_SECONDS) as answer:
            body = answer.read().decode()
        # The image's own health check, as the container engine runs it, passes.
        health = subprocess.run(health_argv, env=deployed, timeout=DEADLINE_SECONDS)
    finally:
        server.terminate()
        server.wait(DEADLINE_SECONDS)
        listener.close()
    assert "Sitemap: https://pact.example.org/sitemap.xml" in body
    assert health.returncode == 0
