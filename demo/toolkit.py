"""Demo content for the toolkit: the toolkit page and sample documents, clearly marked as
samples in their titles and in their content. Idempotent, like every load_demo builder."""

from django.core.files.base import ContentFile
from django.utils.text import slugify
from wagtail.documents import get_document_model

from demo.sample_files import sample_pdf
from home.models import HomePage
from toolkit.models import ToolkitDocument, ToolkitPage

SAMPLE_DOCUMENTS = [
    {
        "publication": "Sample document: leaflet on ONE in FIVE and the Pact",
        "versions": [
            (
                "en",
                "Sample document: leaflet on ONE in FIVE and the Pact (English)",
                "A two-page introduction to the ONE in FIVE campaign and to what towns and "
                "regions commit to when they sign the Pact.",
                [
                    "About one child in five in Europe is a victim of some form of sexual "
                    "violence. ONE in FIVE is the Council of Europe's campaign to stop it.",
                    "Towns and regions are closest to children and families. The Pact gathers "
                    "those that commit to act under four headings: Prevention, Protection, "
                    "Prosecution and Participation.",
                ],
            ),
            (
                "fr",
                "Sample document: dépliant UN sur CINQ et le Pacte (français)",
                "Une présentation en deux pages de la campagne UN sur CINQ et des engagements "
                "des villes et des régions qui signent le Pacte.",
                [
                    "En Europe, environ un enfant sur cinq est victime d'une forme de violence "
                    "sexuelle. UN sur CINQ est la campagne du Conseil de l'Europe pour y "
                    "mettre fin.",
                    "Les villes et les régions sont au plus près des enfants et des familles. "
                    "Le Pacte réunit celles qui s'engagent à agir pour la prévention, la "
                    "protection, les poursuites et la participation.",
                ],
            ),
        ],
    },
    {
        "publication": "Sample document: the text of the Pact",
        "versions": [
            (
                "en",
                "Sample document: the text of the Pact (English)",
                "The commitments of the Pact and the actions signatories can take under each of "
                "the four Ps, from a link on a town's home page to a child-advocacy centre.",
                [
                    "Signatories commit to prevent sexual violence against children, to protect "
                    "victims, to prosecute perpetrators and to let children take part.",
                    "Some actions need investment, such as bringing every service for child "
                    "victims under one roof; others cost almost nothing.",
                ],
            ),
            (
                "fr",
                "Sample document: le texte du Pacte (français)",
                "Les engagements du Pacte et les actions possibles pour chacun des quatre P.",
                [
                    "Les signataires s'engagent à prévenir la violence sexuelle contre les "
                    "enfants, à protéger les victimes, à poursuivre les auteurs et à faire "
                    "participer les enfants.",
                ],
            ),
        ],
    },
    {
        "publication": "Sample document: leaflet on the Lanzarote Convention",
        "versions": [
            (
                "en",
                "Sample document: leaflet on the Lanzarote Convention (English)",
                "What the Council of Europe Convention on the Protection of Children against "
                "Sexual Exploitation and Sexual Abuse covers, and why towns and regions should "
                "ask their national authorities to ratify it.",
                [
                    "The Lanzarote Convention opened for signature on 25 October 2007 and "
                    "entered into force on 1 July 2010.",
                    "It covers prevention, protection and assistance to victims, intervention "
                    "programmes for offenders, criminal offences such as grooming, and "
                    "child-friendly investigation and prosecution.",
                ],
            ),
        ],
    },
]


def _sample_document(title, paragraphs):
    """The Wagtail document of that title, made from a sample PDF the first time."""
    Document = get_document_model()
    existing = Document.objects.filter(title=title).first()
    if existing:
        return existing
    data = sample_pdf(title, paragraphs)
    document = Document(title=title, file_size=len(data))
    document.file.save(f"{slugify(title)[:80]}.pdf", ContentFile(data), save=False)
    document.save()
    return document


def build_toolkit():
    """The toolkit page under the home page, in the menu, with sample documents."""
    existing = ToolkitPage.objects.first()
    if existing:
        return existing
    home = HomePage.objects.first()
    page = ToolkitPage(
        title="Toolkit",
        slug="toolkit",
        show_in_menus=True,
        introduction=(
            "Everything a town, a region or an organisation needs to spread the word: leaflets "
            "and the text of the Pact to download, your own A3 poster, and a badge for your "
            "website."
        ),
    )
    rows = []
    for publication in SAMPLE_DOCUMENTS:
        for language, title, description, paragraphs in publication["versions"]:
            rows.append(
                ToolkitDocument(
                    title=publication["publication"],
                    language=language,
                    description=description,
                    document=_sample_document(title, paragraphs),
                )
            )
    page.documents = rows
    home.add_child(instance=page)
    page.save_revision().publish()
    return page
