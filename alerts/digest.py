"""The e-mail digest: each confirmed subscriber gets, once, the pages published for their topics.

"Once" rests on DigestDelivery, whose (subscription, page) pair is unique, and on one
transaction per subscriber that both records the pages as delivered and queues the message
(the e-mail task of core.email). With the database task backend of production, the queued
message is a row of the same database, so it commits with the delivery rows or not at all:

- a run that fails or is killed before the commit leaves nothing behind, neither a delivery nor
  a message: the next run sends those pages;
- a committed page is never picked again, so a re-run sends nothing twice;
- two runs at once cannot both deliver a page: the second run's insert meets the unique pair
  (on PostgreSQL it waits for the first run to commit) and leaves that subscriber to the first.

Sending is then the e-mail task's job, which tries again with a growing delay while the mail
server fails. That is the one remaining window: a message whose every attempt fails
(EMAIL_MAX_ATTEMPTS, logged as an error), or whose worker is killed mid-send, is not sent again,
and its pages stay delivered. After the commit the digest is at most once, never twice.
(The immediate task backend of development and the tests sends inside the transaction instead,
so there a crash between the send and the commit would send those pages again.)

Pages count as new from the subscriber's confirmation on: nobody gets the archive. Each run
looks back to LOOKBACK before the subscriber's previous run, so a page published while a run was
going is not missed; the unique delivery rows keep the overlap from sending anything twice.
"""

import logging
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from alerts.items import KIND_LABELS, Topics, pages_for, plain_summary
from alerts.mail import send_alert_message
from alerts.models import DigestDelivery, Frequency, Subscription
from pact.models import attach_signatories

logger = logging.getLogger(__name__)

LOOKBACK = timedelta(days=1)
MAX_ITEMS_PER_KIND = 50


def new_pages_for(subscription, now):
    """{kind: [pages]} the subscriber has not been sent, published since they confirmed."""
    since = subscription.confirmed_at
    if subscription.last_digest_at:
        since = max(since, subscription.last_digest_at - LOOKBACK)
    delivered = DigestDelivery.objects.filter(subscription=subscription).values("page_id")
    found = {}
    for kind in subscription.kinds:
        topics = Topics(kind, tuple(subscription.ps), tuple(subscription.countries))
        countries = topics.countries if kind in ("initiatives", "events") else ()
        pages = (
            pages_for(Topics(kind, topics.ps, countries))
            .filter(first_published_at__gte=since, first_published_at__lte=now)
            .exclude(pk__in=delivered)
        )
        pages = list(pages[:MAX_ITEMS_PER_KIND])
        if kind == "initiatives":
            attach_signatories(pages)
        if pages:
            found[kind] = pages
    return found


def digest_entry(page):
    """One page of the digest as plain data: its title, address and summary."""
    return {"title": page.title, "url": page.get_full_url(), "summary": plain_summary(page)}


def digest_context(sections):
    """The message's content as plain data, which the e-mail task can store and render later."""
    return {
        "sections": [
            {"label": KIND_LABELS[kind], "entries": [digest_entry(page) for page in pages]}
            for kind, pages in sections.items()
        ],
        "count": sum(len(pages) for pages in sections.values()),
    }


def mark_delivered(subscription, pages, now):
    """Record the pages as delivered to this subscriber, or return False if another run has
    delivered any of them first (a savepoint, so the caller's transaction goes on)."""
    try:
        with transaction.atomic():
            DigestDelivery.objects.bulk_create(
                DigestDelivery(subscription=subscription, page=page, sent_at=now) for page in pages
            )
    except IntegrityError:
        return False
    return True


def send_digest_to(subscription, now):
    """Queue one subscriber's digest; returns the number of pages in it (0 if nothing new).

    Marking the pages and queueing the message happen in one transaction (see the module's
    docstring); an error in either undoes both and reaches the caller.
    """
    sections = new_pages_for(subscription, now)
    if not sections:
        Subscription.objects.filter(pk=subscription.pk).update(last_digest_at=now)
        return 0
    context = digest_context(sections)
    pages = [page for kind_pages in sections.values() for page in kind_pages]
    with transaction.atomic():
        if not mark_delivered(subscription, pages, now):
            logger.info("Digest for subscription %s was queued by another run.", subscription.pk)
            return 0
        Subscription.objects.filter(pk=subscription.pk).update(last_digest_at=now)
        send_alert_message(subscription, "alerts/emails/digest", context)
    return len(pages)


def send_digests(frequency=Frequency.WEEKLY, now=None):
    """Queue every confirmed subscriber of that frequency their digest; returns
    (subscribers written to, pages sent)."""
    now = now or timezone.now()
    written = sent = 0
    subscriptions = Subscription.objects.filter(
        confirmed_at__isnull=False, frequency=frequency
    ).order_by("pk")
    for subscription in subscriptions.iterator():
        count = send_digest_to(subscription, now)
        if count:
            written += 1
            sent += count
    return written, sent
