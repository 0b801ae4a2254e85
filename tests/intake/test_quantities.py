"""Every number and date form: temperatures in °C and °F, pain scores, weights, durations to dates."""

from datetime import date, timedelta

import pytest

from spinewatch.intake.quantities import find_age_sex, find_pain_scores, find_temperatures, find_weight_loss
from spinewatch.intake.timex import find_times

from .conftest import REF

D = REF.date()  # Monday 16 November 2026


@pytest.mark.parametrize("text, celsius", [
    ("temp 38.4", 38.4), ("38.4C", 38.4), ("38.5°C", 38.5), ("38,2 degrees", 38.2), ("temperature of 37.8", 37.8),
    ("100.4F", 38.0), ("100.4 °F", 38.0), ("temp of 99", 37.2), ("102F last night", 38.9), ("T 38.1", 38.1),
    ("temp 35.6", 35.6), ("it was 38 degrees", 38.0), ("thermometer says 101", 38.3),
])
def test_temperatures(text, celsius):
    assert [t.value for t in find_temperatures(text)] == [celsius]


@pytest.mark.parametrize("text", ["I'm 38 years old", "38 tablets", "took 2 at 10", "room 101", "bus 99"])
def test_numbers_that_are_not_temperatures(text):
    assert find_temperatures(text) == []


@pytest.mark.parametrize("text, score", [
    ("7/10", 7), ("pain 8 out of 10", 8), ("about a 6 I'd say, the pain", 6), ("6-7/10", 7), ("pain score is 5", 5),
    ("seven out of ten", 7), ("bout a 2, my back", 2), ("10/10 agony", 10), ("pain: 4", 4),
    ("Back pain low down is now a 7-8", 8),  # a range counts as its top
    ("he say 7 from 10", 7), ("today only 2 of 10", 2),  # English as a second language
    ("the back was sore, now its only a 2", 2),
    ("achy low back and thighs, a 2 or 3, he says", 3), ("my back aches, maybe 2, I go to work", 2),
])
def test_pain_scores(text, score):
    assert max(s.value for s in find_pain_scores(text)) == score


@pytest.mark.parametrize("text, score", [("he scores it 8 or 9", 9), ("she rated it a 6", 6)])
def test_a_score_given_by_someone_else(text, score):
    assert max(s.value for s in find_pain_scores(text)) == score


@pytest.mark.parametrize("text", ["took 2 tablets", "for 3 days", "at 10 o'clock", "on 7/11 I went",
                                  "cycle 2 of 10 next week", "radiotherapy fraction 3 of 10",
                                  "took maybe 2 paracetamol for my back", "back pain for about 3 weeks"])
def test_numbers_that_are_not_pain_scores(text):
    assert find_pain_scores(text) == []


@pytest.mark.parametrize("text, kg", [("lost 5kg", 5.0), ("lost half a stone", 3.2), ("lost a stone", 6.4),
                                      ("lost 10 lbs", 4.5), ("dropped 3 kilos", 3.0)])
def test_weight_lost(text, kg):
    assert find_weight_loss(text)[0].value == kg


@pytest.mark.parametrize("text, kg", [("Weight 61 -> 56 kg since August", 5.0), ("wt 72kg to 66kg", 6.0),
                                      ("weighed 150 lbs, now 139 lbs", 5.0), ("Weight: 58.2 > 57.9 > 56.0 kg", 2.2),
                                      ("The scales say 74 kg down to 68 kg", 6.0), ("about 5 kg gone since August", 5.0)])
def test_weight_series_reads_the_fall_from_first_to_last(text, kg):
    assert find_weight_loss(text)[0].value == kg


@pytest.mark.parametrize("text", ["weight 60 kg to 62 kg", "weight 64 kg, stable", "weight 150 lbs to 70 kg"])
def test_weight_series_that_is_no_loss(text):
    assert find_weight_loss(text) == []


