import functools
import zoneinfo


@functools.cache
def known_timezones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def is_valid_timezone(name: str) -> bool:
    return name in known_timezones()


# Region/City names people recognise (no Etc/GMT+5 or legacy aliases such as US/Eastern).
REGIONS = (
    "Africa",
    "America",
    "Antarctica",
    "Asia",
    "Atlantic",
    "Australia",
    "Europe",
    "Indian",
    "Pacific",
)


def city_label(name: str) -> str:
    """ "America/Argentina/Buenos_Aires" → "Buenos Aires (Argentina)": what a person looks for."""
    parts = name.replace("_", " ").split("/")[1:]
    return parts[-1] + (f" ({', '.join(parts[:-1])})" if len(parts) > 1 else "")


@functools.cache
def grouped_timezones() -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    """For a <select>: UTC, then each region's zones labelled by city, A to Z.

    Typing "Lon" in the open list finds London, as on the prospects' own pages.
    """
    groups = []
    for region in REGIONS:
        zones = [n for n in known_timezones() if n.startswith(region + "/")]
        labelled = sorted(((n, city_label(n)) for n in zones), key=lambda z: z[1].casefold())
        groups.append((region, tuple(labelled)))
    return (("", (("UTC", "UTC"),)), *groups)


def timezone_field_choices(current: str = "", *, empty: str | None = None) -> list:
    """Choices for a Django ChoiceField; keeps a `current` zone that is valid but unlisted."""
    choices: list = [] if empty is None else [("", empty)]
    for region, zones in grouped_timezones():
        if region:
            choices.append((region, list(zones)))
        else:
            choices += list(zones)
    listed = {name for _, zones in grouped_timezones() for name, _ in zones}
    if current and current not in listed and is_valid_timezone(current):
        choices.append((current, current))
    return choices
