"""What the public sees of pages written in bulk: pages made or changed without their save
signals would otherwise be missing from the map, and the caches and ETags built on the content
version (pact.content_version) would keep answering with the site as it was before."""

from pact import content_version
from pact.caching import purge_after_change
from pact.map_data import store_missing_features
from pact.models import MapFeature, SignatoryPage


def refresh_public_data(pages):
    """After one batch, in its transaction: the map features of these signatory pages
    rewritten, and a new content version."""
    ids = [page.pk for page in pages]
    MapFeature.objects.filter(signatory_id__in=ids).delete()
    store_missing_features(SignatoryPage.objects.filter(pk__in=ids))
    content_version.bump()


def purge_directory(directory):
    """After the last batch: the directory, its map, its exports and what lists signatories,
    purged from the cache in front (when there is one)."""
    purge_after_change(directory)
