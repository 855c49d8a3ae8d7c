"""Wagtail's group, collection and user screens with one group and one collection per signatory.

Each approved signatory has its own group and collection (grants.py). Wagtail's generic screens
list every group and collection: at 20,000 signatories the collection index was 7 MB and the
group edit screen (a select of every collection in each of its collection permission rows)
took 20 s. Signatory groups and collections are managed from the secretariat's signatory
listing (accounts/wagtail_hooks.py), one signatory at a time, so the generic screens leave them
out:

- the group index lists the other groups; the collection index the other collections, and
  the collection add and edit screens offer them as parents;
- on the group edit screen, each collection select offers the other collections and those the
  edited group already holds a permission on (so a signatory's group still shows its own);
- on the user edit screen and in the users listing's filter, the group checkboxes offer the
  other groups and those the edited user belongs to;
- the collection selects of images and documents (upload and edit forms, the listings' filter,
  the choosers, "add to collection") offer the other collections to everyone but signatories,
  who only ever see their own. An image already in a signatory's collection keeps it (Wagtail
  adds the current collection to the edit form's choices).

Which images and documents a user may see or change is untouched: only the lists of choices
are narrowed. `apply()` runs once, at start-up (accounts/wagtail_hooks.py), like the other
adjustments of Wagtail's classes in narrow_admin.py.
"""

from django.contrib.auth.models import Group
from django.db.models import Q
from wagtail.admin.forms.collections import BaseGroupCollectionMemberPermissionFormSet
from wagtail.admin.views.collections import Create as CollectionCreateView
from wagtail.admin.views.collections import Edit as CollectionEditView
from wagtail.admin.views.collections import Index as CollectionIndexView
from wagtail.models import Collection, GroupCollectionPermission
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy
from wagtail.users.forms import UserForm
from wagtail.users.views.groups import IndexView as GroupIndexView
from wagtail.users.views.users import UserFilterSet

from pact.signatory_rights.grants import signatory_collection_q, signatory_group_q
from pact.signatory_rights.signatories import is_signatory


def other_collections(queryset=None):
    """`queryset` (every collection by default) less the signatories' own collections."""
    return (Collection.objects.all() if queryset is None else queryset).exclude(
        signatory_collection_q()
    )


def other_groups(queryset=None):
    """`queryset` (every group by default) less the signatories' own groups."""
    return (Group.objects.all() if queryset is None else queryset).exclude(signatory_group_q())


def _narrow_collection_index():
    wagtails = CollectionIndexView.get_queryset

    def get_queryset(self):
        return other_collections(wagtails(self))

    CollectionIndexView.get_queryset = get_queryset

    for view in (CollectionCreateView, CollectionEditView):
        wagtails_form = view.get_form

        def get_form(self, form_class=None, wagtails_form=wagtails_form):
            form = wagtails_form(self, form_class)
            if "parent" in form.fields:
                form.fields["parent"].queryset = other_collections(form.fields["parent"].queryset)
            return form

        view.get_form = get_form


def _narrow_group_index():
    wagtails = GroupIndexView.get_base_queryset

    def get_base_queryset(self):
        return other_groups(wagtails(self))

    GroupIndexView.get_base_queryset = get_base_queryset


def _narrow_group_collection_permissions():
    wagtails = BaseGroupCollectionMemberPermissionFormSet.add_fields

    def add_fields(self, form, index):
        wagtails(self, form, index)
        if "_pact_collections" not in self.__dict__:
            self._pact_collections = collections_for_group(self.instance)
        form.fields["collection"].queryset = self._pact_collections

    BaseGroupCollectionMemberPermissionFormSet.add_fields = add_fields


def collections_for_group(group):
    """The collections a group's edit screen offers: the other collections, and those the group
    holds a permission on."""
    if group.pk is None:
        return other_collections()
    own = GroupCollectionPermission.objects.filter(group_id=group.pk).values("collection_id")
    return Collection.objects.exclude(signatory_collection_q() & ~Q(pk__in=own))


def _narrow_user_groups():
    wagtails = UserForm.__init__

    def __init__(self, *args, **kwargs):  # noqa: N807 - it replaces UserForm.__init__
        wagtails(self, *args, **kwargs)
        if "groups" in self.fields:
            own = self.instance.groups.values("pk") if self.instance.pk else []
            self.fields["groups"].queryset = Group.objects.exclude(
                signatory_group_q() & ~Q(pk__in=own)
            )

    UserForm.__init__ = __init__

    wagtails_filters = UserFilterSet.__init__

    def filters_init(self, *args, **kwargs):
        wagtails_filters(self, *args, **kwargs)
        self.filters["group"].queryset = other_groups()

    UserFilterSet.__init__ = filters_init


def _narrow_media_collection_choices():
    # The policy of images and of documents (and of nothing else).
    wagtails = CollectionOwnershipPermissionPolicy.collections_user_has_any_permission_for

    def collections_user_has_any_permission_for(self, user, actions):
        collections = wagtails(self, user, actions)
        return collections if is_signatory(user) else other_collections(collections)

    CollectionOwnershipPermissionPolicy.collections_user_has_any_permission_for = (
        collections_user_has_any_permission_for
    )


def apply():
    """Narrow Wagtail's screens as the module's docstring says; once, at start-up."""
    if getattr(apply, "done", False):
        return
    _narrow_collection_index()
    _narrow_group_index()
    _narrow_group_collection_permissions()
    _narrow_user_groups()
    _narrow_media_collection_choices()
    apply.done = True
