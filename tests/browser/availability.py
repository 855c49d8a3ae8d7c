"""Whether this machine can run the browser tests: Debian's Chromium, never a downloaded browser
(`playwright install` cannot work here), and axe-core installed from npm."""

import os

from tests.browser.axe import AXE_SCRIPT, BASE_DIR

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # Only the live server is reachable: any other host name fails at once, so that no test
    # depends on (or waits for) the network, e.g. map tiles or the admin's update check.
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost",
]


def browser_tests_unavailable(chromium=CHROMIUM, axe_script=AXE_SCRIPT):
    """Why the browser tests cannot run on this machine, or "" when they can."""
    missing = []
    if not os.access(chromium, os.X_OK):
        missing.append(f"Chromium not found at {chromium} (apt-get install chromium)")
    if not axe_script.is_file():
        where = axe_script.relative_to(BASE_DIR) if BASE_DIR in axe_script.parents else axe_script
        missing.append(f"axe-core not found at {where} (run `npm ci`)")
    return "; ".join(missing)
