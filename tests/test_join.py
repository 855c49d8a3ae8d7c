"""Signing up at /join/: the form, e-mail confirmation, the pending signatory's status page,
login and password reset, and every kind of bad input."""

import re
from html import unescape

import pytest
from django.contrib.auth import get_user_model
from django.core import mail, signing
from django.test import override_settings

from accounts.models import ApplicationStatus, SignatoryApplication
from accounts.views import make_verification_token
from pact.models import SignatoryPage
from tests.factories import SignatoryApplicationFactory, UserFactory
from tests.joining import (
    commitment_upload,
    join_data,
    logo_upload,
    pdf_bytes,
)

User = get_user_model()
pytestmark = pytest.mark.django_db


def verify_link(message):
    return re.search(r"http://testserver(/join/verify/[^/\s]+/)", message.body).group(1)


def sign_up(client, **overrides):
    return client.post("/join/", join_data(**overrides))


# The form


def test_join_starts_with_the_choice_of_profile(client):
    html = client.get("/join/").content.decode()
    assert 'name="profile"' in html
    assert "Local/Regional Authority" in html and "Association/Organisation" in html
    assert 'name="organisation_name"' not in html


def test_continuing_without_a_profile_says_to_choose_one(client):
    response = client.get("/join/?step=profile")
    assert response.status_code == 400
    assert "Choose one of the two profiles" in response.content.decode()


def test_an_unknown_profile_is_refused_in_plain_words(client):
    response = client.get("/join/?profile=superuser")
    assert response.status_code == 400
    assert "Choose one of the two profiles" in response.content.decode()


@pytest.mark.parametrize(
    "profile, kinds, absent",
    [
        ("authority", ["Municipality", "Region", "Elected representative"], "NGO"),
        ("organisation", ["NGO", "National association"], "Municipality"),
    ],
)
def test_form_asks_what_the_chosen_profile_needs(client, profile, kinds, absent):
    html = client.get(f"/join/?profile={profile}").content.decode()
    for kind in kinds:
        assert kind in html
    assert f">{absent}<" not in html


def test_form_fields_have_visible_labels(client):
    html = client.get("/join/?profile=authority").content.decode()
    for field_id, label in [
        ("id_email", "E-mail"),
        ("id_password", "Password"),
        ("id_organisation_name", "Organisation name"),
        ("id_country", "Country"),
    ]:
        assert re.search(rf'<label for="{field_id}">{label}\b', html), label
    assert html.count("<legend") >= 4
    assert 'href="/privacy/"' in html


def test_join_pages_have_no_inline_script_or_style(client):
    for url in ["/join/", "/join/?profile=organisation", "/privacy/", "/account/login/"]:
        html = client.get(url).content.decode()
        assert "<script>" not in html and "style=" not in html
        assert not re.search(r"\son[a-z]+=", html)


def test_privacy_notice_says_what_why_who_how_long_and_rights(client):
    html = client.get("/privacy/").content.decode()
    for heading in ["What we collect", "Why", "Who sees it", "How long", "Your rights"]:
        assert heading in html
    assert "victims" in html


# Signing up and confirming


def test_sign_up_keeps_only_a_pending_application_until_the_link_is_used(client, directory):
    response = sign_up(client)

    assert response.status_code == 302
    assert response["Location"] == "/join/check-your-inbox/"
    application = SignatoryApplication.objects.get()
    assert application.status == ApplicationStatus.PENDING_VERIFICATION
    assert application.email == "robin@sampleton.example"
    assert application.password_hash.startswith("md5$")
    assert "lantern-orchard-91" not in application.password_hash
    assert not User.objects.exists()
    assert not SignatoryPage.objects.exists()
    [message] = mail.outbox
    assert message.to == ["robin@sampleton.example"]
    assert "City of Sampleton" in message.body
    assert message.alternatives[0][1] == "text/html"


def test_verification_link_makes_the_account_and_a_draft_page(client, directory):
    sign_up(client)
    link = verify_link(mail.outbox[0])

    assert client.get(link).status_code == 200  # a button, so mail scanners do not use it up
    assert not User.objects.exists()
    response = client.post(link)

    assert response.status_code == 302 and response["Location"] == "/account/"
    user = User.objects.get()
    assert user.email == "robin@sampleton.example"
    assert user.check_password("lantern-orchard-91")
    assert user.get_full_name() == "City of Sampleton"
    assert not user.has_perm("wagtailadmin.access_admin")
    page = SignatoryPage.objects.get()
    assert not page.live and page.owner == user
    assert page.get_parent().pk == directory.pk
    assert (page.title, page.kind, page.country.code, page.town) == (
        "City of Sampleton",
        "city",
        "BE",
        "Sampleton",
    )
    assert page.contact_email == "robin@sampleton.example"
    application = SignatoryApplication.objects.get()
    assert application.status == ApplicationStatus.PENDING_REVIEW
    assert application.page.pk == page.pk and application.password_hash == ""
    secretariat_mail = mail.outbox[-1]
    assert secretariat_mail.to == ["secretariat@example.org"]
    assert "City of Sampleton" in secretariat_mail.subject


