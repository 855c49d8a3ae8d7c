"""Admin forms shared by every page tagged by the four Ps."""

from django.core.exceptions import ValidationError

from core.four_ps import p_resembling
from core.media_choices import MediaCheckedPageForm


class FourPsTaggedPageForm(MediaCheckedPageForm):
    """The edit form of a page with `ps` (the four Ps) and free thematic `tags`.

    Free tags are for themes; a tag that is, or looks like, one of the four Ps ("Prevention",
    "preventon", "Protection of victims") is refused with a pointer to the P's checkbox, so the
    Ps stay four. What the editor typed is kept in the form for them to correct.
    """

    def clean_tags(self):
        tags = self.cleaned_data.get("tags") or []
        problems = []
        for tag in tags:
            p = p_resembling(tag)
            if p is not None:
                problems.append(
                    f"“{tag}” looks like the P “{p.name}”: tick {p.name} under "
                    "“The four Ps” instead of adding it as a tag."
                )
        if problems:
            raise ValidationError(problems)
        return tags
