"""When may the next nurture email to a prospect go out?

Pure functions, no database. A send time is the earliest instant that is

- no earlier than the step's earliest moment,
- inside the send window on the prospect's local wall clock (e.g. Tue-Thu 09:00-11:00),
- at least the frequency cap away, in elapsed time, from every other nurture email of
  that prospect (scheduled or sent, before or after, across all sequences).

Results are exact to the microsecond: nothing is rounded, so a valid `earliest` comes
back unchanged (unless a spread key asks for a later minute of the window).

Daylight saving time is handled by walking forward in UTC through stretches of constant
UTC offset instead of building local datetimes and guessing their offset:

- A window part that falls in a spring-forward gap opens at the first instant that exists
  (the transition itself); a window wholly inside the gap is skipped for that day.
- In a fall-back fold the repeated local times are all inside the window (it is a
  wall-clock window), and the earliest such instant after `earliest` wins.
- Days a zone skipped (Pacific/Apia, 2011-12-30) or repeated, 30- and 45-minute offsets,
  and offsets with seconds (old local mean time) need no special case.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

ALL_DAYS = frozenset(range(1, 8))
# Spread keys move a prospect's send into the first half of the window, by at most this.
SPREAD_LIMIT = timedelta(hours=1)

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_LAST = datetime.max.replace(tzinfo=UTC)
_SECOND = timedelta(seconds=1)
# tzdata never changes a zone's UTC offset twice within 48 hours (the closest pair is
# 95 hours apart, Africa/Freetown 1939), so an unchanged offset 48 hours ahead means no
# change in between.
_PROBE = timedelta(hours=48)
# Any real window opens within a week or so; this only stops a search that cannot succeed.
_HORIZON = timedelta(days=2 * 366)


@dataclass(frozen=True)
class SendWindow:
    """Weekdays (ISO, 1=Monday..7=Sunday) and local wall-clock hours [start, end)."""

    days: frozenset[int]
    start: time
    end: time
    # For each ISO weekday, how many days ahead the next allowed day is (1..7).
    _days_to_next: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        days = frozenset(self.days)
        if not days:
            raise ValueError("Choose at least one day of the week for sending.")
        if not days <= ALL_DAYS:
            raise ValueError("Sending days run from 1 (Monday) to 7 (Sunday).")
        if self.start.tzinfo is not None or self.end.tzinfo is not None:
            raise ValueError("Send window times are local clock times, without a timezone.")
        if self.end <= self.start:
            raise ValueError(
                f"The send window must end after it starts ({self.start:%H:%M} to "
                f"{self.end:%H:%M}); windows that run past midnight are not supported."
            )
        object.__setattr__(self, "days", days)
        object.__setattr__(
            self,
            "_days_to_next",
            tuple(
                next(k for k in range(1, 8) if (weekday + k - 1) % 7 + 1 in days)
                for weekday in range(8)
            ),
        )

    def contains(self, moment: datetime, zone: ZoneInfo) -> bool:
        """Whether `moment` (aware, any timezone) is inside the window on `zone`'s clock."""
        if moment.utcoffset() is None:
            raise ValueError("A send time must be timezone-aware.")
        local = moment.astimezone(zone)
        return local.isoweekday() in self.days and self.start <= local.time() < self.end


DEFAULT_WINDOW = SendWindow(frozenset({2, 3, 4}), time(9), time(11))


def window_from_workspace_fields(days: Iterable[int], start: time, end: time) -> SendWindow:
    """Build a send window from a workspace's (or step's) settings, or explain what's wrong."""
    return SendWindow(frozenset(days), start, end)


