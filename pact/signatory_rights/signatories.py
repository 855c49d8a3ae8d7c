"""Who counts as a signatory in the admin, which page is its own, and what it may link to."""

from django.db.models import Q

from core.visibility import hidden_sections, visible_q
from pact.models import SignatoryPage
from pact.signatory_rights.grants import OWN_PAGE_PERMISSION, SECRETARIAT_GROUP, SIGNATORIES_GROUP


def is_signatory(user):
    """An approved signatory's account: in the "Signatories" group and not a superuser.

    Signatories get the narrow admin (narrow_admin.py, and the dashboard of
    accounts/wagtail_hooks.py); an account that also belongs to the Secretariat is treated as an
    editor. Asked several times per request, so the answer is kept on the user object.
    """
    if not user.is_authenticated or user.is_superuser:
        return False
    cached = getattr(user, "_pact_is_signatory", None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))
        cached = SIGNATORIES_GROUP in names and SECRETARIAT_GROUP not in names
        user._pact_is_signatory = cached
    return cached


def own_signatory_page(user):
    """The SignatoryPage one of the user's groups may change, or None.

    Read from the rights themselves rather than from the sign-up record: what the admin lets the
    user edit is, by definition, its own page. The secretariat's rights sit on the root page, not
    on a SignatoryPage, so an editor has none; so has an account not approved (yet).
    """
    if not user.is_authenticated:
        return None
    return (
        SignatoryPage.objects.filter(
            group_permissions__group__user=user,
            group_permissions__permission__codename=OWN_PAGE_PERMISSION,
        )
        .order_by("path")
        .first()
    )


def pages_a_signatory_may_choose(user, pages):
    """Narrow `pages` to the signatory's own subtree and the pages the public may see
    (core.visibility): what it may link to. Drafts of others, and the pages of a signatory not
    published, never appear, not even as a title."""
    own = own_signatory_page(user)
    in_own_tree = Q(path__startswith=own.path) if own else Q(pk__in=[])
    return pages.filter(in_own_tree | visible_q(hidden_sections()))
