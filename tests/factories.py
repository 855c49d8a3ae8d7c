"""Factories for the test suite (factory_boy and wagtail-factories)."""

import factory
import wagtail_factories
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Collection

from home.models import CampaignPage, HomePage, NewsIndexPage, NewsPage
from pact.four_ps import FOUR_PS
from pact.models import PactPage


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


# Campaign pages, the Pact and the block library (issue #3).


def tag_post_generation(field_name):
    """A post-generation hook: `SomePageFactory(ps=["Prevention"], tags=["schools"])`."""

    def hook(obj, create, extracted, **kwargs):
        if extracted:
            getattr(obj, field_name).set(list(extracted))
            if create:
                obj.save()

    return factory.PostGeneration(hook)


class ImageFactory(wagtail_factories.ImageFactory):
    collection = factory.LazyFunction(Collection.get_first_root_node)
    title = factory.Sequence(lambda n: f"Photo {n}")


class DocumentFactory(wagtail_factories.DocumentFactory):
    collection = factory.LazyFunction(Collection.get_first_root_node)
    title = factory.Sequence(lambda n: f"Leaflet {n}")
    file = factory.django.FileField(filename="leaflet.pdf", data=b"%PDF-1.4 sample")


class PublishedPageFactory(wagtail_factories.PageFactory):
    """A live page with a publication date, as publishing from the admin leaves it."""

    first_published_at = factory.LazyFunction(timezone.now)
    last_published_at = factory.SelfAttribute("first_published_at")

    class Meta:
        abstract = True
        skip_postgeneration_save = True


class CampaignPageFactory(PublishedPageFactory):
    title = factory.Sequence(lambda n: f"Campaign page {n}")
    introduction = "What readers will find on this page."
    ps = tag_post_generation("ps")
    tags = tag_post_generation("tags")

    class Meta:
        model = CampaignPage


class NewsIndexPageFactory(PublishedPageFactory):
    title = "News"
    slug = "news"

    class Meta:
        model = NewsIndexPage


class NewsPageFactory(PublishedPageFactory):
    title = factory.Sequence(lambda n: f"News item {n}")
    date = factory.LazyFunction(timezone.localdate)
    introduction = "The news in brief."
    ps = tag_post_generation("ps")
    tags = tag_post_generation("tags")

    class Meta:
        model = NewsPage


def pact_sections(actions_per_p=1):
    """The four sections of the Pact, one per P, each with its possible actions."""
    return [
        (
            p.slug,
            {
                "introduction": f"<p>What {p.name} means for a town.</p>",
                "actions": [
                    {
                        "title": f"{p.name} action {n}",
                        "description": "<p>What it involves.</p>",
                        "cost": "low",
                    }
                    for n in range(1, actions_per_p + 1)
                ],
            },
        )
        for p in FOUR_PS
    ]


class PactPageFactory(PublishedPageFactory):
    title = "The Pact"
    slug = "pact"
    introduction = "Towns and regions commit to act under the four Ps."
    sections = factory.LazyFunction(pact_sections)

    class Meta:
        model = PactPage
