"""Views of the site shell that are not pages."""

from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def robots_txt(request):
    """/robots.txt: crawl everything public, not the admin or the personal alert links, and
    find the sitemap."""
    return render(
        request,
        "robots.txt",
        {"sitemap_url": request.build_absolute_uri("/sitemap.xml")},
        content_type="text/plain; charset=utf-8",
    )
