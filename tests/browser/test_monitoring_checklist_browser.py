"""Issue 19, part 1: a signatory page showing its checklist of the Pact's possible actions
passes axe (WCAG 2.2 A/AA), runs under the strict CSP and fits a 360 px phone."""

import pytest
from playwright.sync_api import expect

from monitoring.models import PossibleAction, SignatoryAction
from pact.models import InitiativePage, SignatoryPage
from tests.browser.axe import assert_no_axe_violations
from tests.browser.helpers import (
    assert_no_csp_violations,
    assert_no_horizontal_scroll,
    use_narrow,
)

pytestmark = pytest.mark.usefixtures("demo_site")


def signatory_with_a_checklist():
    """A demo signatory with one row per current action, in place and planned in turn, with a
    long note and its initiatives as evidence."""
    signatory = next(
        page
        for page in SignatoryPage.objects.live().order_by("pk")
        if InitiativePage.objects.child_of(page).live().exists()
    )
    initiatives = list(InitiativePage.objects.child_of(signatory).live())
    rows = []
    for index, action in enumerate(PossibleAction.objects.current().in_pact_order()):
        row = SignatoryAction(
            action=action,
            state="in_place" if index % 2 == 0 else "planned",
            year=2015 + index,
            note="A longer note about what is done, with a long-unbroken-word-" + "x" * 40,
        )
        row.evidence = initiatives
        rows.append(row)
    signatory.action_items = rows
    signatory.save_revision().publish()
    return signatory


def test_a_signatory_page_with_its_checklist_is_accessible_and_fits_a_phone(page):
    signatory = signatory_with_a_checklist()
    page.goto(signatory.url)
    expect(page.locator(".signatory-checklist")).to_contain_text("In place since 2015")
    assert_no_axe_violations(page)
    assert_no_csp_violations(page)
    use_narrow(page)
    assert_no_horizontal_scroll(page)
