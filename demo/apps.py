from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Sample content for trying the platform: `python manage.py load_demo` and its builders.

    Development (`make run`) and the test suite install this app; production does not, so no
    sample page, document or signatory can reach the public site by mistake. The product's apps
    never import it: it builds its content with their models.
    """

    name = "demo"
    verbose_name = "Demo content"
