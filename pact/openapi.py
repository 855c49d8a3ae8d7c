"""The OpenAPI 3.1 description of the public data, served at /api/v2/openapi.json.

tests/test_openapi.py calls every path below with each documented parameter example and checks
each answer against these schemas, so the description stays true as the code changes.
"""

from django.conf import settings
from wagtail.models import get_page_models

from core.four_ps import P_SLUGS
from core.query_params import P_SLUG, Boolean, PageId, Parameters
from monitoring.models import ActionState, ReportKind
from monitoring.models.actions import ActionCost
from monitoring.status import Status
from pact import open_data
from pact.api import MAX_OFFSET, PactPagesAPIViewSet
from pact.directory import DIRECTORY_FILTERS
from pact.models import InitiativeStatus, Kind, Profile


def ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def listing_of(item_schema):
    """Wagtail API v2's listing envelope: {"meta": {"total_count": ...}, "items": [...]}."""
    return {
        "type": "object",
        "required": ["meta", "items"],
        "properties": {
            "meta": ref("ListingMeta"),
            "items": {"type": "array", "items": item_schema},
        },
    }


def nullable(schema):
    return {"anyOf": [schema, {"type": "null"}]}


def query(name, description, example, schema=None, needs_type=None):
    """A query parameter; `needs_type` is the page type its example is tried with (x-with:
    the other parameters tests/test_openapi.py adds when it calls the example)."""
    parameter = {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema or {"type": "string"},
    }
    if example is not None:
        parameter["example"] = example
    if needs_type:
        parameter["x-with"] = {"type": needs_type}
    return parameter


# The page types with a schema of their own, by their meta.type.
TYPED_PAGES = {
    "pact.SignatoryPage": "SignatoryPage",
    "pact.InitiativePage": "InitiativePage",
    "pact.EventPage": "EventPage",
    "home.NewsPage": "NewsPage",
    "home.CampaignPage": "CampaignPage",
    "monitoring.MonitoringReportPage": "MonitoringReportPage",
}


def page_type(label):
    """The meta of a page type's own schema: it applies to pages of that type only."""
    return {"type": "object", "required": ["type"], "properties": {"type": {"const": label}}}


def json_response(description, schema):
    return {"description": description, "content": {"application/json": {"schema": schema}}}


BAD_REQUEST = json_response(
    "A parameter is wrong; the message names it and the values it takes.", ref("Error")
)
NOT_FOUND = json_response("No live, public item has this id.", ref("Error"))

NO_NUL = {"type": "string", "pattern": "^[^\\x00]*$"}

COMMON_LISTING_PARAMETERS = [
    query(
        "limit",
        f"How many items (0 to {settings.WAGTAILAPI_LIMIT_MAX}; 20 when not given).",
        5,
        {"type": "integer", "minimum": 0, "maximum": settings.WAGTAILAPI_LIMIT_MAX},
    ),
    query(
        "offset",
        "How many items to skip.",
        5,
        {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET},
    ),
    query(
        "fields",
        "Extra fields: `*` for all; with type=, that type's field names, comma-separated, "
        "`-name` to drop one.",
        "*",
        {"type": "string", "enum": ["*"]},
    ),
    query(
        "order",
        "A field to order by, `-field` for descending; with type=, that type's fields too; "
        "`random` without offset.",
        "-id",
        {"type": "string", "enum": ["id", "-id", "title", "-title"]},
    ),
    # No NUL character: no address of the site takes one (core.query_params.holds_nul).
    query("search", "Full-text search.", "children", NO_NUL),
]


def declared(parameters, name, description, example, needs_type=None):
    """A query parameter documented with the schema of the kind the site reads it with
    (core.query_params): the enums of Ps, profiles or kinds are never a second list."""
    return query(name, description, example, parameters.kinds[name].schema(), needs_type)


# Every parameter the pages endpoint's own filters read, by name.
# Every page type, as type= names it.
PAGE_TYPES = sorted(model._meta.label for model in get_page_models())