def test_a_used_link_sends_to_login_and_changes_nothing(client, directory):
    sign_up(client)
    link = verify_link(mail.outbox[0])
    client.post(link)
    client.logout()

    response = client.post(link)

    assert response.status_code == 302 and response["Location"] == "/account/login/"
    assert User.objects.count() == 1 and SignatoryPage.objects.count() == 1


def test_an_expired_link_says_so(client, directory):
    sign_up(client)
    link = verify_link(mail.outbox[0])
    with override_settings(SIGNUP_VERIFICATION_MAX_AGE=-1):
        response = client.post(link)
    assert response.status_code == 400
    assert "This link has expired" in response.content.decode()
    assert not User.objects.exists()


def test_a_forged_or_truncated_link_is_refused(client, directory):
    sign_up(client)
    application = SignatoryApplication.objects.get()
    forged = signing.dumps({"a": application.pk, "e": application.email}, salt="other")
    good = make_verification_token(application)
    for token in [forged, good[:-3], "nonsense"]:
        response = client.post(f"/join/verify/{token}/")
        assert response.status_code == 400
        assert "This link does not work" in response.content.decode()
    assert not User.objects.exists()


def test_pending_signatory_sees_its_status_on_the_site_not_the_admin(client, directory):
    sign_up(client)
    client.post(verify_link(mail.outbox[0]))

    html = client.get("/account/").content.decode()
    assert "Waiting for the secretariat" in html
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_pending_signatory_corrects_its_details_and_the_draft_follows(client, directory):
    sign_up(client)
    client.post(verify_link(mail.outbox[0]))

    response = client.post(
        "/account/",
        {
            "organisation_name": "Sampleton Metropolitan Area",
            "kind": "region",
            "country": "NL",
            "town": "Sampleton region",
            "website": "",
            "contact_name": "Robin Example",
            "contact_role": "Mayor",
            "contact_phone": "+32 1 234",
        },
    )

    assert response.status_code == 302
    page = SignatoryPage.objects.get()
    latest = page.get_latest_revision_as_object()
    assert (latest.title, latest.kind, latest.country.code, latest.contact_role) == (
        "Sampleton Metropolitan Area",
        "region",
        "NL",
        "Mayor",
    )
    assert not page.live
    assert User.objects.get().display_name == "Sampleton Metropolitan Area"


def test_correcting_details_with_errors_keeps_what_was_typed(client, directory):
    sign_up(client)
    client.post(verify_link(mail.outbox[0]))
    response = client.post(
        "/account/",
        {"organisation_name": "Typed name kept", "kind": "ngo", "country": "", "town": ""},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert 'value="Typed name kept"' in html
    assert "Choose the country." in html
    assert "Choose a kind from the list" in html or "Select a valid choice" in html


# Duplicate e-mail


def without_csrf_tokens(html):
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]*"', b"", html)


def test_duplicate_email_answers_exactly_like_a_new_one_and_warns_the_owner(client, directory):
    UserFactory(email="robin@sampleton.example")

    new = client.post("/join/", join_data(email="someone.new@sampleton.example"))
    new_page = client.get(new["Location"])
    mail.outbox.clear()
    duplicate = client.post("/join/", join_data(email="ROBIN@sampleton.example"))
    duplicate_page = client.get(duplicate["Location"])

    assert (duplicate.status_code, duplicate["Location"]) == (new.status_code, new["Location"])
    # The two pages are the same byte for byte, but for the footer form's one-time CSRF token.
    assert without_csrf_tokens(duplicate_page.content) == without_csrf_tokens(new_page.content)
    assert set(duplicate.cookies) == set(new.cookies)
    assert SignatoryApplication.objects.filter(email="robin@sampleton.example").count() == 0
    [message] = mail.outbox
    assert message.to == ["robin@sampleton.example"]
    assert "already has an account" in message.body


def test_two_applications_for_one_address_the_first_confirmed_wins(client, directory):
    sign_up(client)
    sign_up(client, organisation_name="Second try")
    first, second = (verify_link(m) for m in mail.outbox[:2])
    client.post(first)
    client.logout()
    response = client.post(second)
    assert response["Location"] == "/account/login/"
    assert User.objects.count() == 1 and SignatoryPage.objects.count() == 1


