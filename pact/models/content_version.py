"""The site-wide content version: one row whose token changes whenever anything the public sees
may have changed (pact/content_version.py bumps it; pact/caching.py builds ETags from it)."""

from django.db import models


class ContentVersion(models.Model):
    """One row (pk 1). A random token rather than a counter, so that a database restored from a
    backup never gives again a version that ETags already handed out were built from."""

    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "content version"

    def __str__(self):
        return self.token
