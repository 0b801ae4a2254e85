"""Every brand-name family of the issue, real misspellings, and the drugs knowledge-base file."""

from datetime import date, datetime, timedelta, timezone

import pytest

from spinewatch.knowledge._loader import DATA_DIR, _load_list
from spinewatch.knowledge._models import Drug

BRANDS = {
    "paclitaxel": ["Taxol", "taxel", "paclitaxol", "weekly paclitaxel", "pacli"],
    "nab_paclitaxel": ["Abraxane", "abraxan"],
    "docetaxel": ["Taxotere", "docetaxol"],
    "pegfilgrastim": ["Neulasta", "nulasta", "Neulasta Onpro", "on-body injector", "Udenyca", "Fulphila", "Ziextenzo"],
    "filgrastim": ["Neupogen", "Zarxio", "Nivestim", "neupogin"],
    "dexamethasone": ["Decadron", "dexamethasone", "dex", "dexamethazone"],
    "prednisolone": ["prednisolone", "pred"],
    "vincristine": ["Oncovin"],
    "oxaliplatin": ["Eloxatin", "oxaliplatin"],
    "folfox": ["FOLFOX", "folfox6"],
    "folfirinox": ["FOLFIRINOX", "folfirnox"],
    "cisplatin": ["Platinol", "cisplatin"],
    "doxorubicin": ["Adriamycin", "the red devil"],
    "ac_regimen": ["AC"],
    "anastrozole": ["Arimidex", "arimedex", "anastrazole"],
    "letrozole": ["Femara", "letrozol"],
    "exemestane": ["Aromasin"],
    "tamoxifen": ["tamoxifen", "tamoxifin"],
    "goserelin": ["Zoladex", "zolodex"],
    "leuprorelin": ["Prostap", "Lupron"],
    "denosumab": ["Xgeva", "Prolia"],
    "zoledronic_acid": ["Zometa", "zoledronate"],
    "fulvestrant": ["Faslodex"],
    "trastuzumab": ["Herceptin"],
    "ibuprofen": ["Nurofen", "Advil", "Motrin", "ibuprofin"],
    "paracetamol": ["Tylenol", "Panadol", "acetaminophen", "paracetemol"],
    "loratadine": ["Claritin", "claritin"],
    "duloxetine": ["Cymbalta", "cymbalt"],
    "pregabalin": ["Lyrica", "pregablin"],
    "gabapentin": ["Neurontin", "gabapentine"],
    "co_codamol": ["co-codamol", "cocodamol", "co codamol"],
    "tramadol": ["tramadol", "tramadole"],
    "oxycodone": ["oxycodone", "OxyContin", "OxyNorm"],
    "morphine": ["Oramorph", "MST"],
    "warfarin": ["warfarin"],
    "apixaban": ["apixaban", "Eliquis"],
    "diclofenac_topical": ["Voltarol gel"],
    "radiotherapy": ["radiotherapy", "radiation"],
}


@pytest.mark.parametrize("drug_id, name", [(d, n) for d, names in BRANDS.items() for n in names])
def test_brand_and_misspelling_in_a_message(read, drug_id, name):
    x = read(f"I'm on {name} and my back hurts")
    ids = [f.entry for f in x.findings if f.finding == "treatments"]
    assert ids == [drug_id], x.findings


@pytest.mark.parametrize("drug_id, name", [(d, n) for d, names in BRANDS.items() for n in names])
def test_brand_resolves_in_knowledge_base(kb, drug_id, name):
    assert kb.drug_id(name) == drug_id


@pytest.mark.parametrize("text", ["achy all over", "all of a sudden", "as a child", "I can go", "the ac was on"])
def test_short_names_need_capitals(read, text):
    assert not [f for f in read(text).findings if f.finding in {"treatments", "cancers"}]


def test_negated_and_other_person_drugs_are_not_treatments(read):
    x = read("I'm not on warfarin. My mum had tamoxifen.")
    assert not x.report.treatments


def test_generic_chemo_yields_to_a_named_regimen(read):
    x = read("chemo (EC) 8 days ago")
    assert [t.drug for t in x.report.treatments] == ["EC (epirubicin and cyclophosphamide)"]