@pytest.mark.parametrize("text, age, sex", [("I'm 67", 67, None), ("67F breast ca", 67, "female"), ("Pt 58M", 58, "male"),
                                            ("72 year old", 72, None), ("Mum (76, bowel cancer)", 76, None)])
def test_age_and_sex(text, age, sex):
    found = {m.kind: m.value for m in find_age_sex(text)}
    assert found.get("age") == age and found.get("sex") == sex


@pytest.mark.parametrize("text, kind, days_before", [
    ("had my Taxol Tuesday", "point", 6),
    ("on Friday", "point", 3),
    ("last Friday", "point", 3),
    ("since Monday", "since", 7),
    ("since Saturday", "since", 2),
    ("on steroids since last autumn", "since", 441),
    ("a low backache since mid-January", "since", 319),  # the earliest the words allow: autumn 2025 began 1 Sept
    ("for 3 weeks", "since", 21),
    ("for the past week", "since", 7),
    ("for a few days now", "since", 3),
    ("3 weeks now", "since", 21),
    ("2 weeks ago", "point", 14),
    ("a couple of days ago", "point", 2),
    ("a fortnight ago", "point", 14),
    ("yesterday", "point", 1),
    ("last night", "point", 1),
    ("this morning", "point", 0),
    ("since yesterday", "since", 1),
    ("day 3 after chemo", "cycle_day", 2),
    ("Cycle 2 day 4", "cycle_day", 3),
    ("carboplatin/paclitaxel 3-weekly, C2D3", "cycle_day", 2),
])
def test_relative_dates(text, kind, days_before):
    found = find_times(text, D)
    assert found and found[0].kind == kind and found[0].date == D - timedelta(days=days_before), found


@pytest.mark.parametrize("text, n", [("today was the third", 3), ("today's was my fourth", 4),
                                     ("the fourth one was this morning", 4), ("today was the 5th injection", 5)])
def test_a_daily_injection_counted_dates_its_first_day(text, n):
    t = find_times(text, D)[0]
    assert (t.kind, t.days, t.date) == ("cycle_day", n, D - timedelta(days=n - 1))


@pytest.mark.parametrize("text", ["today was my third chemo", "today was the first day I could walk"])
def test_an_ordinal_that_counts_something_else_is_no_injection_count(text):
    assert "cycle_day" not in [t.kind for t in find_times(text, D)]


@pytest.mark.parametrize("text", ["like after the first cycle when it went in 4 days", "it settled in a week last time",
                                  "the aches were gone in 3 days"])
def test_how_long_an_episode_lasted_is_no_onset(text):
    assert find_times(text, D) == []


@pytest.mark.parametrize("text", ["back pain in the last 4 days", "pain in 3 days"])
def test_in_n_days_without_an_ending_verb_is_still_a_duration(text):
    assert find_times(text, D)[0].kind == "since"


@pytest.mark.parametrize("text, day", [("since 12/11", date(2026, 11, 12)), ("on 3rd November", date(2026, 11, 3)),
                                       ("since June", date(2026, 6, 1)), ("finished on 1/12/2025", date(2025, 12, 1)),
                                       ("on Nov 3", date(2026, 11, 3)), ("since 20 December", date(2025, 12, 20))])
def test_explicit_dates_day_first_never_in_future(text, day):
    assert find_times(text, D)[0].date == day


@pytest.mark.parametrize("text", ["It's day 3", "today is day 3", "I'm on day 3"])
def test_day_n_said_alone_is_a_cycle_day(text):
    t = find_times(text, D)[0]
    assert (t.kind, t.days, t.date) == ("cycle_day", 3, D - timedelta(days=2))


@pytest.mark.parametrize("text, kind, days_ago", [
    ("chemo was on the 12th", "point", 4), ("aching since the 14th", "since", 2),
    ("since the 20th", "since", 27),  # the 20th has not come yet this month: last month's
    ("my 4th cycle", None, None), ("on the 4th cycle now", None, None),
])
def test_a_day_of_the_month_said_alone_is_the_latest_such_day(text, kind, days_ago):
    found = find_times(text, D)
    if kind is None:
        assert found == []
    else:
        assert (found[0].kind, found[0].date) == (kind, D - timedelta(days=days_ago))