# Bad input: every error next to its field, what was typed kept (passwords excepted)


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"organisation_name": ""}, "organisation_name", "Enter the organisation's name."),
        ({"kind": "ngo"}, "kind", "Select a valid choice"),
        ({"country": ""}, "country", "Choose the country."),
        ({"country": "XX"}, "country", "Choose a country from the list."),
        ({"town": ""}, "town", "Enter the town or region the authority serves."),
        ({"website": "not a url"}, "website", "Enter a web address"),
        ({"email": "robin-at-example"}, "email", "Enter an e-mail address such as"),
        ({"email": ""}, "email", "Enter the contact person"),
        ({"contact_name": ""}, "contact_name", "Enter the contact person's name."),
        ({"contact_role": ""}, "contact_role", "Enter the contact person's role."),
        ({"password": "", "password_again": ""}, "password", "Choose a password."),
        ({"password": "12345678", "password_again": "12345678"}, "password", "entirely numeric"),
        ({"password": "short", "password_again": "short"}, "password", "too short"),
        ({"password": "password", "password_again": "password"}, "password", "too common"),
        ({"password_again": "something-else-22"}, "password_again", "not the same"),
        ({"authorised_to_sign": None}, "authorised_to_sign", "Upload the signed commitment"),
        ({"accept_commitments": None}, "accept_commitments", "accept the Pact's commitments"),
        ({"accept_privacy": None}, "accept_privacy", "accept the privacy notice"),
    ],
)
def test_each_bad_input_is_explained_next_to_its_field(client, overrides, field, message):
    response = sign_up(client, **overrides)

    assert response.status_code == 400
    html = response.content.decode()
    error = re.search(rf'<p class="field__error" id="id_{field}_error">(.*?)</p>', html, re.S)
    assert error and message in unescape(error.group(1))
    assert re.search(rf'id="id_{field}"[^>]*aria-describedby="[^"]*id_{field}_error', html) or (
        re.search(rf'aria-describedby="[^"]*id_{field}_error[^"]*"[^>]*id="id_{field}"', html)
    )
    assert "There is a problem" in html
    assert not SignatoryApplication.objects.exists()
    assert mail.outbox == []


def test_what_was_typed_is_kept_but_never_the_password(client):
    response = sign_up(client, country="", contact_role="Mayor <b>of</b> Sampleton")
    html = response.content.decode()
    assert 'value="City of Sampleton"' in html
    assert 'value="Mayor &lt;b&gt;of&lt;/b&gt; Sampleton"' in html
    assert 'value="Robin@Sampleton.example"' in html
    assert 'value="lantern-orchard-91"' not in html
    assert "lantern-orchard-91" not in html


def test_the_form_says_files_must_be_chosen_again_after_an_error(client):
    response = client.post("/join/", {**join_data(country=""), "commitment": commitment_upload()})
    assert "choose your file(s) again" in response.content.decode()


def test_a_signed_commitment_pdf_is_stored_privately(client, directory, settings):
    response = client.post(
        "/join/", {**join_data(authorised_to_sign=None), "commitment": commitment_upload()}
    )
    assert response.status_code == 302
    application = SignatoryApplication.objects.get()
    assert application.commitment.path.startswith(settings.PRIVATE_MEDIA_ROOT)
    assert not application.commitment.path.startswith(settings.MEDIA_ROOT)
    assert application.commitment.read(5) == b"%PDF-"


@pytest.mark.parametrize(
    "content, message",
    [
        (b"GIF89a not a pdf at all", "must be a PDF file"),
        (b"%PDF-1.7\nthis is not really a pdf", "damaged or empty"),
        (b"", "is empty"),
    ],
)
def test_a_commitment_that_is_not_a_pdf_is_refused(client, content, message):
    response = client.post(
        "/join/",
        {**join_data(authorised_to_sign=None), "commitment": commitment_upload(content)},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not SignatoryApplication.objects.exists()


def test_a_commitment_over_10_mb_is_refused(client):
    big = pdf_bytes() + b"%" * (10 * 1024 * 1024)
    response = client.post(
        "/join/", {**join_data(authorised_to_sign=None), "commitment": commitment_upload(big)}
    )
    assert response.status_code == 400
    assert "the limit is 10.0" in response.content.decode()


@pytest.mark.parametrize("image_format", ["PNG", "JPEG", "WEBP"])
def test_logos_in_png_jpeg_and_webp_are_accepted(client, directory, image_format):
    response = client.post("/join/", {**join_data(), "logo": logo_upload(image_format)})
    assert response.status_code == 302
    application = SignatoryApplication.objects.get()
    assert application.logo_format == {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}[image_format]


@pytest.mark.parametrize(
    "content, name, message",
    [
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "logo.png",
            "SVG logos are not accepted",
        ),
        (b'<?xml version="1.0"?><svg></svg>', "logo.svg", "SVG logos are not accepted"),
        (b"%PDF-1.4 not an image", "logo.png", "must be a PNG, JPEG or WebP image"),
        (None, "logo.gif", "not GIF"),
    ],
)
def test_svg_and_other_files_are_refused_as_logo(client, content, name, message):
    if content is None:
        from tests.joining import image_bytes

        content = image_bytes("GIF")
    response = client.post(
        "/join/", {**join_data(), "logo": logo_upload(name=name, content=content)}
    )
    assert response.status_code == 400
    assert message in response.content.decode()


