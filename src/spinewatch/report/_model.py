"""The report: what is known about one person at one time.

Every clinical item is optional and ``None`` means *unknown*, which the engine treats
differently from ``False`` ("asked, and no"): unknowns that could raise the urgency come
back as questions. Units are fixed (°C, 10^9/L, g/L, mmol/L, µmol/L, mL/min) so that the
knowledge base thresholds compare like with like; the free-text intake converts to them.
Ranges are physiological limits: a value outside them is a typing error, not a finding.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

Site = Literal["cervical", "thoracic", "lumbar", "sacral", "pelvis", "hip"]
Course = Literal["improving", "stable", "worsening", "worsening_over_hours"]
Onset = Literal["sudden", "gradual"]
Character = Literal["aching", "sharp", "burning", "shooting", "electric", "cramping", "throbbing", "stabbing"]
AdlLimit = Literal["none", "instrumental", "self_care"]
Sex = Literal["female", "male", "other"]
MetastasisSite = Literal["bone", "spine", "liver", "lung", "brain", "lymph_nodes", "peritoneum", "other"]
CancerStatus = Literal["active", "remission", "unknown"]
NumbnessPattern = Literal["glove_and_stocking", "legs", "trunk", "buttocks", "one_side", "other"]


class _Strict(BaseModel):
    """Unknown fields are refused: a misspelt field must not silently read as 'unknown'."""

    model_config = ConfigDict(extra="forbid", frozen=False, str_strip_whitespace=True)


def _not_future(value: date) -> date:
    # A date after today is a typing error; dates after the report's own time are checked
    # in Report.
    if value > date.today():
        raise ValueError("date is in the future")
    return value


PastDate = Annotated[date, AfterValidator(_not_future)]


class Cancer(_Strict):
    type: Annotated[str, Field(min_length=2, max_length=60, description="knowledge-base cancer id or a name it knows, e.g. 'breast', 'myeloma'")]
    diagnosed: PastDate | None = None
    status: CancerStatus | None = None



class Treatment(_Strict):
    """One drug or radiotherapy course. Dates let the engine model timing (TAPS, G-CSF windows)."""

    drug: Annotated[str, Field(min_length=2, max_length=80, description="generic or brand name, or 'radiotherapy'")]
    start: PastDate | None = Field(None, description="first dose / first fraction")
    last_dose: PastDate | None = Field(None, description="most recent dose or infusion")
    ongoing: bool | None = None
    dose_mg_per_day: Annotated[float, Field(ge=0, le=2000)] | None = Field(None, description="daily dose, for corticosteroids")
    site: Site | None = Field(None, description="radiotherapy field, if any")


    @model_validator(mode="after")
    def _ordered(self) -> "Treatment":
        if self.start and self.last_dose and self.last_dose < self.start:
            raise ValueError("last_dose is before start")
        return self


class Pain(_Strict):
    back_pain: bool | None = Field(None, description="back, neck or pelvic pain is present (its level may be unknown)")
    sites: list[Site] | None = Field(None, description="where the pain is; several allowed")
    nrs: Annotated[int, Field(ge=0, le=10)] | None = Field(None, description="numeric rating scale 0-10, worst in last 24 h")
    onset_date: PastDate | None = None
    onset: Onset | None = None
    course: Course | None = None
    character: list[Character] | None = None
    night_pain: bool | None = Field(None, description="pain at night that disturbs or stops sleep")
    worse_lying_down: bool | None = None
    eased_lying_down: bool | None = None
    worse_on_movement: bool | None = Field(None, description="mechanical: worse standing, sitting or moving")
    worse_on_straining: bool | None = Field(None, description="worse on coughing, sneezing or opening bowels")
    unrelieved_by_rest: bool | None = None
    radiating_down_limb: bool | None = Field(None, description="radicular pain shooting down an arm or leg")
    band_like: bool | None = Field(None, description="band of pain round the chest or abdomen")
    localised_tenderness: bool | None = None
    claudication: bool | None = Field(None, description="leg pain or heaviness on walking, eased by rest")
    diffuse_aches: bool | None = Field(None, description="widespread muscle or joint aches")
    symmetrical_joint_pain: bool | None = None
    obvious_trigger: bool | None = Field(None, description="a clear strain, lift or awkward movement started it")
    follows_dose: bool | None = Field(None, description="the ache that comes in the days after each dose of a treatment, as usual")
    abdominal: bool | None = Field(None, description="pain in the belly too, or going straight through between the belly and the back")
    not_controlled_by_analgesia: bool | None = None
    cramps_or_spasms: bool | None = None



class Neurology(_Strict):
    leg_weakness: bool | None = Field(None, description="weakness or heaviness of one or both legs")
    arm_weakness: bool | None = None
    gait_difficulty: bool | None = Field(None, description="difficulty walking, unsteadiness or falls")
    numbness: bool | None = Field(None, description="numbness, pins and needles or altered sensation")
    numbness_pattern: list[NumbnessPattern] | None = None
    sensory_level: bool | None = None
    saddle_anaesthesia: bool | None = Field(None, description="numbness between the legs or around the bottom")
    bladder_dysfunction: bool | None = Field(None, description="retention, new incontinence, loss of bladder sensation")
    bowel_dysfunction: bool | None = Field(None, description="new faecal incontinence or loss of bowel sensation")
    sexual_dysfunction: bool | None = None
    cold_triggered_dysaesthesia: bool | None = None
    worsening_over_hours: bool | None = Field(None, description="symptoms getting worse over hours")
    known_deficit_worsening: bool | None = None
    longstanding_assessed: bool | None = Field(
        None, description="these neurological symptoms are long-standing, unchanged for months and already assessed")
    neuropathy_adl: AdlLimit | None = Field(None, description="what neuropathy stops: none, instrumental ADL, self-care ADL")


class Systemic(_Strict):
    temperature_c: Annotated[float, Field(ge=25.0, le=45.0)] | None = None
    rigors: bool | None = Field(None, description="rigors, shaking or shivering")
    feels_feverish: bool | None = Field(None, description="feels feverish or hot (a fever felt, whatever the reading)")
    feeling_unwell: bool | None = Field(None, description="feeling acutely unwell")
    weight_loss: bool | None = Field(None, description="unexplained weight loss")
    weight_loss_kg: Annotated[float, Field(ge=0, le=80)] | None = None
    fatigue: bool | None = None
    rash: bool | None = None
    rash_dermatomal_vesicular: bool | None = Field(None, description="blistering rash in a band on one side")
    chest_pain: bool | None = None
    breathless_at_rest: bool | None = None
    collapse: bool | None = None
    other_amber_domains: list[Annotated[str, Field(max_length=40)]] | None = Field(
        None, description="UKONS domains other than pain with an amber feature, e.g. 'vomiting', 'diarrhoea'")


class Labs(_Strict):
    platelets: Annotated[float, Field(ge=0, le=2000)] | None = Field(None, description="10^9/L")
    neutrophils: Annotated[float, Field(ge=0, le=100)] | None = Field(None, description="10^9/L")
    haemoglobin: Annotated[float, Field(ge=20, le=250)] | None = Field(None, description="g/L")
    calcium: Annotated[float, Field(ge=0.5, le=6)] | None = Field(None, description="adjusted, mmol/L")
    magnesium: Annotated[float, Field(ge=0.05, le=5)] | None = Field(None, description="mmol/L")
    potassium: Annotated[float, Field(ge=1, le=10)] | None = Field(None, description="mmol/L")
    creatinine: Annotated[float, Field(ge=10, le=3000)] | None = Field(None, description="µmol/L")
    egfr: Annotated[float, Field(ge=0, le=200)] | None = Field(None, description="mL/min/1.73m²")
    crcl: Annotated[float, Field(ge=0, le=250)] | None = Field(None, description="creatinine clearance, mL/min")
    alt: Annotated[float, Field(ge=0, le=10000)] | None = Field(None, description="U/L")
    bilirubin: Annotated[float, Field(ge=0, le=1000)] | None = Field(None, description="µmol/L")
    crp: Annotated[float, Field(ge=0, le=1000)] | None = Field(None, description="mg/L")
    taken: PastDate | None = None



class History(_Strict):
    """Background that changes risk or drug safety."""

    age: Annotated[int, Field(ge=0, le=120)] | None = None
    sex: Sex | None = None
    weight_kg: Annotated[float, Field(ge=2, le=400)] | None = None
    osteoporosis: bool | None = None
    liver_disease: bool | None = None
    peptic_ulcer_or_gi_bleed: bool | None = None
    heart_failure: bool | None = None
    heavy_alcohol: bool | None = None
    diabetes: bool | None = None
    stem_cell_transplant: bool | None = None
    central_line: bool | None = None
    recent_spinal_procedure: bool | None = None
    uncontrolled_hypertension: bool | None = None
    on_ppi: bool | None = Field(None, description="on gastric protection (PPI)")
    on_laxative: bool | None = None


class Report(_Strict):
    """What is known about one person at one time; every item may be unknown."""

    id: Annotated[str, Field(max_length=100)] | None = None
    reported_at: datetime | None = Field(None, description="when the report was made; defaults to now")
    cancers: list[Cancer] | None = Field(None, description="past or current cancers; [] means 'no cancer'")
    metastases: list[MetastasisSite] | None = Field(None, description="known metastases; [] means 'none known'")
    treatments: list[Treatment] | None = Field(None, description="[] means 'no anticancer or relevant treatment'")
    pain: Pain = Field(default={}, validate_default=True)
    neurology: Neurology = Field(default={}, validate_default=True)
    systemic: Systemic = Field(default={}, validate_default=True)
    labs: Labs = Field(default={}, validate_default=True)
    history: History = Field(default={}, validate_default=True)
    adl_limit: AdlLimit | None = Field(None, description="what the pain stops: CTCAE grade 2 = instrumental, 3 = self-care")
    concern: bool | None = Field(None, description="the patient or carer is worried something is seriously wrong")

    @field_validator("reported_at")
    @classmethod
    def _reported_not_future(cls, value: datetime | None) -> datetime | None:
        if value is None:
            return None
        aware = value if value.tzinfo else value.replace(tzinfo=timezone.utc)
        # A few minutes of clock skew between a client and the server is not an error.
        if (aware - datetime.now(timezone.utc)).total_seconds() > 600:
            raise ValueError("reported_at is in the future")
        return value

    @property
    def report_date(self) -> date:
        return (self.reported_at or datetime.now(timezone.utc)).date()

    @model_validator(mode="after")
    def _dates_before_report(self) -> "Report":
        # Dates after the report's own time are impossible for the person describing them.
        if self.reported_at is None:
            return self
        limit = self.reported_at.date()
        for i, t in enumerate(self.treatments or []):
            for name in ("start", "last_dose"):
                d = getattr(t, name)
                if d and d > limit:
                    raise ValueError(f"treatments[{i}].{name} is after reported_at")
        if self.pain.onset_date and self.pain.onset_date > limit:
            raise ValueError("pain.onset_date is after reported_at")
        return self
