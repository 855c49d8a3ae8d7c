"""Serializer fields for page types' api_fields (kept apart from pact/api.py, which imports the
models, so that models can import these without a cycle)."""

from rest_framework import serializers

from core.public_urls import absolute_url


class FourPsAPIField(serializers.Field):
    """The Ps a page serves, in the Pact's order: [{"slug": "prevention", "name": "Prevention"}].

    Reads the page's `p_items` through model, so a listing that prefetches "p_items__tag" costs
    one query for all its pages rather than one per page.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        tags = sorted((item.tag for item in value.all()), key=lambda tag: tag.order)
        return [{"slug": tag.slug, "name": tag.name} for tag in tags]


class ImageRenditionsAPIField(serializers.Field):
    """An image as a few ready-made sizes: {"id", "title", "small": {url, full_url, width,
    height}, "large": {...}}, or null without an image.

    `renditions` maps a size name to a Wagtail filter spec. Listings prefetch the image with
    these renditions (see pact.api.PactPagesAPIViewSet), so a logo costs no query of its own.
    """

    def __init__(self, renditions, **kwargs):
        self.renditions = dict(renditions)
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    @property
    def filter_specs(self):
        return tuple(self.renditions.values())

    def to_representation(self, image):
        from wagtail.images.models import SourceImageIOError

        data = {"id": image.pk, "title": image.title}
        for name, spec in self.renditions.items():
            try:
                rendition = image.get_rendition(spec)
            except SourceImageIOError:
                data[name] = None
                continue
            data[name] = {
                "url": rendition.url,
                "full_url": absolute_url(rendition.url),
                "width": rendition.width,
                "height": rendition.height,
            }
        return data


class CountryAPIField(serializers.Field):
    """A country as {"code": "FR", "name": "France"}, or null when none is given."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        # Fields skip to_representation for None: an empty country must become null too.
        country = super().get_attribute(instance)
        return country if country and country.code else None

    def to_representation(self, country):
        return {"code": country.code, "name": str(country.name)}


class MapLocationAPIField(serializers.Field):
    """Where a signatory is on the map: {"latitude", "longitude", "approximate"}; approximate
    is true when it sits at its country's centre for want of its own coordinates."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("source", "map_position")
        super().__init__(**kwargs)

    def to_representation(self, position):
        longitude, latitude, approximate = position
        return {
            "latitude": round(latitude, 6),
            "longitude": round(longitude, 6),
            "approximate": approximate,
        }


class SignatoryLinkAPIField(serializers.Field):
    """The signatory a page belongs to (its `signatory` attribute): {"id", "title", "url"} with
    its public address, or null."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, signatory):
        request = self.context.get("request")
        return {
            "id": signatory.pk,
            "title": signatory.title,
            "url": signatory.get_full_url(request),
        }


class TagNamesAPIField(serializers.Field):
    """Free tags as a sorted list of names: ["online safety", "schools"].

    Wagtail's own tags field asks the database for each page's tags; this one reads the tags a
    listing prefetched ("tags"), so the listing costs one query for all its pages' tags.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return sorted(tag.name for tag in value.all())
