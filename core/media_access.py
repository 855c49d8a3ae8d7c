"""Who may fetch an uploaded image or document: one rule for the API listings and every file URL.

An upload (an image, its renditions, a document) is *public* when a page the public may see
uses it (core/visibility.py is the rule for "the public may see"), or when a site setting the
secretariat edits uses it (the poster's artwork). "Uses" is read from the live content (the
page rows; drafts live in revisions): foreign keys (a logo, a hero image, an inline child's
document) from the rows themselves, chooser blocks and rich-text links from Wagtail's reference
index. Until then the file is private: only
the users who may manage or choose it in the admin (its collection's permissions: the signatory
who uploaded it, the secretariat) may fetch it, to see it in the admin and in previews.

So an upload stays out of `/api/v2/images/` and `/api/v2/documents/`, and its file URLs
(`/documents/<id>/<name>`, `/media/original_images/...`, `/media/images/...` renditions,
`/media/documents/...`) answer 404, until a live public page uses it; unpublishing the page
hides it again. Every file under MEDIA_URL goes through `serve_media`: the proxy must not serve
MEDIA_ROOT itself (README.md, "Deploying to production"); with MEDIA_ACCEL_REDIRECT set, the
view answers with an X-Accel-Redirect and the proxy sends the file. With object storage
(core/storage.py) the view streams the file from the private bucket, so the check above is the
only way to a file there too.

A CDN or shared cache in front of /media/ and /documents/ (docs/deploy.md, "Object storage")
keeps the public files PUBLIC_FILE_MAX_AGE, and never keeps a private file nor a 404: a 404
kept for an upload that a publish then makes public would hide it from the published page.

The reference index is updated by a background task after every save; publishing also updates
it at once (`index_published_page`), so a page's media are public as soon as it is.
"""

import functools
import mimetypes
import posixpath

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.db import models
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.http import FileResponse, Http404, HttpResponse
from django.urls import get_resolver
from django.views.decorators.http import require_safe
from modelcluster.fields import ParentalKey
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.documents import get_document_model
from wagtail.documents.views.serve import serve as wagtail_serve_document
from wagtail.images import get_image_model
from wagtail.models import Page, ReferenceIndex
from wagtail.permissions import policy_registry

from core.visibility import hidden_sections, publicly_visible

# What a user may do with an image or a document that lets it see the file in the admin.
MANAGING_ACTIONS = ["add", "change", "delete", "choose"]
# How long browsers and shared caches may keep a public file: short, so that unpublishing the
# page that used it takes it off the shared cache soon.
PUBLIC_FILE_MAX_AGE = 600


def _setting_fields(model):
    """(setting model, field name) of every foreign key from a site setting to `model`."""
    for candidate in apps.get_models():
        if issubclass(candidate, (BaseSiteSetting, BaseGenericSetting)):
            for field in candidate._meta.get_fields():
                if isinstance(field, models.ForeignKey) and field.related_model is model:
                    yield candidate, field.name


def _page_fields(model):
    """(model, field name, page lookup) of every foreign key to `model` from a page type (page
    lookup "pk") or from an inline child of a page (its ParentalKey's name)."""
    for candidate in apps.get_models():
        keys = [
            field
            for field in candidate._meta.get_fields()
            if isinstance(field, models.ForeignKey) and field.related_model is model
        ]
        if not keys:
            continue
        if issubclass(candidate, Page):
            lookups = ["pk"]
        else:
            lookups = [
                field.name
                for field in candidate._meta.get_fields()
                if isinstance(field, ParentalKey) and issubclass(field.related_model, Page)
            ]
        for key in keys:
            for lookup in lookups:
                yield candidate, key.name, lookup


def public_pks(model, hidden=None):
    """A subquery of the primary keys of the images or documents (`model`) the public may
    fetch: used by a page the public may see, or by a site setting.

    Foreign keys (a logo, a hero image, an inline child's document) are read from the live page
    rows themselves; chooser blocks and rich-text links from Wagtail's reference index.
    """
    hidden = hidden_sections() if hidden is None else hidden
    visible = publicly_visible(Page.objects.all(), hidden)
    used_by_pages = ReferenceIndex.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id__in=visible.annotate(id_text=Cast("pk", CharField())).values("id_text"),
        to_content_type=ContentType.objects.get_for_model(model),
    ).values("to_object_id")
    condition = Q(id_text__in=used_by_pages)
    visible_pks = visible.values("pk")
    for source, field, lookup in _page_fields(model):
        rows = source._base_manager.filter(**{f"{lookup}__in": visible_pks})
        condition |= Q(pk__in=rows.filter(**{f"{field}__isnull": False}).values(field))
    for setting_model, field in _setting_fields(model):
        used_by_setting = setting_model.objects.filter(**{f"{field}__isnull": False})
        condition |= Q(pk__in=used_by_setting.values(field))
    return model.objects.annotate(id_text=Cast("pk", CharField())).filter(condition).values("pk")