def test_a_date_goes_to_the_drug_in_its_own_clause(read):
    from datetime import timedelta
    # "yesterday" is 2 characters from "back" but in the drug's clause
    x = read("Had my Neulasta jab yesterday, back aches")
    assert x.report.treatments[0].last_dose is not None
    assert x.report.pain.onset_date is None
    # a start cue in another clause does not make the drug's date its start
    x = read("back pain started yesterday, chemo on Monday")
    chemo = x.report.treatments[0]
    assert chemo.last_dose is not None and chemo.start is None
    assert x.report.pain.onset_date == x.report.reported_at.date() - timedelta(days=1)


def test_a_date_after_and_opens_a_new_clause_for_the_drug_after_it(read):
    thursday = datetime(2026, 10, 29, 9, 0, tzinfo=timezone.utc)
    x = read("chemo EC on Monday and on Tuesday the nurse give me the Neulasta injection in the belly", thursday)
    doses = {t.drug: t.last_dose for t in x.report.treatments}
    assert doses["pegfilgrastim"] - doses["EC (epirubicin and cyclophosphamide)"] == timedelta(days=1)


@pytest.mark.parametrize("text, stopped, going", [
    ("Finished FEC in March, started docetaxel last week.", "FEC", "docetaxel"),
    ("I stopped the capecitabine because of my hands but I'm on zoladex every month.", "capecitabine", "goserelin"),
    ("Completed radiotherapy to my spine and now on morphine twice daily.", "radiotherapy", "morphine"),
    ("Finished the radiotherapy and temozolomide in November and is still on dexamethasone 4mg every morning.",
     "temozolomide", "dexamethasone"),
    ("On letrozole every day, finished chemo in May.", "chemotherapy", "letrozole"),
])
def test_a_stop_word_stops_only_the_drugs_it_is_about(read, text, stopped, going):
    ongoing = {t.drug.split(" ")[0].lower(): t.ongoing for t in read(text).report.treatments}
    assert ongoing[stopped.lower()] is False
    assert ongoing[going] is not False  # going on, or not said ("started docetaxel last week")


def test_a_stop_word_after_the_drug_still_stops_it(read):
    x = read("paclitaxel, which I started in May and stopped in July")
    assert x.report.treatments[0].ongoing is False


def test_daily_injections_said_in_the_present_are_still_given(read):
    x = read("I'm doing daily Zarzio (filgrastim) injections before my stem cell collection, and today is day 4.")
    t = x.report.treatments[0]
    assert t.ongoing is True
    assert t.start == x.report.reported_at.date() - timedelta(days=3)  # day 1 was three days ago
    past = read("I had daily filgrastim injections for five days after my chemo.")
    assert past.report.treatments[0].ongoing is not True
    # the same words later in a longer message (the cue is read in the words just before the drug)
    later = read("My mum is 80 and has lymphoma. She is having R-CHOP and daily filgrastim injections from the nurse.")
    assert {t.drug: t.ongoing for t in later.report.treatments}["filgrastim"] is True


def test_anticancer_drugs_known_only_by_name_are_read_from_text(read):
    x = read("Myeloma, on Velcade and lenalidomide, temp 38")
    assert {t.drug for t in x.report.treatments} >= {"bortezomib", "lenalidomide"}


def test_drugs_yaml_valid_and_consistent(kb):
    drugs = _load_list(DATA_DIR / "drugs.yaml", Drug)
    assert len(drugs) >= 100
    for d in drugs.values():
        for c in d.classes:
            assert c in kb.drug_classes, (d.id, c)
            # a class's parents are implied: never listed beside it
            assert not (set(kb.class_closure([c])) - {c}) & set(d.classes), (d.id, c)
        for s in d.sources:
            assert s.split("#")[0] in kb.sources, (d.id, s)
        for cause in d.causes:
            assert cause in kb.causes, (d.id, cause)


