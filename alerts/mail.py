"""Sending alert messages: one small function, so the shared e-mail module can take it over.

Every message has a text and an HTML body, a one-click unsubscribe link in both, and the
List-Unsubscribe / List-Unsubscribe-Post headers of RFC 2369 and RFC 8058.
"""

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from alerts.tokens import manage_token
from core.public_urls import absolute_url


def subscription_links(subscription):
    """The subscriber's own links (choose topics, unsubscribe), absolute: they go out by mail."""
    token = manage_token(subscription)
    return {
        "unsubscribe_url": absolute_url(reverse("alerts:unsubscribe", args=[token])),
        "manage_url": absolute_url(reverse("alerts:manage", args=[token])),
    }


def send_alert_message(subscription, subject, template_name, context):
    """Send templates/alerts/email/<template_name>.txt and .html to one subscriber.

    Raises whatever the e-mail backend raises: callers decide what a failure means.
    """
    context = {
        **context,
        **subscription_links(subscription),
        "subscription": subscription,
    }
    text = render_to_string(f"alerts/email/{template_name}.txt", context)
    html = render_to_string(f"alerts/email/{template_name}.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[subscription.email],
        headers={
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(html, "text/html")
    message.send()
