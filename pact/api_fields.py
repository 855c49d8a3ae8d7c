"""Serializer fields for page types' api_fields (kept apart from pact/api.py, which imports the
models, so that models can import these without a cycle)."""

from rest_framework import serializers


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
