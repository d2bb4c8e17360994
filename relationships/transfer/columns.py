"""Which field each column fills: guessed from the headers the common exports write
(Mailchimp, Kit, HubSpot, a spreadsheet), changed by the coach on step 2.

Export writes these same headers (EXPORT_HEADERS), so an exported file maps itself.
"""

import re

IGNORE = ""
# field -> what the coach sees on step 2
FIELDS: dict[str, str] = {
    "email": "Email",
    "name": "Name",
    "first_name": "First name",
    "last_name": "Last name",
    "tags": "Tags",
    "stage": "Stage",
    "timezone": "Time zone",
    "source": "Source",
    "notes": "Notes",
    "phone": "Phone",
    "created": "Created",
    "opted_in": "Opted in on (date)",
}

# Header spellings, compared lower-cased with spaces, dashes and underscores removed.
SPELLINGS: dict[str, set[str]] = {
    "email": {"email", "emailaddress", "e-mail", "mail", "emailaddr", "primaryemail", "workemail"},
    "name": {"name", "fullname", "contactname", "displayname", "subscribername"},
    "first_name": {"firstname", "fname", "givenname", "first"},
    "last_name": {"lastname", "lname", "surname", "familyname", "last"},
    "tags": {"tags", "tag", "labels", "lists", "segments"},
    "stage": {"stage", "lifecyclestage", "leadstatus", "status", "pipelinestage"},
    "timezone": {"timezone", "tz", "zone"},
    "source": {"source", "leadsource", "originalsource", "referrer", "howtheyfoundus"},
    "notes": {"notes", "note", "comments", "description", "about"},
    "phone": {"phone", "phonenumber", "mobile", "mobilephone", "telephone", "tel"},
    "created": {"created", "createdat", "createdate", "dateadded", "signupdate", "subscribed"},
    "opted_in": {"optintime", "optedin", "optedinon", "confirmtime", "consentdate", "optindate"},
}
_SQUEEZE = re.compile(r"[\s_\-.]+")


def squeeze(header: str) -> str:
    return _SQUEEZE.sub("", header.strip().lower())


def guess_field(header: str) -> str:
    key = squeeze(header)
    for name, spellings in SPELLINGS.items():
        if key in {squeeze(s) for s in spellings}:
            return name
    if "email" in key or "e-mail" in header.lower():
        return "email"
    return IGNORE


def guess_mapping(headers: list[str]) -> dict[str, str]:
    """Column number (as text, JSON's keys) → field; each field taken by its first column."""
    mapping, taken = {}, set()
    for index, header in enumerate(headers):
        name = guess_field(header)
        if name and name not in taken:
            mapping[str(index)] = name
            taken.add(name)
    return mapping


# The columns an export writes, which guess_mapping maps back to the same fields.
EXPORT_HEADERS = [
    ("email", "Email"),
    ("name", "Name"),
    ("stage", "Stage"),
    ("tags", "Tags"),
    ("timezone", "Time zone"),
    ("source", "Source"),
    ("phone", "Phone"),
    ("notes", "Notes"),
    ("created", "Created"),
]


# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection,
# OWASP): names come from public sign-up forms. Exports put a quote before such a cell and
# the import takes it off, so a round trip stays exact.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def from_spreadsheet_safe(value: str) -> str:
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_STARTS) else value