@pytest.mark.parametrize("text, kind, days_ago", [
    ("I take letrozole since seven weeks", "since", 49),  # "since" with a duration, as non-native writers say it
    ("paclitaxel on Monday 9th", "point", 7),  # the weekday with its day of the month
    ("on prednisolone 10mg a day since January", "since", 319),  # a dose rate is not a time
    ("on it since about 2023", "since", 1415),  # a year alone: its first day, the least it can mean
    ("chemo on Friday 30 October", "point", 17), ("the injection on Wednesday the 11th", "point", 5),
    ("since my Neulasta on Saturday, 3/10", "point", 2),  # a pain score after the weekday is not its date
    ("Lumbar pain 4/10 x 1/52", "since", 7), ("nab-paclitaxel D1 2/7 ago", "point", 2), ("pain x 2/12", "since", 60),
    ("back pain 3/52", "since", 21), ("Neulasta jab fri", "point", 3),
    ("prednisolone 10 mg od for >12/12.", "since", 360), ("back pain x 1/52.", "since", 7),  # a full stop ends it
    ("on 2/7 had chemo", "point", 137),  # a bare 2/7 stays a date (2 July)
])
def test_clinical_shorthand_durations_and_short_weekdays(text, kind, days_ago):
    t = find_times(text, D)[0]
    assert (t.kind, t.date) == (kind, D - timedelta(days=days_ago))


@pytest.mark.parametrize("text, days_ago", [
    ("chemo on the 10th, the aching started a couple of days later", 4),
    ("paclitaxel on the 10th and the next day my back went", 5),
    ("injection on Wednesday the 11th, the ache started on the Thursday", 4),  # the Thursday after the 11th
    ("chemo on Tuesday last week", 6), ("chemo on Monday last week", 7),  # that day, not "last week" alone
])
def test_narrative_dates_count_from_the_date_said_before(text, days_ago):
    assert find_times(text, D)[-1].date == D - timedelta(days=days_ago)


@pytest.mark.parametrize("text", ["it started a few days later", "the next day it was worse"])
def test_a_narrative_date_with_nothing_before_it_says_nothing(text):
    assert find_times(text, D) == []


def test_the_day_after_an_event_is_a_one_day_offset():
    t = find_times("the day after my infusion", D)[0]
    assert (t.kind, t.days) == ("after", 1)


def test_a_pain_said_to_start_from_a_narrative_weekday_dates_the_onset(read):
    x = read("Neulasta on the 12th. Got the usual achy hips and low back from the Saturday, still there now")
    assert x.report.pain.onset_date == D - timedelta(days=2)  # Saturday 14th, the first after the 12th


def test_a_weekday_in_brackets_after_a_date_names_that_date():
    assert [t.date for t in find_times("docetaxel on the 9th (Monday)", D)] == [D - timedelta(days=7)]


def test_after_an_event_is_an_offset():
    t = find_times("2 days after my infusion", D)[0]
    assert (t.kind, t.days) == ("after", 2)


def test_dates_reach_the_report(read):
    x = read("had my Taxol Tuesday, back pain since Thursday, 7/10, temp 100.4F")
    t = x.report.treatments[0]
    assert (t.drug, t.last_dose) == ("paclitaxel", D - timedelta(days=6))
    assert x.report.pain.onset_date == D - timedelta(days=4)
    assert x.report.pain.nrs == 7 and x.report.systemic.temperature_c == 38.0


def test_onset_from_days_after_a_dated_dose(read):
    x = read("Back pain started 2 days after my Taxotere on Tuesday")
    assert x.report.treatments[0].last_dose == D - timedelta(days=6)
    assert x.report.pain.onset_date == D - timedelta(days=4)


