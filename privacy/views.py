"""Personal-data rights on the public site: a signatory's (or applicant's) data as a download
and its deletion request, and an alerts subscriber's data from the link in its messages.

The account pages need a login and, for accounts that use it, the second factor
(accounts/two_factor.py guards every /account/ page). The subscriber's page needs only its
manage link, like every other subscriber page; deleting a subscription is unsubscribing.
"""

import json

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import SignatoryApplication
from accounts.two_factor import two_factor_required
from alerts import tokens
from core.email import send_email
from core.public_urls import absolute_url
from privacy.data import account_data, subscription_data
from privacy.models import DeletionRequest, DeletionStatus


class DeletionRequestForm(forms.Form):
    message = forms.CharField(
        label="Anything the secretariat should know",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    confirm = forms.BooleanField(
        label="I understand that my account, my page and my initiatives will be deleted and "
        "cannot be brought back.",
        error_messages={"required": "Tick the box to confirm that you want your data deleted."},
    )


def _json_download(data, filename):
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False) + "\n",
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _pending_request(user):
    return DeletionRequest.objects.filter(user=user, status=DeletionStatus.PENDING).first()


def _may_ask_for_deletion(user):
    return not two_factor_required(user)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def my_data(request):
    """/account/my-data/: download what we hold, ask for deletion."""
    user = request.user
    form = DeletionRequestForm(request.POST or None)
    status = 200
    if request.method == "POST" and _may_ask_for_deletion(user):
        if form.is_valid():
            _ask_for_deletion(user, form.cleaned_data["message"])
            messages.success(
                request,
                "Your request is sent. The secretariat will delete your data and tell you by "
                "e-mail within one month.",
            )
            return redirect("privacy:my_data")
        status = 400
    return render(
        request,
        "privacy/my_data.html",
        {
            "form": form,
            "pending": _pending_request(user),
            "may_ask": _may_ask_for_deletion(user),
            "secretariat_email": settings.SECRETARIAT_EMAIL,
        },
        status=status,
    )


def _ask_for_deletion(user, message):
    """One pending request per account, whatever the number of clicks (a constraint holds it
    under concurrency too); the secretariat is told by e-mail once."""
    if _pending_request(user) is not None:
        return
    application = SignatoryApplication.objects.filter(user=user).first()
    try:
        with transaction.atomic():
            DeletionRequest.objects.create(
                user=user,
                email=user.email,
                organisation_name=application.organisation_name if application else "",
                message=message,
            )
            send_email(
                "privacy/emails/deletion_requested",
                settings.SECRETARIAT_EMAIL,
                {
                    "organisation_name": (
                        application.organisation_name if application else user.get_full_name()
                    ),
                    "review_url": absolute_url("/admin/privacy/deletionrequest/"),
                },
            )
    except IntegrityError:
        # A second request at the same moment: the first one stands.
        return


@never_cache
@login_required
@require_GET
def my_data_download(request):
    """/account/my-data/download/: everything held about the account, as JSON."""
    return _json_download(account_data(request.user), "my-data-pact-platform.json")


@never_cache
@require_GET
def subscriber_data_download(request, token):
    """/alerts/my-data/<token>/: an alerts subscriber's data, from its manage link."""
    subscription = tokens.subscription_from_manage(token)
    if subscription is None:
        return render(
            request,
            "alerts/link_problem.html",
            {
                "problem_title": "This link is not valid",
                "problem": "The link may be incomplete, or its subscription no longer exists: "
                "then we hold nothing about this address.",
            },
            status=404,
        )
    data = {"email_alerts": subscription_data(subscription)}
    return _json_download(data, "my-alerts-data-pact-platform.json")


def subscriber_data_url(subscription):
    return reverse("privacy:subscriber_data", args=[tokens.manage_token(subscription)])
