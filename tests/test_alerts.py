"""E-mail alerts: subscribing with double opt-in, topics, unsubscribing, and the admin list."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from alerts.models import Subscription
from alerts.tokens import confirmation_token, manage_token
from tests.task_queue import DATABASE_TASKS, email_tasks, mail_server_refusing, run_queued_tasks

TOPICS = {"initiatives": "on", "news": "on", "frequency": "weekly", "ps": ["prevention"]}


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    cache.clear()


def subscribe(client, email="reader@example.org", **extra):
    return client.post("/alerts/subscribe/", {"email": email, **TOPICS, **extra})


def link_in(message, kind):
    return re.search(rf"https?://[^\s\"]+/alerts/{kind}/[^\s\"]+/", message.body).group(0)


def test_footer_box_posts_the_address_to_the_topics_page(client, home_page):
    page = client.get("/").content.decode()
    assert 'action="/alerts/subscribe/"' in page
    assert "Your e-mail</label>" in page
    response = client.post(
        "/alerts/subscribe/", {"email": "reader@example.org", "from_footer": "1"}
    )
    assert response.status_code == 200
    assert 'value="reader@example.org"' in response.content.decode()
    assert "The Ps you follow" in response.content.decode()
    assert not Subscription.objects.exists() and not mail.outbox


def test_subscribing_sends_only_a_confirmation_and_stores_an_unconfirmed_address(client, home_page):
    response = subscribe(client)
    assert response.status_code == 302 and response["Location"] == "/alerts/subscribe/sent/"
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at is None
    assert subscription.ps == ["prevention"] and subscription.news and not subscription.events
    [message] = mail.outbox
    assert message.to == ["reader@example.org"]
    assert "/alerts/confirm/" in message.body
    assert message.alternatives[0][1] == "text/html"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/alerts/unsubscribe/" in message.extra_headers["List-Unsubscribe"]


def test_confirmation_link_shows_a_button_and_only_the_post_confirms(client, home_page):
    subscribe(client)
    url = link_in(mail.outbox[0], "confirm")
    assert client.get(url).status_code == 200
    assert Subscription.objects.get().confirmed_at is None
    response = client.post(url)
    assert response.status_code == 302
    assert Subscription.objects.get().confirmed_at is not None


def test_double_opt_in_cannot_be_skipped_with_a_forged_or_manage_token(client, home_page):
    subscribe(client)
    subscription = Subscription.objects.get()
    forged = f"{subscription.pk}.{subscription.token_key}:forgedsignature"
    assert client.post(f"/alerts/confirm/{forged}/").status_code == 400
    # The manage/unsubscribe token is signed for another purpose: it confirms nothing.
    assert client.post(f"/alerts/confirm/{manage_token(subscription)}/").status_code == 400
    client.post(f"/alerts/manage/{manage_token(subscription)}/", TOPICS)
    assert Subscription.objects.get().confirmed_at is None


def test_an_expired_confirmation_link_says_so(client, home_page, monkeypatch):
    from alerts import tokens

    subscribe(client)
    token = confirmation_token(Subscription.objects.get())
    monkeypatch.setattr(tokens, "CONFIRMATION_MAX_AGE", timedelta(seconds=-1))
    response = client.post(f"/alerts/confirm/{token}/")
    assert response.status_code == 400
    assert "expired" in response.content.decode()
    assert Subscription.objects.get().confirmed_at is None


def test_resubscribing_answers_the_same_and_never_unconfirms(client, home_page):
    first = subscribe(client)
    client.post(link_in(mail.outbox[0], "confirm"))
    confirmed_at = Subscription.objects.get().confirmed_at
    again = subscribe(client, ps=["protection"])
    new = subscribe(client, email="someone.else@example.org")
    assert first["Location"] == again["Location"] == new["Location"]
    subscription = Subscription.objects.get(email="reader@example.org")
    assert subscription.confirmed_at == confirmed_at
    assert subscription.ps == ["prevention"]  # only the address's owner changes topics
    assert "already receive" in mail.outbox[1].subject


def test_errors_show_next_to_fields_and_keep_the_input(client, home_page):
    response = client.post(
        "/alerts/subscribe/", {"email": "not-an-address", "frequency": "weekly", "news": "on"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="not-an-address"' in page
    assert 'class="alerts-error"' in page
    response = client.post("/alerts/subscribe/", {"email": "a@example.org", "frequency": "weekly"})
    assert "Tick at least one" in response.content.decode()
    assert not Subscription.objects.exists()


def test_honeypot_submissions_look_successful_but_store_and_send_nothing(client, home_page):
    response = subscribe(client, website="http://spam.example")
    assert response.status_code == 302
    assert not Subscription.objects.exists() and not mail.outbox


def test_subscribing_is_rate_limited_per_client(client, home_page):
    for n in range(10):
        assert subscribe(client, email=f"r{n}@example.org").status_code == 302
    response = subscribe(client, email="one.too.many@example.org")
    assert response.status_code == 429
    assert "Too many" in response.content.decode()
    assert 'value="one.too.many@example.org"' in response.content.decode()


def subscribe_from(client, email, **meta):
    """Subscribe as a client whose request carries `meta` (its address, the proxy's header)."""
    return client.post("/alerts/subscribe/", {"email": email, **TOPICS}, **meta)


def test_the_limit_counts_clients_behind_one_proxy_apart(client, home_page, settings):
    settings.RATELIMIT_IP_META_KEY = "HTTP_X_REAL_IP"
    reader = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_REAL_IP": "203.0.113.7"}
    neighbour = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_REAL_IP": "198.51.100.4"}
    for n in range(10):
        assert subscribe_from(client, f"r{n}@example.org", **reader).status_code == 302
    blocked = subscribe_from(client, "late@example.org", **reader)
    assert blocked.status_code == 429
    assert 'value="late@example.org"' in blocked.content.decode()
    assert subscribe_from(client, "n@example.org", **neighbour).status_code == 302


def test_a_request_without_the_proxy_header_is_counted_by_its_own_address(
    client, home_page, settings
):
    settings.RATELIMIT_IP_META_KEY = "HTTP_X_REAL_IP"
    for n in range(10):
        assert subscribe_from(client, f"r{n}@example.org").status_code == 302
    assert subscribe_from(client, "late@example.org").status_code == 429
    assert subscribe_from(client, "o@example.org", REMOTE_ADDR="192.0.2.9").status_code == 302


def test_the_confirmation_is_queued_not_sent_inside_the_request(client, home_page, settings):
    settings.TASKS = DATABASE_TASKS
    response = subscribe(client)
    assert response.status_code == 302 and response["Location"] == "/alerts/subscribe/sent/"
    assert mail.outbox == []
    [task] = email_tasks()
    assert task.args_kwargs["kwargs"]["to"] == ["reader@example.org"]
    run_queued_tasks()
    [message] = mail.outbox
    assert message.subject == "Confirm your e-mail alerts from the Pact platform"
    assert "/alerts/confirm/" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/alerts/unsubscribe/" in message.extra_headers["List-Unsubscribe"]


@pytest.mark.parametrize("confirmed", [False, True])
def test_a_failing_mail_server_changes_no_answer_and_the_message_is_retried(
    client, home_page, settings, caplog, confirmed
):
    Subscription.objects.create(
        email="reader@example.org", confirmed_at=timezone.now() if confirmed else None
    )
    server = mail_server_refusing(settings, 1)
    response = subscribe(client)
    assert response.status_code == 302 and response["Location"] == "/alerts/subscribe/sent/"
    assert server.failures == 1
    assert caplog.text.count("retrying") == 1
    [message] = mail.outbox
    assert message.to == ["reader@example.org"]
    assert ("already receive" in message.subject) == confirmed
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_manage_page_shows_only_the_token_holders_address_and_saves_topics(client, home_page):
    subscribe(client, email="other@example.org")
    subscribe(client)
    subscription = Subscription.objects.get(email="reader@example.org")
    url = f"/alerts/manage/{manage_token(subscription)}/"
    page = client.get(url).content.decode()
    assert "reader@example.org" in page and "other@example.org" not in page
    client.post(url, {"events": "on", "frequency": "daily", "countries": ["FR"]})
    subscription.refresh_from_db()
    assert subscription.events and not subscription.news and subscription.countries == ["FR"]
    assert subscription.frequency == "daily"


def test_public_pages_never_echo_a_stored_address(client, home_page):
    subscribe(client, email="private.reader@example.org")
    for url in ("/", "/alerts/subscribe/", "/alerts/subscribe/sent/"):
        assert "private.reader@example.org" not in client.get(url).content.decode()
    response = subscribe(client, email="private.reader@example.org")
    assert "private.reader" not in client.get(response["Location"]).content.decode()


def test_unsubscribe_get_asks_and_post_deletes_the_address(client, home_page):
    subscribe(client)
    url = link_in(mail.outbox[0], "unsubscribe")
    assert "Unsubscribe" in client.get(url).content.decode()
    assert Subscription.objects.exists()
    assert client.post(url).status_code == 200
    assert not Subscription.objects.exists()


def test_one_click_unsubscribe_works_without_csrf_but_the_form_needs_it(home_page):
    csrf_client = Client(enforce_csrf_checks=True)
    subscribe(Client())
    subscription = Subscription.objects.get()
    url = f"/alerts/unsubscribe/{manage_token(subscription)}/"
    assert csrf_client.post(url).status_code == 403
    assert Subscription.objects.exists()
    response = csrf_client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not Subscription.objects.exists()


def test_subscribers_are_listed_and_exported_in_the_admin_for_the_secretariat_only(
    admin_client, client, home_page, secretariat_user
):
    from tests.factories import UserFactory

    subscribe(client)
    secretariat = client.__class__()
    secretariat.force_login(secretariat_user)
    listing = secretariat.get("/admin/alerts/subscription/")
    assert listing.status_code == 200 and "reader@example.org" in listing.content.decode()
    response = admin_client.get("/admin/alerts/subscription/")
    assert response.status_code == 200
    assert "reader@example.org" in response.content.decode()
    export = admin_client.get("/admin/alerts/subscription/?export=csv")
    assert export.status_code == 200
    assert b"reader@example.org" in b"".join(export.streaming_content)

    from django.contrib.auth.models import Permission

    signatory = UserFactory()
    signatory.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(signatory)
    response = client.get("/admin/alerts/subscription/")
    assert response.status_code in (302, 403)
    assert b"reader@example.org" not in response.content