def test_days_after_a_dose_without_onset_verb_dates_the_dose(read):
    x = read("2 days after my Taxotere, aching everywhere")
    assert x.report.treatments[0].last_dose == D - timedelta(days=2)


def test_start_and_stop_words(read):
    x = read("Started letrozole 3 months ago. Stopped Prolia a year ago. Finished FOLFOX on 3rd November.")
    by = {t.drug: t for t in x.report.treatments}
    assert by["letrozole"].start == D - timedelta(days=90)
    assert by["denosumab"].ongoing is False and by["denosumab"].last_dose == D - timedelta(days=365)
    assert by["FOLFOX"].last_dose == date(2026, 11, 3) and by["FOLFOX"].ongoing is False


@pytest.mark.parametrize("text, nrs", [
    ("Saturday it was 8/10, today 3/10", 3),  # worst in the last 24 h, as the report field says
    ("4/10 yesterday, 2/10 today", 4),        # yesterday is still within the day
    ("8/10 since Saturday", 8),                # still going since then
    ("pain 7/10 on Friday", 7),                # no recent score: the worst said stands
    ("was 3/10 last week, now 8/10", 8),
    ("pain 2/10 today vs 4/10 Sat", 2),  # a short weekday right after a score dates that score
    ("4/10 initially, now 2/10, improving daily", 2),  # a score said to be the first one is older
    ("initially 3/10, now 8/10", 8),
    ("Sore the first day, maybe 4, now 2/10 and better every day.", 2),
])
def test_the_pain_score_is_the_worst_of_the_last_day(read, text, nrs):
    assert read(text).report.pain.nrs == nrs


@pytest.mark.parametrize("text, celsius", [
    ("This morning her temp was 37.4 - she's normally about 36.1.", 37.4),  # her usual is not today's
    ("37.3. I normally run low, about 36.2.", 37.3),
    ("she normally runs at 36.0, today 37.6", 37.6),
])
def test_a_usual_temperature_is_not_the_reading(read, text, celsius):
    assert read(text).report.systemic.temperature_c == celsius


def test_steroid_dose_per_day(read):
    x = read("on dex 8mg twice a day")
    assert x.report.treatments[0].dose_mg_per_day == 16


def test_most_abnormal_temperature_and_fever_word(read):
    assert read("37.2 this morning, 38.6 now").report.systemic.temperature_c == 38.6
    x = read("I've got a fever")
    assert x.report.systemic.temperature_c == 38.0 and "systemic.temperature_c" in x.question_findings
    assert read("no temp").report.systemic.temperature_c is None


def test_clinical_shorthand_gives_age_and_sex_to_the_report(read):
    r = read("Pt 68M, prostate ca with known spinal mets.").report
    assert r.history.age == 68 and r.history.sex == "male"


@pytest.mark.parametrize("text, onset_days_ago", [
    # the date belongs to the symptom named nearest before it in its clause, else the first after it
    ("can't pee properly since last night, back pain 6/10", None),
    ("Vomiting since yesterday, back pain 4/10", None),
    ("BACK PAIN 9/10 CANT WALK PROPERLY SINCE YESTERDAY", None),
    ("Since Friday my right leg has felt numb and the back pain is a 7", None),
    ("my back has been sore since Friday and my legs feel weak", 3),
    ("legs are weak, back pain since Friday", 3),
    ("back pain 7/10 since yesterday, cannot pee", 1),
])
def test_a_date_dates_the_pain_only_when_it_belongs_to_the_pain(read, text, onset_days_ago):
    x = read(text)
    expected = None if onset_days_ago is None else D - timedelta(days=onset_days_ago)
    assert x.report.pain.onset_date == expected