def next_send_time(
    earliest: datetime,
    *,
    zone: ZoneInfo,
    window: SendWindow,
    taken: Iterable[datetime] = (),
    cap: timedelta = timedelta(days=3),
    spread_key: int | None = None,
) -> datetime:
    """The earliest send time (aware, UTC) at or after `earliest` that is inside `window`
    on `zone`'s wall clock and at least `cap` away from every time in `taken`.

    `spread_key` (e.g. the prospect's id) keeps a fan-out from sending everything at the
    window's first second: it maps, deterministically, to an offset of whole seconds in
    the first half of the window (at most SPREAD_LIMIT). On the day the send would go out,
    it goes out no earlier than start + offset on the local clock; when that is impossible
    on that day (the rest of the window is in a DST gap, or the cap forbids it) the send
    keeps the earliest valid instant of that day instead. Without a key the result is the
    earliest valid instant, and `earliest` itself when that is valid.

    Raises ValueError for naive datetimes, a negative cap, or when nothing fits within two
    years (or within the calendar's range).
    """
    if cap < timedelta(0):
        raise ValueError("The frequency cap cannot be negative.")
    lower = _as_utc(earliest)
    busy = [_as_utc(moment) for moment in taken]
    try:
        slot = _first_free(lower, zone, window.start, window, busy, cap, _later(lower, _HORIZON))
        if slot is None:
            raise ValueError(
                f"No send time within two years of {earliest.isoformat()} fits the window "
                f"and the frequency cap."
            )
        offset = spread_offset(spread_key, window) if spread_key is not None else timedelta(0)
        if offset:
            late_start = (datetime.combine(date.min, window.start) + offset).time()
            spread = _first_free(slot, zone, late_start, window, busy, cap, _later(slot, _PROBE))
            if spread is not None and _same_local_day(spread, slot, zone):
                slot = spread
    except OverflowError:
        raise ValueError(
            f"No send time after {earliest.isoformat()} fits within the calendar's range."
        ) from None
    return slot


def due_times_for_steps(
    start: datetime,
    *,
    delays: Sequence[timedelta],
    zone: ZoneInfo,
    windows: Sequence[SendWindow],
    taken: Iterable[datetime] = (),
    cap: timedelta = timedelta(days=3),
    spread_key: int | None = None,
) -> list[datetime]:
    """Due times (aware, UTC) for a sequence's steps, one after another.

    Step i may go out `delays[i]` (elapsed time) after step i-1's due time (after `start`
    for the first step), inside `windows[i]`; every due time joins `taken` for the steps
    after it, so a sequence's own steps respect the cap too.
    """
    if len(delays) != len(windows):
        raise ValueError("Each step needs exactly one delay and one send window.")
    if any(delay < timedelta(0) for delay in delays):
        raise ValueError("A step's delay cannot be negative.")
    busy = list(taken)
    due_times = []
    previous = _as_utc(start)
    for delay, window in zip(delays, windows, strict=True):
        previous = next_send_time(
            previous + delay,
            zone=zone,
            window=window,
            taken=busy,
            cap=cap,
            spread_key=spread_key,
        )
        due_times.append(previous)
        busy.append(previous)
    return due_times


