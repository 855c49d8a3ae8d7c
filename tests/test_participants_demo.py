"""load_demo fills the directory with clearly marked sample signatories across Europe."""

from pact.models import InitiativePage, Profile, SignatoryIndexPage, SignatoryPage


def test_load_demo_adds_about_40_sample_signatories_in_about_15_countries(demo_site):
    directory = SignatoryIndexPage.objects.get()
    assert directory.slug == "participants" and directory.live and directory.show_in_menus
    signatories = SignatoryPage.objects.live()
    assert 35 <= signatories.count() <= 45
    assert 13 <= len({s.country.code for s in signatories}) <= 17
    assert {s.profile for s in signatories} == {Profile.AUTHORITY, Profile.ORGANISATION}
    assert len({s.kind for s in signatories}) >= 6
    # Some have no coordinates, to show the country-centre fallback.
    assert signatories.filter(latitude__isnull=True).exists()
    assert signatories.filter(latitude__isnull=False).count() >= 30
    for signatory in signatories:
        initiatives = InitiativePage.objects.child_of(signatory).live()
        assert 1 <= initiatives.count() <= 4
        assert "Sample data" in str(signatory.description)
        assert all(initiative.ps.exists() for initiative in initiatives)
        assert all("Sample data" in initiative.summary for initiative in initiatives)
        assert not signatory.contact_email


def test_demo_directory_and_map_render(client, demo_site):
    response = client.get("/participants/")
    assert response.status_code == 200
    assert "cities and regions from" in response.content.decode()
    assert client.get("/participants/map.geojson").status_code == 200