@pytest.mark.parametrize("text, drug, days_ago", [
    # a dose named by a pronoun or "last one" in its own clause still dates the drug named before it
    ("I'm on paclitaxel weekly, had it on Friday, now my lower back aches 4/10", "paclitaxel", 3),
    ("on FEC chemo, last one Thursday, back aching 3/10", "FEC (fluorouracil, epirubicin and cyclophosphamide)", 4),
    ("Neulasta, got it yesterday, back and hips ache", "pegfilgrastim", 1),
    ("I'm having pegfilgrastim injections after each chemo. Had one yesterday. Back aching 5/10.", "pegfilgrastim", 1),
    ("Had chemo (docetaxel) 2 days ago and I ache everywhere including my back", "docetaxel", 2),
    ("Is it normal to ache after Taxotere? It's day 2, aching in my lower back", "docetaxel", 1),
])
def test_a_dose_named_by_a_pronoun_dates_the_drug_before_it(read, text, drug, days_ago):
    t = read(text).report.treatments[0]
    assert (t.drug, t.last_dose) == (drug, D - timedelta(days=days_ago))


@pytest.mark.parametrize("text, drug, field, days_ago", [
    # the drug's own noun and its "started" belong to it; "after chemo" names the reference event
    ("She's on daily filgrastim injections, started 3 days ago. She has a mild ache in her back", "filgrastim", "start", 3),
    ("I had my pegfilgrastim injection 9 days ago after chemo. My back aches", "pegfilgrastim", "last_dose", 9),
    ("Had my Neulasta injection on the 13th, the day after my chemo. Back aching", "chemotherapy", "last_dose", 4),
    ("on prednisolone, 10mg a day now, since last August; sudden back pain", "prednisolone", "start", 107),
])
def test_dates_go_to_the_drug_they_are_said_of(read, text, drug, field, days_ago):
    t = next(t for t in read(text).report.treatments if t.drug == drug)
    assert getattr(t, field) == D - timedelta(days=days_ago)


def test_a_drug_named_in_brackets_is_an_aside_the_date_after_them_is_not_its(read):
    ts = {t.drug: t for t in read("Started weekly paclitaxel (after 4 cycles of EC) and had dose 1 on Friday, back aches").report.treatments}
    assert ts["paclitaxel"].start == D - timedelta(days=3)
    assert ts["EC (epirubicin and cyclophosphamide)"].last_dose is None


def test_without_the_pronoun_a_date_in_the_pain_clause_stays_the_pains(read):
    x = read("on paclitaxel weekly, back aching since Friday")
    assert x.report.treatments[0].last_dose is None
    assert x.report.pain.onset_date == D - timedelta(days=3)


def test_a_generic_mention_gives_way_to_the_named_drug_in_its_brackets(read):
    x = read("started hormone tablets (letrozole) 3 months ago, back ache")
    assert [(t.drug, t.start, t.last_dose) for t in x.report.treatments] == [("letrozole", D - timedelta(days=90), None)]



def test_since_between_a_drug_and_its_date_makes_the_date_a_start(read):
    t = read("On dexamethasone 8mg since my brain mets were found 3 months ago, now sudden back pain").report.treatments[0]
    assert (t.start, t.last_dose, t.ongoing) == (D - timedelta(days=90), None, True)


def test_started_with_a_short_weekday_dates_the_start(read):
    # "started" is a pain word only when it is not part of the date itself
    t = read("DN note: filgrastim (Zarzio) s/c OD started Sat. C/o mild ache lower back NRS 2").report.treatments[0]
    assert (t.drug, t.start, t.ongoing) == ("filgrastim", D - timedelta(days=2), True)  # "OD": once daily, still going


def test_a_date_said_of_another_event_is_not_the_drugs(read):
    t = read("I had my operation in January and I start Femara 7 weeks ago, now my back aches").report.treatments[0]
    assert (t.drug, t.start) == ("letrozole", D - timedelta(days=49))


def test_drugs_given_together_share_the_date_said_of_the_pair(read):
    x = read("nab-paclitaxel + gemcitabine D1 Fri 13/11. Generalised myalgia incl lumbar ache since this am, NRS 2")
    assert {t.drug: t.last_dose for t in x.report.treatments} == {"nab-paclitaxel": D - timedelta(days=3),
                                                                 "gemcitabine": D - timedelta(days=3)}

