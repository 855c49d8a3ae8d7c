"""What the platform holds about one person, as plain JSON-ready data, and the deletion of a
signatory's account with everything attached to it.

The download is everything a signatory or subscriber gave us or that was recorded about it,
except secrets (the password hash, the authenticator key, recovery codes) and the uploaded files
themselves (listed; the secretariat sends copies on request).
"""

from django.db import transaction
from django.utils import timezone
from wagtail.actions.delete_page import DeletePageAction
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from accounts.models import SignatoryApplication
from accounts.two_factor import has_two_factor, recovery_codes_left, two_factor_required
from alerts.models import Subscription


def _when(value):
    return value.isoformat() if value else None


APPLICATION_FIELDS = (
    "profile",
    "kind",
    "organisation_name",
    "town",
    "website",
    "contact_name",
    "contact_role",
    "email",
    "contact_phone",
    "authorised_to_sign",
    "status",
    "trusted",
    "decline_reason",
)
APPLICATION_DATES = (
    "commitments_accepted_at",
    "privacy_accepted_at",
    "created_at",
    "verified_at",
    "reviewed_at",
)


def application_data(application):
    data = {field: getattr(application, field) for field in APPLICATION_FIELDS}
    data["country"] = application.country.code
    data.update({field: _when(getattr(application, field)) for field in APPLICATION_DATES})
    data["logo_sent"] = bool(application.logo)
    data["signed_commitment_sent"] = bool(application.commitment)
    return data


def subscription_data(subscription):
    """An alerts subscriber's address, choices, dates and the pages its digests delivered."""
    return {
        "email": subscription.email,
        "initiatives": subscription.initiatives,
        "news": subscription.news,
        "events": subscription.events,
        "ps": list(subscription.ps),
        "countries": list(subscription.countries),
        "frequency": subscription.frequency,
        "subscribed_at": _when(subscription.created_at),
        "confirmed_at": _when(subscription.confirmed_at),
        "last_digest_at": _when(subscription.last_digest_at),
        "pages_sent": [
            {"page": delivery.page.title, "sent_at": _when(delivery.sent_at)}
            for delivery in subscription.deliveries.select_related("page").order_by("sent_at")
        ],
    }


def _own_pages(application):
    if application is None or application.page_id is None:
        return []
    page = application.page
    return [
        {
            "title": child.title,
            "type": str(child.specific_class._meta.verbose_name)
            if child.specific_class
            else "page",
            "address": child.get_full_url() if child.live else None,
            "live": child.live,
            "has_unpublished_changes": child.has_unpublished_changes,
            "first_published_at": _when(child.first_published_at),
            "last_published_at": _when(child.last_published_at),
        }
        for child in page.get_descendants(inclusive=True).order_by("path")
    ]


def _uploads(model, user):
    return [
        {
            "title": item.title,
            "file": item.file.name.rsplit("/", 1)[-1],
            "collection": item.collection.name,
            "uploaded_at": _when(item.created_at),
        }
        for item in model.objects.filter(uploaded_by_user=user).select_related("collection")
    ]


def account_data(user):
    """Everything held about a logged-in user: account, sign-up, pages, uploads, alerts,
    two-step login and deletion requests."""
    application = SignatoryApplication.objects.filter(user=user).first()
    subscription = Subscription.objects.filter(email=user.email).first()
    return {
        "exported_at": _when(timezone.now()),
        "account": {
            "email": user.email,
            "display_name": user.display_name,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "joined_at": _when(user.date_joined),
            "last_login_at": _when(user.last_login),
            "active": user.is_active,
        },
        "two_step_login": {
            "on": has_two_factor(user),
            "recovery_codes_left": recovery_codes_left(user),
        },
        "sign_up": application_data(application) if application else None,
        "pages": _own_pages(application),
        "images": _uploads(get_image_model(), user),
        "documents": _uploads(get_document_model(), user),
        "email_alerts": subscription_data(subscription) if subscription else None,
        "deletion_requests": [
            {
                "status": request.status,
                "requested_at": _when(request.requested_at),
                "message": request.message,
            }
            for request in user.deletion_requests.order_by("requested_at")
        ],
    }


class CannotDelete(Exception):
    """The account is one the secretariat may not delete this way (an administrator's)."""


def erase_account(user, by):
    """Delete `user`'s account and everything attached to it: its signatory page and the pages
    under it, its group, its collection with the images and documents in it, its sign-up with
    the uploaded files, its alerts subscription and its two-step login devices. Returns counts.

    Files are removed once the transaction commits, so a failure deletes nothing."""
    if two_factor_required(user):
        raise CannotDelete(
            "This is an administrator's account: a superuser removes it in Settings > Users."
        )
    counts = {"pages": 0, "images": 0, "documents": 0, "uploads": 0, "subscriptions": 0}
    files = []
    with transaction.atomic():
        application = SignatoryApplication.objects.select_for_update().filter(user=user).first()
        if application is not None:
            if application.page_id:
                page = application.page
                counts["pages"] = page.get_descendants(inclusive=True).count()
                DeletePageAction(page, user=by).execute(skip_permission_checks=True)
            if application.collection_id:
                collection = application.collection
                for model, key in (
                    (get_image_model(), "images"),
                    (get_document_model(), "documents"),
                ):
                    for item in model.objects.filter(collection=collection):
                        item.delete()
                        counts[key] += 1
                if not collection.get_children().exists():
                    collection.delete()
            if application.group_id:
                application.group.delete()
            for upload in (application.logo, application.commitment):
                if upload:
                    files.append((upload.storage, upload.name))
                    counts["uploads"] += 1
            application.delete()
        subscriptions = Subscription.objects.filter(email=user.email)
        counts["subscriptions"] = subscriptions.count()
        subscriptions.delete()
        user.delete()

        def remove_files():
            for storage, name in files:
                storage.delete(name)

        transaction.on_commit(remove_files)
    return counts