def spread_offset(spread_key: int, window: SendWindow) -> timedelta:
    """A key's deterministic offset into `window`: whole seconds in its first half, and
    less than SPREAD_LIMIT."""
    length = datetime.combine(date.min, window.end) - datetime.combine(date.min, window.start)
    seconds = int(min(length / 2, SPREAD_LIMIT) // _SECOND)
    if seconds < 1:
        return timedelta(0)
    # Fibonacci hashing: consecutive ids land far apart in the window.
    mixed = ((spread_key * 0x9E3779B97F4A7C15) & 0xFFFF_FFFF_FFFF_FFFF) >> 32
    return timedelta(seconds=mixed % seconds)


def _as_utc(moment: datetime) -> datetime:
    # Aware datetimes sharing a tzinfo compare and subtract by wall clock, ignoring DST;
    # in UTC they compare and subtract in elapsed time.
    if moment.utcoffset() is None:
        raise ValueError(f"{moment.isoformat()} has no timezone; scheduling needs aware times.")
    return moment.astimezone(UTC)


def _later(moment: datetime, delta: timedelta) -> datetime:
    return moment + delta if moment < _LAST - delta else _LAST


def _same_local_day(one: datetime, other: datetime, zone: ZoneInfo) -> bool:
    return one.astimezone(zone).date() == other.astimezone(zone).date()


def _offset_change(zone: ZoneInfo, instant: datetime, local: datetime, until: datetime) -> datetime:
    """The instant in (instant, until] where the zone's UTC offset stops being the one it has
    at `instant` (whose wall-clock time is `local`).

    tzdata transitions fall on whole seconds, so bisect over whole seconds.
    """
    low = (instant - _EPOCH) // _SECOND
    high = -((_EPOCH - until) // _SECOND)
    while high - low > 1:
        middle = (low + high) // 2
        moment = _EPOCH + middle * _SECOND
        if moment.astimezone(zone) - local == moment - instant:
            low = middle
        else:
            high = middle
    return _EPOCH + high * _SECOND


def _next_open_wall(local: datetime, start: time, end: time, window: SendWindow) -> datetime:
    """The first wall-clock time at or after `local` inside [start, end) on an allowed day,
    in `local`'s tzinfo (only its wall clock matters)."""
    weekday = local.isoweekday()
    if weekday in window.days:
        clock = local.time()
        if clock < start:
            return datetime.combine(local.date(), start, local.tzinfo)
        if clock < end:
            return local
    day = local.date() + timedelta(days=window._days_to_next[weekday])
    return datetime.combine(day, start, local.tzinfo)


def _first_open(
    lower: datetime, zone: ZoneInfo, start: time, window: SendWindow, limit: datetime
) -> datetime | None:
    """The first UTC instant at or after `lower` whose wall-clock time is inside
    [start, window.end) on an allowed day, or None if there is none up to `limit`.

    Walks forward through stretches of constant UTC offset: assume the offset holds, find
    the window's next opening, and check the offset there (at most _PROBE ahead). If the
    offset changed, continue from the change, where the wall clock jumped.

    Aware datetimes in one ZoneInfo subtract by wall clock, so `opening - local` is the
    wall-clock distance, and the offset is unchanged where wall-clock and elapsed distances
    agree. Local times are only ever subtracted, never converted back, so `fold` and wall
    times that do not exist (or exist twice) play no part.
    """
    instant = lower
    local = instant.astimezone(zone)
    while True:
        candidate = instant + (_next_open_wall(local, start, window.end, window) - local)
        probe = min(candidate, instant + _PROBE)
        if probe > limit:
            return None
        probe_local = probe.astimezone(zone)
        if probe_local - local == probe - instant:
            if probe == candidate:
                return candidate
            instant, local = probe, probe_local
        else:
            instant = _offset_change(zone, instant, local, probe)
            local = instant.astimezone(zone)


def _first_free(
    lower: datetime,
    zone: ZoneInfo,
    start: time,
    window: SendWindow,
    busy: list[datetime],
    cap: timedelta,
    limit: datetime,
) -> datetime | None:
    """The first instant at or after `lower` that is open and at least `cap` from all of `busy`.

    An open instant too close to some busy times rules out everything until the last of
    them plus the cap, so jump there; each busy time can force at most one jump.
    """
    while True:
        slot = _first_open(lower, zone, start, window, limit)
        if slot is None:
            return None
        clear_from = max(
            (moment + cap for moment in busy if abs(slot - moment) < cap), default=None
        )
        if clear_from is None:
            return slot
        lower = clear_from


# ---- how a window reads to a coach -----------------------------------------------------

WEEKDAYS = [(1, "Mon"), (2, "Tue"), (3, "Wed"), (4, "Thu"), (5, "Fri"), (6, "Sat"), (7, "Sun")]


WEEKDAY_NAMES = {
    1: "Monday",
    2: "Tuesday",
    3: "Wednesday",
    4: "Thursday",
    5: "Friday",
    6: "Saturday",
    7: "Sunday",
}


def describe_days(days) -> str:
    """ "Tue–Thu", "Mon, Wed, Fri", "every day"."""
    days = sorted(set(days))
    if len(days) == 7:
        return "every day"
    short = dict(WEEKDAYS)
    if len(days) > 2 and days == list(range(days[0], days[-1] + 1)):
        return f"{short[days[0]]}–{short[days[-1]]}"
    return ", ".join(short[day] for day in days)


def describe_window(days, start: datetime.time, end: datetime.time) -> str:
    return f"{describe_days(days)}, {start:%H:%M}–{end:%H:%M}"
