"""Each signatory's map feature, stored as GeoJSON text so that /participants/map.geojson is
read, filtered and joined in SQL rather than built feature by feature on every request."""

from django.db import models


class MapFeature(models.Model):
    """A signatory's RFC 7946 Feature as compact JSON text, in two parts around what may change
    without the signatory being saved.

    `head` runs from `{"type":"Feature"` up to the opening quote of its `url` property; `tail`
    from its slug to the comma after `approximate`. Its address is its directory's address
    (which moves with the directory and the site's public address) plus the slug in `tail`,
    and its monitoring status, which changes with the date, is computed in SQL when it is read
    (pact.map_data). An empty `head` records a signatory with no place and no known country
    centre: computed, and not on the map.
    """

    signatory = models.OneToOneField(
        "pact.SignatoryPage",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="map_feature",
    )
    head = models.TextField(blank=True)
    tail = models.TextField(blank=True)

    class Meta:
        verbose_name = "map feature"

    def __str__(self):
        return f"Map feature of signatory {self.signatory_id}"