API_FILTERS = Parameters(
    **{
        name: kind
        for backend in PactPagesAPIViewSet.pact_filters
        for name, kind in backend.parameters.kinds.items()
    }
)

PAGE_LISTING_PARAMETERS = [
    query(
        "type",
        "A page type, e.g. pact.SignatoryPage, pact.InitiativePage, pact.EventPage, "
        "home.NewsPage, home.CampaignPage. The type-specific filters below, without it, list "
        "the pages of the types they apply to; with a type they do not apply to, none.",
        "pact.SignatoryPage",
        {"type": "string", "enum": PAGE_TYPES},
    ),
    *COMMON_LISTING_PARAMETERS,
    query(
        "child_of",
        "Pages directly under the page of this id (404 if no live, public page has it).",
        None,
        PageId("a page").schema(),
    ),
    query(
        "descendant_of",
        "Pages anywhere under this page (404 if no live, public page has this id).",
        None,
        PageId("a page").schema(),
    ),
    declared(
        API_FILTERS,
        "p",
        "Pages serving this P (with type= of a page type that has Ps).",
        "prevention",
        needs_type="pact.InitiativePage",
    ),
    declared(
        API_FILTERS,
        "country",
        "ISO 3166-1 alpha-2 code, either case (with type=pact.SignatoryPage, "
        "pact.InitiativePage — by the signatory's country — or pact.EventPage).",
        "FR",
        needs_type="pact.InitiativePage",
    ),
    declared(
        API_FILTERS,
        "profile",
        "Signatory profile (with type=pact.SignatoryPage or pact.InitiativePage).",
        "authority",
        needs_type="pact.SignatoryPage",
    ),
    declared(
        API_FILTERS,
        "status",
        "Signatories with this monitoring status (with type=pact.SignatoryPage, or without "
        "type). With type=pact.InitiativePage, `status` filters the initiatives' own status "
        "(planned, ongoing, completed) instead.",
        "reporting",
        needs_type="pact.SignatoryPage",
    ),
    declared(
        API_FILTERS,
        "upcoming",
        "Events not over yet (true) or over (false); type=pact.EventPage.",
        "true",
        needs_type="pact.EventPage",
    ),
    declared(
        API_FILTERS,
        "start_after",
        "Events starting on or after this date; type=pact.EventPage.",
        "2020-01-01",
        needs_type="pact.EventPage",
    ),
    declared(
        API_FILTERS,
        "start_before",
        "Events starting before this date; type=pact.EventPage.",
        "2099-01-01",
        needs_type="pact.EventPage",
    ),
]

DIRECTORY_PARAMETERS = [
    declared(DIRECTORY_FILTERS, "country", "ISO 3166-1 alpha-2 code, either case.", "FR"),
    declared(DIRECTORY_FILTERS, "profile", "Signatory profile.", "authority"),
    declared(DIRECTORY_FILTERS, "kind", "Kind of signatory.", "city"),
    declared(
        DIRECTORY_FILTERS, "p", "Signatories with an initiative serving this P.", "prevention"
    ),
    declared(DIRECTORY_FILTERS, "q", "Part of the signatory's name.", "a"),
    declared(DIRECTORY_FILTERS, "status", "Monitoring status.", "joined"),
]

ACTIONS_PARAMETERS = [
    *(
        parameter
        for parameter in COMMON_LISTING_PARAMETERS
        if parameter["name"] not in ("search", "order")
    ),
    query(
        "order",
        "A field to order by, `-field` for descending; by P in the Pact's order, then the "
        "secretariat's order, when not given.",
        "code",
        {"type": "string", "enum": ["id", "-id", "code", "-code", "title", "-title"]},
    ),
    query("p", "Actions under this P.", "prevention", P_SLUG.schema()),
    query(
        "retired",
        "true: only the actions the Pact no longer lists; false: only the current ones.",
        "false",
        Boolean().schema(),
    ),
]
# A refused filter on the map data and the exports: a plain-text message, nothing else.
TEXT_BAD_REQUEST = {
    "description": "A filter is wrong; the message names it and the values it takes, and "
    "nothing else is sent.",
    "content": {"text/plain": {"schema": {"type": "string"}}},
}

