"""The demo looks like the real site will (demo/images.py): sample signatories have logos, and
the home, campaign and news pages have pictures, all drawn by the project and marked as samples."""

import io

from bs4 import BeautifulSoup
from django.core.management import call_command
from PIL import Image as PILImage
from wagtail.images import get_image_model

from demo.good_practices import ACCENTED_SAMPLES
from demo.images import draw_logo, draw_picture
from demo.participants import SAMPLE_SIGNATORIES
from home.models import CampaignPage, HomePage, NewsPage
from pact.models import SignatoryPage

SAMPLE_TITLES = [row[0] for row in SAMPLE_SIGNATORIES] + [row[0] for row, _ in ACCENTED_SAMPLES]


def test_every_sample_signatory_has_a_sample_logo(demo_site):
    signatories = SignatoryPage.objects.all()
    assert sorted(signatories.values_list("title", flat=True)) == sorted(SAMPLE_TITLES)
    for signatory in signatories.select_related("logo"):
        assert signatory.logo is not None, signatory.title
        assert signatory.logo.title == f"Sample logo: {signatory.title}"
        with signatory.logo.open_file() as file:
            drawn = file.read()
        picture = PILImage.open(io.BytesIO(drawn))
        assert (picture.format, picture.size) == ("PNG", (320, 320))
        # The emblem is the place's (City of Strasbourg: "S"), not the image title's ("LS").
        assert drawn == draw_logo(signatory.title), signatory.title


def test_the_directory_and_a_signatory_page_show_the_logos(client, demo_site):
    directory = BeautifulSoup(client.get("/participants/").content, "html.parser")
    logos = directory.select(".signatory-card__logo img")
    assert logos and not directory.select(".signatory-card__initial")
    page = BeautifulSoup(client.get("/participants/city-of-strasbourg/").content, "html.parser")
    logo = page.select_one(".signatory-header__logo img")
    assert logo["alt"] == "Logo of City of Strasbourg"
    assert logo["src"].startswith("/media/images/sample-")
    # Sharp on a phone's dense screen too: a rendition twice the size for 2x displays. The
    # storage may suffix a rendition's file name when it is taken, so the test asks the image.
    strasbourg = SignatoryPage.objects.get(slug="city-of-strasbourg")
    double = strasbourg.logo.get_rendition("max-480x320")
    assert logo["srcset"] == f"{logo['src']} 1x, {double.url} 2x"
    assert (double.width, double.height) == (320, 320)


def test_campaign_home_and_news_pages_have_sample_pictures(client, demo_site):
    for campaign in CampaignPage.objects.filter(slug__in=["one-in-five", "lanzarote-convention"]):
        [block] = [block for block in campaign.body if block.block_type == "image"]
        assert block.value["image"].title.startswith("Sample picture")
        assert block.value["alt_text"].startswith("Sample image")
        html = BeautifulSoup(client.get(campaign.url).content, "html.parser")
        assert html.find("img", alt=block.value["alt_text"]), campaign.url
    home = HomePage.objects.get()
    assert home.hero_image.title.startswith("Sample picture")
    assert BeautifulSoup(client.get("/").content, "html.parser").find(
        "img", alt=home.hero_image_alt
    )
    assert all(news.image for news in NewsPage.objects.all())


def test_load_demo_gives_logos_and_pictures_to_a_demo_loaded_before_them(demo_site):
    SignatoryPage.objects.update(logo=None)
    get_image_model().objects.filter(title__startswith="Sample logo").delete()
    call_command("load_demo", verbosity=0, stdout=io.StringIO())
    assert not SignatoryPage.objects.filter(logo__isnull=True).exists()


def test_the_drawings_say_sample_and_are_the_same_on_every_run():
    assert draw_logo("City of Lyon") == draw_logo("City of Lyon")
    assert draw_logo("City of Lyon") != draw_logo("City of Bergen")
    picture = PILImage.open(io.BytesIO(draw_picture("ONE in FIVE")))
    assert (picture.format, picture.size) == ("JPEG", (1200, 675))
