"""Hypothesis strategies for reports: any mix of known, unknown and absent answers."""

from datetime import datetime, timedelta, timezone

from hypothesis import strategies as st

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)
TRI = st.sampled_from([None, True, False])
SITES = ["cervical", "thoracic", "lumbar", "sacral", "pelvis", "hip"]
DRUGS = ["paclitaxel", "Taxol", "docetaxel", "pegfilgrastim", "filgrastim", "dexamethasone", "prednisolone",
         "letrozole", "anastrozole", "cisplatin", "oxaliplatin", "vincristine", "doxorubicin", "denosumab",
         "warfarin", "ibuprofen", "duloxetine", "tamoxifen", "goserelin", "cetuximab", "co-codamol",
         "morphine", "pregabalin", "radiotherapy", "unknownium"]
CANCERS = ["breast", "lung", "prostate", "myeloma", "kidney", "lymphoma", "leukaemia", "pancreas", "ovarian", "bowel"]


def _opt(strategy):
    return st.one_of(st.none(), strategy)


def _days_ago(n):
    return (NOW.date() - timedelta(days=n)).isoformat()


@st.composite
def treatments(draw):
    out = []
    for _ in range(draw(st.integers(0, 3))):
        t = {"drug": draw(st.sampled_from(DRUGS))}
        start = draw(_opt(st.integers(0, 800)))
        if start is not None:
            t["start"] = _days_ago(start)
            last = draw(_opt(st.integers(0, start)))
            if last is not None:
                t["last_dose"] = _days_ago(last)
        if (v := draw(TRI)) is not None:
            t["ongoing"] = v
        if (d := draw(_opt(st.sampled_from([2.0, 5.0, 10.0, 16.0, 40.0])))) is not None:
            t["dose_mg_per_day"] = d
        out.append(t)
    return out


def _section(fields):
    @st.composite
    def build(draw):
        out = {}
        for name, strat in fields.items():
            v = draw(_opt(strat))
            if v is not None:
                out[name] = v
        return out
    return build()


BOOL = st.booleans()
PAIN = _section({
    "sites": st.lists(st.sampled_from(SITES), max_size=3, unique=True),
    "nrs": st.integers(0, 10),
    "onset_date": st.integers(0, 200).map(_days_ago),
    "onset": st.sampled_from(["sudden", "gradual"]),
    "course": st.sampled_from(["improving", "stable", "worsening", "worsening_over_hours"]),
    "character": st.lists(st.sampled_from(["aching", "sharp", "burning", "shooting"]), max_size=2, unique=True),
    **{k: BOOL for k in ["night_pain", "worse_lying_down", "eased_lying_down", "worse_on_movement",
                         "worse_on_straining", "unrelieved_by_rest", "radiating_down_limb", "band_like",
                         "localised_tenderness", "claudication", "diffuse_aches", "symmetrical_joint_pain",
                         "obvious_trigger", "not_controlled_by_analgesia", "cramps_or_spasms"]},
})
NEURO = _section({
    **{k: BOOL for k in ["leg_weakness", "arm_weakness", "gait_difficulty", "numbness", "sensory_level",
                         "saddle_anaesthesia", "bladder_dysfunction", "bowel_dysfunction", "sexual_dysfunction",
                         "worsening_over_hours", "known_deficit_worsening", "longstanding_assessed"]},
    "numbness_pattern": st.lists(st.sampled_from(["glove_and_stocking", "legs", "trunk", "buttocks"]), min_size=1, max_size=2, unique=True),
    "neuropathy_adl": st.sampled_from(["none", "instrumental", "self_care"]),
})
SYSTEMIC = _section({
    "temperature_c": st.floats(34.0, 41.0).map(lambda x: round(x, 1)),
    **{k: BOOL for k in ["rigors", "feeling_unwell", "weight_loss", "fatigue", "rash", "rash_dermatomal_vesicular",
                         "chest_pain", "breathless_at_rest", "collapse"]},
})
LABS = _section({"platelets": st.floats(5, 500), "neutrophils": st.floats(0, 10), "egfr": st.floats(5, 120),
                 "crcl": st.floats(5, 150)})
HISTORY = _section({k: BOOL for k in ["osteoporosis", "liver_disease", "diabetes", "stem_cell_transplant",
                                      "central_line", "recent_spinal_procedure", "on_ppi", "on_laxative"]})


@st.composite
def reports(draw):
    r = {"reported_at": NOW.isoformat(), "pain": draw(PAIN), "neurology": draw(NEURO),
         "systemic": draw(SYSTEMIC), "labs": draw(LABS), "history": draw(HISTORY)}
    cancers = draw(_opt(st.lists(st.sampled_from(CANCERS), max_size=2)))
    if cancers is not None:
        r["cancers"] = [{"type": c} for c in cancers]
    mets = draw(_opt(st.lists(st.sampled_from(["bone", "spine", "liver"]), max_size=2, unique=True)))
    if mets is not None:
        r["metastases"] = mets
    tr = draw(_opt(treatments()))
    if tr is not None:
        r["treatments"] = tr
    for key, strat in (("adl_limit", st.sampled_from(["none", "instrumental", "self_care"])), ("concern", BOOL)):
        v = draw(_opt(strat))
        if v is not None:
            r[key] = v
    return r


# red-flag findings a person can report, as (section, field, value)
RED_FLAGS = [
    ("neurology", "leg_weakness", True), ("neurology", "arm_weakness", True),
    ("neurology", "gait_difficulty", True), ("neurology", "sensory_level", True),
    ("neurology", "saddle_anaesthesia", True), ("neurology", "bladder_dysfunction", True),
    ("neurology", "bowel_dysfunction", True), ("neurology", "sexual_dysfunction", True),
    ("neurology", "worsening_over_hours", True), ("neurology", "known_deficit_worsening", True),
    ("pain", "band_like", True), ("pain", "radiating_down_limb", True),
    ("pain", "course", "worsening_over_hours"), ("pain", "night_pain", True), ("pain", "worse_on_straining", True),
    ("pain", "sites", ["thoracic"]), ("pain", "nrs", 9), ("systemic", "weight_loss", True),
    ("systemic", "temperature_c", 38.6), ("systemic", "rigors", True), ("systemic", "chest_pain", True),
    ("systemic", "collapse", True), ("systemic", "breathless_at_rest", True),
]