ID_PARAMETER = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
LINK_LICENCE_HEADER = {
    "Link": {
        "description": 'The licence of the data: `<licence URL>; rel="license"`.',
        "schema": {"type": "string"},
    }
}

SCHEMAS = {
    "Error": {
        "type": "object",
        "required": ["message"],
        "properties": {"message": {"type": "string"}},
    },
    "ListingMeta": {
        "type": "object",
        "required": ["total_count"],
        "properties": {"total_count": {"type": "integer", "minimum": 0}},
    },
    "PageMeta": {
        "type": "object",
        "required": ["type", "detail_url", "html_url"],
        "properties": {
            "type": {"type": "string", "examples": ["pact.SignatoryPage"]},
            "detail_url": {"type": "string", "format": "uri"},
            "html_url": nullable({"type": "string", "format": "uri"}),
            "slug": {"type": "string"},
            "first_published_at": nullable({"type": "string", "format": "date-time"}),
        },
    },
    "Page": {
        "description": "A page: id, meta and title, plus the fields of its type asked for "
        "with ?fields= (all of them in a detail). See AnyPage for the types with a schema.",
        "type": "object",
        "required": ["id", "meta", "title"],
        "properties": {
            "id": {"type": "integer"},
            "meta": ref("PageMeta"),
            "title": {"type": "string"},
            # Private contact fields are never part of any page.
            "contact_name": False,
            "contact_role": False,
            "contact_email": False,
            "contact_phone": False,
        },
    },
    "PageListing": listing_of(ref("AnyPage")),
    "AnyPage": {
        "description": "A page of any type: the schema of its type (meta.type) where it has "
        "one of its own, else Page.",
        "anyOf": [
            *(ref(name) for name in TYPED_PAGES.values()),
            {
                "allOf": [ref("Page")],
                "properties": {
                    "meta": {"properties": {"type": {"not": {"enum": list(TYPED_PAGES)}}}}
                },
            },
        ],
    },
    "FourP": {
        "type": "object",
        "required": ["slug", "name"],
        "properties": {"slug": {"enum": list(P_SLUGS)}, "name": {"type": "string"}},
    },
    "Country": {
        "type": "object",
        "required": ["code", "name"],
        "properties": {
            "code": {"type": "string", "pattern": "^[A-Z]{2}$"},
            "name": {"type": "string"},
        },
    },
    "Rendition": {
        "type": "object",
        "required": ["url", "full_url", "width", "height"],
        "properties": {
            "url": {"type": "string"},
            "full_url": {"type": "string"},
            "width": {"type": "integer"},
            "height": {"type": "integer"},
        },
    },
    "StreamField": {
        "type": "array",
        "items": {
            "type": "object",
            "required": ["type", "value", "id"],
            "properties": {"type": {"type": "string"}, "id": {"type": "string"}, "value": {}},
        },
    },
    "SignatoryPage": {
        "description": "A signatory (type=pact.SignatoryPage). Every field is optional in a "
        "listing: it is there when asked for with ?fields=.",
        "allOf": [ref("Page")],
        "type": "object",
        "properties": {
            "meta": page_type("pact.SignatoryPage"),
            "profile": {"enum": list(Profile.values)},
            "profile_label": {"type": "string"},
            "kind": {"enum": list(Kind.values)},
            "kind_label": {"type": "string"},
            "country": ref("Country"),
            "town": {"type": "string"},
            "location": nullable(
                {
                    "type": "object",
                    "required": ["latitude", "longitude", "approximate"],
                    "properties": {
                        "latitude": {"type": "number", "minimum": -90, "maximum": 90},
                        "longitude": {"type": "number", "minimum": -180, "maximum": 180},
                        "approximate": {
                            "type": "boolean",
                            "description": "At the country's centre.",
                        },
                    },
                }
            ),
            "population": nullable({"type": "integer"}),
            "signed_on": nullable({"type": "string", "format": "date"}),
            "logo": nullable(
                {
                    "type": "object",
                    "required": ["id", "title", "small", "large"],
                    "properties": {
                        "id": {"type": "integer"},
                        "title": {"type": "string"},
                        "small": nullable(ref("Rendition")),
                        "large": nullable(ref("Rendition")),
                    },
                }
            ),
            "website": {"type": "string"},
            "description": ref("StreamField"),
            "structures": ref("StreamField"),
            "public_contact_name": {"type": "string"},
            "public_contact_email": {"type": "string"},
            "public_contact_phone": {"type": "string"},
            "monitoring_status": {
                "enum": list(Status.values),
                "description": "joined, action_plan (an action plan in place), reporting, "
                "overdue (past a deadline), on_hold. See docs/monitoring.md.",
            },
            "monitoring_status_label": {"type": "string"},
            "actions": {"type": "array", "items": ref("ChecklistRow")},
        },
    },
    "ChecklistRow": {
        "description": "Where a signatory stands on one current possible action, as approved.",
        "type": "object",
        "required": ["code", "p", "title", "state", "state_label", "year", "note", "evidence"],
        "properties": {
            "code": {
                "type": "string",
                "description": "The action's identifier (/api/v2/actions/).",
            },
            "p": {"enum": list(P_SLUGS)},
            "title": {"type": "string"},
            "state": {"enum": list(ActionState.values)},
            "state_label": {"type": "string"},
            "year": nullable(
                {
                    "type": "integer",
                    "description": "In place: the year it started; planned: the target year.",
                }
            ),
            "note": {"type": "string"},
            "evidence": {
                "description": "The signatory's live, public initiatives that show it.",
                "type": "array",
                "items": ref("PageLink"),
            },
        },
    },
    "PageLink": {
        "type": "object",
        "required": ["id", "title", "url"],
        "properties": {
            "id": {"type": "integer"},
            "title": {"type": "string"},
            "url": {"type": "string", "format": "uri"},
        },
    },
    "MonitoringReportPage": {
        "description": "A signatory's action plan or progress report "
        "(type=monitoring.MonitoringReportPage).",
        "allOf": [ref("Page")],
        "type": "object",
        "properties": {
            "meta": page_type("monitoring.MonitoringReportPage"),
            "kind": {"enum": list(ReportKind.values)},
            "kind_label": {"type": "string"},
            "signatory": nullable(ref("PageLink")),
            "narrative": ref("StreamField"),
            "professionals_trained": nullable({"type": "integer", "minimum": 0}),
            "children_and_families_reached": nullable({"type": "integer", "minimum": 0}),
            "services_set_up": nullable({"type": "integer", "minimum": 0}),
            "accepted_on": nullable(
                {
                    "type": "string",
                    "format": "date",
                    "description": "The day the secretariat first published it.",
                }
            ),
            "checklist": {
                "description": "The signatory's checklist as approved when it was accepted.",
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["code", "p", "title", "state", "year", "note"],
                    "additionalProperties": False,
                    "properties": {
                        "code": nullable({"type": "string"}),
                        "p": nullable({"type": "string"}),
                        "title": nullable({"type": "string"}),
                        "state": nullable({"type": "string"}),
                        "year": nullable({"type": "integer"}),
                        "note": nullable({"type": "string"}),
                    },
                },
            },
        },
    },
    "ActionListing": listing_of(ref("PossibleAction")),
    "PossibleAction": {
        "description": "One of the Pact's possible actions. A listing gives id, meta, code, p, "
        "title and retired_on; ?fields=* or a detail gives every field.",
        "type": "object",
        "required": ["id", "meta"],
        "properties": {
            "id": {"type": "integer"},
            "meta": {
                "type": "object",
                "required": ["type", "detail_url"],
                "properties": {
                    "type": {"const": "monitoring.PossibleAction"},
                    "detail_url": {"type": "string", "format": "uri"},
                },
            },
            "code": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
            "p": {"enum": list(P_SLUGS)},
            "p_name": {"type": "string"},
            "title": {"type": "string"},
            "description": {"type": "string", "description": "HTML."},
            "cost": {"enum": ["", *ActionCost.values]},
            "sort_order": {"type": "integer", "minimum": 0},
            "retired_on": nullable(
                {
                    "type": "string",
                    "format": "date",
                    "description": "The day the Pact stopped listing it; null while listed.",
                }
            ),
        },
    },
    "InitiativePage": {
        "description": "An initiative (type=pact.InitiativePage).",
        "allOf": [ref("Page")],
        "type": "object",
        "properties": {
            "meta": page_type("pact.InitiativePage"),
            "summary": {"type": "string"},
            "body": ref("StreamField"),
            "ps": {"type": "array", "items": ref("FourP")},
            "status": {"enum": list(InitiativeStatus.values)},
            "start_date": nullable({"type": "string", "format": "date"}),
            "end_date": nullable({"type": "string", "format": "date"}),
            "target_groups": {"type": "string"},
            "results": {"type": "string"},
            "signatory": nullable(
                {
                    "type": "object",
                    "required": ["id", "title", "url"],
                    "properties": {
                        "id": {"type": "integer"},
                        "title": {"type": "string"},
                        "url": {"type": "string", "format": "uri"},
                    },
                }
            ),
            "country": nullable(ref("Country")),
        },
    },
    "EventPage": {
        "description": "An event (type=pact.EventPage); times in UTC with their offset.",
        "allOf": [ref("Page")],
        "type": "object",
        "properties": {
            "meta": page_type("pact.EventPage"),
            "start": {"type": "string", "format": "date-time"},
            "end": nullable({"type": "string", "format": "date-time"}),
            "all_day": {"type": "boolean"},
            "venue": {"type": "string"},
            "town": {"type": "string"},
            "country": {
                "type": "string",
                "pattern": "^([A-Z]{2})?$",
                "description": "ISO 3166-1 alpha-2 code, or empty for an online-only event.",
            },
            "online_url": {"type": "string"},
            "organiser": {"type": "string"},
            "ps": {"type": "array", "items": ref("FourP")},
            "description": ref("StreamField"),
            "registration_url": {"type": "string"},
        },
    },
    "NewsPage": {
        "description": "A news item (type=home.NewsPage).",
        "allOf": [ref("Page")],
        "type": "object",
        "properties": {
            "meta": page_type("home.NewsPage"),
            "date": nullable({"type": "string", "format": "date"}),
            "introduction": {"type": "string"},
            "image": nullable(ref("Rendition")),
            "image_alt": {"type": "string"},
            "body": ref("StreamField"),
            "ps": {"type": "array", "items": ref("FourP")},
            "tags": {"type": "array", "items": {"type": "string"}},
        },
    },
    "CampaignPage": {
        "description": "A campaign page (type=home.CampaignPage).",
        "allOf": [ref("Page")],
        "type": "object",
        "properties": {
            "meta": page_type("home.CampaignPage"),
            "introduction": {"type": "string"},
            "body": ref("StreamField"),
            "ps": {"type": "array", "items": ref("FourP")},
            "tags": {"type": "array", "items": {"type": "string"}},
        },
    },
    "ImageListing": listing_of(ref("Image")),
    "Image": {
        "type": "object",
        "required": ["id", "meta", "title"],
        "properties": {
            "id": {"type": "integer"},
            "title": {"type": "string"},
            "meta": {
                "type": "object",
                "required": ["type", "detail_url"],
                "properties": {
                    "type": {"const": "wagtailimages.Image"},
                    "detail_url": {"type": "string"},
                    "download_url": {"type": "string"},
                },
            },
            "width": {"type": "integer"},
            "height": {"type": "integer"},
        },
    },
    "DocumentListing": listing_of(ref("Document")),
    "Document": {
        "type": "object",
        "required": ["id", "meta", "title"],
        "properties": {
            "id": {"type": "integer"},
            "title": {"type": "string"},
            "meta": {
                "type": "object",
                "required": ["type", "detail_url", "download_url"],
                "properties": {
                    "type": {"const": "wagtaildocs.Document"},
                    "detail_url": {"type": "string"},
                    "download_url": {"type": "string"},
                },
            },
        },
    },
    "SignatoryRecord": {
        "type": "object",
        "additionalProperties": False,
        # Exactly the export's columns: the schema test then fails if they drift apart.
        "required": list(open_data.COLUMNS),
        "properties": {
            "id": {"type": "integer"},
            "name": {"type": "string"},
            "url": {"type": "string", "format": "uri"},
            "profile": {"enum": list(Profile.values)},
            "kind": {"enum": list(Kind.values)},
            "kind_label": {"type": "string"},
            "country": {"type": "string", "pattern": "^[A-Z]{2}$"},
            "country_name": {"type": "string"},
            "town": {"type": "string"},
            "latitude": nullable({"type": "number"}),
            "longitude": nullable({"type": "number"}),
            "approximate": nullable({"type": "boolean"}),
            "population": nullable({"type": "integer"}),
            "signed_on": nullable({"type": "string", "format": "date"}),
            "website": {"type": "string"},
            "ps": {"type": "array", "items": {"enum": list(P_SLUGS)}},
            "initiatives": {"type": "integer", "minimum": 0},
            "public_contact_name": {"type": "string"},
            "public_contact_email": {"type": "string"},
            "public_contact_phone": {"type": "string"},
            "status": {"enum": list(Status.values)},
            "status_label": {"type": "string"},
            "actions_in_place": {"type": "array", "items": {"type": "string"}},
            "actions_planned": {"type": "array", "items": {"type": "string"}},
            "action_plan_accepted_on": nullable({"type": "string", "format": "date"}),
            "last_report_on": nullable({"type": "string", "format": "date"}),
            "reports": {"type": "integer", "minimum": 0},
            "latest_professionals_trained": nullable({"type": "integer", "minimum": 0}),
            "latest_children_and_families_reached": nullable({"type": "integer", "minimum": 0}),
            "latest_services_set_up": nullable({"type": "integer", "minimum": 0}),
        },
    },
    "SignatoryExport": {
        "type": "object",
        "required": ["licence", "source", "generated", "filters", "count", "signatories"],
        "properties": {
            "licence": {
                "type": "object",
                "required": ["name", "url"],
                "properties": {"name": {"type": "string"}, "url": {"type": "string"}},
            },
            "source": {"type": "string", "format": "uri"},
            "generated": {"type": "string", "format": "date-time"},
            "filters": {"type": "object"},
            "count": {"type": "integer"},
            "signatories": {"type": "array", "items": ref("SignatoryRecord")},
        },
    },
    "SignatoryMap": {
        "description": "An RFC 7946 FeatureCollection of points, [longitude, latitude].",
        "type": "object",
        "required": ["type", "features"],
        "properties": {
            "type": {"const": "FeatureCollection"},
            "features": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["type", "id", "geometry", "properties"],
                    "properties": {
                        "type": {"const": "Feature"},
                        "id": {"type": "integer"},
                        "geometry": {
                            "type": "object",
                            "required": ["type", "coordinates"],
                            "properties": {
                                "type": {"const": "Point"},
                                "coordinates": {
                                    "type": "array",
                                    "items": {"type": "number"},
                                    "minItems": 2,
                                    "maxItems": 2,
                                },
                            },
                        },
                        "properties": {
                            "type": "object",
                            "required": [
                                "name",
                                "url",
                                "country",
                                "profile",
                                "kind",
                                "approximate",
                                "status",
                            ],
                            "properties": {
                                "name": {"type": "string"},
                                "url": {"type": "string"},
                                "country": {"type": "string"},
                                "country_name": {"type": "string"},
                                "profile": {"enum": list(Profile.values)},
                                "kind": {"enum": list(Kind.values)},
                                "kind_label": {"type": "string"},
                                "approximate": {"type": "boolean"},
                                "status": {"enum": list(Status.values)},
                                "status_label": {"type": "string"},
                            },
                        },
                    },
                },
            },
        },
    },
}


