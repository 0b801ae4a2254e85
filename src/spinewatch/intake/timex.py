"""Time expressions turned into dates relative to the report time.

Forms: today / this morning / tonight; yesterday / last night; the day before yesterday;
weekday names ("Tuesday", "on Tuesday", "last Tuesday", "since Monday"); "N days/weeks/months ago";
clinical shorthand ("x 1/52", "2/7 ago": 2/7 days, 3/52 weeks, 6/12 months);
"for N days" / "for the past N weeks" (a duration: it started N units before the report);
"since <weekday | date | yesterday | last week>"; "last week/month"; "a fortnight"; explicit dates
("12/11", "12/11/2026", "3rd November", "Nov 3") read day-first, as in the UK; "N days after
my <event>" and "day N of the cycle" are kept as offsets from an event. Narrative forms ("a couple
of days later", "the next day", "on the Thursday") count from the date said just before them.

Every expression has character offsets and a ``kind``:
  point     something happened on that date ("had my Taxol Tuesday")
  since     something started on that date and is still going ("since Monday", "for 3 weeks")
  after     an offset in days after an event named next to it ("2 days after my infusion")
  cycle_day day N of a cycle: day 1 was N-1 days before the report
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from .quantities import WORD_NUMBERS

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_WD = r"(?:mon(?:day)?|tue(?:s|sday)?|wed(?:nesday|s)?|thu(?:r|rs|rsday)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)"
_WD_FULL = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tues|weds|thurs|fri|tue|thu)"  # not "sat", "sun", "wed", "mon": ordinary words
MONTHS = {m: i + 1 for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"])}
_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t|tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_N = r"(\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|a couple of|couple of|a couple|a few|few|several)"
_UNIT = r"(days?|nights?|weeks?|wks?|months?|mths?|years?|yrs?|hours?|hrs?|fortnights?)"

_DATE_BEFORE = re.compile(r"(?:\d{1,2}(?:st|nd|rd|th)?|" + _MONTH + r")\s*[,(]\s*$", re.I)
_COUNTED = {"after", "since_dur", "ago", "ago1"}
_GONE_IN = re.compile(r"\b(?:went|gone|goes|go|settled|settles|settle|cleared|clears|clear|resolved|resolves|eased|eases|passed|passes|"
                      r"wore off|wears off|wear off|disappeared|disappears|was over|were over|better|fine)\s*$", re.I)
_RATE_BEFORE = re.compile(r"\d\s*(?:mg|mcg|micrograms?|g|ml|units?|tablets?|tabs?|times|x)\s*$", re.I)
UNIT_DAYS = {"day": 1, "night": 1, "week": 7, "wk": 7, "month": 30, "mth": 30, "year": 365, "yr": 365,
             "hour": 0, "hr": 0, "fortnight": 14}


@dataclass(frozen=True, slots=True)
class TimeExpr:
    kind: str  # point | since | after | cycle_day
    date: date | None
    days: int | None  # the offset for "after" and "cycle_day"
    start: int
    end: int
    text: str


def _count(s: str) -> float:
    s = s.lower().replace("a couple of", "couple").replace("couple of", "couple").replace("a couple", "couple")
    s = s.replace("a few", "few").strip()
    if s.isdigit():
        return float(s)
    return float(WORD_NUMBERS.get(s, 1))


def _unit_days(u: str) -> int:
    u = u.lower().rstrip("s")
    return UNIT_DAYS.get(u, 1)


def _weekday_index(name: str) -> int:
    return next(i for i, w in enumerate(WEEKDAYS) if w.startswith(name.lower()[:3]))


def _last_weekday(ref: date, name: str, strictly_before: bool = False) -> date:
    delta = (ref.weekday() - _weekday_index(name)) % 7
    if delta == 0 and strictly_before:
        delta = 7
    return ref - timedelta(days=delta)


def _explicit(ref: date, day: int, month: int, year: int | None) -> date | None:
    if year is not None and year < 100:
        year += 2000
    try:
        d = date(year or ref.year, month, day)
    except ValueError:
        return None
    if year is None and d > ref:
        try:
            d = date(ref.year - 1, month, day)
        except ValueError:
            return None
    return d


_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
             "ninth": 9, "tenth": 10}
_ORDINAL = r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d{1,2}(?:st|nd|rd|th)"


_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("after", re.compile(r"\b" + _N + r"\s+" + _UNIT + r"\s+(?:after|post|following|since)\b", re.I)),
    ("cycle_day", re.compile(r"\b(?:cycle\s*\d+,?\s*)day\s*(\d{1,2})\b", re.I)),
    ("cycle_day", re.compile(r"\bC\d{1,2}\s*D(\d{1,2})\b", re.I)),  # "C2D3": cycle 2, day 3
    ("cycle_day", re.compile(r"\bday\s+(\d{1,2})\s+(?:of|after|post|into|since)\b", re.I)),
    ("cycle_day", re.compile(r"\b(?:cycle\s*\d+\s*)?day\s*(\d{1,2})\s+(?:post|after)[- ]?(?:chemo|infusion|treatment)", re.I)),
    # a daily injection counted: "today was the third", "today's was my fourth", "the fourth one was this morning"
    ("dose_count", re.compile(r"\b(?:today|today's|todays|this morning's)\s+(?:one\s+)?(?:was|is)\s+(?:my|the|her|his)\s+(" + _ORDINAL
                              + r")\b(?:\s+(?:one|injection|jab|shot|dose))?(?!\s+(?:cycle|round|chemo|infusion|treatment|course|session|fraction|week|day|time|night|morning|month)\b)", re.I)),
    ("dose_count", re.compile(r"\bthe\s+(" + _ORDINAL + r")\s+(?:one|injection|jab|shot)\s+(?:was|is)\s+(?:today|this morning)\b", re.I)),
    # "It's day 2" said of the treatment just named: today is day N of the cycle
    ("cycle_day", re.compile(r"\b(?:it's|its|it is|today is|today's|today|i'm on|im on|i am on|now on|now)\s+day\s+(\d{1,2})\b(?!\s+(?:of|after|post|into|since)\b)", re.I)),
    ("since_dur", re.compile(r"\b(?:for|over|in)\s+(?:the\s+)?(?:last|past|previous)?\s*(?:about|around|nearly|almost|over|roughly|more than|at least)?\s*" + _N + r"\s+" + _UNIT + r"(?:\s+now)?\b", re.I)),
    ("since_dur", re.compile(r"\b(?:for|over)\s+(?:the\s+)?(?:last|past)\s+(day|week|fortnight|month|year|night)\b", re.I)),
    # "I take letrozole since seven weeks": "since" with a duration, as many non-native writers say it
    ("since_dur", re.compile(r"\bsince\s+(?:about\s+|around\s+|nearly\s+|almost\s+)?" + _N + r"\s+" + _UNIT + r"\b(?!\s+(?:ago|after|before|later))", re.I)),
    ("since_dur", re.compile(r"(?<![\w/])(?:about\s+|around\s+|nearly\s+|almost\s+)?" + _N + r"\s+" + _UNIT + r"\s+now\b", re.I)),
    ("ago", re.compile(r"\b(?:about|around|nearly|almost|over|roughly|just over|just under)?\s*" + _N + r"\s+" + _UNIT + r"\s+ago\b", re.I)),
    ("ago1", re.compile(r"\b(?:a|one)\s+(day|week|fortnight|month|year)\s+ago\b", re.I)),
    ("since_rel", re.compile(r"\b(?:since|from)\s+(yesterday|last night|this morning|today|last week|last month|the weekend|last weekend|the other day)\b", re.I)),
    ("since_wd", re.compile(r"\b(?:since|from)\s+(?:last\s+)?(" + _WD_FULL + r")\b", re.I)),
    ("since_date", re.compile(r"\b(?:since|from)\s+(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(" + _MONTH + r")\b", re.I)),
    ("since_date2", re.compile(r"\b(?:since|from)\s+(" + _MONTH + r")\s+(\d{1,2})(?:st|nd|rd|th)?\b", re.I)),
    ("since_year", re.compile(r"\b(?:since|from)\s+(?:about\s+|around\s+|roughly\s+|early\s+|mid\s+|late\s+)?((?:19|20)\d\d)\b(?![/.\d])", re.I)),
    ("since_season", re.compile(r"\b(?:since|from)\s+(?:last\s+|the\s+)(spring|summer|autumn|fall|winter)\b", re.I)),
    ("since_month", re.compile(r"\b(?:since|from)\s+(?:last\s+)?(?:early\s+|mid\s+|mid-|late\s+|the\s+start\s+of\s+|the\s+end\s+of\s+)?(" + _MONTH + r")\b(?!\s*\d)", re.I)),
    # clinical shorthand: 2/7 = two days, 3/52 = three weeks, 6/12 = six months ("x 1/52", "D1 2/7 ago")
    ("frac_ago", re.compile(r"(?<![\d/.])(\d{1,2})/(7|52|12)\s+ago\b", re.I)),
    ("frac_dur", re.compile(r"\b(?:x|for|past|last|over|in the last)\s*(?:>|more than\s+|over\s+)?\s*(\d{1,2})/(7|52|12)(?![\d/]|\.\d)|(?<![\d/.\w])(\d{1,2})/(52)(?![\d/]|\.\d)", re.I)),
    ("since_num", re.compile(r"\b(?:since|from)\s+(\d{1,2})[/.](\d{1,2})(?:[/.](\d{2,4}))?\b", re.I)),
    ("date_num", re.compile(r"(?<![\d/.])(\d{1,2})[/.](\d{1,2})[/.](\d{2,4})(?![\d/.])|(?<![\d/.])(\d{1,2})/(\d{1,2})(?![\d/.])(?!\s*(?:/|out of))", re.I)),
    ("date_dm", re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(" + _MONTH + r")\b(?:\s+(\d{4}))?", re.I)),
    ("date_md", re.compile(r"\b(" + _MONTH + r")\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4}))?", re.I)),
    # "on the 16th", "since the 18th": the latest such day of the month, not a cycle or dose number
    ("since_ord", re.compile(r"\b(?:since|from)\s+the\s+(\d{1,2})(?:st|nd|rd|th)\b(?!\s+(?:of\s+)?" + _MONTH + r"\b)", re.I)),
    ("date_ord", re.compile(r"\b(?:on|was|were|" + _WD_FULL + r")\s+the\s+(\d{1,2})(?:st|nd|rd|th)\b(?!\s+(?:of\s+)?(?:" + _MONTH
                            + r"|cycle|dose|round|infusion|injection|time|session|week|day|floor)\b)", re.I)),
    # "Monday 7th": the weekday with its day of the month
    ("date_ord", re.compile(r"\b" + _WD_FULL + r"\s+(\d{1,2})(?:st|nd|rd|th)\b(?!\s+(?:of\s+)?" + _MONTH + r"\b)", re.I)),
    # short weekday names that are also words count only after a word that dates ("started Mon")
    ("wd_short", re.compile(r"(?:\b(?:started|since|from|given|had|on|last)\s+|(?<=/10\s))(mon|wed|sat|sun)\b(?!['\w])", re.I)),
    # narrative: counted from the date said before ("chemo on the 31st ... started a couple of days later")
    ("later", re.compile(r"\b" + _N + r"\s+(days?|weeks?)\s+later\b", re.I)),
    ("after1", re.compile(r"\bthe\s+day\s+(?:after|following)(?=\s+(?:my|the|her|his|each|every)\b)", re.I)),
    ("next_day", re.compile(r"\bthe\s+(?:next|following)\s+(day|morning|evening|night)\b|\bthe\s+day\s+after\b(?!\s+tomorrow)", re.I)),
    ("the_wd", re.compile(r"\b(?:on\s+)?the\s+(?:next\s+|following\s+)?(" + _WD_FULL + r")\b(?!\s+(?:the\s+)?\d)", re.I)),
    # a weekday followed by its date ("Friday 31 July", "Wednesday the 5th") defers to the date;
    # read before "last week" alone, so that "Monday last week" is that Monday
    ("wd", re.compile(r"\b(?:(last|this past|on|this)\s+)?(" + _WD_FULL + r")(?:\s+(morning|afternoon|evening|night|just gone|last week|before last))?\b"
                      r"(?!,?\s+(?:the\s+\d{1,2}(?:st|nd|rd|th)|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r"\b))", re.I)),
    ("rel", re.compile(r"\b(the day before yesterday|day before yesterday|yesterday|last night|overnight|this morning|this afternoon|this evening|tonight|today|earlier today|just now|the other day|last week|last weekend|the weekend|at the weekend|last month|a fortnight ago|last fortnight)\b", re.I)),
]

_REL_DAYS = {"the day before yesterday": 2, "day before yesterday": 2, "yesterday": 1, "last night": 1, "overnight": 0,
             "this morning": 0, "this afternoon": 0, "this evening": 0, "tonight": 0, "today": 0, "earlier today": 0,
             "just now": 0, "the other day": 3, "last week": 7, "last weekend": 7, "the weekend": None,
             "at the weekend": None, "last month": 30, "a fortnight ago": 14, "last fortnight": 14}


_SEASON_MONTH = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}


def _last_season_start(ref: date, season: str) -> date:
    """The first day of the last such season that has ended ("since last autumn" in November is
    the autumn of a year ago): the earliest the words allow, so a steroid course is not shortened."""
    d = date(ref.year, _SEASON_MONTH[season], 1)
    while d > ref or (d.year * 12 + d.month) + 3 > ref.year * 12 + ref.month:
        d = date(d.year - 1, d.month, 1)
    return d


def _day_of_month(ref: date, day: int) -> date | None:
    """The latest date on or before ``ref`` falling on that day of a month (this month or an earlier one)."""
    y, mth = ref.year, ref.month
    for _ in range(3):
        try:
            d = date(y, mth, day)
        except ValueError:
            d = None
        if d is not None and d <= ref:
            return d
        y, mth = (y, mth - 1) if mth > 1 else (y - 1, 12)
    return None


def find_times(text: str, ref: date) -> list[TimeExpr]:
    """All time expressions in ``text``, dated relative to ``ref`` (never after it)."""
    out: list[TimeExpr] = []
    taken: list[tuple[int, int]] = []
    narrative: dict[int, tuple] = {}  # start -> (pattern name, groups)

    def add(kind, d, days, m):
        if any(a < m.end() and m.start() < b for a, b in taken):
            return
        if d is not None and d > ref:
            return
        lead = len(m.group(0)) - len(m.group(0).lstrip())
        taken.append((m.start(), m.end()))
        out.append(TimeExpr(kind, d, days, m.start() + lead, m.end(), m.group(0).strip()))
        return out[-1]

    for name, rx in _PATTERNS:
        for m in rx.finditer(text):
            g = m.groups()
            if name in _COUNTED and _RATE_BEFORE.search(text, max(0, m.start() - 12), m.start()):
                continue  # "10mg a day now", "10mg a day since January": a dose rate, not a time
            if name == "after":
                n = _count(g[0]) * _unit_days(g[1])
                add("after", None, int(n), m)
            elif name == "after1":
                add("after", None, 1, m)
            elif name == "cycle_day":
                add("cycle_day", ref - timedelta(days=int(g[0]) - 1), int(g[0]), m)
            elif name == "dose_count":
                n = _ORDINALS.get(g[0].lower()) or int(re.match(r"\d+", g[0]).group(0))
                add("cycle_day", ref - timedelta(days=n - 1), n, m)
            elif name == "since_dur":
                if _GONE_IN.search(text, max(0, m.start() - 25), m.start()) and m.group(0).lower().startswith("in"):
                    continue  # "it went in 4 days", "settled in a week": how long an episode lasted, not an onset
                if len(g) == 1:
                    n = _unit_days(g[0])
                else:
                    n = _count(g[0]) * _unit_days(g[1])
                add("since", ref - timedelta(days=int(round(n))), None, m)
            elif name == "ago":
                n = _count(g[0]) * _unit_days(g[1])
                add("point", ref - timedelta(days=int(round(n))), None, m)
            elif name in ("frac_ago", "frac_dur"):
                n_s, den = (g[0], g[1]) if g[0] else (g[2], g[3])
                n = int(n_s) * {"7": 1, "52": 7, "12": 30}[den]
                add("point" if name == "frac_ago" else "since", ref - timedelta(days=n), None, m)
            elif name == "ago1":
                add("point", ref - timedelta(days=_unit_days(g[0])), None, m)
            elif name == "since_rel":
                k = g[0].lower()
                days = {"yesterday": 1, "last night": 1, "this morning": 0, "today": 0, "last week": 7,
                        "last month": 30, "the other day": 3}.get(k)
                if days is None:  # the weekend
                    d = _last_weekday(ref, "saturday", strictly_before=True)
                else:
                    d = ref - timedelta(days=days)
                add("since", d, None, m)
            elif name == "since_wd":
                add("since", _last_weekday(ref, g[0], strictly_before=True), None, m)
            elif name == "since_date":
                d = _explicit(ref, int(g[0]), MONTHS[g[1][:3].lower()], None)
                if d:
                    add("since", d, None, m)
            elif name == "since_date2":
                d = _explicit(ref, int(g[1]), MONTHS[g[0][:3].lower()], None)
                if d:
                    add("since", d, None, m)
            elif name == "since_year":
                d = date(int(g[0]), 1, 1)  # the earliest the year allows: "since 2023" is at least that long
                if d <= ref:
                    add("since", d, None, m)
            elif name == "since_season":
                add("since", _last_season_start(ref, g[0].lower()), None, m)
            elif name == "since_month":
                d = _explicit(ref, 1, MONTHS[g[0][:3].lower()], None)
                if d:
                    add("since", d, None, m)
            elif name in ("since_ord", "date_ord"):
                d = _day_of_month(ref, int(g[0]))
                if d:
                    add("since" if name == "since_ord" else "point", d, None, m)
            elif name == "wd_short":
                d = _last_weekday(ref, g[0], strictly_before=False)
                add("since" if m.group(0).lower().startswith(("since", "from")) else "point", d, None, m)
            elif name == "since_num":
                d = _explicit(ref, int(g[0]), int(g[1]), int(g[2]) if g[2] else None)
                if d:
                    add("since", d, None, m)
            elif name == "date_num":
                if g[0]:
                    d = _explicit(ref, int(g[0]), int(g[1]), int(g[2]))
                else:
                    if int(g[4]) == 10 or int(g[4]) > 12:  # "7/10" is a pain score
                        continue
                    d = _explicit(ref, int(g[3]), int(g[4]), None)
                if d:
                    add("point", d, None, m)
            elif name == "date_dm":
                d = _explicit(ref, int(g[0]), MONTHS[g[1][:3].lower()], int(g[2]) if g[2] else None)
                if d:
                    add("point", d, None, m)
            elif name == "date_md":
                if g[0].lower() == "may" and not g[2] and not re.match(r"\d{1,2}(st|nd|rd|th)", g[1]):
                    # "may 2" is usually the verb may, unless a year or an ordinal follows
                    if not re.search(r"\bmay\s+\d{1,2}(st|nd|rd|th)\b", m.group(0), re.I):
                        continue
                d = _explicit(ref, int(g[1]), MONTHS[g[0][:3].lower()], int(g[2]) if g[2] else None)
                if d:
                    add("point", d, None, m)
            elif name == "rel":
                k = g[0].lower()
                days = _REL_DAYS.get(k)
                d = _last_weekday(ref, "saturday", strictly_before=True) if days is None else ref - timedelta(days=days)
                add("point", d, None, m)
            elif name in ("later", "next_day", "the_wd"):
                t = add("point", None, None, m)  # dated from the expression before it, below
                if t is not None:
                    narrative[t.start] = (name, g)
            elif name == "wd":
                if _DATE_BEFORE.search(text, max(0, m.start() - 20), m.start()):
                    continue  # "on the 9th (Thursday)": the weekday names the date just said
                qual, wd, part = (g[0] or "").lower(), g[1], (g[2] or "").lower()
                strictly = qual in {"last", "this past"} or part in {"last week", "before last"}
                d = _last_weekday(ref, wd, strictly_before=strictly or qual == "last")
                if part == "last week":  # that weekday in the calendar week before this one
                    d = ref - timedelta(days=ref.weekday() + 7) + timedelta(days=d.weekday())
                if part == "before last":
                    d -= timedelta(days=7)
                if qual == "last" and (ref - d).days < 2:
                    # "last Friday" said on a Saturday means the Friday of the week before, for most people
                    d -= timedelta(days=7)
                add("point", d, None, m)
    out.sort(key=lambda t: t.start)
    return _date_narrative(out, narrative, ref)


def _date_narrative(out: list[TimeExpr], narrative: dict, ref: date) -> list[TimeExpr]:
    """Date "N days later", "the next day", "the Thursday" from the dated expression before them;
    without one they say nothing about the calendar and are dropped."""
    dated: list[TimeExpr] = []
    for t in out:
        spec = narrative.get(t.start)
        if spec is None:
            dated.append(t)
            continue
        anchor = next((a.date for a in reversed(dated) if a.date is not None and a.kind in ("point", "since")), None)
        if anchor is None:
            continue
        name, g = spec
        if name == "later":
            d = anchor + timedelta(days=int(_count(g[0]) * _unit_days(g[1])))
        elif name == "next_day":
            d = anchor + timedelta(days=1)
        else:
            d = anchor + timedelta(days=(_weekday_index(g[0]) - anchor.weekday() - 1) % 7 + 1)  # the first such day after
        if d <= ref:
            dated.append(TimeExpr("point", d, None, t.start, t.end, t.text))
    return dated
