"""Subscribing to e-mail alerts, confirming (double opt-in), choosing topics and unsubscribing.

No page ever tells whether an address is subscribed: subscribing answers the same for a new,
a pending and a confirmed address, and only the holder of a link mailed to an address sees it.
"""

from django.contrib import messages
from django.db import transaction
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from alerts import tokens
from alerts.forms import SubscribeForm, TopicsForm
from alerts.mail import send_alert_message
from alerts.models import Frequency, Subscription
from core.public_urls import absolute_url
from core.ratelimit import limit_reached

INITIAL_TOPICS = {"initiatives": True, "news": True, "events": True, "frequency": Frequency.WEEKLY}


@transaction.atomic
def _send_subscribe_message(form):
    """Queue the confirmation link for a new or pending address, or a reminder of the manage
    link for a confirmed one, whose topics are left as they are.

    One transaction: with the database task backend, the address is saved and its message
    queued together or not at all."""
    email = form.cleaned_data["email"].strip().lower()
    subscription = Subscription.objects.filter(email=email).first()
    if subscription is not None and subscription.is_confirmed:
        send_alert_message(subscription, "alerts/emails/already_subscribed", {})
        return
    if subscription is None:
        subscription = form.save(commit=False)
        subscription.email = email
    else:  # still pending: the latest choice of topics wins
        for field in TopicsForm.Meta.fields:
            setattr(subscription, field, form.cleaned_data[field])
    subscription.save()
    send_alert_message(
        subscription,
        "alerts/emails/confirm",
        {
            "confirm_url": absolute_url(
                reverse("alerts:confirm", args=[tokens.confirmation_token(subscription)])
            ),
            "valid_days": tokens.CONFIRMATION_MAX_AGE.days,
        },
    )


@csrf_exempt
@require_http_methods(["GET", "POST"])
def subscribe(request):
    """The subscription form. The footer's box posts only an e-mail (`from_footer`): this page
    then shows it filled in, with the topics to choose.

    The footer's box carries no CSRF token, so that the pages it ends are the same for everyone
    and may be shared by caches (pact/caching.py): its post changes nothing, it only fills in
    this form. Subscribing itself is checked like any form."""
    if request.method == "POST" and "from_footer" not in request.POST:
        rejected = CsrfViewMiddleware(lambda req: None).process_view(request, None, (), {})
        if rejected is not None:
            return rejected
    if request.method == "GET" or "from_footer" in request.POST:
        initial = {**INITIAL_TOPICS, "email": request.POST.get("email", "")[:254]}
        return render(request, "alerts/subscribe.html", {"form": SubscribeForm(initial=initial)})

    form = SubscribeForm(request.POST)
    if limit_reached(request, "alerts_subscribe"):
        form.is_valid()
        form.add_error(None, "Too many subscriptions from your connection: try again in an hour.")
        return render(request, "alerts/subscribe.html", {"form": form}, status=429)
    if not form.is_valid():
        return render(request, "alerts/subscribe.html", {"form": form}, status=400)
    if not form.is_bot:
        # Queued, not sent here: a mail server that is down delays the message, never the answer.
        _send_subscribe_message(form)
    return redirect("alerts:subscribe_sent")


def subscribe_sent(request):
    """Where every subscription ends, whatever the address: check your inbox."""
    return render(request, "alerts/subscribe_sent.html")


def _link_problem(request, title, message, status=400):
    return render(
        request,
        "alerts/link_problem.html",
        {"problem_title": title, "problem": message},
        status=status,
    )


BAD_LINK = (
    "This link is not valid",
    "The link may be incomplete (check it was not cut across two lines) or its subscription no "
    "longer exists. You can subscribe again at any time.",
)


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """The link in the confirmation e-mail: a button confirms (so that a mail scanner opening
    the link confirms nothing)."""
    try:
        subscription = tokens.subscription_from_confirmation(token)
    except tokens.ExpiredToken:
        return _link_problem(
            request,
            "This confirmation link has expired",
            f"Confirmation links work for {tokens.CONFIRMATION_MAX_AGE.days} days. Subscribe "
            "again and we will send you a new one.",
        )
    if subscription is None:
        return _link_problem(request, *BAD_LINK)
    if request.method == "POST":
        if not subscription.is_confirmed:
            subscription.confirmed_at = timezone.now()
            subscription.save(update_fields=["confirmed_at"])
        messages.success(request, "Your subscription is confirmed. Welcome!")
        return redirect("alerts:manage", token=tokens.manage_token(subscription))
    return render(request, "alerts/confirm.html", {"subscription": subscription})


@require_http_methods(["GET", "POST"])
def manage(request, token):
    """The subscriber's own topics, reached from the link in every message."""
    subscription = tokens.subscription_from_manage(token)
    if subscription is None:
        return _link_problem(request, *BAD_LINK, status=404)
    form = TopicsForm(request.POST or None, instance=subscription)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, "Your choices are saved.")
            return redirect("alerts:manage", token=token)
        status = 400
    else:
        status = 200
    context = {"form": form, "subscription": subscription, "token": token}
    return render(request, "alerts/manage.html", context, status=status)


def _is_one_click(request):
    """The RFC 8058 one-click POST a mail client sends from the List-Unsubscribe header."""
    return request.POST.get("List-Unsubscribe") == "One-Click"


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET asks for confirmation with a button; POST unsubscribes (deleting the address).

    Only the one-click POST of RFC 8058 (sent by mail clients, which hold no CSRF cookie) goes
    without the CSRF check; the button on the page is checked like any form.
    """
    if request.method == "POST" and not _is_one_click(request):
        rejected = CsrfViewMiddleware(lambda req: None).process_view(request, None, (), {})
        if rejected is not None:
            return rejected
    subscription = tokens.subscription_from_manage(token)
    if request.method == "POST":
        if subscription is not None:
            subscription.delete()
        return render(request, "alerts/unsubscribed.html")
    if subscription is None:
        # Already unsubscribed (or a broken link): either way nothing more will be sent.
        return render(request, "alerts/unsubscribed.html")
    return render(request, "alerts/unsubscribe.html", {"subscription": subscription})
