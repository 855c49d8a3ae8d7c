"""The e-mail digest: each confirmed subscriber gets, once, the pages published for their topics.

Sending mail is not transactional, so "exactly once" rests on a claim, send, mark sequence over
DigestDelivery, whose (subscription, page) pair is unique:

1. Claim: in one committed transaction, create a "sending" row for every page about to be sent.
   A concurrent run trying to claim the same pages hits the unique constraint and skips that
   subscriber.
2. Send the one message.
3. Mark: on success the rows become "sent" (and last_digest_at moves on). If the send raises,
   the claims are deleted, so the next run sends those pages again.

A re-run after an interruption therefore sends what was not sent and nothing twice: "sent" rows
are never sent again; fresh "sending" rows belong to a run still going and are left alone. The one
window without a guarantee is a process killed after the mail server accepted a message but before
step 3 committed: its rows stay "sending", and once older than STALE_CLAIM they are sent again
(at-least-once in that window, rather than silently losing a digest).

Pages count as new from the subscriber's confirmation on: nobody gets the archive. Each run
looks back to LOOKBACK before the subscriber's previous run, so a page published while a run was
going is not missed; the unique delivery rows keep the overlap from sending anything twice.
"""

import logging
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from alerts.items import KIND_LABELS, Topics, attach_signatories, pages_for, plain_summary
from alerts.mail import send_alert_message
from alerts.models import DeliveryStatus, DigestDelivery, Frequency, Subscription

logger = logging.getLogger(__name__)

STALE_CLAIM = timedelta(minutes=30)
LOOKBACK = timedelta(days=1)
MAX_ITEMS_PER_KIND = 50


def new_pages_for(subscription, now):
    """{kind: [pages]} the subscriber has not been sent, published since they confirmed."""
    since = subscription.confirmed_at
    if subscription.last_digest_at:
        since = max(since, subscription.last_digest_at - LOOKBACK)
    settled = DigestDelivery.objects.filter(subscription=subscription).filter(
        Q(status=DeliveryStatus.SENT) | Q(claimed_at__gt=now - STALE_CLAIM)
    )
    found = {}
    for kind in subscription.kinds:
        topics = Topics(kind, tuple(subscription.ps), tuple(subscription.countries))
        countries = topics.countries if kind in ("initiatives", "events") else ()
        pages = (
            pages_for(Topics(kind, topics.ps, countries))
            .filter(first_published_at__gte=since, first_published_at__lte=now)
            .exclude(pk__in=settled.values("page_id"))
        )
        pages = list(pages[:MAX_ITEMS_PER_KIND])
        if kind == "initiatives":
            attach_signatories(pages)
        if pages:
            found[kind] = pages
    return found


def claim(subscription, pages, now):
    """Record the pages as being sent to this subscriber, or return False if another run has
    claimed any of them first."""
    try:
        with transaction.atomic():
            # Stale claims of a run that died are taken over.
            DigestDelivery.objects.filter(
                subscription=subscription,
                page__in=pages,
                status=DeliveryStatus.SENDING,
                claimed_at__lte=now - STALE_CLAIM,
            ).delete()
            DigestDelivery.objects.bulk_create(
                DigestDelivery(
                    subscription=subscription,
                    page=page,
                    status=DeliveryStatus.SENDING,
                    claimed_at=now,
                )
                for page in pages
            )
    except IntegrityError:
        return False
    return True


def send_digest_to(subscription, now):
    """Send one subscriber their digest; returns the number of pages sent (0 if nothing new)."""
    sections = new_pages_for(subscription, now)
    pages = [page for kind_pages in sections.values() for page in kind_pages]
    if not pages:
        Subscription.objects.filter(pk=subscription.pk).update(last_digest_at=now)
        return 0
    if not claim(subscription, pages, now):
        logger.info("Digest for subscription %s is being sent by another run.", subscription.pk)
        return 0
    try:
        for page in pages:
            page.digest_url = page.get_full_url()
            page.digest_summary = plain_summary(page)
        send_alert_message(
            subscription,
            f"What's new on the Pact platform ({len(pages)})",
            "digest",
            {
                "sections": [(KIND_LABELS[kind], items) for kind, items in sections.items()],
                "count": len(pages),
            },
        )
    except BaseException:
        DigestDelivery.objects.filter(
            subscription=subscription, page__in=pages, status=DeliveryStatus.SENDING
        ).delete()
        raise
    with transaction.atomic():
        DigestDelivery.objects.filter(
            subscription=subscription, page__in=pages, status=DeliveryStatus.SENDING
        ).update(status=DeliveryStatus.SENT, sent_at=timezone.now())
        Subscription.objects.filter(pk=subscription.pk).update(last_digest_at=now)
    return len(pages)


def send_digests(frequency=Frequency.WEEKLY, now=None):
    """Send every confirmed subscriber of that frequency their digest; returns
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
