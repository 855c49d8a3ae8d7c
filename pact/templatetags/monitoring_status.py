"""`{% monitoring_status_badge signatory %}`: a signatory's public monitoring status as a badge.

The status comes from monitoring.status (the one rule): a listing that annotated its signatories
with `monitoring_status` (pact.directory) costs no query per badge.
"""

from django import template

from monitoring.status import status_of

register = template.Library()


@register.inclusion_tag("components/monitoring_status_badge.html")
def monitoring_status_badge(signatory, prefix="Monitoring status: "):
    """`prefix` is read by screen readers only (the badge's place says what it is)."""
    return {"status": status_of(signatory), "prefix": prefix}
