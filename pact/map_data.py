"""/participants/map.geojson from precomputed text: each signatory's feature is written once, when
its page is saved (pact.models.MapFeature), and a request only joins, orders and concatenates.

Building 20,000 features as Python objects and serialising them took seconds on every request;
here the database returns the features' text in directory order, filtered by the same
DirectoryQuery as the page, and Python glues strings. What a stored feature cannot know is
added as it is read: the directory's public address (it moves with the directory and the
site's address) and the monitoring status (monitoring.status: "overdue" starts on a date, with
no save), computed in SQL for today.

The unfiltered collection, the one the directory's map asks for first, is kept whole in the
cache for the day (pact.public_cache drops it when anything public changes).
"""

import json

from django.utils.encoding import iri_to_uri

from core.public_urls import absolute_url
from monitoring.status import Status, today
from pact.directory import DIRECTORY_ORDER, public_signatories, with_monitoring_status
from pact.models import MapFeature
from pact.public_cache import MAP_KEY, cached

# The fields a feature is built from, and no other (no StreamField, no private contact).
FEATURE_FIELDS = ("id", "title", "slug", "country", "profile", "kind", "latitude", "longitude")


def compact(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


# What each monitoring status adds at the end of a feature: its last two properties, closed.
STATUS_ENDINGS = {
    status.value: '"status":'
    + compact(status.value)
    + ',"status_label":'
    + compact(str(status.label))
    + "}}"
    for status in Status
}
# Missing features (pages created in bulk, without signals) are built this many at a time.
BUILD_BATCH = 1000


def escaped(text):
    """`text` as it appears inside a JSON string (the quotes left off)."""
    return compact(text)[1:-1]


def feature_parts(signatory):
    """(head, tail) of a signatory's feature (see MapFeature), or ("", "") when it has no place
    and its country no known centre."""
    position = signatory.map_position
    if position is None:
        return "", ""
    longitude, latitude, approximate = position
    head = compact(
        {
            "type": "Feature",
            "id": signatory.pk,
            "geometry": {
                "type": "Point",
                "coordinates": [round(longitude, 6), round(latitude, 6)],
            },
            "properties": {"name": signatory.title},
        }
    )
    rest = compact(
        {
            "country": signatory.country.code,
            "country_name": str(signatory.country.name),
            "profile": signatory.profile,
            "kind": signatory.kind,
            "kind_label": str(signatory.get_kind_display()),
            "approximate": approximate,
        }
    )
    # head ends with "}}" (properties, feature): reopened to add the address.
    return head[:-2] + ',"url":"', escaped(iri_to_uri(f"{signatory.slug}/")) + '",' + rest[
        1:-1
    ] + ","


def store_feature(signatory):
    """Write (or rewrite) one signatory's feature from the page as it is saved."""
    head, tail = feature_parts(signatory)
    MapFeature.objects.update_or_create(
        signatory_id=signatory.pk, defaults={"head": head, "tail": tail}
    )


def store_missing_features(signatories):
    """Build the features these signatories lack (pages created without their save signals,
    e.g. in bulk), in batches: one query when none is missing."""
    missing = signatories.filter(map_feature__isnull=True).only(*FEATURE_FIELDS)
    batch = []
    for signatory in missing.iterator(chunk_size=BUILD_BATCH):
        head, tail = feature_parts(signatory)
        batch.append(MapFeature(signatory_id=signatory.pk, head=head, tail=tail))
        if len(batch) == BUILD_BATCH:
            MapFeature.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    if batch:
        MapFeature.objects.bulk_create(batch, ignore_conflicts=True)


def feature_collection(index_page, request, query, hidden):
    """The GeoJSON text of the signatories matching `query` (a DirectoryQuery), compact."""
    directory_address = escaped(absolute_url(index_page.get_url(request)))
    if not query.filters:
        key = f"{MAP_KEY}:{index_page.pk}:{today().isoformat()}:{directory_address}"
        return cached(key, lambda: _collection(index_page, query, hidden, directory_address))
    return _collection(index_page, query, hidden, directory_address)


def _collection(index_page, query, hidden, directory_address):
    signatories = query.apply(public_signatories(index_page, hidden), hidden)
    store_missing_features(signatories)
    rows = (
        with_monitoring_status(signatories, query.periods)
        .filter(map_feature__head__gt="")
        .order_by(*DIRECTORY_ORDER)
        .values_list("map_feature__head", "map_feature__tail", "monitoring_status")
    )
    features = ",".join(
        head + directory_address + tail + STATUS_ENDINGS[status]
        for head, tail, status in rows.iterator(chunk_size=2000)
    )
    return '{"type":"FeatureCollection","features":[' + features + "]}"
