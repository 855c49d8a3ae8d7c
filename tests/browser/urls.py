"""The site's URLs plus pages that exist only in tests (the `test_only_urls` fixture): each
breaks a rule on purpose, to prove that the browser tests' checks can fail."""

from django.core.mail import send_mail
from django.http import HttpResponse
from django.template import engines
from django.urls import path

from core.public_urls import absolute_url
from pactsite.urls import urlpatterns as site_urlpatterns

# A 1x1 transparent GIF: an image the public CSP allows (img-src data:).
PIXEL = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"


def _page(request, title, content):
    template = engines["django"].from_string(
        "{% extends 'base.html' %}{% block title %}" + title + "{% endblock %}"
        "{% block content %}<div class='container'><h1>"
        + title
        + "</h1>"
        + content
        + "</div>{% endblock %}"
    )
    return HttpResponse(template.render({}, request))


def image_without_alt(request):
    """WCAG 1.1.1 broken: an image with no text alternative."""
    return _page(request, "Image without a text alternative", f"<img src='{PIXEL}'>")


def inline_script(request):
    """The public CSP refuses this inline script."""
    return _page(
        request,
        "Inline script",
        "<p id='inline-result'>blocked</p>"
        "<script>document.getElementById('inline-result').textContent = 'ran';</script>",
    )


def too_wide(request):
    """WCAG 1.4.10 broken: a line that cannot wrap, wider than a phone."""
    return _page(request, "Too wide", "<pre class='unbroken'>" + "0123456789" * 20 + "</pre>")


def send_confirmation(request):
    """Sends an e-mail with a link, as the sign-up will, from the live server's thread."""
    send_mail(
        "Confirm your e-mail address",
        f"Confirm your address: {absolute_url('/search/?q=confirmed&token=a1b2')}\n"
        "If you did not ask for this, ignore this e-mail.",
        None,
        ["new.signatory@example.org"],
    )
    return _page(request, "E-mail sent", "<p>Check your inbox.</p>")


urlpatterns = [
    path("__browser-test__/image-without-alt/", image_without_alt),
    path("__browser-test__/inline-script/", inline_script),
    path("__browser-test__/too-wide/", too_wide),
    path("__browser-test__/send-confirmation/", send_confirmation),
    *site_urlpatterns,
]
