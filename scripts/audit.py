"""`make audit`: Lighthouse (npm package, Debian's Chromium) on the pages people use most, on a
phone and on a desktop, against the site served as in production, beside a static reference page
served the same way, and a table of the scores.

What runs: a fresh SQLite database in a temporary folder with the demo content (`load_demo`),
`collectstatic` under the production settings (hashed, compressed static files), then gunicorn
with the production settings (DEBUG off, WhiteNoise) on 127.0.0.1:8109 (AUDIT_PORT), plus the
uploaded images, which the proxy serves in production (scripts/audit_wsgi.py). The reference is a
plain static HTML page with the site's stylesheet, served by the same server: what this machine
and server reach for a page that does nothing, so a low score can be told from a slow machine.

Lighthouse's own throttling applies (its mobile preset: a mid-range phone on a slow 4G network,
simulated). Map tiles come from a tile server on the Internet, which the audit machine may not
reach: MAP_TILES_URL is empty for the audit (the map then draws its own country outlines), so
failed tile requests do not count against the site. Reports (JSON) are kept in
tests/artifacts/lighthouse/.

Usage: .venv/bin/python scripts/audit.py [--only home,directory] [--runs 1]
"""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
LIGHTHOUSE = BASE_DIR / "node_modules" / ".bin" / "lighthouse"
REPORTS = BASE_DIR / "tests" / "artifacts" / "lighthouse"
PORT = int(os.environ.get("AUDIT_PORT", "8109"))
ORIGIN = f"http://127.0.0.1:{PORT}"
REFERENCE_PATH = "/static/audit-reference.html"

PAGES = {
    "reference": REFERENCE_PATH,
    "home": "/",
    "directory": "/participants/",
    "signatory": "/participants/city-of-strasbourg/",
    "good-practices": "/good-practices/",
    "calendar": "/calendar/",
    "join-form": "/join/?profile=authority",
}
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}