def listing(summary, parameters, schema):
    return {
        "get": {
            "summary": summary,
            "parameters": parameters,
            "responses": {
                "200": json_response("One page of results.", schema),
                "400": BAD_REQUEST,
                "404": json_response(
                    "child_of or descendant_of names no live, public page.", ref("Error")
                ),
            },
        }
    }


def detail(summary, schema):
    return {
        "get": {
            "summary": summary,
            "parameters": [
                ID_PARAMETER,
                query(
                    "fields",
                    "`*` for every field (the default in a detail); the names of the item's "
                    "type's fields, `-name` to drop one.",
                    "*",
                    {"type": "string", "enum": ["*"]},
                ),
            ],
            "responses": {
                "200": json_response("The item.", schema),
                "400": BAD_REQUEST,
                "404": NOT_FOUND,
            },
        }
    }


def export(summary, media_type, schema):
    return {
        "get": {
            "summary": summary,
            "parameters": DIRECTORY_PARAMETERS,
            "responses": {
                "200": {
                    "description": "Live, public signatories matching the filters.",
                    "headers": LINK_LICENCE_HEADER,
                    "content": {media_type: {"schema": schema}},
                },
                "400": TEXT_BAD_REQUEST,
            },
        }
    }


def openapi_description(server_url=""):
    """The description as a dict, with the server this site answers at."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Pact of Towns and Regions: public data",
            "version": "2",
            "description": "Live, public content of the Pact platform and the list of its "
            "signatories. Read-only; CORS open to any origin by default; answers carry "
            "Cache-Control and ETag. See docs/api.md.",
            "license": {"name": settings.OPEN_DATA_LICENCE, "url": settings.OPEN_DATA_LICENCE_URL},
        },
        "servers": [{"url": server_url or "/"}],
        "paths": {
            "/api/v2/pages/": listing("Pages", PAGE_LISTING_PARAMETERS, ref("PageListing")),
            "/api/v2/pages/{id}/": detail("One page, with every field of its type", ref("AnyPage")),
            "/api/v2/images/": listing(
                "Images used by a live public page", COMMON_LISTING_PARAMETERS, ref("ImageListing")
            ),
            "/api/v2/images/{id}/": detail("One image used by a live public page", ref("Image")),
            "/api/v2/documents/": listing(
                "Documents used by a live public page",
                COMMON_LISTING_PARAMETERS,
                ref("DocumentListing"),
            ),
            "/api/v2/documents/{id}/": detail(
                "One document used by a live public page", ref("Document")
            ),
            "/api/v2/actions/": listing(
                "The Pact's possible actions, retired ones included",
                ACTIONS_PARAMETERS,
                ref("ActionListing"),
            ),
            "/api/v2/actions/{id}/": detail("One possible action", ref("PossibleAction")),
            "/participants/map.geojson": {
                "get": {
                    "summary": "Signatories on the map, as GeoJSON",
                    "parameters": DIRECTORY_PARAMETERS,
                    "responses": {
                        "200": {
                            "description": "A FeatureCollection.",
                            "content": {"application/geo+json": {"schema": ref("SignatoryMap")}},
                        },
                        "400": TEXT_BAD_REQUEST,
                    },
                }
            },
            "/participants/export.csv": export(
                "Signatories as CSV (UTF-8, header row, one row per signatory)",
                "text/csv",
                {"type": "string"},
            ),
            "/participants/export.json": export(
                "Signatories as JSON, with the licence", "application/json", ref("SignatoryExport")
            ),
            "/api/v2/openapi.json": {
                "get": {
                    "summary": "This description",
                    "responses": {
                        "200": json_response(
                            "OpenAPI 3.1", {"type": "object", "required": ["openapi", "paths"]}
                        )
                    },
                }
            },
        },
        "components": {"schemas": SCHEMAS},
    }
