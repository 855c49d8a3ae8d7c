"""Issue 16, items 5 and 8: account integrity, done as the attacker did it, with the database and
the files checked afterwards.

5. A signatory changed its login at /admin/account/ to the address of an unconfirmed applicant,
   with no confirmation; the applicant's confirmation then failed and its application went.
   Now: the login changes only once the new address is confirmed (signed link, POST), and never
   to an address an account or an application holds (accounts/email_change.py).
8. Concurrent confirmations of one application ended in 500s; twenty identical sign-ups at once
   made up to twenty applications. Now: one application waiting per address (a constraint),
   handled without a 500, and confirmations idempotent. The thread tests need PostgreSQL (row
   locks, concurrent connections): run with DATABASE_URL=postgres://...
"""

import re
import threading
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.db import IntegrityError, close_old_connections, connection, transaction
from django.test import Client

from accounts.models import ApplicationStatus, SignatoryApplication, User
from pact.models import SignatoryPage
from tests import migrated_database
from tests.factories import TEST_PASSWORD, SignatoryApplicationFactory, make_signatory
from tests.joining import commitment_upload, join_data, make_directory

APPLICANT = "robin@sampleton.example"


def sign_up(client, **overrides):
    return client.post("/join/", join_data(**overrides))


def link_in(message, pattern):
    return re.search(rf"http://testserver({pattern}[^/\s]+/)", message.body).group(1)


def account_form(client, **values):
    """The POST data of /admin/account/ as the browser sends it (every panel), with `values`."""
    soup = BeautifulSoup(client.get("/admin/account/").content, "html.parser")
    form = soup.find("form", id="w-editor-form")
    data = {}
    for field in form.find_all(["input", "select", "textarea"]):
        name = field.get("name")
        if not name or field.get("type") in ("file", "submit"):
            continue
        if field.name == "select":
            chosen = field.find("option", selected=True) or field.find("option")
            data[name] = chosen.get("value", "") if chosen else ""
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data[name] = field.get("value", "on")
        else:
            data[name] = field.get("value", "") or field.text or ""
    data.update(values)
    return data


# Item 5: changing the login address


@pytest.fixture
def signatory_a(directory, superuser):
    application = make_signatory(directory, superuser, "Town A")
    application.user.first_name, application.user.last_name = "Alex", "Contact"
    application.user.save()
    return application


@pytest.fixture
def as_a(client, signatory_a):
    client.force_login(signatory_a.user)
    mail.outbox.clear()  # the approval's
    return client


@pytest.mark.django_db
def test_a_cannot_take_an_unconfirmed_applicants_address(as_a, signatory_a, directory):
    applicant = Client()
    assert sign_up(applicant, email=APPLICANT).status_code == 302
    [verify_mail] = mail.outbox
    mail.outbox.clear()

    # What the attacker did: Wagtail's e-mail field of /admin/account/ ...
    response = as_a.post("/admin/account/", account_form(as_a, **{"name_email-email": APPLICANT}))
    assert response.status_code == 302
    signatory_a.user.refresh_from_db()
    assert signatory_a.user.email != APPLICANT
    # ... and the panel that replaces it, with A's own password.
    response = as_a.post(
        "/admin/account/",
        account_form(
            as_a,
            **{
                "login_email-new_email": APPLICANT.upper(),
                "login_email-current_password": TEST_PASSWORD,
            },
        ),
    )
    assert response.status_code == 302
    signatory_a.user.refresh_from_db()
    assert signatory_a.user.email != APPLICANT
    # Nothing went to the applicant's mailbox (the answer is the same as for a free address).
    assert [m for m in mail.outbox if APPLICANT in m.to] == []

    # The applicant still confirms, and gets its account and page.
    verify = link_in(verify_mail, "/join/verify/")
    assert applicant.post(verify)["Location"] == "/account/"
    application = SignatoryApplication.objects.get(email=APPLICANT)
    assert application.status == ApplicationStatus.PENDING_REVIEW
    assert User.objects.get(email=APPLICANT) == application.user


@pytest.mark.django_db
def test_the_login_changes_only_once_the_new_address_is_confirmed(as_a, signatory_a):
    old = signatory_a.user.email
    response = as_a.post(
        "/admin/account/",
        account_form(
            as_a,
            **{
                "login_email-new_email": "New.Contact@Town-A.example",
                "login_email-current_password": TEST_PASSWORD,
            },
        ),
    )
    assert response.status_code == 302
    signatory_a.user.refresh_from_db()
    assert signatory_a.user.email == old  # not yet
    [message] = [m for m in mail.outbox if m.to == ["new.contact@town-a.example"]]
    link = link_in(message, "/account/email/confirm/")

    # A link checker's GET changes nothing.
    page = Client().get(link)
    assert page.status_code == 200 and "new.contact@town-a.example" in page.content.decode()
    signatory_a.user.refresh_from_db()
    assert signatory_a.user.email == old

    mail.outbox.clear()
    assert as_a.post(link).status_code == 302
    signatory_a.user.refresh_from_db()
    signatory_a.refresh_from_db()
    assert signatory_a.user.email == "new.contact@town-a.example"
    assert signatory_a.email == "new.contact@town-a.example"
    [notice] = mail.outbox
    assert notice.to == [old] and "no longer this address" in notice.body

    # The link works once; the new address logs in, the old one no more.
    again = as_a.post(link)
    assert again.status_code == 400 and "used already" in again.content.decode()
    fresh = Client()
    fresh.post("/account/login/", {"username": old, "password": TEST_PASSWORD})
    assert "_auth_user_id" not in fresh.session
    fresh.post(
        "/account/login/", {"username": "new.contact@town-a.example", "password": TEST_PASSWORD}
    )
    assert fresh.session["_auth_user_id"] == str(signatory_a.user.pk)


