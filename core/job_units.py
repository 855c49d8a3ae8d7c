"""The systemd units that run the site without containers, written from the job table.

`python manage.py write_systemd_units` writes them to deploy/systemd/; tests/test_jobs.py fails
when the committed files differ from what the table gives, so a job added, removed or moved in
core/jobs.py cannot be forgotten here. The units assume the layout docs/deploy.md describes
(code in /srv/pactsite with its virtualenv in .venv, settings in /etc/pactsite/env, a
`pactsite` system user); change a path with a drop-in (`systemctl edit <unit>`) rather than by
editing the files.

- pactsite-web.service: gunicorn;
- pactsite-worker.service: `manage.py db_worker`, the task queue (e-mail, renditions, purges);
- pactsite-job@.service: one run of a job, `manage.py run_job <name>` under the job's lock;
- pactsite-job-<name>.timer: when each job runs (OnCalendar, in Strasbourg time); Persistent
  runs a job missed while the machine was off once it is back.
"""

from pathlib import Path

from core.jobs import JOBS

UNITS_DIR = Path(__file__).resolve().parent.parent / "deploy" / "systemd"
APP_DIR = "/srv/pactsite"
ENV_FILE = "/etc/pactsite/env"
PYTHON = f"{APP_DIR}/.venv/bin/python"
GUNICORN = f"{APP_DIR}/.venv/bin/gunicorn pactsite.wsgi --bind 127.0.0.1:8000 --workers 3"
HEADER = "# Written by `python manage.py write_systemd_units` from core/jobs.py: do not edit.\n"

SERVICE_SETTINGS = f"""User=pactsite
Group=pactsite
WorkingDirectory={APP_DIR}
Environment=DJANGO_SETTINGS_MODULE=pactsite.settings.production
EnvironmentFile={ENV_FILE}
NoNewPrivileges=true
PrivateTmp=true
ProtectSystem=full
ProtectHome=true
"""

AFTER = "After=network-online.target postgresql.service redis-server.service\n"


def web_service():
    return f"""{HEADER}[Unit]
Description=Pact Platform web server (gunicorn)
{AFTER}Wants=network-online.target

[Service]
{SERVICE_SETTINGS}ExecStart={GUNICORN}
Restart=always

[Install]
WantedBy=multi-user.target
"""


def worker_service():
    return f"""{HEADER}[Unit]
Description=Pact Platform task worker (e-mail, renditions, cache purges)
{AFTER}Wants=network-online.target

[Service]
{SERVICE_SETTINGS}ExecStart={PYTHON} manage.py db_worker
Restart=always

[Install]
WantedBy=multi-user.target
"""


def job_service():
    return f"""{HEADER}[Unit]
Description=Pact Platform job %i
{AFTER}Wants=network-online.target

[Service]
Type=oneshot
{SERVICE_SETTINGS}ExecStart={PYTHON} manage.py run_job %i
"""


def job_timer(job):
    return f"""{HEADER}[Unit]
Description=Pact Platform job {job.name}: {job.why} ({job.schedule})

[Timer]
OnCalendar={job.schedule.on_calendar()}
Persistent=true
Unit=pactsite-job@{job.name}.service

[Install]
WantedBy=timers.target
"""


def units(jobs=None):
    """{file name: content} of every unit, for the job table `jobs` (core.jobs.JOBS)."""
    jobs = JOBS if jobs is None else jobs
    files = {
        "pactsite-web.service": web_service(),
        "pactsite-worker.service": worker_service(),
        "pactsite-job@.service": job_service(),
    }
    files.update({f"pactsite-job-{job.name}.timer": job_timer(job) for job in jobs})
    return files


def differences(directory=UNITS_DIR, jobs=None):
    """What differs between `directory` and the units the table gives: [(file, why)]."""
    wanted = units(jobs)
    found = {path.name: path.read_text() for path in sorted(directory.glob("pactsite-*"))}
    problems = [(name, "missing") for name in wanted if name not in found]
    problems += [(name, "not in the job table") for name in found if name not in wanted]
    problems += [
        (name, "out of date")
        for name, content in wanted.items()
        if name in found and found[name] != content
    ]
    return sorted(problems)


def write(directory=UNITS_DIR, jobs=None):
    """Write every unit into `directory` and delete the ones no job needs any more."""
    directory.mkdir(parents=True, exist_ok=True)
    wanted = units(jobs)
    for path in directory.glob("pactsite-*"):
        if path.name not in wanted:
            path.unlink()
    for name, content in wanted.items():
        (directory / name).write_text(content)
    return sorted(wanted)
