"""The poster form: a message and a logo, checked so that bad input gets a clear message."""

import secrets

from django import forms
from django.core import signing
from django.core.cache import cache

from toolkit import poster

# A logo checked for a preview is kept this long, so "Download" works without a new upload.
KEPT_LOGO_SECONDS = 60 * 60
KEPT_LOGO_SALT = "toolkit.poster.kept-logo"
KEPT_LOGO_CACHE_PREFIX = "toolkit:poster-logo:"


def keep_logo(logo, filename):
    """Store a checked logo in the cache (never in public storage) for KEPT_LOGO_SECONDS and
    return a signed token that names it."""
    key = secrets.token_urlsafe(24)
    cache.set(KEPT_LOGO_CACHE_PREFIX + key, (logo, filename), KEPT_LOGO_SECONDS)
    return signing.dumps(key, salt=KEPT_LOGO_SALT)


def kept_logo(token):
    """The (logo, filename) a token names, or None when it is forged, expired or gone."""
    try:
        key = signing.loads(token, salt=KEPT_LOGO_SALT, max_age=KEPT_LOGO_SECONDS)
    except signing.BadSignature:
        return None
    return cache.get(KEPT_LOGO_CACHE_PREFIX + str(key))


class MessageField(forms.CharField):
    """Plain text with one newline convention and no control characters, counted as the
    participant sees it (a line break is one character, as in the browser)."""

    def to_python(self, value):
        value = super().to_python(value)
        return poster.normalise_message(value) if value else value


class PosterForm(forms.Form):
    """What a participant gives to make its poster. After validation, `logo` holds the
    PreparedLogo to print and `kept_logo_token` the token that keeps it for the next step."""

    message = MessageField(
        label="Message",
        max_length=poster.MESSAGE_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=(
            f"Plain text, up to {poster.MESSAGE_MAX_CHARS} characters and "
            f"{poster.MESSAGE_MAX_LINES} lines. It is printed large in the middle of the poster."
        ),
        error_messages={
            "required": "Type the message for your poster.",
            "max_length": (
                "The message can have %(limit_value)d characters at most; it has %(show_value)d. "
                "Shorten it a little."
            ),
        },
    )
    logo = forms.FileField(
        label="Logo",
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg"}),
        help_text=(
            f"A PNG or JPEG file, up to {poster.LOGO_MAX_BYTES // (1024 * 1024)} MB. "
            "A transparent PNG looks best."
        ),
        error_messages={"empty": "The logo file is empty. Choose a PNG or JPEG image."},
    )
    page_logo = forms.ChoiceField(
        label="Or use the logo of your page",
        required=False,
        widget=forms.RadioSelect,
    )
    kept_logo = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, page_logos=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.page_logos = {str(image.pk): image for image in page_logos}
        if self.page_logos:
            self.fields["page_logo"].choices = [("", "No, use the file I choose above")] + [
                (pk, image.title) for pk, image in self.page_logos.items()
            ]
        else:
            del self.fields["page_logo"]
        self.logo = None
        self.kept_logo_name = ""
        self.kept_logo_token = ""

    def clean_message(self):
        message = self.cleaned_data["message"]
        if message.count("\n") + 1 > poster.MESSAGE_MAX_LINES:
            raise forms.ValidationError(
                f"The message can have {poster.MESSAGE_MAX_LINES} lines at most. "
                "Join some lines together."
            )
        missing = poster.unsupported_characters(message)
        if missing:
            shown = " ".join(missing[:10])
            raise forms.ValidationError(
                f"The poster cannot print these characters: {shown}. Remove them or use "
                "letters, digits and common punctuation (emoji cannot be printed)."
            )
        try:
            poster.fit_message(message)
        except poster.MessageDoesNotFit as error:
            raise forms.ValidationError(str(error)) from None
        return message

    def clean_logo(self):
        upload = self.cleaned_data.get("logo")
        if upload:
            try:
                self.logo = poster.prepare_logo(upload)
            except poster.PosterInputError as error:
                raise forms.ValidationError(str(error)) from None
            # Kept even if the message has an error, so the participant need not choose it again.
            self.kept_logo_name = upload.name
            self.kept_logo_token = keep_logo(self.logo, upload.name)
        return upload

    def clean(self):
        cleaned = super().clean()
        if self.logo is not None or self.has_error("logo"):
            return cleaned
        chosen = cleaned.get("page_logo")
        if chosen:
            image = self.page_logos.get(chosen)
            if image is None:
                self.add_error("page_logo", "Choose one of the logos offered.")
                return cleaned
            try:
                self.logo = poster.prepare_logo_from_image(image)
            except poster.PosterInputError as error:
                self.add_error("page_logo", str(error))
            return cleaned
        token = cleaned.get("kept_logo")
        if token:
            kept = kept_logo(token)
            if kept is None:
                self.add_error(
                    "logo",
                    "The logo you chose earlier is no longer kept (after an hour we delete "
                    "it). Choose the file again.",
                )
                return cleaned
            self.logo, self.kept_logo_name = kept
            self.kept_logo_token = token
            return cleaned
        self.add_error("logo", "Choose your logo: a PNG or JPEG file.")
        return cleaned
