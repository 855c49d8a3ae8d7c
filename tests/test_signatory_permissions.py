"""The permission matrix: what signatory A may do in the admin, against its own pages, another
signatory's (B) and the campaign's. Wagtail answers many refusals with a redirect and a message,
so each case also checks that nothing changed and that no answer shows anything of B's or of
the campaign's drafts."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, WorkflowState

from accounts.models import SignatoryApplication
from pact.models import InitiativePage
from tests.built_once import built_once
from tests.conftest import make_home_page, make_superuser
from tests.factories import InitiativePageFactory, UserFactory, make_signatory
from tests.joining import image_bytes, initiative_form, make_directory, signatory_page_form

pytestmark = pytest.mark.django_db

B_SECRETS = [
    "B secret initiative draft",
    "contact-b@",
    "B secret image",
    "B secret document",
    "Campaign secret draft",
    "Campaign secret image",
]


def _build_world():
    """A and B, approved, each with a live initiative and a draft; a campaign draft; media.
    Returns the primary keys: `world` fetches fresh objects for every test."""
    home_page = make_home_page()
    superuser = make_superuser()
    directory = make_directory(home_page)
    a = make_signatory(directory, superuser, "Town A")
    b = make_signatory(directory, superuser, "Town B")
    b.page.contact_email = "contact-b@town-b.example"
    b.page.save_revision().publish()
    pages = {"a": a.page, "b": b.page, "directory": directory, "home": home_page}
    pages["root"] = Page.get_first_root_node()
    for key, owner in [("a", a), ("b", b)]:
        live = InitiativePageFactory(parent=owner.page, title=f"Initiative of town {key}")
        live.save_revision(user=owner.user).publish()
        pages[f"{key}_child"] = live
        draft = InitiativePageFactory(
            parent=owner.page,
            title="B secret initiative draft" if key == "b" else "A own draft",
            live=False,
            owner=owner.user,
        )
        draft.save_revision(user=owner.user)
        pages[f"{key}_draft"] = draft
    campaign = Page(title="Campaign secret draft", slug="campaign-draft", live=False)
    home_page.add_child(instance=campaign)
    campaign.save_revision()
    pages["campaign"] = campaign
    Image, Document = get_image_model(), get_document_model()
    media = {}
    for key, collection, title in [
        ("b_image", b.collection, "B secret image"),
        ("campaign_image", None, "Campaign secret image"),
        ("a_image", a.collection, "A own image"),
    ]:
        image = Image(title=title, **({"collection": collection} if collection else {}))
        uploader = {"b_image": b, "a_image": a}.get(key)
        image.uploaded_by_user = uploader.user if uploader else None
        image.file.save("i.png", ImageFile(io.BytesIO(image_bytes()), name="i.png"), save=False)
        image.save()
        media[key] = image
    document = Document(title="B secret document", collection=b.collection)
    document.file.save("d.txt", ContentFile(b"text"), save=False)
    document.save()
    media["b_document"] = document
    return {
        "a": a.pk,
        "b": b.pk,
        "superuser": superuser.pk,
        "pages": {key: page.pk for key, page in pages.items()},
        "media": {key: item.pk for key, item in media.items()},
    }


@pytest.fixture(scope="module")
def _world_keys(django_db_setup, django_db_blocker):
    """The world, built once for the module's three hundred tests (tests/built_once.py)."""
    with built_once(django_db_blocker):
        yield _build_world()


@pytest.fixture
def world(_world_keys, db):
    """The world's objects, fetched afresh for each test."""
    applications = SignatoryApplication.objects.select_related("user", "collection", "page")
    media = {
        key: (get_document_model() if key == "b_document" else get_image_model()).objects.get(pk=pk)
        for key, pk in _world_keys["media"].items()
    }
    return {
        "a": applications.get(pk=_world_keys["a"]),
        "b": applications.get(pk=_world_keys["b"]),
        "superuser": get_user_model().objects.get(pk=_world_keys["superuser"]),
        "pages": {
            key: Page.objects.get(pk=pk).specific for key, pk in _world_keys["pages"].items()
        },
        "media": media,
    }


