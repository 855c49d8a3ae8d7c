"""A report's public page (monitoring.MonitoringReportPage), accepted and with a checklist, under
the same checks as every public page type (test_public_pages.py): axe at 1280 px, the strict
CSP, no script error, no sideways scrolling at 360 px. The demo has no report of its own yet,
so the test adds one to the demo's City of Strasbourg."""

import pytest
from playwright.sync_api import expect
from wagtail.rich_text import RichText

from monitoring.models import MonitoringReportPage, PossibleAction, SignatoryAction
from pact.models import InitiativePage, SignatoryPage
from tests.browser.helpers import (
    assert_no_csp_violations,
    assert_no_horizontal_scroll,
    assert_no_script_errors,
    use_narrow,
)
from tests.browser.test_public_pages import _failures, _no_axe_violations

pytestmark = pytest.mark.usefixtures("demo_site")


def add_accepted_report():
    signatory = SignatoryPage.objects.get(slug="city-of-strasbourg")
    training = PossibleAction.objects.create(
        code="browser-training", p="prevention", title="Train staff who work with children"
    )
    helpline = PossibleAction.objects.create(
        code="browser-helpline", p="protection", title="Run a helpline for children"
    )
    initiative = InitiativePage.objects.child_of(signatory).live().first()
    signatory.action_items = [
        SignatoryAction(
            action=training,
            state="in_place",
            year=2023,
            note="Every teacher and social worker, each year, with a long note " * 3,
            evidence=[initiative],
        ),
        SignatoryAction(action=helpline, state="planned", year=2027),
    ]
    signatory.save_revision().publish()
    report = MonitoringReportPage(
        title="Action plan 2026-2028",
        slug="action-plan-2026",
        kind="action_plan",
        narrative=[("paragraph", RichText("<p>Train, listen, act.</p>"))],
        professionals_trained=120,
        services_set_up=3,
    )
    signatory.add_child(instance=report)
    report.save_revision().publish()
    return report


def test_report_page_is_accessible_runs_under_the_csp_and_fits_a_phone(page):
    report = add_accepted_report()
    response = page.goto(report.url)
    assert response.status == 200
    expect(page.locator("main")).to_contain_text("Accepted by the Congress secretariat")
    expect(page.locator("main")).to_contain_text("In place since 2023")
    failures = _failures(
        _no_axe_violations(page),
        lambda: assert_no_csp_violations(page),
        lambda: assert_no_script_errors(page),
    )
    use_narrow(page)
    failures += _failures(lambda: assert_no_horizontal_scroll(page))
    assert not failures, "\n\n".join(failures)
