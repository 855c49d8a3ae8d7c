"""Factories for the test suite (factory_boy and wagtail-factories)."""

import factory
import wagtail_factories
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils.text import slugify
from wagtail.documents import get_document_model
from wagtail.models import Collection

from home.models import HomePage
from toolkit.models import ToolkitDocument, ToolkitPage


class UserFactory(factory.django.DjangoModelFactory):
    """An account; pass is_superuser=True for an editor with every right."""

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    display_name = factory.Sequence(lambda n: f"User {n}")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Stop sexual violence against children"
    introduction = "Towns and regions act together."

    class Meta:
        model = HomePage


# The toolkit -----------------------------------------------------------------------------------


def sample_pdf_bytes(title="Sample document"):
    """A small valid PDF, as editors would upload."""
    from toolkit.demo import sample_pdf

    return sample_pdf(title, ["Sample data for the test suite."])


class ToolkitFileFactory(factory.django.DjangoModelFactory):
    """A Wagtail document holding a small PDF, in the root collection, with its size stored as
    Wagtail's upload form stores it."""

    title = factory.Sequence(lambda n: f"Sample document {n}")
    collection = factory.LazyFunction(lambda: Collection.get_first_root_node())
    file = factory.LazyAttribute(
        lambda o: ContentFile(sample_pdf_bytes(o.title), name=f"{slugify(o.title)}.pdf")
    )
    file_size = factory.LazyAttribute(lambda o: o.file.size)

    class Meta:
        model = get_document_model()


class ToolkitPageFactory(wagtail_factories.PageFactory):
    title = "Toolkit"
    slug = "toolkit"
    introduction = "Leaflets, the Pact, your poster and a badge."

    class Meta:
        model = ToolkitPage


class ToolkitDocumentFactory(factory.django.DjangoModelFactory):
    """One language version of a toolkit publication."""

    page = factory.SubFactory(ToolkitPageFactory)
    title = "Leaflet: ONE in FIVE and the Pact"
    language = "en"
    description = "What the campaign is and what signatories commit to."
    document = factory.SubFactory(ToolkitFileFactory)
    sort_order = factory.Sequence(lambda n: n)

    class Meta:
        model = ToolkitDocument
