"""A new authority joins the Pact in Chromium, from the sign-up form to an initiative the public
can read: it signs up, confirms its address from the e-mail, an editor of the secretariat
approves it, it logs in to the admin, edits its page, adds an initiative under Prevention and
submits it; the editor approves the initiative; a visitor finds it on the site."""

import re

from playwright.sync_api import expect

from pact.models import SignatoryPage
from tests.browser.helpers import login_admin, outbox_link, tab_to

ORGANISATION = "City of Lanternbury"
EMAIL = "mayor@lanternbury.example"
PASSWORD = "lantern-orchard-91"
INITIATIVE = "Safe schools programme"


def footer_action(page, name):
    """Press one of the page editor's footer actions, opening its "More actions" menu first when
    the action is not the main button."""
    # As a person would, wait until the editor has drawn its StreamFields: the form posted
    # before Wagtail's scripts render them lacks their fields (a slow machine showed it, and a
    # loaded one took over the default 10 seconds to draw the signatory page's editor).
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-controller=\"w-block\"]')]"
        ".every((placeholder) => placeholder.childElementCount > 0)",
        timeout=30_000,
    )
    footer = page.locator("footer")
    action = footer.get_by_role("button", name=name, exact=True)
    if not action.is_visible():
        footer.get_by_role("button", name="More actions").click()
    expect(action).to_be_visible()
    action.click()


def sign_up(page):
    page.goto("/join/")
    tab_to(page, "#profile-authority")
    page.keyboard.press("Space")
    expect(page.get_by_label("Local/Regional Authority")).to_be_checked()
    tab_to(page, ".join-form button[type='submit']")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Sign the Pact: Local/Regional Authority"
    )
    page.get_by_label("Organisation name").fill(ORGANISATION)
    page.get_by_label("Kind of authority").select_option(label="City")
    page.get_by_label("Country").select_option("BE")
    page.get_by_label("Town or region").fill("Lanternbury")
    page.get_by_label("Website").fill("https://lanternbury.example")
    page.get_by_label("Contact person's name").fill("Robin Example")
    page.get_by_label("Role").fill("Deputy mayor for children")
    page.get_by_label("E-mail", exact=True).fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_label("I declare that I am authorised").check()
    page.get_by_label("My organisation accepts the commitments").check()
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")


def test_a_new_authority_signs_up_is_approved_and_publishes_an_initiative(
    demo_site, secretariat_user, open_page
):
    authority = open_page()
    sign_up(authority)

    # The verification e-mail: its link opens a page whose button confirms the address.
    authority.goto(outbox_link(r"/join/verify/", to=EMAIL))
    authority.get_by_role("button", name="Confirm my address").click()
    expect(authority).to_have_url(re.compile(r"/account/$"))
    expect(authority.locator("main")).to_contain_text("Waiting for the secretariat")

    # An editor of the secretariat approves it from the Signatories listing.
    editor = open_page()
    login_admin(editor, secretariat_user)
    editor.goto("/admin/")
    editor.get_by_role("link", name="Signatories").first.click()
    row = editor.locator("tr", has_text=ORGANISATION)
    row.get_by_role("link", name="Approve", exact=True).click()
    editor.get_by_role("button", name="Yes, approve").click()
    expect(editor.locator(".messages")).to_contain_text(f"“{ORGANISATION}” is approved")

    # Another day, in a new browser session, the authority logs in with its e-mail and
    # password, and lands on its dashboard.
    authority = open_page()
    login_admin(authority, EMAIL, password=PASSWORD)
    expect(authority).to_have_url(re.compile(r"/admin/$"))
    expect(authority.get_by_role("heading", name="Your page")).to_be_visible()

    # It edits its page and submits the change for review.
    authority.get_by_role("link", name="Edit your page").click()
    authority.get_by_label("Town or region").fill("Lanternbury-on-Sea")
    footer_action(authority, "Submit to Secretariat review")
    expect(authority.locator(".messages")).to_contain_text("submitted")

    # It adds an initiative under its page, under Prevention, and submits it.
    authority.goto("/admin/")
    authority.get_by_role("link", name="Add an initiative").first.click()
    authority.locator("#id_title").fill(INITIATIVE)
    authority.get_by_role("textbox", name="Summary").fill(
        "Every school names a trained person to talk to."
    )
    authority.get_by_role("checkbox", name="Prevention").check()
    footer_action(authority, "Submit to Secretariat review")
    expect(authority.locator(".messages")).to_contain_text("submitted")
    authority.goto("/admin/")
    expect(authority.get_by_role("region", name="Awaiting approval")).to_contain_text(INITIATIVE)

    # The editor approves the initiative from its dashboard's review list.
    editor.goto("/admin/")
    review = editor.get_by_role("region", name="Awaiting your review")
    review.get_by_role("link", name=INITIATIVE).first.click()
    footer_action(editor, "Approve and Publish")
    expect(editor.locator(".messages")).to_contain_text(INITIATIVE)

    # A visitor reads it at its address, on the signatory's page and under Prevention.
    signatory = SignatoryPage.objects.get(title=ORGANISATION)
    visitor = open_page()
    visitor.goto(signatory.url)
    visitor.get_by_role("link", name=INITIATIVE).click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(INITIATIVE)
    expect(visitor).to_have_url(re.compile(rf"{signatory.url}safe-schools-programme/$"))
    visitor.goto("/pact/prevention/")
    expect(visitor.locator("main").get_by_role("link", name=INITIATIVE)).to_be_visible()
