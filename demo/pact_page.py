"""Demo content: the Pact page, its four Ps and a handful of possible actions under each.

Written in our own words from the facts in the domain brief, and marked as sample data. The
possible actions are monitoring.PossibleAction rows (the secretariat's list in the admin), each
with a stable identifier; the Pact page's sections hold the Ps' introductions.
"""

from demo.campaign import home_page
from demo.pages import add_page_once
from demo.sample_notes import sample_note
from monitoring.models import PossibleAction
from pact.models import PactPage


def action(code, title, description, cost):
    """One possible action of a P: its identifier, title, description and cost."""
    return {"code": code, "title": title, "description": f"<p>{description}</p>", "cost": cost}


PACT_SECTIONS = [
    (
        "prevention",
        {
            "introduction": (
                "<p>Abuse that never happens needs no cure. Prevention means telling children, "
                "parents and professionals what abuse looks like and where to turn, and making "
                "the places where children learn, play and do sport safe.</p>"
            ),
            "actions": [
                action(
                    "prevention-campaign-link",
                    "Link the town's website to the ONE in FIVE campaign",
                    "A link from the home page of the town or region to the campaign's "
                    "material takes an afternoon and reaches every visitor.",
                    "low",
                ),
                action(
                    "prevention-training",
                    "Train the people who work with children",
                    "Teachers, youth workers, sports coaches and social workers learn to "
                    "recognise the signs of abuse and what to do when a child confides in them.",
                    "investment",
                ),
                action(
                    "prevention-recruitment-checks",
                    "Check who works with children",
                    "Recruitment for jobs and volunteer posts with children includes checks and "
                    "a clear code of conduct.",
                    "low",
                ),
                action(
                    "prevention-awareness",
                    "Talk to parents and children",
                    "Leaflets, school sessions and local media explain, in words children "
                    "understand, that their body belongs to them and that telling is right.",
                    "low",
                ),
            ],
        },
    ),
    (
        "protection",
        {
            "introduction": (
                "<p>A child who has been abused needs to be believed, kept safe and helped to "
                "recover, and so does the family. Protection means services that are easy to "
                "reach and that work together around the child.</p>"
            ),
            "actions": [
                action(
                    "protection-child-house",
                    "Bring every service under one roof",
                    "A child-friendly centre where police, health, social and legal services "
                    "meet the child in one place, in the spirit of the Lanzarote Convention, "
                    "spares children from telling their story again and again.",
                    "investment",
                ),
                action(
                    "protection-helplines",
                    "Publish where to find help",
                    "Helpline numbers and local support services are listed on the town's "
                    "website, in schools and in places young people go.",
                    "low",
                ),
                action(
                    "protection-family-support",
                    "Support families through the aftermath",
                    "Counselling and practical help for the child and for non-abusing parents "
                    "and brothers and sisters.",
                    "investment",
                ),
            ],
        },
    ),
    (
        "prosecution",
        {
            "introduction": (
                "<p>Perpetrators must answer for what they did, without the procedure harming "
                "the child a second time. Towns and regions can help police and courts work in "
                "child-friendly ways.</p>"
            ),
            "actions": [
                action(
                    "prosecution-protocol",
                    "Agree how local services and the police work together",
                    "A written protocol says who informs whom, and how fast, when abuse is "
                    "suspected.",
                    "low",
                ),
                action(
                    "prosecution-interview-room",
                    "Provide a child-friendly interview room",
                    "A quiet, welcoming room where a child's account can be recorded once, by "
                    "trained interviewers, for use in court.",
                    "investment",
                ),
                action(
                    "prosecution-lanzarote",
                    "Ask the national authorities to ratify the Lanzarote Convention",
                    "Where the country has not yet signed or ratified it, the council adopts a "
                    "motion and writes to the government.",
                    "low",
                ),
            ],
        },
    ),
    (
        "participation",
        {
            "introduction": (
                "<p>Children know best what makes them feel safe. Participation means asking "
                "them, listening, and letting their views shape policies and services.</p>"
            ),
            "actions": [
                action(
                    "participation-childrens-council",
                    "Consult the children's council",
                    "The local children's or youth council reviews the town's child-protection "
                    "plans and says what it would change.",
                    "low",
                ),
                action(
                    "participation-youth-material",
                    "Let young people make the campaign material",
                    "Young people design posters and videos for their peers, in their own words.",
                    "low",
                ),
                action(
                    "participation-child-friendly-information",
                    "Explain procedures in child-friendly language",
                    "Information for children about where to get help and what happens next "
                    "is written with them, for them.",
                    "investment",
                ),
            ],
        },
    ),
]

PACT_FULL_TEXT = [
    ("heading", {"text": "Why towns and regions commit", "level": "h2", "anchor": "why"}),
    (
        "paragraph",
        "<p>Local and regional authorities run schools, sports clubs, social services and "
        "youth centres: they are the public bodies closest to children and their families. "
        "The Congress of Local and Regional Authorities of the Council of Europe endorsed this "
        "Pact in September 2012 so that they can act together against sexual violence against "
        "children, as part of the ONE in FIVE campaign.</p>",
    ),
    ("heading", {"text": "What signatories commit to", "level": "h2", "anchor": "commitments"}),
    (
        "paragraph",
        "<p>By signing, a town, city or region undertakes to:</p>"
        "<ol><li>take action under each of the four Ps (Prevention, Protection, Prosecution "
        "and Participation), choosing from the possible actions above or adding its own;</li>"
        "<li>make the ONE in FIVE campaign known to its inhabitants;</li>"
        "<li>encourage its national authorities to sign and ratify the Lanzarote Convention "
        "where they have not yet done so;</li>"
        "<li>share what it does, so that others can learn from it.</li></ol>",
    ),
    ("heading", {"text": "Follow-up", "level": "h2", "anchor": "follow-up"}),
    (
        "paragraph",
        "<p>Signatories publish their initiatives on this platform, where they form a "
        "database of good practice open to everyone.</p>",
    ),
    sample_note(),
]


def build_pact():
    """The Pact page at /pact/, first in the main menu, and the home page's button to it."""
    home = home_page()
    pact = add_page_once(
        home,
        PactPage(
            title="The Pact",
            slug="pact",
            introduction=(
                "Towns and regions that sign the Pact commit to act against sexual violence "
                "against children under four headings, the four Ps: Prevention, Protection, "
                "Prosecution and Participation. Some actions need investment; many cost "
                "almost nothing."
            ),
            sections=[
                (p, {"introduction": section["introduction"]}) for p, section in PACT_SECTIONS
            ],
            full_text=PACT_FULL_TEXT,
            search_description="The Pact of Towns and Regions and its four Ps, with the "
            "actions a town or region can take under each.",
            show_in_menus=True,
        ),
    )
    build_possible_actions()
    if not home.hero_call_to_action:
        home.hero_call_to_action = [("link", {"label": "Read the Pact", "page": pact, "url": ""})]
        home.save_revision().publish()
    return pact


def build_possible_actions():
    """The possible actions of PACT_SECTIONS, once each: an action already there (by its
    identifier, or by its P and title when an older database moved it from the Pact page's
    blocks) is left as it is."""
    for p, section in PACT_SECTIONS:
        for order, item in enumerate(section["actions"], start=1):
            if PossibleAction.objects.filter(code=item["code"]).exists():
                continue
            if PossibleAction.objects.filter(p=p, title=item["title"]).exists():
                continue
            PossibleAction.objects.create(p=p, sort_order=order * 10, **item)