@pytest.fixture
def home_page(world):
    return world["pages"]["home"]


@pytest.fixture
def directory(world):
    return world["pages"]["directory"]


@pytest.fixture
def superuser(world):
    return world["superuser"]


@pytest.fixture
def as_a(client, world):
    client.force_login(world["a"].user)
    return client


def snapshot():
    """Everything a refused action could change."""
    pages = tuple(
        Page.objects.order_by("pk").values_list(
            "pk",
            "path",
            "live",
            "title",
            "slug",
            "locked",
            "latest_revision_id",
            "has_unpublished_changes",
            "owner_id",
        )
    )
    return (
        pages,
        PageViewRestriction.objects.count(),
        WorkflowState.objects.count(),
        get_image_model().objects.count(),
        get_document_model().objects.count(),
    )


def assert_refused(response):
    assert response.status_code in (302, 400, 403, 404, 405), response.status_code
    if response.status_code == 302:
        assert response["Location"].startswith(("/admin/", "/account/login/"))


def assert_nothing_of_b(response):
    if response.get("Content-Type", "").startswith(("text/", "application/json")) and hasattr(
        response, "content"
    ):
        body = response.content.decode(errors="replace")
        for secret in B_SECRETS:
            assert secret not in body, secret


OTHERS = ["b", "b_child", "b_draft", "campaign", "directory", "home", "root"]

# (action, method, url, whose pages A may act on)
PAGE_ACTIONS = [
    ("explore", "get", "/admin/pages/{id}/", {"a", "a_child", "a_draft"}),
    ("edit", "get", "/admin/pages/{id}/edit/", {"a", "a_child", "a_draft"}),
    ("preview", "get", "/admin/pages/{id}/edit/preview/", {"a", "a_child", "a_draft"}),
    ("view draft", "get", "/admin/pages/{id}/view_draft/", {"a", "a_child", "a_draft"}),
    ("delete", "get", "/admin/pages/{id}/delete/", {"a_draft"}),
    ("unpublish", "get", "/admin/pages/{id}/unpublish/", set()),
    ("move", "get", "/admin/pages/{id}/move/", set()),
    ("copy", "get", "/admin/pages/{id}/copy/", set()),
    ("privacy", "get", "/admin/pages/{id}/privacy/", set()),
    ("history", "get", "/admin/pages/{id}/history/", {"a", "a_child", "a_draft"}),
    ("revisions", "get", "/admin/pages/{id}/revisions/", {"a", "a_child", "a_draft"}),
    ("workflow history", "get", "/admin/pages/{id}/workflow_history/", {"a", "a_child", "a_draft"}),
    ("usage", "get", "/admin/pages/{id}/usage/", set()),
    ("add subpage", "get", "/admin/pages/{id}/add_subpage/", {"a"}),
    ("add initiative", "get", "/admin/pages/add/pact/initiativepage/{id}/", {"a"}),
    ("chooser browse", "get", "/admin/choose-page/{id}/", None),
    ("admin api detail", "get", "/admin/api/main/pages/{id}/", None),
    ("admin api children", "get", "/admin/api/main/pages/?child_of={id}", None),
]
CRAFTED_POSTS = [
    ("edit", "/admin/pages/{id}/edit/"),
    ("delete", "/admin/pages/{id}/delete/"),
    ("unpublish", "/admin/pages/{id}/unpublish/"),
    ("copy", "/admin/pages/{id}/copy/"),
    ("move", "/admin/pages/{id}/move/{dest}/confirm/"),
    ("privacy", "/admin/pages/{id}/privacy/"),
    ("lock", "/admin/pages/{id}/lock/"),
    ("unlock", "/admin/pages/{id}/unlock/"),
    ("add initiative", "/admin/pages/add/pact/initiativepage/{id}/"),
    ("revert", "/admin/pages/{id}/revisions/{rev}/revert/"),
    ("set position", "/admin/pages/{id}/set_position/?position=0"),
    ("publish via api", "/admin/api/main/pages/{id}/action/publish/"),
    ("copy via api", "/admin/api/main/pages/{id}/action/copy/"),
    ("move via api", "/admin/api/main/pages/{id}/action/move/"),
    ("delete via api", "/admin/api/main/pages/{id}/action/delete/"),
    ("unpublish via api", "/admin/api/main/pages/{id}/action/unpublish/"),
]

