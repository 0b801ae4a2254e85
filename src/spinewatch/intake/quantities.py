"""Numbers in patients' and nurses' words: temperatures, pain scores, weight lost, age, sex,
steroid doses and blood results. Every finder returns mentions with character offsets.

Temperatures: a reading in °F (a unit of F, or a bare value 93-110 next to a temperature word) is
converted to °C; a bare value 34-43.5 next to a temperature word is °C. "temp of 99" is 37.2 °C.
A number without a temperature word or unit is never a temperature ("38 years", "38 tablets").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

WORD_NUMBERS = {
    "zero": 0, "nought": 0, "one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14, "fifteen": 15,
    "twenty": 20, "thirty": 30, "half": 0.5, "couple": 2, "few": 3, "several": 4,
}
_NUMWORD = r"(?:zero|one|two|three|four|five|six|seven|eight|nine|ten)"


@dataclass(frozen=True, slots=True)
class NumberMention:
    kind: str  # temperature_c | nrs | weight_loss_kg | age | sex | dose_mg_per_day | lab:<name>
    value: float | str
    start: int
    end: int
    text: str


def _num(s: str) -> float:
    s = s.strip().lower()
    if s in WORD_NUMBERS:
        return float(WORD_NUMBERS[s])
    return float(s.replace(",", "."))


# ------------------------------------------------------------------ temperature
_TEMP_WORD = r"(?:temp(?:erature)?s?|fever|febrile|pyrexi(?:a|al)|thermometer|t|temp'?s|spiked?|spiking|reading|running|therm|tympanic|oral|axillary|was|is|of|at|hit|reached|got up to|up to|went up to|peaked at)"
_UNIT = r"(?:\s?(?:°|º|˚|deg(?:rees?)?|degs?)\s?(?:c(?:elsius|entigrade)?|f(?:ahrenheit)?)?|\s?(?:c|f|celsius|centigrade|fahrenheit)\b)"
_TEMP_NUM = r"(?<![\d/.:])(\d{2,3}(?:[.,]\d{1,2})?)(?![\d/:])"
_TEMP_RE = re.compile(_TEMP_NUM + r"(" + _UNIT + r")?", re.I)
_TEMP_CONTEXT_RE = re.compile(r"\b(?:temp(?:erature)?s?|fever(?:ish)?|febrile|pyrexi(?:a|al)|thermometer|spik(?:ed|ing)|hot)\b", re.I)


def find_temperatures(text: str) -> list[NumberMention]:
    out = []
    for m in _TEMP_RE.finditer(text):
        raw, unit = m.group(1), (m.group(2) or "").strip().lower()
        try:
            v = _num(raw)
        except ValueError:
            continue
        # the unit alone is enough; without a unit a temperature word must be close before it
        before = text[max(0, m.start() - 40):m.start()]
        has_word = bool(_TEMP_CONTEXT_RE.search(before)) or bool(re.search(r"\bT\s*[:=]?\s*$", before))
        is_f = "f" in unit.replace("deg", "")
        is_c = ("c" in unit.replace("deg", "")) or unit in {"°", "º", "˚"} or unit.startswith("deg")
        if not unit and not has_word:
            # a bare reading with one decimal in the fever range is a temperature ("37.2 this morning,
            # 38.6 now"), unless a unit or a blood-test name is next to it
            after = text[m.end():m.end() + 8].lower()
            lab_before = re.search(r"(hb|ca|crp|mg|k|plt|neuts?|alb|cr|egfr|wbc|inr|bmi|kg|weight|wt)\W{0,3}$", before.lower())
            if not ("." in raw or "," in raw) or not 35.0 <= v <= 42.0 or lab_before or re.match(r"\s*(kg|mg|%|mmol|g|l|cm|mm|ml|k|stone|lb|x)\b", after):
                continue
        if unit and not (is_f or is_c):
            continue
        if is_f or (not is_c and 93 <= v <= 110):
            if not 90 <= v <= 110:
                continue
            c = round((v - 32) * 5 / 9, 1)
        else:
            if not 30 <= v <= 43.5:
                continue
            c = round(v, 1)
        out.append(NumberMention("temperature_c", c, m.start(), m.end(), m.group(0)))
    return out


# ------------------------------------------------------------------ pain score (0-10)
_NRS_PATTERNS = [
    # 7/10, 7 / 10, 6-7/10, 7 out of 10, seven out of ten
    # English as a second language: "7 from 10", "2 of 10" (not "cycle 2 of 10": see _COUNTED)
    re.compile(r"(?<![\d.])(?:(\d{1,2}(?:\.\d)?|" + _NUMWORD + r")\s*(?:-|to|or)\s*)?(\d{1,2}(?:\.\d)?|" + _NUMWORD + r")\s*(?:/|out of|outta|over|from|of)\s*(10|ten)\b", re.I),
    # pain (score|level) is 7 / pain 7 / pain: 8 / pain at 8 / nrs 6 / vas 7
    re.compile(r"\b(?:pain(?:\s*(?:score|level|rating))?|nrs|vas|severity|scored?|rated?|rates it|rate it|rating|scores it|score it|scored it|rated it)\s*(?:is|was|of|at|=|:|about|around|a|an|now|today|currently|\s)*\s*(?:about|around|maybe|roughly|like|at least)?\s*(?:a|an)?\s*(\d{1,2}|" + _NUMWORD + r")(?:\s+or\s+(\d{1,2}))?\b(?!\s*(?:/|out of)?\s*(?:mg|days?|weeks?|hours?|months?|years?|am|pm|o'?clock|times|tablets|doses|cm|kg|%))", re.I),
    # about a 6 / a solid 8 / like an 8
    # "is now a 7-8": a range counts as its top
    re.compile(r"\b(?:about|bout|around|roughly|like|maybe|solid|easily|at least|probably|it's|its|it is|is|only|just)\s+(?:now\s+|currently\s+|still\s+|only\s+|just\s+)?(?:a|an)\s+(?:dull\s+|solid\s+|steady\s+|constant\s+|nagging\s+|good\s+|strong\s+|low\s+|high\s+)?(\d{1,2}|" + _NUMWORD + r")(?:\s*(?:-|to|or)\s*(\d{1,2}))?\b(?!\s*(?:mg|days?|weeks?|hours?|months?|years?|am|pm|times|tablets|cm|kg|%|stone|lbs?|pounds|kilos?))", re.I),
    # "a 2 or 3", "a 6-7": a range after an article is a score when the sentence is about pain
    re.compile(r"(?<![\w.])(?:a|an)\s+(\d{1,2}|" + _NUMWORD + r")\s*(?:or|-|to)\s*(\d{1,2}|" + _NUMWORD + r")\b(?!\s*(?:mg|days?|weeks?|hours?|months?|years?|am|pm|times|tablets|cm|kg|%|stone|lbs?|pounds|kilos?|o'?clock))", re.I),
    # "maybe 2, I go to work": a bare number after a hedge, ending its phrase (not "maybe 2 paracetamol")
    re.compile(r"\b(?:maybe|about|around|roughly)\s+(\d{1,2}|" + _NUMWORD + r")(?=\s*(?:[,.;!)]|$)|\s+(?:now|today)\b)", re.I),
]
# "cycle 2 of 10", "fraction 3 from 10": a count of treatments, not a score
_COUNTED = re.compile(r"\b(?:cycles?|doses?|days?|fractions?|sessions?|treatments?|rounds?|infusions?|injections?|weeks?|number|no\.?|#|c|d)\s*$", re.I)
_PAIN_CONTEXT = re.compile(r"\b(?:pain|pains|painful|hurts?|hurting|ache|aches|aching|achy|agony|sore|score|scale|rate|nrs|vas|killing|back|cramps?|spasms?)\b", re.I)


def find_pain_scores(text: str) -> list[NumberMention]:
    out: list[NumberMention] = []
    taken: list[tuple[int, int]] = []
    for i, rx in enumerate(_NRS_PATTERNS):
        for m in rx.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            if i == 0:
                if re.search(r"\b(?:of|from)\s*(?:10|ten)$", m.group(0), re.I) and _COUNTED.search(text, max(0, m.start() - 15), m.start()):
                    continue
                vals = [g for g in (m.group(1), m.group(2)) if g]
            else:
                vals = [g for g in m.groups() if g]
                # bare "about a 6": only with a pain word in the same sentence
                sent_start = max(0, m.start() - 120)  # the pain may be named in the sentence before
                sent_end = min([p for p in (text.find(".", m.end()), text.find("\n", m.end())) if p != -1] or [len(text)])
                if i >= 2 and not _PAIN_CONTEXT.search(text[sent_start:sent_end]):
                    continue
            try:
                v = max(_num(x) for x in vals)
            except ValueError:
                continue
            if not 0 <= v <= 10:
                continue
            taken.append((m.start(), m.end()))
            out.append(NumberMention("nrs", int(round(v + 0.01)) if v % 1 else int(v), m.start(), m.end(), m.group(0)))
    return out


# ------------------------------------------------------------------ weight lost
_WEIGHT_RE = re.compile(
    r"\b(?:lost|losing|lose|dropped|dropping|down|shed|loss of|weight loss of|wt loss)\s+(?:about|around|nearly|almost|over|more than|roughly|at least|a good|like)?\s*"
    r"(?:(\d+(?:[.,]\d+)?|" + _NUMWORD + r"|a|half a|a half)\s*(kg|kgs|kilograms?|kilos?|lbs?|pounds?|stones?|st\b)"
    r"(?:\s*(?:and\s*)?(\d+(?:[.,]\d+)?)\s*(?:lbs?|pounds?))?)",
    re.I,
)


# A weight written as a series, "weight 61 -> 56 kg", "wt 72kg to 66kg", "Weight: 58.2 > 57.9 > 56.0 kg":
# the fall from the first reading to the last is the loss.
_W_UNIT = r"(?:kg|kgs|kilos?|lbs?|pounds?)"
_W_STEP = r"\s*[,;]?\s*(?:->|-->|=>|\u2192|>|to|down to|now|and now)\s*"
_WEIGHT_SERIES_RE = re.compile(
    r"\b(?:weight|weighed|weighing|wt|scales?)\b[^.\n\d]{0,25}?"
    r"(\d+(?:[.,]\d+)?\s*" + _W_UNIT + r"?(?:" + _W_STEP + r"\d+(?:[.,]\d+)?\s*" + _W_UNIT + r"?)*"
    + _W_STEP + r"\d+(?:[.,]\d+)?)\s*(" + _W_UNIT + r")\b",
    re.I,
)


def _in_kg(q: float, unit: str) -> float:
    u = unit.lower()
    return q if u.startswith(("kg", "kilo")) else q * 0.4536 if u.startswith(("lb", "pound")) else q * 6.35  # stones


def _loss(kg: float, m: re.Match) -> list[NumberMention]:
    """The weight lost, when it is one a person could lose (over 0, up to 80 kg)."""
    return [NumberMention("weight_loss_kg", round(kg + 1e-9, 1), m.start(), m.end(), m.group(0))] if 0 < kg <= 80 else []


def _weight_series(text: str) -> list[NumberMention]:
    out = []
    for m in _WEIGHT_SERIES_RE.finditer(text):
        unit = m.group(2).lower()
        if any(u.lower()[0] != unit[0] for u in re.findall(_W_UNIT, m.group(1), re.I)):
            continue  # mixed units: not a series this reads
        readings = [_num(x) for x in re.findall(r"\d+(?:[.,]\d+)?", m.group(1))]
        out += _loss(_in_kg(readings[0] - readings[-1], unit), m)
    return out


# "about 5 kg gone since August", "3 kilos off": the amount first, then what happened to it
_WEIGHT_GONE_RE = re.compile(r"(?<![\d.,])(\d+(?:[.,]\d+)?)\s*(kg|kgs|kilos?|lbs?|pounds?)\s+(?:gone|off|lighter|lost|down)\b", re.I)


def find_weight_loss(text: str) -> list[NumberMention]:
    out = _weight_series(text)
    for m in _WEIGHT_GONE_RE.finditer(text):
        out += _loss(_in_kg(_num(m.group(1)), m.group(2)), m)
    for m in _WEIGHT_RE.finditer(text):
        qty, extra_lb = m.group(1).lower(), m.group(3)
        q = 0.5 if qty in {"half a", "a half"} else 1.0 if qty == "a" else _num(qty)
        kg = _in_kg(q, m.group(2)) + (_num(extra_lb) * 0.4536 if extra_lb else 0)
        out += _loss(kg, m)
    return out


# ------------------------------------------------------------------ age and sex
_AGE_RE = re.compile(
    r"(?i:\b(?:i'?m|i am|aged?|age:?|she'?s|he'?s|she is|he is)\s+(\d{1,3})\b(?!\s*(?:kg|mg|days?|weeks?|months?|%|/|out of|stone|lbs?|cm|hours?|times|\.\d))"
    r"|(?<![\d.,])(\d{1,3})\s*(?:-|\s)?\s*(?:years?|yrs?|yr|y)\s*(?:-|\s)?\s*old\b"
    r"|(?<![\d.,])(\d{1,3})\s*(?:yo|y/o|yr old|yrs old|y\.o\.)(?![a-z]))"
    r"|(?<![\d.,\w])(\d{2,3})\s?(?:yo\s*|y/o\s*|-?year-old\s*)?([FM])\b(?=[\s,.;:)]|$)"
    r"|(?i:(?:mum|mom|mother|dad|father|husband|wife|partner|nan|gran|grandad|grandma|son|daughter|pt|patient)\s*\(?,?\s*(?:is\s+|aged?\s+)?)(\d{2,3})\b(?=\s*[,)]|\s+(?:and|with|has|years?)\b)",
)


def find_age_sex(text: str) -> list[NumberMention]:
    out = []
    for m in _AGE_RE.finditer(text):
        g = next((x for x in (*m.groups()[:4], m.group(6)) if x), None)
        if g is None:
            continue
        age = int(g)
        if not 1 <= age <= 110:
            continue
        out.append(NumberMention("age", age, m.start(), m.end(), m.group(0)))
        if m.group(5):
            out.append(NumberMention("sex", "female" if m.group(5) == "F" else "male", m.start(), m.end(), m.group(0)))
    return out


# ------------------------------------------------------------------ doses (mg per day)
_DOSE_RE = re.compile(
    r"(\d+(?:\.\d+)?)\s*(?:mg|milligrams?)\b"
    r"(?:\s*(?:x\s*)?(?P<freq>once a day|once daily|daily|a day|per day|/day|od|om|on|mane|each morning|every morning|in the morning"
    r"|twice a day|twice daily|bd|bid|b\.d\.|2 times a day|two times a day|x2|x 2"
    r"|three times a day|tds|tid|t\.d\.s\.|3 times a day|x3"
    r"|four times a day|qds|qid|4 times a day))?",
    re.I,
)
_FREQ = {"twice": 2, "bd": 2, "bid": 2, "b.d.": 2, "2 times": 2, "two times": 2, "x2": 2, "x 2": 2,
         "three": 3, "tds": 3, "tid": 3, "t.d.s.": 3, "3 times": 3, "x3": 3,
         "four": 4, "qds": 4, "qid": 4, "4 times": 4}


def find_doses(text: str) -> list[NumberMention]:
    out = []
    for m in _DOSE_RE.finditer(text):
        mg = float(m.group(1))
        freq = (m.group("freq") or "").lower()
        times = next((n for k, n in _FREQ.items() if freq.startswith(k)), 1)
        if 0 < mg * times <= 2000:
            out.append(NumberMention("dose_mg_per_day", mg * times, m.start(), m.end(), m.group(0)))
    return out


# ------------------------------------------------------------------ blood results (nurse notes)
_LABS = {
    "platelets": (r"(?:plt|plts|platelets?|platelet count)", (0, 2000)),
    "neutrophils": (r"(?:neuts?|neutrophils?|anc|neutrophil count)", (0, 100)),
    "haemoglobin": (r"(?:hb|hgb|haemoglobin|hemoglobin)", (20, 250)),
    "calcium": (r"(?:adj(?:usted)?\.?\s*ca|corr(?:ected)?\.?\s*ca|calcium|ca2\+|ca)", (0.5, 6)),
    "magnesium": (r"(?:mg2\+|magnesium|mag|mg)", (0.05, 5)),
    "potassium": (r"(?:k\+|potassium)", (1, 10)),
    "creatinine": (r"(?:creat|creatinine|cr)", (10, 3000)),
    "egfr": (r"(?:egfr|gfr)", (0, 200)),
    "crp": (r"(?:crp|c-reactive protein)", (0, 1000)),
    "alt": (r"(?:alt)", (0, 10000)),
    "bilirubin": (r"(?:bili|bilirubin)", (0, 1000)),
}
_LAB_RES = {k: (re.compile(r"\b" + name + r"\s*(?:of|was|were|is|are|now|down to|up to|=|:|at)?\s*(\d+(?:\.\d+)?)\b(?!\s*(?:/10|out of|mg\b|days?|weeks?|years?|yo\b))", re.I), rng)
            for k, (name, rng) in _LABS.items()}


def find_labs(text: str) -> list[NumberMention]:
    out = []
    for k, (rx, (lo, hi)) in _LAB_RES.items():
        for m in rx.finditer(text):
            v = float(m.group(1))
            if k == "haemoglobin" and v < 25:  # g/dL -> g/L
                v *= 10
            if k == "magnesium" and m.group(0)[:2].lower() == "mg" and "2+" not in m.group(0) and v > 3:
                continue  # "mg" followed by a big number is a dose, not magnesium
            if lo <= v <= hi:
                out.append(NumberMention(f"lab:{k}", v, m.start(), m.end(), m.group(0)))
    return out


def find_all(text: str) -> list[NumberMention]:
    temps = find_temperatures(text)
    scores = find_pain_scores(text)
    taken = [(m.start, m.end) for m in (*temps, *scores)]

    def free(m: NumberMention) -> bool:
        return not any(a < m.end and m.start < b for a, b in taken)

    rest = [m for m in (*find_weight_loss(text), *find_age_sex(text), *find_doses(text), *find_labs(text)) if free(m)]
    return [*temps, *scores, *rest]
