"""Which images and documents a user may put on a page: checked on the server, for every field.

Wagtail's choosers only *show* a user the images and documents of the collections it may choose
from; the edit form accepts any id it is sent. So a signatory could post its page (or a preview
of it) with another signatory's image as its logo, or a document block pointing at another's
document, and have it shown, then published after review.

`MediaCheckedPageForm`, the base form of every page type (core.visibility.SitePage), refuses
that on save and on preview alike (both validate this form): every image and document the
submitted page refers to, through a foreign key (a logo), a chooser block at any depth of a
StreamField, a document link in rich text, or an inline child (a toolkit document), must be one
the user may choose (Wagtail's collection permission "choose", or "add"/"change" of its own
uploads), or one the page already uses in the revision being edited (the secretariat may have
put it there). The refusal names the item and is shown on the field; what was typed stays.
"""

from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.blocks import StreamValue
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.permissions import policy_registry
from wagtail.rich_text import RichText, extract_references_from_rich_text

# The actions that let a user put an image or a document on a page.
CHOOSING_ACTIONS = ["choose", "add", "change"]


def media_models():
    return (get_image_model(), get_document_model())


def references_in(value):
    """(model, primary key as text) of every image or document a form value refers to."""
    models = media_models()
    if isinstance(value, models):
        yield type(value), str(value.pk)
    elif isinstance(value, StreamValue):
        for model, pk, _path, _content_path in value.stream_block.extract_references(value):
            if issubclass(model, models):
                yield model, str(pk)
    elif isinstance(value, (str, RichText)):
        source = value.source if isinstance(value, RichText) else value
        if "linktype=" in source or "embedtype=" in source:
            for model, pk, _path, _content_path in extract_references_from_rich_text(source):
                if issubclass(model, models):
                    yield model, str(pk)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from references_in(item)


def _form_references(form, use_initial):
    """{(model, pk): field name} of the media a form (and its inline formsets) refers to: its
    submitted values, or (use_initial) those of the object being edited."""
    found = {}
    for name in form.fields:
        if use_initial:
            value = getattr(form.instance, name, None)
        else:
            value = form.cleaned_data.get(name)
        for reference in references_in(value):
            found.setdefault(reference, name)
    for formset in getattr(form, "formsets", {}).values():
        for child in formset.forms:
            if not use_initial and not hasattr(child, "cleaned_data"):
                continue
            if not use_initial and child.cleaned_data.get("DELETE"):
                continue
            if use_initial and child.instance.pk is None:
                continue
            for reference in _form_references(child, use_initial):
                found.setdefault(reference, None)
    return found


def choosable_pks(user, model, pks):
    """The primary keys (as text) among `pks` of the images or documents `user` may choose."""
    policy = policy_registry.get_by_type(model)
    allowed = set()
    for action in CHOOSING_ACTIONS:  # one at a time: see core.media_access.may_manage
        instances = policy.instances_user_has_permission_for(user, action).filter(pk__in=pks)
        allowed |= {str(pk) for pk in instances.values_list("pk", flat=True)}
    return allowed


def refused_media(user, chosen, already_there):
    """The references of `chosen` the user may not use: neither choosable nor already there."""
    refused = []
    for model in media_models():
        pks = {pk for (kind, pk) in chosen if kind is model and (kind, pk) not in already_there}
        if not pks:
            continue
        numeric = [int(pk) for pk in pks if pk.isdigit()]
        allowed = choosable_pks(user, model, numeric) if user is not None else set()
        refused += [(model, pk) for pk in sorted(pks) if pk not in allowed]
    return refused


class MediaCheckedPageForm(WagtailAdminPageForm):
    """The edit form of every page: refuses images and documents the user may not choose."""

    def clean(self):
        cleaned_data = super().clean()
        chosen = _form_references(self, use_initial=False)
        if not chosen:
            return cleaned_data
        already_there = _form_references(self, use_initial=True) if self.instance.pk else {}
        for model, pk in refused_media(self.for_user, chosen, already_there):
            item = model.objects.filter(pk=pk).first() if pk.isdigit() else None
            noun = model._meta.verbose_name
            described = f"{noun} “{item.title}”" if item else f"{noun} number {pk}"
            message = (
                f"The {described} is not one you may use: choose one of your own "
                f"{model._meta.verbose_name_plural} or upload it again."
            )
            field = chosen[(model, pk)]
            if field is not None and field in self.fields:
                self.add_error(field, ValidationError(message, code="media_not_allowed"))
            else:
                self.add_error(None, ValidationError(message, code="media_not_allowed"))
        return cleaned_data


# The choosers' "chosen" answers: the title, and for a document its address, of any id asked.
# Wagtail narrows the chooser's listing to the collections the user may choose from, but not
# these views; `chosen_media` answers 404 for an id outside them, then hands over to Wagtail.


def _chooser_viewset(kind):
    if kind == "images":
        from wagtail.images.views.chooser import viewset
    else:
        from wagtail.documents.views.chooser import viewset
    return viewset


def chosen_media(request, kind, pk=None, image_id=None):
    """/admin/images|documents/chooser/chosen/<pk>/, chosen-multiple/?id=... and an image's
    select_format/: only for images and documents the user may choose."""
    from django.http import Http404

    viewset = _chooser_viewset(kind)
    wanted = [pk or image_id] if (pk or image_id) else request.GET.getlist("id")
    numeric = [int(value) for value in wanted if str(value).isdigit()]
    if len(numeric) != len(wanted):
        raise Http404("No such item.")
    model = get_image_model() if kind == "images" else get_document_model()
    if choosable_pks(request.user, model, numeric) != {str(value) for value in numeric}:
        raise Http404("No such item.")
    if pk is not None:
        return viewset.chosen_view(request, pk=pk)
    if image_id is not None:
        return viewset.select_format_view(request, image_id=image_id)
    return viewset.chosen_multiple_view(request)