GET_CASES = [
    pytest.param(
        action, url, target, allowed is not None and target in allowed, id=f"{action}-{target}"
    )
    for action, method, url, allowed in PAGE_ACTIONS
    for target in ["a", "a_child", "a_draft", *OTHERS]
]


@pytest.mark.parametrize("action, url, target, allowed", GET_CASES)
def test_page_views_for_signatory_a(as_a, world, action, url, target, allowed):
    page = world["pages"][target]
    before = snapshot()
    response = as_a.get(url.format(id=page.pk))

    if allowed:
        # Some views forward to the right place for the same page (revisions -> history).
        assert response.status_code == 200 or (
            response.status_code == 302 and f"/{page.pk}/" in response["Location"]
        ), response.status_code
    elif action in {"chooser browse", "admin api detail", "admin api children"}:
        # Scoped rather than refused: the answer may list live public pages, never drafts.
        pass
    else:
        assert_refused(response)
    assert_nothing_of_b(response)
    assert snapshot() == before


POST_CASES = [
    pytest.param(action, url, target, id=f"post-{action}-{target}")
    for action, url in CRAFTED_POSTS
    for target in OTHERS + ["a"]
    if not (target == "a" and action in {"edit", "add initiative", "revert"})
]


@pytest.mark.parametrize("action, url, target", POST_CASES)
def test_crafted_posts_change_nothing_outside_what_a_may_do(as_a, world, action, url, target):
    page = world["pages"][target].specific
    revision = page.get_latest_revision()
    data = {}
    if action in {"edit", "revert"} and hasattr(page, "profile"):
        data = signatory_page_form(page, title="Hijacked", **{"action-publish": "Publish"})
    elif action in {"edit", "revert"} and isinstance(page, InitiativePage):
        data = initiative_form(title="Hijacked", slug=page.slug, **{"action-publish": "Publish"})
    elif action == "add initiative":
        data = initiative_form(**{"action-publish": "Publish"})
    elif action == "privacy":
        data = {"restriction_type": "password", "password": "x"}
    elif action == "copy":
        data = {
            "new_title": "Hijacked",
            "new_slug": "hijacked",
            "new_parent_page": world["a"].page.pk,
        }
    before = snapshot()
    response = as_a.post(
        url.format(
            id=page.pk, dest=world["pages"]["a"].pk, rev=revision.pk if revision else 999999
        ),
        data,
    )
    assert_refused(response)
    assert_nothing_of_b(response)
    assert snapshot() == before


