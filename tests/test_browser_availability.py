"""Where Chromium or axe-core is missing, the browser tests say so in one plain line (this test
runs everywhere, unlike tests/browser/)."""

import os
import stat

from tests.browser.availability import browser_tests_unavailable


def _executable(path):
    path.write_text("#!/bin/sh\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


def test_browser_tests_can_run_with_chromium_and_axe_core(tmp_path):
    axe = tmp_path / "axe.min.js"
    axe.write_text("")
    assert browser_tests_unavailable(_executable(tmp_path / "chromium"), axe) == ""


def test_missing_chromium_is_named_with_the_command_that_installs_it(tmp_path):
    axe = tmp_path / "axe.min.js"
    axe.write_text("")
    reason = browser_tests_unavailable(str(tmp_path / "no-chromium"), axe)
    assert reason == f"Chromium not found at {tmp_path / 'no-chromium'} (apt-get install chromium)"


def test_missing_axe_core_is_named_with_the_command_that_installs_it(tmp_path):
    reason = browser_tests_unavailable(_executable(tmp_path / "chromium"), tmp_path / "axe.min.js")
    assert reason == f"axe-core not found at {tmp_path / 'axe.min.js'} (run `npm ci`)"


def test_both_missing_are_named_in_one_line(tmp_path):
    reason = browser_tests_unavailable(str(tmp_path / "none"), tmp_path / "axe.min.js")
    assert "Chromium not found" in reason and "axe-core not found" in reason
    assert os.linesep not in reason
