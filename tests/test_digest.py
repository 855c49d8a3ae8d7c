"""send_digest: each new page reaches each confirmed subscriber once, across runs and crashes."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import DatabaseError
from django.utils import timezone
from django_tasks_db.backend import DatabaseBackend

from alerts import digest
from alerts.models import DigestDelivery, Subscription
from tests.factories import (
    InitiativePageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    SignatoryPageFactory,
)
from tests.task_queue import (
    DATABASE_TASKS,
    email_tasks,
    mail_server_refusing,
    run_queued_tasks,
)

LONG_AGO = timezone.now() - timedelta(days=30)


def subscriber(email, confirmed=True, **topics):
    return Subscription.objects.create(
        email=email, confirmed_at=LONG_AGO if confirmed else None, **topics
    )


@pytest.fixture
def news_index(home_page):
    return NewsIndexPageFactory(parent=home_page)


def add_news(news_index, title, **kwargs):
    return NewsPageFactory(parent=news_index, title=title, **kwargs)


def test_two_runs_send_each_item_once_per_subscriber(news_index):
    subscriber("a@example.org")
    subscriber("b@example.org")
    add_news(news_index, "First news")
    call_command("send_digest", "--frequency", "weekly")
    assert sorted(message.to[0] for message in mail.outbox) == ["a@example.org", "b@example.org"]
    assert all("First news" in message.body for message in mail.outbox)

    mail.outbox.clear()
    call_command("send_digest")
    assert mail.outbox == []  # nothing new: no message at all

    add_news(news_index, "Second news")
    call_command("send_digest")
    assert len(mail.outbox) == 2
    assert all("Second news" in m.body and "First news" not in m.body for m in mail.outbox)


def test_unconfirmed_and_unsubscribed_people_get_nothing(news_index, client):
    subscriber("pending@example.org", confirmed=False)
    gone = subscriber("gone@example.org")
    from alerts.tokens import manage_token

    client.post(f"/alerts/unsubscribe/{manage_token(gone)}/", {"List-Unsubscribe": "One-Click"})
    add_news(news_index, "News")
    call_command("send_digest")
    assert mail.outbox == []


def test_an_interrupted_run_then_a_rerun_sends_the_rest_without_duplicates(news_index):
    for n in range(4):
        subscriber(f"s{n}@example.org")
    add_news(news_index, "Big news")
    real_send = digest.send_alert_message
    calls = []

    def crash_on_the_third(*args, **kwargs):
        calls.append(args[0].email)
        if len(calls) == 3:
            raise ConnectionError("mail server went away")
        return real_send(*args, **kwargs)

    with mock.patch.object(digest, "send_alert_message", crash_on_the_third):
        with pytest.raises(ConnectionError):
            call_command("send_digest")
    assert [m.to[0] for m in mail.outbox] == ["s0@example.org", "s1@example.org"]
    # The failed message left its page unmarked.
    assert not DigestDelivery.objects.filter(subscription__email="s2@example.org").exists()

    call_command("send_digest")
    recipients = [m.to[0] for m in mail.outbox]
    assert sorted(recipients) == [f"s{n}@example.org" for n in range(4)]


def test_marks_and_message_are_queued_together_and_sent_by_the_worker(news_index, settings):
    settings.TASKS = DATABASE_TASKS
    subscriber("a@example.org")
    add_news(news_index, "Queued news")
    call_command("send_digest")
    assert mail.outbox == []  # the run only queues
    [queued] = email_tasks()
    assert DigestDelivery.objects.filter(subscription__email="a@example.org").count() == 1
    # The task holds plain data (titles, addresses), rendered by the worker.
    assert queued.args_kwargs["kwargs"]["context"]["sections"][0]["entries"][0]["title"] == (
        "Queued news"
    )

    run_queued_tasks()
    [message] = mail.outbox
    assert "Queued news" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    call_command("send_digest")
    assert len(email_tasks()) == 1  # a re-run after success queues nothing again


def test_a_failed_enqueue_marks_nothing_and_the_next_run_sends_the_page(news_index, settings):
    settings.TASKS = DATABASE_TASKS
    subscriber("a@example.org")
    add_news(news_index, "News")
    with mock.patch.object(
        DatabaseBackend, "enqueue", side_effect=DatabaseError("task table unavailable")
    ):
        with pytest.raises(DatabaseError):
            call_command("send_digest")
    assert not DigestDelivery.objects.exists()
    assert Subscription.objects.get().last_digest_at is None

    call_command("send_digest")
    run_queued_tasks()
    [message] = mail.outbox
    assert "News" in message.body
    assert DigestDelivery.objects.count() == 1


def test_a_digest_whose_first_send_fails_is_retried_by_the_task(news_index, settings, caplog):
    server = mail_server_refusing(settings, 1)
    subscriber("a@example.org")
    add_news(news_index, "News")
    call_command("send_digest")
    assert server.failures == 1
    [message] = mail.outbox
    assert "News" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert caplog.text.count("retrying") == 1

    call_command("send_digest")
    assert len(mail.outbox) == 1


def test_a_page_another_run_delivered_meanwhile_is_not_sent_again(news_index):
    subscription = subscriber("a@example.org")
    page = add_news(news_index, "News")
    found = digest.new_pages_for(subscription, timezone.now())
    # A second run commits its delivery between this run's query and its marking.
    DigestDelivery.objects.create(subscription=subscription, page=page, sent_at=timezone.now())
    with mock.patch.object(digest, "new_pages_for", return_value=found):
        call_command("send_digest")
    assert mail.outbox == []
    assert DigestDelivery.objects.count() == 1


def test_digest_follows_each_subscribers_topics(news_index, directory):
    subscriber("prevention@example.org", ps=["prevention"], initiatives=False, events=False)
    subscriber("italy@example.org", countries=["IT"], news=False, events=False)
    add_news(news_index, "Prevention news", ps=["Prevention"])
    add_news(news_index, "Protection news", ps=["Protection"])
    rome = SignatoryPageFactory(parent=directory, title="Roma", country="IT")
    paris = SignatoryPageFactory(parent=directory, title="Paris", country="FR")
    published = {"first_published_at": timezone.now()}
    InitiativePageFactory(parent=rome, title="Roman initiative", **published)
    InitiativePageFactory(parent=paris, title="Parisian initiative", **published)

    call_command("send_digest")
    [prevention] = [m for m in mail.outbox if m.to == ["prevention@example.org"]]
    assert "Prevention news" in prevention.body and "Protection news" not in prevention.body
    [italy] = [m for m in mail.outbox if m.to == ["italy@example.org"]]
    assert "Roman initiative" in italy.body and "Parisian" not in italy.body


def test_digest_holds_only_pages_published_since_confirmation_and_chosen_frequency(news_index):
    add_news(news_index, "Archive news", first_published_at=LONG_AGO - timedelta(days=1))
    subscriber("weekly@example.org")
    subscriber("daily@example.org", frequency="daily")
    add_news(news_index, "Fresh news")
    call_command("send_digest", "--frequency", "daily")
    [message] = mail.outbox
    assert message.to == ["daily@example.org"]
    assert "Fresh news" in message.body and "Archive news" not in message.body


def test_every_digest_has_text_html_and_one_click_unsubscribe(news_index):
    subscriber("a@example.org")
    add_news(news_index, "News <b>bold</b>")
    call_command("send_digest")
    [message] = mail.outbox
    html = message.alternatives[0][0]
    assert "/alerts/unsubscribe/" in message.body and "/alerts/unsubscribe/" in html
    assert "&lt;b&gt;" in html
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
