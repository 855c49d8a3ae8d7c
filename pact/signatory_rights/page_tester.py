"""What a signatory may not do to its own page, whatever its group allows.

A signatory's group holds add + change (and publish when trusted) on its SignatoryPage. Wagtail
would then let it delete the page while it is unpublished and childless, copy it, and (when
trusted) unpublish it, set its privacy or move it. Those decisions belong to the secretariat.

This tester only takes rights away, never grants: listings, reports and the admin API ask the
permission policy, not the tester, so granting here would be inconsistent by construction.
SignatoryPage.permissions_for_user returns it; docs/permissions.md has the whole picture.
"""

from wagtail.models import PagePermissionTester


class SignatoryPagePermissionTester(PagePermissionTester):
    """Withholds delete, move, copy, unpublish and privacy on a signatory's page from anyone
    whose rights come from that page alone (its signatory), not from an ancestor (editors)."""

    def __init__(self, user, page):
        super().__init__(user, page)
        self.is_page_holder = False
        if user.is_active and not user.is_superuser:
            inherited = {
                perm.permission.codename.rsplit("_", maxsplit=1)[0]
                for perm in self.permission_policy.get_cached_permissions_for_user(user)
                if page.path.startswith(perm.page.path) and perm.page.path != page.path
            }
            self.is_page_holder = "change" not in inherited

    def can_delete(self, ignore_bulk=False):
        """Deleting the page would end the signatory's presence; the secretariat decides."""
        return not self.is_page_holder and super().can_delete(ignore_bulk=ignore_bulk)

    def can_move(self):
        """Where a signatory's page sits in the directory is the secretariat's choice."""
        return not self.is_page_holder and super().can_move()

    def can_copy(self):
        """A copy would be a second signatory page outside the approval."""
        return not self.is_page_holder and super().can_copy()

    def can_unpublish(self):
        """Taking a signature offline is the secretariat's decision."""
        return not self.is_page_holder and super().can_unpublish()

    def can_set_view_restrictions(self):
        """A private signatory page would vanish from the public directory."""
        return not self.is_page_holder and super().can_set_view_restrictions()

    def can_unschedule(self):
        """Scheduled publishing of the page is the secretariat's."""
        return not self.is_page_holder and super().can_unschedule()
