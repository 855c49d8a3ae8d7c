"""The poster maker at /toolkit/poster/ (a route of ToolkitPage)."""

import base64

from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control

from toolkit import poster
from toolkit.forms import PosterForm

POSTER_FILENAME = "pact-poster-a3.pdf"


def poster_view(request, page, design):
    """GET shows the form; POST checks it and either shows a preview of the real PDF
    ("preview", also the default when Enter is pressed) or sends the PDF ("download").

    Invalid input re-displays the form with the errors next to their fields and everything the
    participant gave kept (the message, and a valid logo through a signed token). `design` is
    the site's poster colours (toolkit.poster.PosterDesign, from the PosterSettings).
    """
    page_logos = poster.logo_choices_for(request.user)
    preview_data_uri = ""
    if request.method == "POST":
        form = PosterForm(request.POST, request.FILES, page_logos=page_logos)
        pdf = _poster_pdf(request, form, design) if form.is_valid() else None
        if pdf and "download" in request.POST:
            response = HttpResponse(pdf, content_type="application/pdf")
            response["Content-Disposition"] = f'attachment; filename="{POSTER_FILENAME}"'
            return _private(response)
        if pdf:
            png = poster.render_preview_png(pdf)
            preview_data_uri = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
    else:
        form = PosterForm(page_logos=page_logos)

    response = TemplateResponse(
        request,
        "toolkit/poster_page.html",
        {
            "page": page,
            "self": page,
            "form": form,
            "preview_data_uri": preview_data_uri,
            "preview_width": poster.PREVIEW_WIDTH,
            "preview_height": round(poster.PREVIEW_WIDTH * poster.PAGE_HEIGHT / poster.PAGE_WIDTH),
            "message_max_chars": poster.MESSAGE_MAX_CHARS,
        },
    )
    return _private(response)


def _poster_pdf(request, form, design):
    """The PDF for a valid form, or None with the reason added to the form."""
    try:
        return poster.build_poster(
            form.cleaned_data["message"], form.logo, poster.qr_url_for(request.user), design
        )
    except poster.PosterInputError as error:
        form.add_error("message", str(error))
        return None


def _private(response):
    # The participant's message and logo must not land in a shared cache.
    patch_cache_control(response, private=True, no_store=True)
    return response