def test_a_saves_its_own_page_but_a_forged_publish_only_submits_it(as_a, world):
    page = world["a"].page.specific
    response = as_a.post(
        f"/admin/pages/{page.pk}/edit/",
        signatory_page_form(page, title="Town A renamed", **{"action-publish": "Publish"}),
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.title == "Town A"  # the live version is unchanged
    assert page.get_latest_revision_as_object().title == "Town A renamed"


def test_a_adds_an_initiative_under_its_own_page_as_a_draft(as_a, world):
    page = world["a"].page
    response = as_a.post(
        f"/admin/pages/add/pact/initiativepage/{page.pk}/",
        initiative_form(**{"action-publish": "Publish"}),
    )
    assert response.status_code == 302
    initiative = InitiativePage.objects.get(slug="safe-schools-programme")
    assert initiative.get_parent().pk == page.pk and not initiative.live


def test_a_may_delete_its_own_draft_initiative_but_never_its_page(as_a, world):
    draft = world["pages"]["a_draft"]
    as_a.post(f"/admin/pages/{draft.pk}/delete/")
    assert not Page.objects.filter(pk=draft.pk).exists()
    page = world["a"].page
    page.unpublish()
    response = as_a.post(f"/admin/pages/{page.pk}/delete/")
    assert_refused(response)
    assert Page.objects.filter(pk=page.pk).exists()


def test_a_trusted_signatory_publishes_its_own_initiative_directly(client, world, superuser):
    from accounts import approval

    approval.set_trusted(world["a"].pk, True)
    client.force_login(world["a"].user)
    page = world["a"].page
    client.post(
        f"/admin/pages/add/pact/initiativepage/{page.pk}/",
        initiative_form(**{"action-publish": "Publish"}),
    )
    assert InitiativePage.objects.get(slug="safe-schools-programme").live
    # ... but still cannot unpublish or delete its own signatory page.
    assert_refused(client.post(f"/admin/pages/{page.pk}/unpublish/"))
    page.refresh_from_db()
    assert page.live


ADMIN_AREAS = [
    "/admin/users/",
    "/admin/users/new/",
    "/admin/groups/",
    "/admin/groups/new/",
    "/admin/settings/",
    "/admin/sites/",
    "/admin/collections/",
    "/admin/collections/add/",
    "/admin/workflows/list/",
    "/admin/workflows/tasks/index/",
    "/admin/forms/",
    "/admin/reports/",
    "/admin/reports/locked/",
    "/admin/reports/site-history/",
    "/admin/reports/workflow/",
    "/admin/reports/workflow_tasks/",
    "/admin/reports/aging-pages/",
    "/admin/reports/page-types-usage/",
    "/admin/redirects/",
    "/admin/searchpicks/",
    "/admin/snippets/",
    "/admin/pages/usage/pact/signatorypage/",
    "/admin/accounts/signatoryapplication/",
    "/admin/accounts/signatoryapplication/?export=csv",
    "/admin/api/main/images/",
    "/admin/api/main/documents/",
    "/admin/bulk/wagtailcore/page/delete/?id={b_draft}",
    "/admin/bulk/wagtailcore/page/publish/?id={b_draft}",
    "/admin/bulk/wagtailimages/image/delete/?id={b_image}",
    "/admin/bulk/wagtaildocs/document/delete/?id={b_document}",
    "/admin/bulk/accounts/user/set_active_state/?id={b_user}",
    "/admin/bulk/accounts/user/assign_role/?id={b_user}",
    "/admin/images/{b_image}/",
    "/admin/images/{campaign_image}/",
    "/admin/documents/edit/{b_document}/",
    "/admin/images/usage/{b_image}/",
    "/admin/translation/submit/page/{b}/",
    "/django-admin/",
]


def _fill(url, world):
    ids = {
        "b_draft": world["pages"]["b_draft"].pk,
        "b": world["pages"]["b"].pk,
        "b_image": world["media"]["b_image"].pk,
        "campaign_image": world["media"]["campaign_image"].pk,
        "b_document": world["media"]["b_document"].pk,
        "b_user": world["b"].user.pk,
    }
    return url.format(**ids)


@pytest.mark.parametrize("url", ADMIN_AREAS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_signatory_cannot_reach_other_admin_areas(as_a, world, url, method):
    before = snapshot()
    response = getattr(as_a, method)(_fill(url, world))
    assert_refused(response)
    assert_nothing_of_b(response)
    assert snapshot() == before
    b_user = world["b"].user
    b_user.refresh_from_db()
    assert b_user.is_active and not b_user.is_superuser


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/pages/",
        "/admin/pages/search/?q=secret",
        "/admin/pages/search/?q=B",
        "/admin/images/",
        "/admin/documents/",
        "/admin/images/chooser/",
        "/admin/images/chooser/results/?q=secret",
        "/admin/documents/chooser/",
        "/admin/documents/chooser/results/?q=secret",
        "/admin/choose-page/",
        "/admin/choose-page/search/?q=secret",
        "/admin/account/",
    ],
)
def test_listings_and_choosers_a_can_open_show_nothing_of_b(as_a, world, url):
    response = as_a.get(url, follow=True)
    assert response.status_code == 200
    assert_nothing_of_b(response)


