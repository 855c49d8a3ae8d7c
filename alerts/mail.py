"""What every alert message carries, handed to the platform's one e-mail path (core.email).

Every message has a text and an HTML body, a one-click unsubscribe link in both, and the
List-Unsubscribe / List-Unsubscribe-Post headers of RFC 2369 and RFC 8058. Messages are queued,
never sent inside a request or a digest run: the e-mail task sends them and tries again when
the mail server fails.
"""

from django.conf import settings
from django.urls import reverse
from wagtail.models import Site

from alerts.tokens import manage_token
from core.email import send_email


def site_base_url():
    """The public site's address (the default Wagtail site), for links in messages."""
    site = Site.objects.filter(is_default_site=True).first()
    return (site.root_url if site else settings.WAGTAILADMIN_BASE_URL).rstrip("/")


def subscription_links(subscription, base_url=None):
    """The subscriber's own manage and one-click unsubscribe addresses."""
    base_url = base_url or site_base_url()
    token = manage_token(subscription)
    return {
        "unsubscribe_url": base_url + reverse("alerts:unsubscribe", args=[token]),
        "manage_url": base_url + reverse("alerts:manage", args=[token]),
    }


def send_alert_message(subscription, template, context, base_url=None):
    """Queue the message `template` (e.g. "alerts/emails/confirm") for one subscriber, with its
    manage and unsubscribe links and the one-click unsubscribe headers.

    `context` holds JSON-friendly values only (see core.email). Inside a transaction, with the
    database task backend, the message is queued only if the transaction commits.
    """
    links = subscription_links(subscription, base_url)
    return send_email(
        template,
        subscription.email,
        {**context, **links},
        headers={
            "List-Unsubscribe": f"<{links['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
