"""The nurture scheduling core: send windows, frequency cap, DST. Pure, no database.

The minimality check is exact and independent of the implementation: the set of valid
send instants is a union of intervals, each opening at `earliest`, at a taken time plus
the cap, at a window start (either reading of an ambiguous one), or at a UTC offset
change. Enumerating those candidates, none that is valid may come before the result.
"""

import functools
import math
import zoneinfo
from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relationships.nurture.scheduling import (
    DEFAULT_WINDOW,
    SPREAD_LIMIT,
    SendWindow,
    due_times_for_steps,
    next_send_time,
    spread_offset,
    window_from_workspace_fields,
)


def _loadable(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


ZONE_NAMES = [name for name in sorted(zoneinfo.available_timezones()) if _loadable(name)]
MINUTE = timedelta(minutes=1)
DAY = timedelta(days=1)
PROPERTIES = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def local(moment: datetime, zone: ZoneInfo) -> datetime:
    return moment.astimezone(zone)


# --- Offset changes, found by scanning utcoffset (a different code path from the module).


def _offset_at(zone: ZoneInfo, seconds: int) -> timedelta:
    return datetime.fromtimestamp(seconds, UTC).astimezone(zone).utcoffset()


def offset_changes(zone: ZoneInfo, begin: datetime, end: datetime) -> list[datetime]:
    """Every instant in (begin, end] where the zone's UTC offset changes, to the second."""
    found = []
    step = 6 * 3600
    low = math.floor(begin.timestamp())
    low_offset = _offset_at(zone, low)
    last = math.ceil(end.timestamp())
    while low < last:
        high = min(low + step, last)
        high_offset = _offset_at(zone, high)
        if high_offset != low_offset:
            a, b = low, high
            while b - a > 1:
                middle = (a + b) // 2
                if _offset_at(zone, middle) == low_offset:
                    a = middle
                else:
                    b = middle
            found.append(datetime.fromtimestamp(b, UTC))
        low, low_offset = high, high_offset
    return found


@functools.cache
def changes_in_year(name: str, year: int) -> tuple[datetime, ...]:
    return tuple(offset_changes(ZoneInfo(name), utc(year, 1, 1), utc(year + 1, 1, 1)))


# --- The reference: is an instant valid, and is there an earlier valid one?


def is_valid(moment, *, earliest, zone, window, taken, cap) -> bool:
    return (
        moment >= earliest
        and window.contains(moment, zone)
        and all(abs(moment - other) >= cap for other in taken)
    )


def opening_candidates(*, earliest, result, zone, window, taken, cap) -> set[datetime]:
    candidates = {earliest, *(other + cap for other in taken)}
    first_day = local(earliest, zone).date() - 2 * DAY
    last_day = local(result, zone).date() + 2 * DAY
    day = first_day
    while day <= last_day:
        if day.isoweekday() in window.days:
            wall = datetime.combine(day, window.start, tzinfo=zone)
            candidates.add(wall.astimezone(UTC))
            candidates.add(wall.replace(fold=1).astimezone(UTC))
        day += DAY
    candidates.update(offset_changes(zone, earliest - DAY, result + DAY))
    return candidates


def assert_valid_and_earliest(result, *, earliest, zone, window, taken, cap) -> None:
    earliest = earliest.astimezone(UTC)
    taken = [other.astimezone(UTC) for other in taken]
    rules = {"earliest": earliest, "zone": zone, "window": window, "taken": taken, "cap": cap}
    assert result.utcoffset() == timedelta(0)
    assert result >= earliest
    assert window.contains(result, zone), local(result, zone)
    assert all(abs(result - other) >= cap for other in taken)
    candidates = opening_candidates(result=result, **rules)
    assert result in candidates, "the result is not where a valid stretch opens"
    earlier = sorted(c for c in candidates if c < result and is_valid(c, **rules))
    assert not earlier, f"{earlier[0]} ({local(earlier[0], zone)}) is valid and earlier"


# --- Strategies.

zone_names = st.sampled_from(ZONE_NAMES)
caps = st.one_of(
    st.just(timedelta(0)),
    st.integers(0, 10 * 24 * 60).map(lambda minutes: minutes * MINUTE),
    st.timedeltas(timedelta(0), timedelta(days=10)),
)


def _clock(seconds: int) -> time:
    return time(seconds // 3600, seconds // 60 % 60, seconds % 60)


@st.composite
def windows(draw, *, around: time | None = None, weekdays: frozenset[int] = frozenset()):
    days = draw(st.frozensets(st.integers(1, 7), min_size=0 if weekdays else 1)) | weekdays
    grain = draw(st.sampled_from([15 * 60, 60, 1]))
    if around is None:
        low, high = 0, 86399
    else:
        # Near an offset change: windows that start in, end in, or span its gap or fold.
        anchor = around.hour * 3600 + around.minute * 60 + around.second
        low, high = max(0, anchor - 3 * 3600), min(86399, anchor + 3 * 3600)
    points = st.integers(low // grain, high // grain).map(lambda point: point * grain)
    start, end = sorted(draw(st.lists(points, min_size=2, max_size=2, unique=True)))
    return SendWindow(days, _clock(start), _clock(end))


@st.composite
def scenarios(draw):
    """(zone, earliest, window): uniform instants, or hours from one of the zone's changes."""
    name = draw(zone_names)
    zone = ZoneInfo(name)
    year = draw(st.integers(1990, 2060))
    changes = changes_in_year(name, year)
    if changes and draw(st.booleans()):
        change = draw(st.sampled_from(changes))
        earliest = change + draw(st.timedeltas(-timedelta(hours=36), timedelta(hours=36)))
        if draw(st.booleans()):
            before = local(change - timedelta(seconds=1), zone) + timedelta(seconds=1)
            after = local(change, zone)
            weekdays = frozenset({before.isoweekday(), after.isoweekday()})
            window = draw(windows(around=before.time(), weekdays=weekdays))
        else:
            window = draw(windows())
    else:
        start = datetime(year, 1, 1)
        naive = draw(st.datetimes(min_value=start, max_value=start.replace(month=12, day=31)))
        earliest = naive.replace(tzinfo=UTC)
        window = draw(windows())
    # `earliest` may arrive in any timezone.
    shown_in = draw(
        st.sampled_from(
            [
                UTC,
                zone,
                timezone(timedelta(hours=-7, minutes=-30)),
                timezone(timedelta(hours=5, minutes=45)),
            ]
        )
    )
    return zone, earliest.astimezone(shown_in), window


@st.composite
def taken_near(draw, earliest: datetime):
    span = 15 * 24 * 60
    offsets = st.integers(-span, span).map(lambda minutes: minutes * MINUTE)
    jitter = st.sampled_from([timedelta(0), timedelta(seconds=17), timedelta(microseconds=1)])
    return [earliest + draw(offsets) + draw(jitter) for _ in range(draw(st.integers(0, 8)))]


# --- Properties.


@PROPERTIES
@given(data=st.data(), scenario=scenarios(), cap=caps)
def test_it_picks_the_earliest_valid_instant(data, scenario, cap):
    zone, earliest, window = scenario
    taken = data.draw(taken_near(earliest.astimezone(UTC)))
    result = next_send_time(earliest, zone=zone, window=window, taken=taken, cap=cap)
    assert_valid_and_earliest(
        result, earliest=earliest, zone=zone, window=window, taken=taken, cap=cap
    )


@PROPERTIES
@given(data=st.data(), scenario=scenarios(), cap=caps)
def test_it_keeps_a_valid_earliest_to_the_microsecond(data, scenario, cap):
    zone, _, window = scenario
    # Move `earliest` into the window: pick a candidate the scheduler itself found.
    seed = next_send_time(scenario[1], zone=zone, window=window, cap=timedelta(0))
    earliest = seed + data.draw(st.timedeltas(timedelta(0), timedelta(minutes=30)))
    taken = [t for t in data.draw(taken_near(earliest)) if abs(t - earliest) >= cap]
    valid = window.contains(earliest, zone)
    result = next_send_time(earliest, zone=zone, window=window, taken=taken, cap=cap)
    assert (result == earliest) is valid


@PROPERTIES
@given(data=st.data(), scenario=scenarios(), cap=caps, key=st.integers(-(2**63), 2**63))
def test_a_spread_key_stays_valid_on_the_same_day(data, scenario, cap, key):
    zone, earliest, window = scenario
    taken = data.draw(taken_near(earliest.astimezone(UTC)))
    rules = {"zone": zone, "window": window, "taken": taken, "cap": cap}
    plain = next_send_time(earliest, **rules)
    spread = next_send_time(earliest, spread_key=key, **rules)
    assert spread >= plain >= earliest
    assert window.contains(spread, zone)
    assert all(abs(spread - other) >= cap for other in taken)
    assert local(spread, zone).date() == local(plain, zone).date()
    late_start = datetime.combine(date.min, window.start) + spread_offset(key, window)
    assert spread == plain or local(spread, zone).time() >= late_start.time()


@settings(max_examples=150, deadline=None)
@given(
    name=zone_names,
    naive=st.datetimes(min_value=datetime(1800, 1, 1), max_value=datetime(2400, 12, 31)),
    window=windows(),
    cap=caps,
)
def test_it_handles_far_past_and_future_dates(name, naive, window, cap):
    zone = ZoneInfo(name)
    earliest = naive.replace(tzinfo=UTC)
    taken = [earliest + 2 * DAY, earliest - DAY]
    result = next_send_time(earliest, zone=zone, window=window, taken=taken, cap=cap)
    assert_valid_and_earliest(
        result, earliest=earliest, zone=zone, window=window, taken=taken, cap=cap
    )


@settings(max_examples=300, deadline=None)
@given(
    data=st.data(),
    scenario=scenarios(),
    cap=caps,
    key=st.none() | st.integers(0, 10**9),
    steps=st.integers(1, 5),
)
def test_steps_follow_their_delays_windows_and_the_cap(data, scenario, cap, key, steps):
    zone, start, _ = scenario
    delays = data.draw(
        st.lists(st.timedeltas(timedelta(0), timedelta(days=10)), min_size=steps, max_size=steps)
    )
    step_windows = data.draw(st.lists(windows(), min_size=steps, max_size=steps))
    taken = data.draw(taken_near(start.astimezone(UTC)))
    due = due_times_for_steps(
        start,
        delays=delays,
        zone=zone,
        windows=step_windows,
        taken=taken,
        cap=cap,
        spread_key=key,
    )
    # Delays are elapsed time: aware arithmetic within one ZoneInfo would be wall-clock.
    previous = start.astimezone(UTC)
    for due_at, delay, window in zip(due, delays, step_windows, strict=True):
        assert due_at >= previous + delay
        assert window.contains(due_at, zone)
        previous = due_at
    everything = [*due, *taken]
    for i, due_at in enumerate(due):
        assert all(abs(due_at - other) >= cap for other in everything[:i] + everything[i + 1 :])


# --- Examples.

LONDON = ZoneInfo("Europe/London")


def test_the_default_window_moves_friday_evening_to_tuesday_morning():
    new_york = ZoneInfo("America/New_York")
    friday_evening = datetime(2024, 6, 7, 18, 30, tzinfo=new_york)
    result = next_send_time(friday_evening, zone=new_york, window=DEFAULT_WINDOW)
    assert local(result, new_york) == datetime(2024, 6, 11, 9, tzinfo=new_york)
    assert result == utc(2024, 6, 11, 13)


def test_it_returns_aware_utc():
    result = next_send_time(utc(2024, 6, 4, 8), zone=LONDON, window=DEFAULT_WINDOW)
    assert result.tzinfo is UTC
    assert result == utc(2024, 6, 4, 8)


def test_london_spring_forward_opens_the_window_when_the_clock_jumps():
    # 2024-03-31: 01:00 GMT jumps to 02:00 BST.
    window = SendWindow(frozenset({7}), time(1, 30), time(3))
    result = next_send_time(utc(2024, 3, 30, 12), zone=LONDON, window=window)
    assert result == utc(2024, 3, 31, 1)
    assert local(result, LONDON).time() == time(2)


def test_a_window_inside_the_gap_moves_to_the_next_allowed_day():
    window = SendWindow(frozenset({7}), time(1), time(2))
    result = next_send_time(utc(2024, 3, 30, 12), zone=LONDON, window=window)
    assert local(result, LONDON) == datetime(2024, 4, 7, 1, tzinfo=LONDON)


def test_london_fall_back_uses_both_readings_of_the_repeated_hour():
    # 2024-10-27: 02:00 BST goes back to 01:00 GMT; 01:15-01:45 happens twice.
    window = SendWindow(frozenset({7}), time(1, 15), time(1, 45))
    first = next_send_time(utc(2024, 10, 26, 12), zone=LONDON, window=window)
    assert first == utc(2024, 10, 27, 0, 15)
    second = next_send_time(utc(2024, 10, 27, 0, 50), zone=LONDON, window=window)
    assert second == utc(2024, 10, 27, 1, 15)
    capped = next_send_time(
        utc(2024, 10, 26, 12), zone=LONDON, window=window, taken=[first], cap=timedelta(hours=1)
    )
    assert capped == utc(2024, 10, 27, 1, 15)


def test_sao_paulo_midnight_gap_and_the_repeated_saturday_evening():
    sao_paulo = ZoneInfo("America/Sao_Paulo")
    # 2018-11-04: 00:00 jumped to 01:00, so a 00:00-00:30 window did not exist that Sunday.
    gap = SendWindow(frozenset({7}), time(0), time(0, 30))
    result = next_send_time(utc(2018, 11, 3, 12), zone=sao_paulo, window=gap)
    assert local(result, sao_paulo) == datetime(2018, 11, 11, 0, tzinfo=sao_paulo)
    spanning = SendWindow(frozenset({7}), time(0), time(1, 30))
    result = next_send_time(utc(2018, 11, 3, 12), zone=sao_paulo, window=spanning)
    assert result == utc(2018, 11, 4, 3)
    # 2019-02-17: 00:00 went back to Saturday 23:00; Saturday 23:30 came round again.
    evening = SendWindow(frozenset({6}), time(23, 30), time(23, 59))
    result = next_send_time(utc(2019, 2, 17, 1, 59, 30), zone=sao_paulo, window=evening)
    assert result == utc(2019, 2, 17, 2, 30)
    assert local(result, sao_paulo).date() == date(2019, 2, 16)


def test_lord_howe_half_hour_daylight_saving():
    lord_howe = ZoneInfo("Australia/Lord_Howe")
    # 2024-10-06: 02:00 (+10:30) jumps to 02:30 (+11).
    window = SendWindow(frozenset({7}), time(2), time(3))
    result = next_send_time(utc(2024, 10, 5, 0), zone=lord_howe, window=window)
    assert result == utc(2024, 10, 5, 15, 30)
    assert local(result, lord_howe).time() == time(2, 30)
    # 2024-04-07: 02:00 (+11) goes back to 01:30 (+10:30); 01:40 comes round again.
    window = SendWindow(frozenset({7}), time(1, 40), time(1, 50))
    result = next_send_time(utc(2024, 4, 6, 14, 55), zone=lord_howe, window=window)
    assert result == utc(2024, 4, 6, 15, 10)


def test_kathmandu_quarter_hour_offset():
    kathmandu = ZoneInfo("Asia/Kathmandu")
    result = next_send_time(utc(2024, 6, 3, 12), zone=kathmandu, window=DEFAULT_WINDOW)
    assert result == utc(2024, 6, 4, 3, 15)


def test_apia_skipped_friday_2011_12_30():
    apia = ZoneInfo("Pacific/Apia")
    thursday_noon = datetime(2011, 12, 29, 12, tzinfo=apia)
    fridays = SendWindow(frozenset({5}), time(9), time(11))
    result = next_send_time(thursday_noon, zone=apia, window=fridays)
    assert local(result, apia) == datetime(2012, 1, 6, 9, tzinfo=apia)
    thursday_to_saturday = SendWindow(frozenset({4, 5, 6}), time(9), time(11))
    result = next_send_time(thursday_noon, zone=apia, window=thursday_to_saturday)
    assert local(result, apia) == datetime(2011, 12, 31, 9, tzinfo=apia)


def test_far_future_dates_follow_the_zones_rules():
    new_york = ZoneInfo("America/New_York")
    result = next_send_time(utc(2300, 7, 1), zone=new_york, window=DEFAULT_WINDOW)
    assert local(result, new_york) == datetime(2300, 7, 3, 9, tzinfo=new_york)
    assert result == utc(2300, 7, 3, 13)


def test_it_skips_slots_inside_the_cap_on_either_side():
    monday = utc(2024, 6, 3)
    sent_monday = utc(2024, 6, 3, 6)
    scheduled_next_tuesday = utc(2024, 6, 11, 8, 30)
    result = next_send_time(
        monday, zone=LONDON, window=DEFAULT_WINDOW, taken=[sent_monday, scheduled_next_tuesday]
    )
    # Tuesday and Wednesday are within 3 days of Monday; Thursday 09:00 BST is fine.
    assert result == utc(2024, 6, 6, 8)
    no_cap = next_send_time(
        monday, zone=LONDON, window=DEFAULT_WINDOW, taken=[sent_monday], cap=timedelta(0)
    )
    assert no_cap == utc(2024, 6, 4, 8)


def test_a_cap_boundary_is_allowed_exactly():
    sent = utc(2024, 6, 4, 8, 20)
    result = next_send_time(utc(2024, 6, 5), zone=LONDON, window=DEFAULT_WINDOW, taken=[sent])
    assert result == utc(2024, 6, 11, 8)
    result = next_send_time(
        utc(2024, 6, 5), zone=LONDON, window=DEFAULT_WINDOW, taken=[sent], cap=timedelta(days=1)
    )
    assert result == sent + timedelta(days=1)


def test_a_cap_counts_to_the_microsecond():
    window_opens = utc(2024, 6, 4, 8)
    just_inside = window_opens - timedelta(days=3) + timedelta(microseconds=1)
    result = next_send_time(
        utc(2024, 6, 3), zone=LONDON, window=DEFAULT_WINDOW, taken=[just_inside]
    )
    assert result == window_opens + timedelta(microseconds=1)
    exactly_at = window_opens - timedelta(days=3)
    result = next_send_time(utc(2024, 6, 3), zone=LONDON, window=DEFAULT_WINDOW, taken=[exactly_at])
    assert result == window_opens


def test_the_window_includes_its_start_and_excludes_its_end():
    tuesday = datetime(2024, 6, 4, tzinfo=LONDON)
    assert DEFAULT_WINDOW.contains(tuesday.replace(hour=9), LONDON)
    assert DEFAULT_WINDOW.contains(tuesday.replace(hour=10, minute=59, second=59), LONDON)
    assert not DEFAULT_WINDOW.contains(tuesday.replace(hour=11), LONDON)
    assert not DEFAULT_WINDOW.contains(tuesday.replace(hour=8, minute=59), LONDON)
    result = next_send_time(tuesday.replace(hour=11), zone=LONDON, window=DEFAULT_WINDOW)
    assert result == datetime(2024, 6, 5, 9, tzinfo=LONDON)


def test_a_spread_key_picks_a_stable_minute_in_the_first_hour():
    keys = range(1, 10_001)
    offsets = [spread_offset(key, DEFAULT_WINDOW) for key in keys]
    assert all(timedelta(0) <= offset < SPREAD_LIMIT for offset in offsets)
    per_minute = [0] * 60
    for offset in offsets:
        per_minute[offset // MINUTE] += 1
    assert min(per_minute) > 100 and max(per_minute) < 250
    tuesday = datetime(2024, 6, 4, 7, tzinfo=LONDON)
    result = next_send_time(tuesday, zone=LONDON, window=DEFAULT_WINDOW, spread_key=42)
    expected = datetime.combine(date(2024, 6, 4), time(9), tzinfo=LONDON) + offsets[41]
    assert result == expected
    assert result == next_send_time(tuesday, zone=LONDON, window=DEFAULT_WINDOW, spread_key=42)


def test_a_spread_key_does_not_delay_a_send_already_past_its_minute():
    late = datetime(2024, 6, 4, 10, 59, 59, tzinfo=LONDON)
    result = next_send_time(late, zone=LONDON, window=DEFAULT_WINDOW, spread_key=42)
    assert result == late


def test_a_spread_key_in_a_dst_gap_uses_the_first_instant_that_exists():
    # Window 00:30-04:30 on 2024-03-31; the spread point for key 3 lands in 01:00-02:00 GMT.
    window = SendWindow(frozenset({7}), time(0, 30), time(4, 30))
    key = next(k for k in range(10_000) if timedelta(minutes=31) <= spread_offset(k, window))
    result = next_send_time(utc(2024, 3, 30), zone=LONDON, window=window, spread_key=key)
    assert result == utc(2024, 3, 31, 1)


def test_a_spread_key_falls_back_to_the_days_first_instant_when_its_minute_is_impossible():
    # Window 00:30-02:00 on 2024-03-31 only has 00:30-01:00; later minutes do not exist.
    window = SendWindow(frozenset(range(1, 8)), time(0, 30), time(2))
    key = next(k for k in range(10_000) if timedelta(minutes=31) <= spread_offset(k, window))
    saturday_noon = utc(2024, 3, 30, 12)
    result = next_send_time(saturday_noon, zone=LONDON, window=window, spread_key=key)
    assert result == utc(2024, 3, 31, 0, 30)


def test_steps_of_one_sequence_keep_the_cap_between_them():
    start = utc(2024, 6, 3, 12)
    due = due_times_for_steps(
        start,
        delays=[timedelta(0), timedelta(days=1), timedelta(hours=1)],
        zone=LONDON,
        windows=[DEFAULT_WINDOW] * 3,
    )
    assert due == [utc(2024, 6, 4, 8), utc(2024, 6, 11, 8), utc(2024, 6, 18, 8)]


@pytest.mark.parametrize(
    ("days", "start", "end", "message"),
    [
        ([], time(9), time(11), "at least one day"),
        ([0, 2], time(9), time(11), "from 1"),
        ([8], time(9), time(11), "from 1"),
        ([2], time(11), time(9), "must end after it starts"),
        ([2], time(9), time(9), "must end after it starts"),
        ([2], time(22), time(1), "past midnight"),
        ([2], time(9, tzinfo=UTC), time(11, tzinfo=UTC), "without a timezone"),
    ],
)
def test_it_refuses_windows_a_coach_must_fix(days, start, end, message):
    with pytest.raises(ValueError, match=message):
        window_from_workspace_fields(days, start, end)


def test_workspace_fields_become_a_window():
    window = window_from_workspace_fields([4, 2, 3, 2], time(9), time(11))
    assert window == DEFAULT_WINDOW
    assert hash(window) == hash(DEFAULT_WINDOW)


def test_it_refuses_naive_times_and_a_negative_cap():
    with pytest.raises(ValueError, match="timezone"):
        next_send_time(datetime(2024, 6, 4, 9), zone=LONDON, window=DEFAULT_WINDOW)
    with pytest.raises(ValueError, match="timezone"):
        next_send_time(
            utc(2024, 6, 4), zone=LONDON, window=DEFAULT_WINDOW, taken=[datetime(2024, 6, 4)]
        )
    with pytest.raises(ValueError, match="negative"):
        next_send_time(utc(2024, 6, 4), zone=LONDON, window=DEFAULT_WINDOW, cap=-DAY)


def test_it_raises_a_clear_error_at_the_end_of_the_calendar():
    with pytest.raises(ValueError, match="calendar"):
        next_send_time(utc(9999, 12, 31), zone=LONDON, window=DEFAULT_WINDOW)
