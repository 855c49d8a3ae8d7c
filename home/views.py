"""Views of the site shell that are not pages."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.public_urls import absolute_url


@require_GET
def robots_txt(request):
    """/robots.txt: crawl everything public, not the admin or the personal alert links, and
    find the sitemap."""
    return render(
        request,
        "robots.txt",
        {"sitemap_url": absolute_url("/sitemap.xml")},
        content_type="text/plain; charset=utf-8",
    )
