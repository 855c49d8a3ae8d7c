"""Who counts as a signatory in the admin, asked once per request."""

from accounts.approval import SIGNATORIES_GROUP


def is_signatory(user):
    """An approved signatory's account: in the "Signatories" group and not a superuser.

    Signatories get the narrow admin (accounts/middleware.py, accounts/wagtail_hooks.py); an
    account that also belongs to the Secretariat is treated as an editor.
    """
    if not user.is_authenticated or user.is_superuser:
        return False
    cached = getattr(user, "_pact_is_signatory", None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))
        from accounts.approval import SECRETARIAT_GROUP

        cached = SIGNATORIES_GROUP in names and SECRETARIAT_GROUP not in names
        user._pact_is_signatory = cached
    return cached
