#!/usr/bin/env python3
"""Writes the screening, preventive-services and claim-records scenarios of test-bundles/ and their manifests.

Each record is complete and compliant with every other standard (names and MRNs on every note, credentialed
signers, same-day notes), so that the gap its manifest lists is its only one. Dates are set against the fixed audit
clock 2026-06-01T12:00:00Z, with at least two days to spare on every window.

It also gives the behavioral-health scenarios the depression and alcohol-use screens a patient in that care should
have (a PHQ-9 and an AUDIT-C, both negative, at the first visit from 2025-07-01 on), and the two minors among them
the well-child visit they need within 12 months, so that those records stay compliant now that both standards apply
to them. That part changes nothing when run again.

    python3 scripts/generate-screening-preventive-claim-scenarios.py
"""
import base64
import json
from pathlib import Path

BUNDLES = Path(__file__).resolve().parent.parent / "test-bundles"
BASE = "http://example.org/fhir/"
CPT = "http://www.ama-assn.org/go/cpt"
SCT = "http://snomed.info/sct"
LOINC = "http://loinc.org"
CVX = "http://hl7.org/fhir/sid/cvx"
CHARTCHECK = "https://chartcheck.dev/fhir/"
V2_0360 = "http://terminology.hl7.org/CodeSystem/v2-0360"


def coding(system, code, display):
    return {"system": system, "code": code, "display": display}