@pytest.mark.django_db
def test_an_address_taken_after_the_link_was_sent_is_refused_at_confirmation(as_a, signatory_a):
    old = signatory_a.user.email
    as_a.post(
        "/admin/account/",
        account_form(
            as_a,
            **{
                "login_email-new_email": APPLICANT,
                "login_email-current_password": TEST_PASSWORD,
            },
        ),
    )
    link = link_in(mail.outbox[-1], "/account/email/confirm/")
    sign_up(Client(), email=APPLICANT)  # an applicant signs up with it meanwhile

    response = as_a.post(link)
    assert response.status_code == 400
    assert "cannot become your login" in response.content.decode()
    signatory_a.user.refresh_from_db()
    assert signatory_a.user.email == old
    assert SignatoryApplication.objects.waiting_for(APPLICANT).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "values, field, message",
    [
        ({"login_email-current_password": "wrong"}, "current_password", "current password"),
        ({"login_email-new_email": "not-an-address"}, "new_email", "Enter an e-mail address"),
    ],
)
def test_a_change_needs_the_password_and_a_valid_address(as_a, signatory_a, values, field, message):
    data = {
        "login_email-new_email": "elsewhere@town-a.example",
        "login_email-current_password": TEST_PASSWORD,
        **values,
    }
    response = as_a.post("/admin/account/", account_form(as_a, **data))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert mail.outbox == []
    signatory_a.user.refresh_from_db()
    assert signatory_a.user.email != "elsewhere@town-a.example"


@pytest.mark.django_db
def test_a_forged_or_expired_link_changes_nothing(client, signatory_a, settings):
    from accounts import email_change

    old = signatory_a.user.email
    token = email_change.make_token(signatory_a.user, "x@town-a.example")
    assert client.post(f"/account/email/confirm/{token[:-3]}abc/").status_code == 400
    settings.SECRET_KEY = "another-key"
    assert client.post(f"/account/email/confirm/{token}/").status_code == 400
    signatory_a.user.refresh_from_db()
    assert signatory_a.user.email == old


@pytest.mark.django_db
def test_the_name_panel_keeps_working_without_its_email_field(as_a, signatory_a):
    old = signatory_a.user.email
    response = as_a.post(
        "/admin/account/",
        account_form(as_a, **{"name_email-first_name": "Sam", "name_email-email": "x@y.example"}),
    )
    assert response.status_code == 302
    signatory_a.user.refresh_from_db()
    assert (signatory_a.user.first_name, signatory_a.user.email) == ("Sam", old)


@pytest.mark.django_db
def test_the_account_page_says_which_address_is_the_login(as_a, signatory_a):
    body = as_a.get("/admin/account/").content.decode()
    assert f"You log in with <strong>{signatory_a.user.email}</strong>." in body


# Item 8: one application per address, idempotent confirmations


def private_files(settings, folder):
    root = Path(settings.PRIVATE_MEDIA_ROOT) / folder
    return sorted(root.iterdir()) if root.exists() else []


@pytest.mark.django_db
def test_the_database_holds_one_application_waiting_per_address(directory):
    SignatoryApplicationFactory(
        email=APPLICANT, status=ApplicationStatus.PENDING_VERIFICATION, user=None
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        SignatoryApplicationFactory(
            email=APPLICANT.upper(), status=ApplicationStatus.PENDING_VERIFICATION, user=None
        )


@pytest.mark.django_db
def test_signing_up_again_sends_the_same_link_and_makes_no_second_application(client, directory):
    sign_up(client)
    sign_up(
        client,
        organisation_name="Second try",
        password="other-pass-77",
        password_again="other-pass-77",
    )
    assert SignatoryApplication.objects.count() == 1
    first, second = mail.outbox
    assert (
        link_in(first, "/join/verify/").split("/")[3].split(":")[0]
        == (link_in(second, "/join/verify/").split("/")[3].split(":")[0])
    )
    assert "here is its link once more" in second.body


@pytest.mark.django_db
def test_a_twin_sign_up_losing_the_race_answers_the_same_and_leaves_no_file(
    client, directory, settings, monkeypatch
):
    sign_up(client)
    before = private_files(settings, "commitments")
    mail.outbox.clear()
    # The twin checked for a waiting application before the first one was saved:
    monkeypatch.setattr(
        SignatoryApplication.objects,
        "waiting_for",
        lambda address: SignatoryApplication.objects.none(),
    )
    data = join_data(organisation_name="Twin")
    data["commitment"] = commitment_upload()
    response = client.post("/join/", data)
    assert response.status_code == 302 and response["Location"] == "/join/check-your-inbox/"
    assert SignatoryApplication.objects.count() == 1
    assert SignatoryApplication.objects.get().organisation_name == "City of Sampleton"
    assert private_files(settings, "commitments") == before
    assert mail.outbox == []


postgresql_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql'",
    reason="threads need concurrent connections and row locks: run with DATABASE_URL=postgres://",
)


