#!/usr/bin/env python3
"""Writes the attachment scenarios of test-bundles/ (attach-*.bundle.json and their manifests).

Each is the compliant-primary-care record under its own prefix and MRN, with the first note's attachment
replaced by the content under test, so that the attachment's gap is the record's only gap. The PDFs are
written by hand (a few objects and an xref table), small enough to sit in the JSON: no binary in git.

    python3 scripts/generate-attachment-scenarios.py
"""
import base64
import json
import struct
import zlib
from pathlib import Path

BUNDLES = Path(__file__).resolve().parent.parent / "test-bundles"
TEMPLATE = BUNDLES / "compliant-primary-care.bundle.json"
NAME_LINE = "Patient: Marcus A. Delgado    MRN: {mrn}    DOB: 1968-04-17"


def pdf(pages):
    """A PDF with one page per entry: a list of text lines, or None for a scanned page (an image, no text)."""
    objects = [None, None, b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    kids = []
    for page in pages:
        if page is None:
            image = len(objects) + 1
            objects.append(b"<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray "
                           b"/BitsPerComponent 8 /Length 4 >>\nstream\n\x00\xff\xff\x00\nendstream")
            content = b"q 468 0 0 624 72 84 cm /Im1 Do Q"
            resources = b"<< /XObject << /Im1 %d 0 R >> >>" % image
        else:
            lines = b" T* ".join(b"(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
                                 .encode("cp1252") + b") Tj" for line in page)
            content = b"BT /F1 11 Tf 14 TL 72 720 Td " + lines + b" ET"
            resources = b"<< /Font << /F1 3 0 R >> >>"
        stream = len(objects) + 1
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        kids.append(len(objects) + 1)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources " + resources
                       + b" /Contents %d 0 R >>" % stream)
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids) + b"] /Count %d >>" % len(kids)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def png():
    """A 1x1 grey PNG: a scanned note sent as an image."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\x80")) + chunk(b"IEND", b""))


def scenario(name, prefix, mrn, attachment, description, findings):
    text = TEMPLATE.read_text().replace("cpc-", prefix + "-").replace("RFM-100231", mrn)
    bundle = json.loads(text)
    for entry in bundle["entry"]:
        resource = entry["resource"]
        if resource["resourceType"] == "DocumentReference":
            # the template's notes show the old MRN inside their base64 text: re-encode them with the new one
            for content in resource["content"]:
                data = content["attachment"].get("data")
                if data:
                    decoded = base64.b64decode(data).decode("utf-8").replace("RFM-100231", mrn)
                    content["attachment"]["data"] = base64.b64encode(decoded.encode("utf-8")).decode("ascii")
            if resource["id"] == prefix + "-doc1":
                resource["content"] = [{"attachment": attachment}]
    (BUNDLES / (name + ".bundle.json")).write_text(json.dumps(bundle, indent=2, ensure_ascii=False) + "\n")
    manifest = {
        "scenario": name,
        "description": description,
        "patient": "Patient/%s-pat" % prefix,
        "findings": [{"standard": standard, "gapStatus": "open-gap", "implicated": "DocumentReference/%s-doc1" % prefix}
                     for standard in findings],
    }
    (BUNDLES / (name + ".expected.json")).write_text(json.dumps(manifest, indent=2) + "\n")


def data(content_type, payload, title):
    return {"contentType": content_type, "language": "en-US", "data": base64.b64encode(payload).decode("ascii"),
            "title": title}


def main():
    body = ["Progress note", "S: Hypertension follow-up, no missed doses.", "P: Continue lisinopril 20 mg."]

    mrn = "RFM-300101"
    header = NAME_LINE.format(mrn=mrn)
    pages = [[header, "Page %d of 5" % n] + body for n in range(1, 6)]
    pages[2] = ["MRN: " + mrn, "Page 3 of 5", "Lab results reviewed with the patient."]
    scenario("attach-pdf-name-missing-page3", "att-p3", mrn, data("application/pdf", pdf(pages), "Progress note"),
             "A 5-page PDF note whose page 3 shows the MRN but not the patient's name.", ["patient-identification"])

    mrn = "RFM-300102"
    scenario("attach-image-only-pdf", "att-scan", mrn, data("application/pdf", pdf([None, None]), "Scanned progress note"),
             "A scanned 2-page PDF note: images only, no text layer (flagged for human review).", ["legibility"])

    mrn = "RFM-300103"
    scenario("attach-png-note", "att-png", mrn, data("image/png", png(), "Photo of handwritten note"),
             "A note sent as a PNG image: no machine-readable text (flagged for human review).", ["legibility"])

    mrn = "RFM-300104"
    scenario("attach-empty", "att-empty", mrn, {"contentType": "text/plain", "language": "en-US", "title": "Progress note"},
             "A note whose attachment has neither data nor a URL.", ["legibility"])

    mrn = "RFM-300105"
    header = NAME_LINE.format(mrn=mrn)
    pages = [[header.upper(), "Page %d of 3" % n] + body for n in range(1, 4)]
    text = "\f".join("\n".join([header, "Page %d of 2" % n] + body) for n in range(1, 3)) + "\f"
    bundle_attachment = data("application/pdf", pdf(pages), "Progress note")
    scenario("attach-compliant-pdf-and-paged-text", "att-ok", mrn, bundle_attachment,
             "A 3-page PDF note with the name (in capitals) and MRN on every page; the second note, "
             "re-written as two text pages split by a form feed, shows them on both.", [])
    path = BUNDLES / "attach-compliant-pdf-and-paged-text.bundle.json"
    bundle = json.loads(path.read_text())
    for entry in bundle["entry"]:
        if entry["resource"]["id"] == "att-ok-doc2":
            entry["resource"]["content"] = [{"attachment": data("text/plain; charset=utf-8", text.encode("utf-8"), "Progress note")}]
    path.write_text(json.dumps(bundle, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