class Record:
    """One scenario's resources, in the bundle order the README gives."""

    ORDER = ["Organization", "Practitioner", "Patient", "EpisodeOfCare", "CarePlan", "Encounter", "DocumentReference",
             "Observation", "Immunization", "ServiceRequest", "Claim"]

    def __init__(self, prefix, mrn_system):
        self.prefix = prefix
        self.mrn_system = mrn_system
        self.resources = []
        self.people = {}

    def id(self, local):
        return f"{self.prefix}-{local}"

    def ref(self, rtype, local):
        return {"reference": f"{rtype}/{self.id(local)}"}

    def add(self, resource):
        self.resources.append(resource)
        return resource

    def organization(self, name, local="org"):
        return self.add({"resourceType": "Organization", "id": self.id(local), "active": True,
                         "identifier": [{"system": self.mrn_system.replace("/mrn", "/org"), "value": self.id(local).upper()}],
                         "type": [{"coding": [coding("http://terminology.hl7.org/CodeSystem/organization-type", "prov",
                                                     "Healthcare Provider")]}],
                         "name": name})

    def practitioner(self, local, family, given, credential, npi, gender):
        qualification = ({"code": {"coding": [coding(V2_0360, credential, "Doctor of Medicine")], "text": credential}}
                         if credential == "MD" else {"code": {"text": credential}})
        self.people[local] = f"{given} {family}, {credential}"
        return self.add({"resourceType": "Practitioner", "id": self.id(local), "active": True,
                         "identifier": [{"system": "http://hl7.org/fhir/sid/us-npi", "value": npi}],
                         "name": [{"use": "official", "family": family, "given": [given], "suffix": [credential]}],
                         "gender": gender, "qualification": [qualification]})

    def patient(self, family, given, gender, birth, mrn, pcp=None):
        self.header = f"Patient: {given} {family}    MRN: {mrn}    DOB: {birth}"
        patient = {"resourceType": "Patient", "id": self.id("pat"), "active": True,
                   "identifier": [{"use": "usual", "type": {"coding": [coding(
                       "http://terminology.hl7.org/CodeSystem/v2-0203", "MR", "Medical record number")]},
                       "system": self.mrn_system, "value": mrn}],
                   "name": [{"use": "official", "family": family, "given": [given]}],
                   "gender": gender, "birthDate": birth,
                   "managingOrganization": self.ref("Organization", "org")}
        if pcp:
            patient["generalPractitioner"] = [self.ref("Practitioner", pcp)]
        return self.add(patient)

    def encounter(self, local, type_coding, text, start, end, clinician, reason, org="org"):
        return self.add({"resourceType": "Encounter", "id": self.id(local), "status": "finished",
                         "class": coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", "ambulatory"),
                         "type": [{"coding": [type_coding], "text": text}],
                         "subject": self.ref("Patient", "pat"),
                         "participant": [{"type": [{"coding": [coding(
                             "http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "PPRF", "primary performer")]}],
                             "individual": self.ref("Practitioner", clinician)}],
                         "period": {"start": start, "end": end},
                         "reasonCode": [{"text": reason}],
                         "serviceProvider": self.ref("Organization", org)})

    def note(self, local, encounter, date, clinician, title, body, doc_status="final", category=None, org="org"):
        text = f"{self.header}\n{title}\n\n{body.strip()}\n\nElectronically signed by {self.people[clinician]}\n"
        note = {"resourceType": "DocumentReference", "id": self.id(local), "status": "current", "docStatus": doc_status,
                "type": {"coding": [coding(LOINC, "11506-3", "Progress note")]}}
        if category:
            note["category"] = [{"coding": [category]}]
        note.update({"subject": self.ref("Patient", "pat"), "date": date,
                     "author": [self.ref("Practitioner", clinician)]})
        if doc_status == "final":
            note["authenticator"] = self.ref("Practitioner", clinician)
        note.update({"custodian": self.ref("Organization", org),
                     "content": [{"attachment": {"contentType": "text/plain", "language": "en-US",
                                                 "data": base64.b64encode(text.encode("utf-8")).decode("ascii"),
                                                 "title": title}}],
                     "context": {"encounter": [self.ref("Encounter", encounter)]}})
        return self.add(note)

    def observation(self, local, code, display, value, unit, at, encounter, clinician, category="survey"):
        return self.add({"resourceType": "Observation", "id": self.id(local), "status": "final",
                         "category": [{"coding": [coding("http://terminology.hl7.org/CodeSystem/observation-category",
                                                         category, category.replace("-", " ").capitalize())]}],
                         "code": {"coding": [coding(LOINC, code, display)]},
                         "subject": self.ref("Patient", "pat"), "encounter": self.ref("Encounter", encounter),
                         "effectiveDateTime": at, "performer": [self.ref("Practitioner", clinician)],
                         "valueQuantity": {"value": value, "unit": unit, "system": "http://unitsofmeasure.org",
                                           "code": unit}})

    def screen(self, local, instrument, score, at, encounter, clinician):
        code, display = SCREENS[instrument]
        return self.observation(local, code, display, score, "{score}", at, encounter, clinician)

    def immunization(self, local, at, encounter, clinician):
        return self.add({"resourceType": "Immunization", "id": self.id(local), "status": "completed",
                         "vaccineCode": {"coding": [coding(CVX, "140", "Influenza, seasonal, injectable, preservative free")]},
                         "patient": self.ref("Patient", "pat"), "encounter": self.ref("Encounter", encounter),
                         "occurrenceDateTime": at, "primarySource": True,
                         "performer": [{"actor": self.ref("Practitioner", clinician)}]})

    def case_management(self, kind, local, type_coding, start, clinician):
        if kind == "EpisodeOfCare":
            return self.add({"resourceType": "EpisodeOfCare", "id": self.id(local), "status": "active",
                             "type": [{"coding": [type_coding]}], "patient": self.ref("Patient", "pat"),
                             "managingOrganization": self.ref("Organization", "org"), "period": {"start": start},
                             "careManager": self.ref("Practitioner", clinician)})
        return self.add({"resourceType": "CarePlan", "id": self.id(local), "status": "active", "intent": "plan",
                         "category": [{"coding": [type_coding]}], "title": "Case management plan",
                         "subject": self.ref("Patient", "pat"), "period": {"start": start},
                         "author": self.ref("Practitioner", clinician)})

    def bundle(self):
        entries = sorted(self.resources, key=lambda r: self.ORDER.index(r["resourceType"]))
        return {"resourceType": "Bundle", "type": "transaction", "entry": [
            {"fullUrl": f"{BASE}{r['resourceType']}/{r['id']}", "resource": r,
             "request": {"method": "PUT", "url": f"{r['resourceType']}/{r['id']}"}} for r in entries]}


SCREENS = {
    "PHQ-2": ("55758-7", "Patient Health Questionnaire 2 item (PHQ-2) total score [Reported]"),
    "PHQ-9": ("44261-6", "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]"),
    "AUDIT-C": ("75626-2", "Total score [AUDIT-C]"),
}
FOLLOW_UP = coding(SCT, "390906007", "Follow-up encounter (procedure)")
SYMPTOM = coding(SCT, "185345009", "Encounter for symptom (procedure)")
PROBLEM = coding(SCT, "185347001", "Encounter for problem (procedure)")
WELL_CHILD = coding(SCT, "410620009", "Well child visit (procedure)")
DEPRESSION_CARE = coding(SCT, "768835002", "Depression care management")
SUBSTANCE_CARE = coding(SCT, "423416000", "Substance use cessation case management")
CASE_MANAGEMENT = coding(CHARTCHECK + "CodeSystem/care-setting", "case-management", "Case management")


def write(name, record, description, findings):
    (BUNDLES / f"{name}.bundle.json").write_text(json.dumps(record.bundle(), indent=2, ensure_ascii=False) + "\n")
    manifest = {"scenario": name, "description": description, "patient": f"Patient/{record.id('pat')}",
                "findings": [{"standard": s, "gapStatus": g, "implicated": i} for s, g, i in findings]}
    (BUNDLES / f"{name}.expected.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")


def case_managed(prefix, mrn_system, patient, manager=("Whitaker", "Dana", "RN", "1457392018", "female")):
    """A care-management program's record: its organization, a case manager (RN) and the patient."""
    record = Record(prefix, mrn_system)
    record.organization("Bayside Care Management")
    record.practitioner("cm", *manager)
    record.patient(*patient)
    return record


# --- screening-follow-up ---------------------------------------------------------------------------------------

def screening():
    mrns = "http://bayside-care.example.org/fhir/sid/mrn"

    r = case_managed("scr-ok", mrns, ("Brennan", "Thomas", "male", "1971-08-14", "BCM-220417"))
    r.case_management("EpisodeOfCare", "cm1", DEPRESSION_CARE, "2026-01-12T10:00:00-05:00", "cm")
    r.encounter("enc1", FOLLOW_UP, "Case management intake", "2026-01-12T10:00:00-05:00", "2026-01-12T10:50:00-05:00",
                "cm", "Intake into depression care management")
    r.screen("obs1", "PHQ-2", 4, "2026-01-12T10:10:00-05:00", "enc1", "cm")
    r.screen("obs2", "PHQ-9", 8, "2026-01-12T10:20:00-05:00", "enc1", "cm")
    r.screen("obs3", "AUDIT-C", 3, "2026-01-12T10:30:00-05:00", "enc1", "cm")
    r.note("doc1", "enc1", "2026-01-12T11:30:00-05:00", "cm", "Case management intake note", """
Referred by his primary care office after a difficult winter: lost his job in November, sleeping poorly.
PHQ-2 4, so the full PHQ-9 was completed today: 8, mild depressive symptoms, no thoughts of self-harm.
AUDIT-C 3: two or three beers on weekends, no binge drinking reported.
Plan: weekly check-in calls, job-search resources, sleep hygiene handout, repeat PHQ-9 in eight weeks.""")
    r.encounter("enc2", FOLLOW_UP, "Case management follow-up", "2026-03-09T14:00:00-04:00", "2026-03-09T14:30:00-04:00",
                "cm", "Eight-week review")
    r.note("doc2", "enc2", "2026-03-09T15:10:00-04:00", "cm", "Case management follow-up note", """
Started a warehouse job three weeks ago; sleeping six to seven hours most nights.
Mood better by his account, going out with his brother on Sundays again.
Continues weekly calls until the end of the month, then monthly.""")
    write("screen-compliant", r,
          "Case management (EpisodeOfCare): a positive PHQ-2 followed the same hour by a PHQ-9 (8, negative), and an"
          " AUDIT-C of 3, negative for a man; no gaps.", [])

    r = case_managed("scr-noalc", mrns, ("Ferreira", "Lucia", "female", "1988-03-27", "BCM-220533"))
    r.case_management("CarePlan", "plan1", CASE_MANAGEMENT, "2026-02-02T09:00:00-05:00", "cm")
    r.encounter("enc1", FOLLOW_UP, "Case management intake", "2026-02-02T09:00:00-05:00", "2026-02-02T09:45:00-05:00",
                "cm", "Intake into case management after a hospital stay")
    r.screen("obs1", "PHQ-9", 5, "2026-02-02T09:15:00-05:00", "enc1", "cm")
    r.note("doc1", "enc1", "2026-02-02T10:40:00-05:00", "cm", "Case management intake note", """
Enrolled after a four-day admission for asthma; lives with her partner and two school-age children.
PHQ-9 5, mild; she attributes low energy to the admission. Inhaler technique reviewed, action plan given.
Plan: call in one week about the pulmonology appointment and the pharmacy refill.""")
    write("screen-missing-alcohol", r,
          "Case management (CarePlan): a PHQ-9 within the year, but no AUDIT-C alcohol-use screen.",
          [("screening-follow-up", "open-gap", f"Patient/{r.id('pat')}")])

    r = case_managed("scr-pos", mrns, ("Lindqvist", "Marta", "female", "1979-06-02", "BCM-220689"))
    r.case_management("EpisodeOfCare", "cm1", SUBSTANCE_CARE, "2026-03-02T13:00:00-05:00", "cm")
    r.encounter("enc1", FOLLOW_UP, "Case management intake", "2026-03-02T13:00:00-05:00", "2026-03-02T13:40:00-05:00",
                "cm", "Intake into case management")
    r.screen("obs1", "PHQ-2", 1, "2026-03-02T13:10:00-05:00", "enc1", "cm")
    r.screen("obs2", "AUDIT-C", 3, "2026-03-02T13:20:00-05:00", "enc1", "cm")
    r.note("doc1", "enc1", "2026-03-02T14:15:00-05:00", "cm", "Case management intake note", """
Intake for smoking cessation support. Twenty cigarettes a day for twenty years, one quit attempt in 2022.
PHQ-2 1. AUDIT-C 3: a glass of wine most evenings, sometimes two.
Nicotine replacement discussed; she will talk to her physician about varenicline.""")
    r.encounter("enc2", FOLLOW_UP, "Case management follow-up", "2026-04-13T13:00:00-04:00", "2026-04-13T13:30:00-04:00",
                "cm", "Six-week review")
    r.note("doc2", "enc2", "2026-04-13T14:05:00-04:00", "cm", "Case management follow-up note", """
Down to eight cigarettes a day on the 21 mg patch; cravings worst after dinner.
Quit date set for the first of May. Next call in two weeks.""")
    write("screen-positive-no-follow-up", r,
          "A woman's AUDIT-C of 3 (positive for women) on 2026-03-02, with no assessment or referral in the 30 days"
          " after it.", [("screening-follow-up", "open-gap", f"Observation/{r.id('obs2')}")])

    r = case_managed("scr-ref", mrns, ("Adeyemi", "Samuel", "male", "1965-11-19", "BCM-220742"))
    r.case_management("EpisodeOfCare", "cm1", DEPRESSION_CARE, "2026-02-10T11:00:00-05:00", "cm")
    r.encounter("enc1", FOLLOW_UP, "Case management intake", "2026-02-10T11:00:00-05:00", "2026-02-10T11:50:00-05:00",
                "cm", "Intake into depression care management")
    r.screen("obs1", "PHQ-9", 14, "2026-02-10T11:15:00-05:00", "enc1", "cm")
    r.screen("obs2", "AUDIT-C", 2, "2026-02-10T11:25:00-05:00", "enc1", "cm")
    r.note("doc1", "enc1", "2026-02-10T12:40:00-05:00", "cm", "Case management intake note", """
Widowed in October; since then low mood, early waking, lost interest in his woodworking.
PHQ-9 14, moderate; denies thoughts of self-harm, safety plan reviewed anyway. AUDIT-C 2.
Plan: discuss a psychiatry referral with his physician this month; weekly calls meanwhile.""")
    r.add({"resourceType": "ServiceRequest", "id": r.id("sr1"), "status": "active", "intent": "order",
           "code": {"coding": [coding(SCT, "183524004", "Referral to psychiatry service")]},
           "subject": r.ref("Patient", "pat"), "authoredOn": "2026-03-05T09:30:00-05:00",
           "requester": r.ref("Practitioner", "cm"),
           "reasonReference": [r.ref("Observation", "obs1")]})
    write("screen-positive-referred", r,
          "A PHQ-9 of 14 on 2026-02-10, followed 23 days later by a referral to psychiatry (ServiceRequest); no gaps.", [])

    r = case_managed("scr-run", mrns, ("Okonjo", "Grace", "female", "1993-01-25", "BCM-220815"))
    r.case_management("CarePlan", "plan1", CASE_MANAGEMENT, "2026-05-20T10:00:00-04:00", "cm")
    r.encounter("enc1", FOLLOW_UP, "Case management intake", "2026-05-20T10:00:00-04:00", "2026-05-20T10:45:00-04:00",
                "cm", "Intake into case management")
    r.screen("obs1", "PHQ-9", 12, "2026-05-20T10:10:00-04:00", "enc1", "cm")
    r.screen("obs2", "AUDIT-C", 1, "2026-05-20T10:20:00-04:00", "enc1", "cm")
    r.note("doc1", "enc1", "2026-05-20T11:35:00-04:00", "cm", "Case management intake note", """
New to the program after gestational diabetes in her last pregnancy; baby is four months old.
PHQ-9 12, moderate: tearful, tired, feels she is failing at feeding. AUDIT-C 1.
Plan: discuss postpartum depression with her obstetrician and a counseling referral within the month.""")
    write("screen-positive-window-running", r,
          "A PHQ-9 of 12 on 2026-05-20, 12 days before the clock: its 30-day follow-up window is still running.",
          [("screening-follow-up", "prospective-gap", f"Observation/{r.id('obs1')}")])

    r = case_managed("scr-assess", mrns, ("Marchetti", "Paolo", "male", "1982-09-08", "BCM-220901"),
                     manager=("Sato", "Keiko", "LCSW", "1326049875", "female"))
    r.case_management("EpisodeOfCare", "cm1", CASE_MANAGEMENT, "2026-01-20T15:00:00-05:00", "cm")
    r.encounter("enc1", FOLLOW_UP, "Case management intake", "2026-01-20T15:00:00-05:00", "2026-01-20T15:40:00-05:00",
                "cm", "Intake into case management")
    r.screen("obs1", "PHQ-2", 3, "2026-01-20T15:10:00-05:00", "enc1", "cm")
    r.screen("obs2", "AUDIT-C", 0, "2026-01-20T15:20:00-05:00", "enc1", "cm")
    r.note("doc1", "enc1", "2026-01-20T16:30:00-05:00", "cm", "Case management intake note", """
Enrolled for support after a spinal fusion in December; off work, in pain most days.
PHQ-2 3; a fuller assessment booked rather than done today, he was tired. AUDIT-C 0, does not drink.""")
    r.encounter("enc2", FOLLOW_UP, "Case management assessment", "2026-02-16T15:00:00-05:00",
                "2026-02-16T16:00:00-05:00", "cm", "Mood assessment")
    r.note("doc2", "enc2", "2026-02-16T16:45:00-05:00", "cm", "Behavioral health assessment", """
Assessment of the positive PHQ-2: frustration with slow recovery, irritability, no anhedonia, sleep fair.
No history of depression, no self-harm thoughts. Adjustment to illness rather than a depressive episode.
Plan: pain-coping group at the rehabilitation center, reassess in six weeks.""",
           category=coding(CHARTCHECK + "CodeSystem/documentation-element", "assessment", "Assessment"))
    write("screen-positive-assessed", r,
          "A PHQ-2 of 3 on 2026-01-20, assessed 27 days later in a note marked as an assessment; no gaps.", [])


# --- preventive-services ---------------------------------------------------------------------------------------

def primary_care(prefix, patient, doctor):
    record = Record(prefix, "http://lakeside-health.example.org/fhir/sid/mrn")
    record.organization("Lakeside Family Practice")
    record.practitioner("prac", *doctor, "MD", *DOCTORS[doctor])
    record.patient(*patient)
    return record


DOCTORS = {("Novak", "Irena"): ("1730518264", "female"), ("Baptiste", "Jean"): ("1588204713", "male")}


def preventive():
    r = primary_care("prev-imm", ("Castillo", "Ramon", "male", "1958-02-11", "LFP-310552"), ("Novak", "Irena"))
    r.encounter("enc1", SYMPTOM, "Acute visit", "2025-10-14T09:00:00-04:00", "2025-10-14T09:30:00-04:00", "prac",
                "Sore knee after gardening")
    r.immunization("imm1", "2025-10-14T09:25:00-04:00", "enc1", "prac")
    r.note("doc1", "enc1", "2025-10-14T10:20:00-04:00", "prac", "Progress note", """
S: Right knee ache for a week after kneeling in the garden, no swelling, no locking.
O: Full range of motion, no effusion, mild medial joint-line tenderness.
A: Knee strain. P: Ice, naproxen as needed for five days. Seasonal influenza vaccine given today.""")
    write("prev-immunization", r,
          "An influenza vaccination in October 2025, within the 24-month look-back; no gaps.", [])

    r = primary_care("prev-visit", ("Hughes", "Maureen", "female", "1975-07-30", "LFP-310618"), ("Novak", "Irena"))
    r.encounter("enc1", coding(CPT, "99396", "Preventive medicine reevaluation and management, established patient, "
                                             "40 through 64 years"), "Annual physical",
                "2025-03-11T08:30:00-04:00", "2025-03-11T09:10:00-04:00", "prac", "Annual preventive visit")
    r.observation("obs1", "29463-7", "Body Weight", 68.4, "kg", "2025-03-11T08:35:00-04:00", "enc1", "prac",
                  category="vital-signs")
    r.note("doc1", "enc1", "2025-03-11T10:05:00-04:00", "prac", "Preventive visit note", """
Annual physical. No complaints. Walks forty minutes most days, non-smoker, one glass of wine a week.
Weight 68.4 kg, BP 118/74. Breast, abdominal and skin examination unremarkable.
Mammogram and lipid panel ordered; colon screening discussed, FIT kit given. Return in one year.""")
    write("prev-visit", r,
          "An annual preventive visit (CPT 99396) in March 2025, with a weight recorded; no gaps.", [])

    r = primary_care("prev-old", ("Kowalczyk", "Adam", "male", "1962-12-05", "LFP-310734"), ("Baptiste", "Jean"))
    r.encounter("enc0", SYMPTOM, "Acute visit", "2023-10-10T15:00:00-04:00", "2023-10-10T15:20:00-04:00", "prac",
                "Sinus congestion")
    r.immunization("imm1", "2023-10-10T15:15:00-04:00", "enc0", "prac")
    r.note("doc0", "enc0", "2023-10-10T16:00:00-04:00", "prac", "Progress note", """
S: Five days of nasal congestion and facial pressure, no fever. O: Boggy turbinates, no sinus tenderness.
A: Viral rhinosinusitis. P: Saline rinses, fluids. Influenza vaccine given at his request.""")
    r.encounter("enc1", PROBLEM, "Problem visit", "2025-11-18T10:00:00-05:00", "2025-11-18T10:25:00-05:00", "prac",
                "Heartburn")
    r.observation("obs1", "29463-7", "Body Weight", 91.2, "kg", "2025-11-18T10:05:00-05:00", "enc1", "prac",
                  category="vital-signs")
    r.note("doc1", "enc1", "2025-11-18T11:10:00-05:00", "prac", "Progress note", """
S: Burning behind the breastbone after late dinners for two months. No weight loss, no dysphagia.
O: Weight 91.2 kg. Abdomen soft, non-tender. A: Gastroesophageal reflux.
P: Omeprazole 20 mg daily for eight weeks, earlier dinners, raise the head of the bed.""")
    write("prev-lapsed", r,
          "The last preventive service is an influenza vaccination of October 2023, more than 24 months ago; the"
          " 2025 visit was for heartburn.", [("preventive-services", "open-gap", f"Patient/{r.id('pat')}")])

    r = primary_care("prev-child", ("Nguyen", "Lily", "female", "2016-09-03", "LFP-310801"), ("Baptiste", "Jean"))
    r.encounter("enc1", WELL_CHILD, "Well-child visit", "2025-04-15T09:00:00-04:00", "2025-04-15T09:40:00-04:00", "prac",
                "Eight-year well-child visit")
    r.note("doc1", "enc1", "2025-04-15T10:30:00-04:00", "prac", "Well-child visit note", """
Eight-year check. Growing along the 60th percentile for height and weight. Reading above grade level.
Vision and hearing screens passed. Dental visits twice a year. Booster seat in the car until 4 ft 9 in.""")
    r.encounter("enc2", coding(SCT, "33879002", "Administration of vaccine to produce active immunity (procedure)"),
                "Vaccine visit", "2025-10-20T16:00:00-04:00", "2025-10-20T16:15:00-04:00", "prac", "Influenza vaccine")
    r.immunization("imm1", "2025-10-20T16:05:00-04:00", "enc2", "prac")
    r.note("doc2", "enc2", "2025-10-20T16:40:00-04:00", "prac", "Immunization visit note", """
Seasonal influenza vaccine, left deltoid, tolerated well. No egg allergy, no prior reactions.
Observed fifteen minutes without incident. Next well-child visit due in April.""")
    write("prev-child-overdue", r,
          "A 9-year-old whose last well-child visit was on 2025-04-15, more than 12 months ago; an influenza vaccine"
          " in October does not replace it.", [("preventive-services", "open-gap", f"Patient/{r.id('pat')}")])

    r = primary_care("prev-wcv", ("Osei", "Kwame", "male", "2019-11-22", "LFP-310877"), ("Novak", "Irena"))
    r.encounter("enc1", coding(CPT, "99393", "Preventive medicine reevaluation and management, established patient, "
                                             "late childhood (5 through 11 years)"), "Well-child visit",
                "2025-09-08T14:00:00-04:00", "2025-09-08T14:40:00-04:00", "prac", "Five-year well-child visit")
    r.immunization("imm1", "2025-09-08T14:30:00-04:00", "enc1", "prac")
    r.note("doc1", "enc1", "2025-09-08T15:30:00-04:00", "prac", "Well-child visit note", """
Five-year check before kindergarten. Speech clear, counts to thirty, hops on one foot.
Height and weight on the 45th percentile. Kindergarten vaccines up to date; influenza vaccine given today.""")
    write("prev-child-current", r,
          "A 6-year-old with a well-child visit (CPT 99393) on 2025-09-08, within 12 months; no gaps.", [])


# --- claim-records ---------------------------------------------------------------------------------------------

TMS_INITIAL = coding(CPT, "90867", "Therapeutic repetitive transcranial magnetic stimulation treatment, initial, with "
                                   "mapping and motor threshold")
TMS = coding(CPT, "90868", "Therapeutic repetitive transcranial magnetic stimulation treatment, subsequent session")
ECT = coding(CPT, "90870", "Electroconvulsive therapy")
TESTING = coding(CPT, "96130", "Psychological testing evaluation services, first hour")
OFFICE = coding(CPT, "99213", "Office or other outpatient visit, established patient, low level of medical decision making")


def neuromodulation(prefix, patient):
    record = Record(prefix, "http://northgate-neuro.example.org/fhir/sid/mrn")
    record.organization("Northgate Neuromodulation Center")
    record.practitioner("psych", "Haddad", "Rania", "MD", "1619472058", "female")
    record.patient(*patient)
    return record


def session(record, n, day, offset, body, doc_status="final"):
    record.encounter(f"enc{n}", PROBLEM, "Transcranial magnetic stimulation session", f"{day}T09:00:00{offset}",
                     f"{day}T09:40:00{offset}", "psych", "Treatment-resistant major depression")
    record.note(f"doc{n}", f"enc{n}", f"{day}T10:15:00{offset}", "psych", "TMS treatment note", body,
                doc_status=doc_status)


def claim(record, local, created, lines, notes, status="active"):
    """A professional claim; lines are (coding, encounter or None, date of service, marked), notes the supported ones."""
    items = []
    for sequence, (service, encounter, day, marked) in enumerate(lines, start=1):
        item = {}
        if marked:
            item["extension"] = [{"url": CHARTCHECK + "StructureDefinition/claim-item-records-required",
                                  "valueBoolean": True}]
        item.update({"sequence": sequence, "productOrService": {"coding": [service]}, "servicedDate": day})
        if encounter:
            item["encounter"] = [record.ref("Encounter", encounter)]
        items.append(item)
    resource = {"resourceType": "Claim", "id": record.id(local), "status": status,
                "type": {"coding": [coding("http://terminology.hl7.org/CodeSystem/claim-type", "professional",
                                           "Professional")]},
                "use": "claim", "patient": record.ref("Patient", "pat"), "created": created,
                "provider": record.ref("Practitioner", "psych"),
                "priority": {"coding": [coding("http://terminology.hl7.org/CodeSystem/processpriority", "normal",
                                               "Normal")]}}
    if notes:
        resource["supportingInfo"] = [
            {"sequence": i, "category": {"coding": [coding(
                "http://terminology.hl7.org/CodeSystem/claiminformationcategory", "attachment", "Attachment")]},
             "valueReference": record.ref("DocumentReference", note)} for i, note in enumerate(notes, start=1)]
    resource["insurance"] = [{"sequence": 1, "focal": True, "coverage": {"display": "Evergreen Health Plan PPO"}}]
    resource["item"] = items
    return record.add(resource)


def claims():
    r = neuromodulation("clm-ok", ("Pereira", "Ana", "female", "1969-05-21", "NNC-500114"))
    session(r, 1, "2026-04-14", "-04:00", """
Session 12 of 36. Motor threshold 58%, treatment at 120% over left DLPFC, 3000 pulses, tolerated well.
Mild scalp discomfort during the first train only. PHQ-9 today 15, down from 22 at the start of the course.""")
    claim(r, "claim1", "2026-04-15T08:00:00-04:00", [(TMS, "enc1", "2026-04-14", False)], ["doc1"])
    write("claim-records-attached", r,
          "A claim for a TMS session (CPT 90868) with the session's signed note in supportingInfo; no gaps.", [])

    r = neuromodulation("clm-none", ("Grant", "Elliot", "male", "1977-01-30", "NNC-500187"))
    session(r, 1, "2026-03-17", "-04:00", """
Session 5 of 36. Treatment at 120% of motor threshold, 3000 pulses. Transient jaw twitching, resolved
by moving the coil two millimetres posteriorly. Sleep slightly better this week by his report.""")
    claim(r, "claim1", "2026-03-18T08:00:00-04:00", [(TMS, "enc1", "2026-03-17", False)], [])
    write("claim-records-missing", r,
          "A claim for a TMS session (CPT 90868) submitted without any supportingInfo.",
          [("claim-records", "open-gap", f"Claim/{r.id('claim1')}")])

    r = neuromodulation("clm-prelim", ("Moreau", "Celine", "female", "1984-10-12", "NNC-500243"))
    session(r, 1, "2026-05-27", "-04:00", """
Session 20 of 36. Draft pending the physician's review of the coil placement photographs.
Treatment at 120% of motor threshold, 3000 pulses; no adverse effects reported.""", doc_status="preliminary")
    claim(r, "claim1", "2026-05-28T08:00:00-04:00", [(TMS, "enc1", "2026-05-27", False)], ["doc1"])
    write("claim-records-unsigned-note", r,
          "A claim for a TMS session whose supporting note is still a preliminary draft, 5 days old (inside the"
          " 7-day signing window, so not yet a signature gap).", [("claim-records", "open-gap", f"Claim/{r.id('claim1')}")])

    r = neuromodulation("clm-wrong", ("Halvorsen", "Nils", "male", "1990-08-06", "NNC-500319"))
    session(r, 1, "2026-03-03", "-05:00", """
Initial session: motor threshold mapped at 61% over the left motor cortex; treatment site located 5.5 cm
anterior. First treatment at 110% for tolerance, 3000 pulses. Headache afterwards, eased with paracetamol.""")
    session(r, 2, "2026-03-05", "-05:00", """
Session 2. Increased to 120% of motor threshold, 3000 pulses, no headache this time.
Patient reading during the session, calm throughout; transport arranged for the rest of the week.""")
    claim(r, "claim1", "2026-03-06T08:00:00-05:00",
          [(TMS_INITIAL, "enc1", "2026-03-03", False), (TMS, "enc2", "2026-03-05", False)], ["doc1"])
    write("claim-records-other-visit", r,
          "A claim for two TMS sessions that carries only the first session's note: line 2 (2026-03-05) has no record"
          " of its own.", [("claim-records", "open-gap", f"Claim/{r.id('claim1')}")])

    r = neuromodulation("clm-mark", ("Duarte", "Rosa", "female", "1972-04-16", "NNC-500402"))
    r.encounter("enc1", PROBLEM, "Psychological testing", "2026-02-24T13:00:00-05:00", "2026-02-24T15:00:00-05:00",
                "psych", "Cognitive complaints after ECT")
    r.note("doc1", "enc1", "2026-02-24T16:10:00-05:00", "psych", "Testing note", """
Neuropsychological screening for memory complaints after last year's ECT course. RBANS total 88,
delayed memory the lowest index. Results reviewed with the patient; formal report to follow.""")
    claim(r, "claim1", "2026-02-25T08:00:00-05:00",
          [(TESTING, "enc1", "2026-02-24", True), (OFFICE, "enc1", "2026-02-24", False)], [])
    write("claim-records-marked-line", r,
          "Line 1, psychological testing (CPT 96130), is marked by the claim-item-records-required extension though its"
          " code is not in the service set; the claim carries no records.",
          [("claim-records", "open-gap", f"Claim/{r.id('claim1')}")])

    r = neuromodulation("clm-draft", ("Ivanova", "Katya", "female", "1966-12-01", "NNC-500476"))
    r.encounter("enc1", PROBLEM, "Electroconvulsive therapy", "2026-02-17T07:30:00-05:00", "2026-02-17T08:30:00-05:00",
                "psych", "Severe depression with psychotic features")
    r.note("doc1", "enc1", "2026-02-17T09:20:00-05:00", "psych", "ECT treatment note", """
Treatment 4 of 8. Right unilateral, ultrabrief pulse, seizure 42 seconds by EEG. Propofol and succinylcholine.
Oriented within twenty minutes of waking; family reports she is eating again.""")
    r.encounter("enc2", PROBLEM, "Electroconvulsive therapy", "2026-05-19T07:30:00-04:00", "2026-05-19T08:30:00-04:00",
                "psych", "Maintenance ECT")
    r.note("doc2", "enc2", "2026-05-19T09:25:00-04:00", "psych", "ECT treatment note", """
Maintenance treatment, monthly. Right unilateral, seizure 38 seconds by EEG, no complications.
Mood stable since March by her and her husband's account; next maintenance treatment in four weeks.""")
    claim(r, "claim1", "2026-02-18T08:00:00-05:00", [(ECT, None, "2026-02-17", False)], ["doc1"])
    claim(r, "claim2", "2026-05-20T08:00:00-04:00", [(ECT, None, "2026-05-19", False)], [], status="draft")
    write("claim-records-draft", r,
          "A submitted ECT claim whose note matches its date of service (no encounter on the line), and a draft claim"
          " not yet carrying its note: a prospective gap.", [("claim-records", "prospective-gap", f"Claim/{r.id('claim2')}")])


# --- the behavioral-health scenarios: their screens, and the minors' well-child visits -------------------------

BEHAVIORAL = ["bh-compliant", "closure-consent-and-pcp", "coc-careteam-pcp", "coc-discharge", "coc-new-medication",
              "coc-no-communication", "coc-no-pcp", "coc-refusal", "coc-second-episode", "coc-window-running",
              "conf-labeled", "conf-substance-use-missing-42cfr", "conf-unlabeled-note", "consent-expired",
              "consent-expiring", "consent-missing-pcp", "consent-none", "consent-renewed", "consent-stale",
              "devhist-adult", "devhist-minor-documented", "devhist-minor-missing", "devhist-turned-18"]
WELL_CHILD_VISITS = {"devhist-minor-missing": "2025-09-16", "devhist-minor-documented": "2025-08-26"}


def screened_behavioral_health():
    for name in BEHAVIORAL:
        path = BUNDLES / f"{name}.bundle.json"
        bundle = json.loads(path.read_text())
        resources = [e["resource"] for e in bundle["entry"]]
        if any(r["resourceType"] == "Observation" for r in resources):
            continue
        patient = next(r for r in resources if r["resourceType"] == "Patient")
        prefix = patient["id"][:-len("-pat")]
        behavioral = sorted((r for r in resources if r["resourceType"] == "Encounter"
                             and r["type"][0]["coding"][0]["system"] == CPT), key=lambda r: r["period"]["start"])
        visit = next(e for e in behavioral if e["period"]["start"] >= "2025-07-01")
        start, offset = visit["period"]["start"], visit["period"]["start"][-6:]
        clinician = visit["participant"][0]["individual"]["reference"]
        for n, (instrument, score, minute) in enumerate((("PHQ-9", 6, "10"), ("AUDIT-C", 1, "15")), start=1):
            code, display = SCREENS[instrument]
            at = start[:14] + minute + start[16:]
            observation = {"resourceType": "Observation", "id": f"{prefix}-obs{n}", "status": "final",
                           "category": [{"coding": [coding("http://terminology.hl7.org/CodeSystem/observation-category",
                                                           "survey", "Survey")]}],
                           "code": {"coding": [coding(LOINC, code, display)]},
                           "subject": {"reference": f"Patient/{patient['id']}"},
                           "encounter": {"reference": f"Encounter/{visit['id']}"},
                           "effectiveDateTime": at, "performer": [{"reference": clinician}],
                           "valueQuantity": {"value": score, "unit": "{score}", "system": "http://unitsofmeasure.org",
                                             "code": "{score}"}}
            bundle["entry"].append({"fullUrl": f"{BASE}Observation/{observation['id']}", "resource": observation,
                                    "request": {"method": "PUT", "url": f"Observation/{observation['id']}"}})
        if name in WELL_CHILD_VISITS:
            well_child_visit(bundle, resources, prefix, patient, WELL_CHILD_VISITS[name], offset)
        path.write_text(json.dumps(bundle, indent=2, ensure_ascii=False) + "\n")


def well_child_visit(bundle, resources, prefix, patient, day, offset):
    """The PCP's well-child visit and its note, at the PCP's own practice (pcorg)."""
    pcp = next(r for r in resources if r["id"] == f"{prefix}-pcp")
    record = Record(prefix, "")
    record.people["pcp"] = f"{pcp['name'][0]['given'][0]} {pcp['name'][0]['family']}, MD"
    name = patient["name"][0]
    record.header = (f"Patient: {name['given'][0]} {name['family']}    MRN: {patient['identifier'][0]['value']}    "
                     f"DOB: {patient['birthDate']}")
    organization = {"resourceType": "Organization", "id": f"{prefix}-pcorg", "active": True,
                    "type": [{"coding": [coding("http://terminology.hl7.org/CodeSystem/organization-type", "prov",
                                                "Healthcare Provider")]}],
                    "name": "Millbrook Pediatrics"}
    encounter = record.encounter("wcv", WELL_CHILD, "Well-child visit", f"{day}T08:30:00{offset}",
                                 f"{day}T09:10:00{offset}", "pcp", "Annual well-child visit", org="pcorg")
    age = int(day[:4]) - int(patient["birthDate"][:4]) - (day[5:] < patient["birthDate"][5:])
    note = record.note("wcvnote", "wcv", f"{day}T10:00:00{offset}", "pcp", "Well-child visit note", f"""
Annual check at {age}. Growth steady along her curves; blood pressure normal for age and height.
Vision 20/20 both eyes, hearing screen passed. Meningococcal and HPV vaccines reviewed with the parent.
Anticipatory guidance: sleep, screen time, helmet use. Return in one year.""", org="pcorg")
    if patient["gender"] == "male":
        note["content"][0]["attachment"]["data"] = base64.b64encode(base64.b64decode(
            note["content"][0]["attachment"]["data"]).replace(b"along her curves", b"along his curves")).decode("ascii")
    entries = bundle["entry"]
    at = next(i for i, e in enumerate(entries) if e["resource"]["resourceType"] == "Practitioner")
    entries.insert(at, entry(organization))
    at = max(i for i, e in enumerate(entries) if e["resource"]["resourceType"] == "Encounter") + 1
    entries.insert(at, entry(encounter))
    at = max(i for i, e in enumerate(entries) if e["resource"]["resourceType"] == "DocumentReference") + 1
    entries.insert(at, entry(note))


def entry(resource):
    return {"fullUrl": f"{BASE}{resource['resourceType']}/{resource['id']}", "resource": resource,
            "request": {"method": "PUT", "url": f"{resource['resourceType']}/{resource['id']}"}}


if __name__ == "__main__":
    screening()
    preventive()
    claims()
    screened_behavioral_health()