@pytest.fixture
def real_transactions(transactional_db, settings):
    """The migrated database, in real transactions (the threads' connections see each other's
    commits), put back afterwards for the tests that follow."""
    migrated_database.restore()
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "signup": ("1000/h", "1000/h")}
    yield
    migrated_database.restore()


def at_once(count, request):
    """Run `request(n)` in `count` threads released together; their answers, in order."""
    barrier = threading.Barrier(count)
    answers = [None] * count

    def run(n):
        try:
            barrier.wait()
            answers[n] = request(n)
        except Exception as error:  # a 500 in the test client raises; keep it as the answer
            answers[n] = error
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return answers


@postgresql_only
def test_twenty_identical_sign_ups_at_once_make_one_application(real_transactions, settings):
    from tests.conftest import make_home_page

    make_directory(make_home_page())
    before = private_files(settings, "commitments")

    def request(n):
        data = join_data()
        data["commitment"] = commitment_upload()
        return Client(raise_request_exception=True).post("/join/", data, REMOTE_ADDR=f"10.0.0.{n}")

    answers = at_once(20, request)
    assert [getattr(a, "status_code", a) for a in answers] == [302] * 20
    assert SignatoryApplication.objects.filter(email=APPLICANT).count() == 1
    assert len(private_files(settings, "commitments")) == len(before) + 1


@postgresql_only
def test_ten_confirmations_of_one_application_at_once(real_transactions):
    from tests.conftest import make_home_page

    make_directory(make_home_page())
    sign_up(Client())
    link = link_in(mail.outbox[0], "/join/verify/")
    answers = at_once(10, lambda n: Client(raise_request_exception=True).post(link))
    codes = [getattr(a, "status_code", a) for a in answers]
    assert codes == [302] * 10
    assert sorted(a["Location"] for a in answers).count("/account/") == 1
    assert User.objects.filter(email=APPLICANT).count() == 1
    assert SignatoryPage.objects.count() == 1
    assert SignatoryApplication.objects.get().status == ApplicationStatus.PENDING_REVIEW


@postgresql_only
def test_confirmations_of_different_applications_at_once_all_get_a_page(real_transactions):
    from tests.conftest import make_home_page

    make_directory(make_home_page())
    for n in range(8):
        sign_up(Client(), email=f"contact{n}@town.example", organisation_name=f"Town {n}")
    links = [link_in(m, "/join/verify/") for m in mail.outbox]
    answers = at_once(8, lambda n: Client(raise_request_exception=True).post(links[n]))
    assert [getattr(a, "status_code", a) for a in answers] == [302] * 8
    assert SignatoryPage.objects.count() == 8
    assert len(set(SignatoryPage.objects.values_list("path", flat=True))) == 8


@pytest.mark.django_db
def test_confirming_an_address_that_got_an_account_meanwhile_leaves_nothing(
    client, directory, settings, django_capture_on_commit_callbacks
):
    before = private_files(settings, "commitments")
    data = join_data()
    data["commitment"] = commitment_upload()
    client.post("/join/", data)
    assert len(private_files(settings, "commitments")) == len(before) + 1
    link = link_in(mail.outbox[0], "/join/verify/")
    User.objects.create_user(APPLICANT.upper(), TEST_PASSWORD)  # e.g. made by a superuser

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link)
    assert response.status_code == 302 and response["Location"] == "/account/login/"
    assert not SignatoryApplication.objects.exists()
    assert SignatoryPage.objects.count() == 0
    assert private_files(settings, "commitments") == before


@pytest.mark.django_db
def test_a_waiting_application_about_to_expire_is_replaced_by_a_new_sign_up(
    client, directory, settings
):
    from datetime import timedelta

    from django.utils import timezone

    sign_up(client)
    old = SignatoryApplication.objects.get()
    SignatoryApplication.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=2, hours=12)
    )
    mail.outbox.clear()
    sign_up(client, organisation_name="Second try")
    new = SignatoryApplication.objects.get()
    assert new.pk != old.pk and new.organisation_name == "Second try"
    [message] = mail.outbox
    assert "works for 3 days" in message.body and "once more" not in message.body
