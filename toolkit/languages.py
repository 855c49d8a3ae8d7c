"""Languages the toolkit's documents and badges come in.

The Council of Europe's official languages (English, French) come first, then its working
languages and the languages of its member states. Each entry keeps the language's own name so
that readers recognise theirs.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    native_name: str

    @property
    def label(self):
        if self.name == self.native_name:
            return self.name
        return f"{self.name} ({self.native_name})"


LANGUAGES = (
    Language("en", "English", "English"),
    Language("fr", "French", "français"),
    Language("de", "German", "Deutsch"),
    Language("it", "Italian", "italiano"),
    Language("ru", "Russian", "русский"),
    Language("es", "Spanish", "español"),
    Language("pt", "Portuguese", "português"),
    Language("nl", "Dutch", "Nederlands"),
    Language("pl", "Polish", "polski"),
    Language("uk", "Ukrainian", "українська"),
    Language("tr", "Turkish", "Türkçe"),
    Language("el", "Greek", "Ελληνικά"),
    Language("ro", "Romanian", "română"),
    Language("hu", "Hungarian", "magyar"),
    Language("cs", "Czech", "čeština"),
    Language("sk", "Slovak", "slovenčina"),
    Language("sl", "Slovenian", "slovenščina"),
    Language("hr", "Croatian", "hrvatski"),
    Language("sr", "Serbian", "српски"),
    Language("bs", "Bosnian", "bosanski"),
    Language("mk", "Macedonian", "македонски"),
    Language("sq", "Albanian", "shqip"),
    Language("bg", "Bulgarian", "български"),
    Language("sv", "Swedish", "svenska"),
    Language("fi", "Finnish", "suomi"),
    Language("da", "Danish", "dansk"),
    Language("no", "Norwegian", "norsk"),
    Language("is", "Icelandic", "íslenska"),
    Language("et", "Estonian", "eesti"),
    Language("lv", "Latvian", "latviešu"),
    Language("lt", "Lithuanian", "lietuvių"),
    Language("ga", "Irish", "Gaeilge"),
    Language("mt", "Maltese", "Malti"),
    Language("lb", "Luxembourgish", "Lëtzebuergesch"),
    Language("ca", "Catalan", "català"),
    Language("hy", "Armenian", "հայերեն"),
    Language("ka", "Georgian", "ქართული"),
    Language("az", "Azerbaijani", "azərbaycan"),
)

LANGUAGE_BY_CODE = {language.code: language for language in LANGUAGES}
LANGUAGE_CHOICES = tuple((language.code, language.label) for language in LANGUAGES)