def publicly_used(queryset, hidden=None):
    """The images or documents of `queryset` the public may fetch (see the module's rule)."""
    return queryset.filter(pk__in=public_pks(queryset.model, hidden))


def is_publicly_used(obj):
    """Whether the public may fetch this one image or document."""
    return type(obj).objects.filter(pk=obj.pk, pk__in=public_pks(type(obj))).exists()


def may_manage(user, obj):
    """Whether `user` may see this image or document in the admin: a right on its collection
    (its own for a signatory, the root's for the secretariat), or it uploaded it."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    policy = policy_registry.get_by_type(type(obj))
    # One action at a time: the ownership policy's "any of" answers no to a mix of actions.
    return any(
        policy.user_has_permission_for_instance(user, action, obj) for action in MANAGING_ACTIONS
    )


def may_fetch(request, obj):
    """Whether this request may fetch the file of this image or document: it is public, or the
    user may manage it."""
    return is_publicly_used(obj) or may_manage(request.user, obj)


def _owner_of(name):
    """The object a stored file belongs to, by its storage name: (object, kind), or None."""
    Image = get_image_model()
    folder = name.split("/", 1)[0]
    if folder == "original_images":
        return Image.objects.filter(file=name).first()
    if folder == "images":
        rendition = (
            Image.get_rendition_model().objects.filter(file=name).select_related("image").first()
        )
        return rendition.image if rendition else None
    if folder == "documents":
        return get_document_model().objects.filter(file=name).first()
    return None


def _avatar_owner(name):
    from wagtail.users.models import UserProfile

    return UserProfile.objects.filter(avatar=name).first()


def _not_found_never_shared(view):
    """The site's 404 page for a file view's 404, marked `private, no-cache` so that no shared
    cache keeps it (the file may become public with the next publish)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Http404 as error:
            response = get_resolver().resolve_error_handler(404)(request, error)
        response["Cache-Control"] = "private, no-cache"
        return response

    return wrapped


def _file_response(name):
    accel = getattr(settings, "MEDIA_ACCEL_REDIRECT", "")
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    if accel:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = accel.rstrip("/") + "/" + name
        return response
    try:
        handle = default_storage.open(name, "rb")
    except (FileNotFoundError, IsADirectoryError) as error:
        raise Http404("No such file.") from error
    return FileResponse(handle, content_type=content_type)


@_not_found_never_shared
@require_safe
def serve_media(request, path):
    """Every file under MEDIA_URL: the public ones to everybody, the others only to the users
    who may manage them in the admin (404 to anyone else, as for a missing file)."""
    name = posixpath.normpath(path)
    if name != path or name.startswith(("/", ".")) or "\\" in name or "\x00" in name:
        raise Http404("No such file.")
    if name.startswith("avatar_images/"):
        # Admin users' pictures, shown in the admin only.
        if _avatar_owner(name) is None or not request.user.has_perm("wagtailadmin.access_admin"):
            raise Http404("No such file.")
        public = False
    else:
        owner = _owner_of(name)
        if owner is None:
            raise Http404("No such file.")
        public = is_publicly_used(owner)
        if not public and not may_manage(request.user, owner):
            raise Http404("No such file.")
    response = _file_response(name)
    response["Cache-Control"] = (
        f"public, max-age={PUBLIC_FILE_MAX_AGE}" if public else "private, no-cache"
    )
    # An upload is never a page: no script runs from it, whatever it holds.
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def refuse_private_document(document, request):
    """Wagtail's before_serve_document hook: /documents/<id>/<name> answers 404 for a document
    no live public page uses, unless the user may manage it."""
    public = is_publicly_used(document)
    if not public and not may_manage(request.user, document):
        raise Http404("No such document.")
    request.media_is_public = public


@_not_found_never_shared
def serve_document(request, document_id, document_filename):
    """Wagtail's document view (which asks `refuse_private_document`), with the caching headers
    of `serve_media`: a shared cache must never keep a document served to its owner only."""
    response = wagtail_serve_document(request, document_id, document_filename)
    if response.status_code == 200:
        public = getattr(request, "media_is_public", False)
        response["Cache-Control"] = (
            f"public, max-age={PUBLIC_FILE_MAX_AGE}" if public else "private, no-cache"
        )
        response["X-Content-Type-Options"] = "nosniff"
    return response


def index_published_page(sender, instance, **kwargs):
    """page_published: update the page's references at once (the save's background task may
    run later), so the media it uses are public as soon as it is."""
    ReferenceIndex.create_or_update_for_object(instance)
