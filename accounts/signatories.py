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


def own_signatory_page(user):
    """The SignatoryPage of a signatory's account, or None."""
    from accounts.models import SignatoryApplication

    application = SignatoryApplication.objects.filter(user=user).select_related("page").first()
    return application.page if application else None


def pages_a_signatory_may_choose(user, pages):
    """Narrow `pages` to the signatory's own subtree and live pages without view restrictions:
    what it may link to. Drafts of others never appear, not even as a title."""
    from django.db.models import Q
    from wagtail.models import Page

    own = own_signatory_page(user)
    in_own_tree = Q(path__startswith=own.path) if own else Q(pk__in=[])
    public_live = Q(live=True)
    for path in Page.objects.filter(view_restrictions__isnull=False).values_list("path", flat=True):
        public_live &= ~Q(path__startswith=path)
    return pages.filter(in_own_tree | public_live)