# Bots and rate limits


def test_the_honeypot_field_is_hidden_from_people_and_stops_bots(client, directory):
    html = client.get("/join/?profile=authority").content.decode()
    assert 'class="join-form__trap" aria-hidden="true"' in html
    response = sign_up(client, homepage="http://spam.example")
    assert response.status_code == 302 and response["Location"] == "/join/check-your-inbox/"
    assert not SignatoryApplication.objects.exists()
    assert mail.outbox == []


def test_sign_up_is_rate_limited_per_address_with_a_clear_429(client, directory, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "signup": ("100/h", "2/h")}
    assert sign_up(client).status_code == 302
    assert sign_up(client).status_code == 302
    response = sign_up(client, organisation_name="Third attempt")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many attempts" in html
    assert 'value="Third attempt"' in html
    assert SignatoryApplication.objects.count() == 1  # one waiting per address
    assert sign_up(client, email="other@sampleton.example").status_code == 302


def test_sign_up_is_rate_limited_per_client_address(client, directory, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "signup": ("2/h", "100/h")}
    sign_up(client, email="a@sampleton.example")
    sign_up(client, email="b@sampleton.example")
    assert sign_up(client, email="c@sampleton.example").status_code == 429
    other_ip = client.post("/join/", join_data(email="d@x.example"), REMOTE_ADDR="10.0.0.9")
    assert other_ip.status_code == 302


@pytest.mark.parametrize("login_url", ["/account/login/", "/admin/login/"])
def test_login_is_rate_limited_per_account_from_one_client(client, settings, login_url):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "login": ("100/h", "3/h", "100/h")}
    user = UserFactory(email="robin@sampleton.example")
    for _ in range(3):
        wrong = client.post(login_url, {"username": user.email, "password": "wrong"})
        assert wrong.status_code == 200
    blocked = client.post(
        login_url, {"username": "ROBIN@sampleton.example", "password": "correct horse battery"}
    )
    assert blocked.status_code == 429
    assert "Too many attempts" in blocked.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("reset_url", ["/account/password-reset/", "/admin/password_reset/"])
def test_password_reset_is_rate_limited(client, settings, reset_url):
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "password_reset": ("100/h", "2/h"),
    }
    UserFactory(email="robin@sampleton.example")
    for _ in range(2):
        client.post(reset_url, {"email": "robin@sampleton.example"})
    response = client.post(reset_url, {"email": "robin@sampleton.example"})
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert len(mail.outbox) == 2


# Login and password reset on the public site


def test_public_login_with_a_case_insensitive_email(client):
    UserFactory(email="robin@sampleton.example")
    response = client.post(
        "/account/login/",
        {"username": "Robin@SAMPLETON.example", "password": "correct horse battery"},
    )
    assert response.status_code == 302 and response["Location"] == "/account/"


def test_failed_login_explains_and_keeps_the_address(client):
    response = client.post(
        "/account/login/", {"username": "robin@sampleton.example", "password": "nope"}
    )
    html = response.content.decode()
    assert "do not match an account" in html
    assert 'value="robin@sampleton.example"' in html


def test_password_reset_by_email_works_for_signatories(client):
    application = SignatoryApplicationFactory(email="robin@sampleton.example")
    response = client.post("/account/password-reset/", {"email": "ROBIN@sampleton.example"})
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == ["robin@sampleton.example"]
    link = re.search(r"http://testserver(/account/password-reset/\S+/)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "violet-harbour-73", "new_password2": "violet-harbour-73"},
    )
    application.user.refresh_from_db()
    assert application.user.check_password("violet-harbour-73")


def test_password_reset_answers_the_same_for_unknown_addresses(client):
    response = client.post("/account/password-reset/", {"email": "nobody@nowhere.example"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_admin_password_reset_email_goes_through_the_task_with_an_admin_link(client):
    UserFactory(email="robin@sampleton.example")
    client.post("/admin/password_reset/", {"email": "robin@sampleton.example"})
    [message] = mail.outbox
    assert "http://testserver/admin/password_reset/confirm/" in message.body
    assert message.alternatives
