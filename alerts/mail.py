"""What every alert message carries, handed to the platform's one e-mail path (core.email).

Every message has a text and an HTML body, a one-click unsubscribe link in both, and the
List-Unsubscribe / List-Unsubscribe-Post headers of RFC 2369 and RFC 8058. Messages are queued,
never sent inside a request or a digest run: the e-mail task sends them and tries again when
the mail server fails.
"""

from django.urls import reverse

from alerts.tokens import manage_token
from core.email import send_email
from core.public_urls import absolute_url


def subscription_links(subscription):
    """The subscriber's own links (choose topics, unsubscribe), absolute: they go out by mail."""
    token = manage_token(subscription)
    return {
        "unsubscribe_url": absolute_url(reverse("alerts:unsubscribe", args=[token])),
        "manage_url": absolute_url(reverse("alerts:manage", args=[token])),
    }


def send_alert_message(subscription, template, context):
    """Queue the message `template` (e.g. "alerts/emails/confirm") for one subscriber, with its
    manage and unsubscribe links and the one-click unsubscribe headers.

    `context` holds JSON-friendly values only (see core.email). Inside a transaction, with the
    database task backend, the message is queued only if the transaction commits.
    """
    links = subscription_links(subscription)
    return send_email(
        template,
        subscription.email,
        {**context, **links},
        headers={
            "List-Unsubscribe": f"<{links['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
