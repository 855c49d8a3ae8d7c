"""The pages both search suites look for (tests/test_search.py on the database backend,
tests/test_search_cluster.py on OpenSearch or Elasticsearch), so the two ask the same questions
of the same content."""

from tests.factories import (
    GoodPracticesPageFactory,
    InitiativePageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    SignatoryPageFactory,
)


def make_search_pages(home_page, directory):
    """Signatories in three countries, four initiatives and a news item: accented names and
    words ("Zürich", "prévention"), a word in several titles and summaries ("training")."""
    GoodPracticesPageFactory(parent=home_page)
    zurich = SignatoryPageFactory(parent=directory, title="City of Zürich", country="CH")
    paris = SignatoryPageFactory(parent=directory, title="Île-de-France Region", country="FR")
    strasbourg = SignatoryPageFactory(parent=directory, title="City of Strasbourg")
    news_index = NewsIndexPageFactory(parent=home_page)
    pages = {
        "zurich": InitiativePageFactory(
            parent=zurich,
            title="Safe and unsafe touch in schools",
            summary="Every primary school holds a yearly session with parents.",
            ps=["prevention"],
        ),
        "paris": InitiativePageFactory(
            parent=paris,
            title="Plan régional de prévention",
            summary="The region's prévention plan reaches youth workers.",
            ps=["prevention"],
        ),
        "training": InitiativePageFactory(
            parent=strasbourg,
            title="Training for teachers",
            summary="Training in recognising the signs of abuse, with refresher training.",
            ps=["prevention"],
        ),
        "coaches": InitiativePageFactory(
            parent=strasbourg,
            title="Safe sport clubs",
            summary="Coaches follow a training day on safeguarding.",
            ps=["protection"],
        ),
        "news": NewsPageFactory(
            parent=news_index,
            title="A new training programme",
            introduction="Towns share what they learnt from their training sessions.",
        ),
    }
    return pages
