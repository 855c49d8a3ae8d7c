"""The words that mark demo content as sample data, in one place, so that every page, event,
signatory and document the demo builds says plainly that it is invented."""

SAMPLE_NOTE = "Sample data: this content is invented to show how the platform works."

SIGNATORY_SAMPLE_NOTE = (
    "Sample data: this signatory and its initiatives are invented to show how the platform "
    "works. The place is real; what is said about it here is not."
)

DOCUMENT_SAMPLE_BANNER = "Sample document: invented to show how the toolkit works"


def sample_note():
    """The StreamField paragraph that closes a sample page, saying it is sample data."""
    return ("paragraph", f"<p><i>{SAMPLE_NOTE}</i></p>")
