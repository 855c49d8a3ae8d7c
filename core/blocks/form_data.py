"""StreamField form data that cannot be read: a form error, never a server error.

The admin's editor sends a StreamField as many fields (`body-count`, `body-0-type`,
`body-0-value-caption`...), which Wagtail's blocks read with `data[name]` and `int(...)`. A POST
without one of them (a forged request, a truncated upload, a browser extension, an editor page
from before a deploy) raised KeyError or ValueError out of the form: a 500 on the page, snippet
and settings editors and their previews (wagtail/wagtail#11920 reports it for `body-count`; a
table block missing `caption` or a column's `type` does the same).

Every StreamField of a Wagtail admin model form gets these field and widget instead of
Wagtail's BlockField and BlockWidget (registered in core.apps through Wagtail's
register_form_field_override): data the blocks cannot read becomes one form error on that field,
the editor is shown again with the last saved content of that field and everything else the user
typed, and nothing is saved. Nothing changes for data the editor's own JavaScript sends.
"""

from django.core.exceptions import ValidationError
from wagtail.blocks.base import BlockField, BlockWidget

# What Wagtail's blocks raise on data they cannot read: a missing key (MultiValueDictKeyError is
# a KeyError), a count or order that is no number, an unknown column type (KeyError), two
# children with the same order that cannot be sorted (TypeError).
UNREADABLE = (LookupError, ValueError, TypeError, AttributeError)

MESSAGE = (
    "This content could not be read: the form arrived incomplete or altered ({detail}). "
    "Nothing was saved. The last saved version of this content is shown; reload the page if "
    "the problem remains."
)


class UnreadableBlockData:
    """What the widget hands the field in place of a value it could not read."""

    def __init__(self, name, error):
        self.name = name
        self.error = error

    @property
    def detail(self):
        if isinstance(self.error, KeyError) and self.error.args:
            return f"{self.error.args[0]!s} is missing"
        return f"{self.name} is malformed"


class TolerantBlockWidget(BlockWidget):
    """Wagtail's BlockWidget, whose reading of the POST never raises."""

    def value_from_datadict(self, data, files, name):
        try:
            return super().value_from_datadict(data, files, name)
        except UNREADABLE as error:
            return UnreadableBlockData(name, error)

    def value_omitted_from_data(self, data, files, name):
        try:
            return super().value_omitted_from_data(data, files, name)
        except UNREADABLE:
            return False


class TolerantBlockField(BlockField):
    """Wagtail's BlockField, refusing unreadable data with a form error on the field."""

    def __init__(self, block=None, **kwargs):
        if block is not None and "widget" not in kwargs:
            kwargs["widget"] = TolerantBlockWidget(block)
        super().__init__(block=block, **kwargs)

    def bound_data(self, data, initial):
        # The form shown again holds the field's last saved (or initial) value: the widget can
        # only draw a value.
        if isinstance(data, UnreadableBlockData):
            return initial
        return super().bound_data(data, initial)

    def clean(self, value):
        if isinstance(value, UnreadableBlockData):
            raise ValidationError(MESSAGE.format(detail=value.detail), code="unreadable")
        return super().clean(value)

    def has_changed(self, initial_value, data_value):
        if isinstance(data_value, UnreadableBlockData):
            return True
        return super().has_changed(initial_value, data_value)


def register():
    """Every StreamField (and subclass) in a Wagtail admin model form uses TolerantBlockField."""
    from wagtail.admin.forms.models import register_form_field_override
    from wagtail.fields import StreamField

    register_form_field_override(StreamField, override={"form_class": TolerantBlockField})
