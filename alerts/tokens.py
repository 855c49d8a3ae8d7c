"""The links in alert messages, signed with django.core.signing (no home-made crypto).

A confirmation link expires (TimestampSigner, CONFIRMATION_MAX_AGE); the unsubscribe/manage link
does not, but it signs the subscription's random token_key with its id, so it dies with the row.
"""

from datetime import timedelta

from django.core import signing

from alerts.models import Subscription

CONFIRMATION_MAX_AGE = timedelta(days=7)
_confirm_signer = signing.TimestampSigner(salt="alerts.confirm")
_manage_signer = signing.Signer(salt="alerts.manage")


def confirmation_token(subscription):
    return _confirm_signer.sign(f"{subscription.pk}.{subscription.token_key}")


def manage_token(subscription):
    return _manage_signer.sign(f"{subscription.pk}.{subscription.token_key}")


class ExpiredToken(Exception):
    """A genuine confirmation link, but older than CONFIRMATION_MAX_AGE."""


def _subscription_of(value):
    pk, _, key = value.partition(".")
    if not pk.isdigit():
        return None
    return Subscription.objects.filter(pk=int(pk), token_key=key).first()


def subscription_from_confirmation(token):
    """The subscription a confirmation link names, None for a bad or stale link, or
    ExpiredToken when the link is genuine but too old."""
    try:
        value = _confirm_signer.unsign(token, max_age=CONFIRMATION_MAX_AGE)
    except signing.SignatureExpired as error:
        raise ExpiredToken from error
    except signing.BadSignature:
        return None
    return _subscription_of(value)


def subscription_from_manage(token):
    """The subscription an unsubscribe/manage link names, or None."""
    try:
        return _subscription_of(_manage_signer.unsign(token))
    except signing.BadSignature:
        return None
