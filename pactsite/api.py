"""The Wagtail API v2 router: the public feed that partner sites and researchers reuse."""

from wagtail.api.v2.router import WagtailAPIRouter

from pact.api import (
    PactDocumentsAPIViewSet,
    PactImagesAPIViewSet,
    PactPagesAPIViewSet,
    PossibleActionsAPIViewSet,
)

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PactPagesAPIViewSet)
api_router.register_endpoint("images", PactImagesAPIViewSet)
api_router.register_endpoint("documents", PactDocumentsAPIViewSet)
api_router.register_endpoint("actions", PossibleActionsAPIViewSet)