def test_regimens_are_the_union_of_their_members(kb):
    def closure(i):
        return kb.class_closure(kb.drugs[i].classes)

    assert closure("folfox") >= closure("fluorouracil") | closure("oxaliplatin")
    assert closure("ac_regimen") >= closure("doxorubicin") | closure("cyclophosphamide")
    assert closure("capox") >= closure("capecitabine") | closure("oxaliplatin")
    assert closure("co_codamol") >= closure("paracetamol") | closure("codeine")
    regimens = {
        "r_chop": ("rituximab", "cyclophosphamide", "doxorubicin", "vincristine", "prednisolone"),
        "r_cvp": ("rituximab", "cyclophosphamide", "vincristine", "prednisolone"),
        "fec": ("fluorouracil", "epirubicin", "cyclophosphamide"),
        "tc_regimen": ("docetaxel", "cyclophosphamide"),
        "flot": ("fluorouracil", "oxaliplatin", "docetaxel"),
        "ecf": ("epirubicin", "cisplatin", "fluorouracil"),
        "ecx": ("epirubicin", "cisplatin", "capecitabine"),
        "abvd": ("doxorubicin", "bleomycin", "vinblastine", "dacarbazine"),
    }
    for regimen, members in regimens.items():
        assert closure(regimen) >= set().union(*(closure(m) for m in members)), regimen
        # a class one member leaves unknown is unknown for the regimen only if no member has it
        unknown = set().union(*(kb.drugs[m].unknown_classes for m in members)) - closure(regimen)
        assert set(kb.drugs[regimen].unknown_classes) == unknown, regimen


@pytest.mark.parametrize("written, drug_id", [
    ("Dexamethasone 4 mg tablets", "dexamethasone"),
    ("Dex 8mg OD", "dexamethasone"),
    ("Zoladex LA 10.8mg implant", "goserelin"),
    ("Filgrastim (Zarzio) injection", "filgrastim"),
    ("nab-paclitaxel 125mg/m2 weekly", "nab_paclitaxel"),
    ("R-CHOP cycle 2", "r_chop"),
    ("Lonquex 6mg injection", "lipegfilgrastim"),
    ("Arcoxia 90 mg", "etoricoxib"),
    ("Palexia SR 50mg", "tapentadol"),
    ("Xofigo injection", "radium_223"),
    ("FEC-100 cycle 3", "fec"),
    ("CVP line", None),  # central venous pressure, not the R-CVP regimen
    ("oxaliplatin + capecitabine", None),  # two drugs in one entry: not guessed
    ("Vitamin D 800 units", None),
])
def test_a_drug_written_with_its_dose_or_form_resolves(kb, written, drug_id):
    assert kb.drug_id(written) == drug_id


@pytest.mark.parametrize("drug_id, factor", [("dexamethasone", 6.67), ("prednisone", 1.0), ("prednisolone", 1.0),
                                             ("methylprednisolone", 1.25), ("hydrocortisone", 0.25)])
def test_prednisolone_equivalents(kb, drug_id, factor):
    assert kb.drugs[drug_id].prednisolone_equivalent == factor


@pytest.mark.parametrize("text, cancer", [("Radical prostatectomy in 2020, PSA undetectable since.", "prostate"),
                                          ("Started anastrozole 8 weeks ago after my lumpectomy.", "breast"),
                                          ("Mastectomy and radiotherapy in 2019.", "breast"),
                                          ("12 cycles of mFOLFIRINOX after my Whipple.", "pancreas"),
                                          ("My son, 22 months, has stage 4 neuroblastoma.", "other"),
                                          ("45, treated for Hodgkin's five years ago.", "lymphoma")])
def test_a_cancer_or_an_operation_done_only_for_it_names_it(read, text, cancer):
    assert [c.type for c in read(text).report.cancers] == [cancer]


def test_drugs_given_together_share_a_date_said_after_either(read):
    # REF is a Monday: "on Tuesday" is six days before
    x = read("Gemcitabine and Abraxane (nab-paclitaxel) for pancreatic cancer; the day 8 dose was on Tuesday.")
    doses = {t.drug: t.last_dose for t in x.report.treatments}
    assert doses["gemcitabine"] == doses["nab-paclitaxel"] == date(2026, 11, 10)


def test_the_nth_injection_this_morning_dates_the_daily_course(read):
    # the fourth daily dose today: the first was three days ago, and the course is still going
    x = read("I'm having daily filgrastim injections before my stem cell harvest; the fourth one was this morning.")
    t = x.report.treatments[0]
    assert (t.start, t.ongoing) == (date(2026, 11, 13), True)


def test_a_counted_daily_injection_starts_the_course(read):
    # REF is Monday 16 November: "today was the third" of daily injections started on the 14th
    x = read("Breast cancer, on daily filgrastim (Zarzio) injections for seven days after each cycle, and today was the third.")
    assert x.report.treatments[0].start == date(2026, 11, 14)