def test_a_sees_its_own_image_in_its_listing(as_a, world):
    assert "A own image" in as_a.get("/admin/images/").content.decode()


def test_signatory_menu_has_pages_images_documents_only(as_a, world):
    html = as_a.get("/admin/").content.decode()
    assert '"name": "reports"' not in html and '"name": "settings"' not in html
    assert '"name": "snippets"' not in html and "Signatories" not in html.split("Your page")[0]


def test_dashboard_shows_a_its_page_initiatives_and_what_awaits(
    as_a, world, django_assert_max_num_queries
):
    page = world["a"].page
    response = as_a.post(
        f"/admin/pages/add/pact/initiativepage/{page.pk}/",
        initiative_form(**{"action-submit": "Submit"}),
    )
    assert response.status_code == 302
    with django_assert_max_num_queries(60):
        html = as_a.get("/admin/").content.decode()
    assert "Town A" in html and "Initiative of town a" in html and "A own draft" in html
    awaiting = html.split('id="signatory-awaiting-content"')[1].split(
        'id="signatory-initiatives-section"'
    )[0]
    assert "Safe schools programme" in awaiting, awaiting
    assert f"/admin/pages/add/pact/initiativepage/{page.pk}/" in html
    assert "Initiative of town b" not in html


def test_pending_signatory_has_no_admin_at_all(client, directory, superuser):
    pending = make_signatory(directory, superuser, "Pending town", approve=False)
    client.force_login(pending.user)
    for url in ["/admin/", "/admin/pages/", f"/admin/pages/{pending.page.pk}/edit/"]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


HOSTILE = '<script>alert("pwn")</script><img src=x onerror=alert(1)>'


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/pages/{directory}/",
        "/admin/pages/{page}/",
        "/admin/pages/{page}/edit/",
        "/admin/pages/{page}/history/",
        "/admin/pages/search/?q=pwn",
        "/admin/choose-page/{directory}/",
        "/admin/accounts/signatoryapplication/",
        "/admin/accounts/signatoryapplication/inspect/{application}/",
        "/admin/accounts/signatoryapplication/approve/{application}/",
        "/admin/reports/workflow/",
        "/admin/reports/site-history/",
        "/admin/reports/locked/",
        "/admin/users/",
        "/admin/images/",
    ],
)
def test_hostile_signatory_text_is_escaped_in_every_editor_listing(
    client, directory, superuser, url
):
    hostile = make_signatory(directory, superuser, HOSTILE)
    page = hostile.page
    initiative = InitiativePageFactory(parent=page, title=HOSTILE, owner=hostile.user)
    initiative.save_revision(user=hostile.user).publish()
    image = get_image_model()(title=HOSTILE, collection=hostile.collection)
    image.file.save("i.png", ImageFile(io.BytesIO(image_bytes()), name="i.png"), save=False)
    image.save()
    page.locked, page.locked_by = True, hostile.user
    page.save()
    editor = UserFactory(is_superuser=True)
    client.force_login(editor)
    response = client.get(url.format(directory=directory.pk, page=page.pk, application=hostile.pk))
    assert response.status_code == 200
    body = response.content.decode()
    assert "<script>alert(" not in body
    assert "<img src=x onerror" not in body
