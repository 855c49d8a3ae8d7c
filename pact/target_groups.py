"""The controlled list of target groups the good-practices database filters on.

One place for the vocabulary, like core/four_ps.py: the data migration creates these rows, and
the demo content (the `demo` app) tags its sample initiatives by the words of each group.
Editors may add rows later in the admin.
"""

# slug, name, words in a free-text "target groups" description that point to this group
TARGET_GROUPS = [
    ("children", "Children", ("children", "pupils", "child")),
    ("young-people", "Young people", ("young people", "youth", "teenagers")),
    ("parents-and-families", "Parents and families", ("parents", "families", "carers")),
    ("school-staff", "Teachers and school staff", ("teachers", "school")),
    ("social-and-health", "Social and health workers", ("social workers", "doctors", "health")),
    ("police-and-justice", "Police and justice", ("police", "prosecutors", "judges")),
    ("sport-and-leisure", "Sport, leisure and volunteers", ("sports", "coaches", "volunteers")),
    (
        "public-authorities",
        "Public authorities and staff",
        ("municipal staff", "decision makers", "residents"),
    ),
]