REFERENCE_HTML = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Reference page | Pact of Towns and Regions</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="A static page served by the same server as the site, \
to compare Lighthouse scores with: what a page that does nothing scores here.">
<link rel="icon" href="/favicon.ico">
<link rel="stylesheet" href="/static/css/site.css">
</head>
<body>
<main id="main" class="container prose">
<h1>Reference page</h1>
<p>This static page is served by the same server as the site's pages. Its Lighthouse scores show
what this machine and this server reach for a page without data, scripts or images.</p>
</main>
</body>
</html>
"""


def environment(folder):
    env = dict(os.environ)
    for name in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL"):
        env.pop(name, None)
    env.update(
        DATABASE_URL=f"sqlite:///{folder / 'audit.sqlite3'}",
        MEDIA_ROOT=str(folder / "media"),
        PRIVATE_MEDIA_ROOT=str(folder / "private_media"),
        STATIC_ROOT=str(folder / "static"),
        PUBLIC_BASE_URL=ORIGIN,
        SECRET_KEY="audit-only-not-a-secret-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
        MAP_TILES_URL="",
        CHROME_PATH=os.environ.get("CHROME_PATH", "/usr/bin/chromium"),
    )
    return env


def manage(env, settings, *args):
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env={**env, "DJANGO_SETTINGS_MODULE": f"pactsite.settings.{settings}"},
        check=True,
        stdout=subprocess.DEVNULL,
    )


def prepare(env, folder):
    print("Preparing: database with the demo content, static files ...", flush=True)
    manage(env, "dev", "migrate", "--noinput")
    manage(env, "dev", "load_demo")
    manage(env, "dev", "sync_site")
    manage(env, "production", "collectstatic", "--noinput")
    (folder / "static" / REFERENCE_PATH.removeprefix("/static/")).write_text(REFERENCE_HTML)


def start_server(env):
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "--chdir",
            str(BASE_DIR),
            "--pythonpath",
            str(BASE_DIR / "scripts"),
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            "2",
            "--log-level",
            "warning",
            "audit_wsgi:application",
        ],
        env={**env, "DJANGO_SETTINGS_MODULE": "pactsite.settings.production"},
    )
    for _ in range(100):
        try:
            with urllib.request.urlopen(ORIGIN + "/", timeout=5) as response:
                if response.status == 200:
                    break
        except OSError:
            time.sleep(0.3)
    else:
        server.terminate()
        raise SystemExit(f"The server did not answer on {ORIGIN}")
    # Warm up: the first request of each page makes its image renditions and fills caches.
    for path in PAGES.values():
        with urllib.request.urlopen(ORIGIN + path, timeout=60):
            pass
    return server


ATTEMPTS = 3


def lighthouse(env, name, path, form_factor):
    REPORTS.mkdir(parents=True, exist_ok=True)
    output = REPORTS / f"{name}-{form_factor}.json"
    command = [
        str(LIGHTHOUSE),
        ORIGIN + path,
        "--quiet",
        "--output=json",
        f"--output-path={output}",
        "--only-categories=" + ",".join(CATEGORIES),
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
    ]
    if form_factor == "desktop":
        command.append("--preset=desktop")
    # Lighthouse now and then fails to record a page load's trace (NO_NAVSTART), more often on
    # a busy machine; such a run measures nothing, so it is tried again, up to three times.
    for attempt in range(1, ATTEMPTS + 1):
        try:
            subprocess.run(command, env=env, check=True, timeout=300)
            break
        except subprocess.CalledProcessError:
            if attempt == ATTEMPTS:
                raise
            print(f"Lighthouse: {name} ({form_factor}) failed, trying again ...", flush=True)
    return json.loads(output.read_text())


def scores(report):
    row = {
        category: round(report["categories"][category]["score"] * 100)
        for category in CATEGORIES
        if report["categories"][category]["score"] is not None
    }
    audits = report["audits"]
    row["CLS"] = audits["cumulative-layout-shift"]["numericValue"]
    row["TBT"] = audits["total-blocking-time"]["numericValue"]
    row["LCP"] = audits["largest-contentful-paint"]["numericValue"]
    failing = []
    for category in CATEGORIES[1:]:
        for ref in report["categories"][category]["auditRefs"]:
            audit = audits[ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                failing.append(f"{category}: {ref['id']}")
    row["failing"] = failing
    return row


def print_table(rows):
    header = (
        f"{'page':16} {'device':8} {'perf':>5} {'a11y':>5} {'best':>5} {'seo':>5} "
        f"{'CLS':>6} {'TBT ms':>7} {'LCP s':>6}"
    )
    print("\n" + header + "\n" + "-" * len(header))
    for (name, form_factor), row in rows.items():
        print(
            f"{name:16} {form_factor:8} {row.get('performance', '-'):>5} "
            f"{row.get('accessibility', '-'):>5} {row.get('best-practices', '-'):>5} "
            f"{row.get('seo', '-'):>5} {row['CLS']:>6.3f} {row['TBT']:>7.0f} "
            f"{row['LCP'] / 1000:>6.1f}"
        )
    print(f"\nTargets: {TARGETS}. Reports: {REPORTS.relative_to(BASE_DIR)}/")
    for (name, form_factor), row in rows.items():
        if row["failing"]:
            print(f"{name} ({form_factor}) fails: {', '.join(row['failing'])}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="comma-separated page names: " + ", ".join(PAGES))
    parser.add_argument("--form-factors", default="mobile,desktop")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is not installed: run `npm ci`.")
    names = args.only.split(",") if args.only else list(PAGES)
    folder = Path(tempfile.mkdtemp(prefix="pact-audit-"))
    env = environment(folder)
    server = None
    try:
        prepare(env, folder)
        server = start_server(env)
        rows = {}
        for name in names:
            for form_factor in args.form_factors.split(","):
                print(f"Lighthouse: {name} ({form_factor}) ...", flush=True)
                rows[name, form_factor] = scores(lighthouse(env, name, PAGES[name], form_factor))
        print_table(rows)
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
