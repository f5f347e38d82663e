#!/usr/bin/env python3
"""Reads Lectern's exports with independent, well-known readers and compares them with `lectern list --json`.

BibTeX is read by bibtexparser, RIS by rispy, CSL-JSON by Python's json module against the CSL schema's
shapes. For every paper the titles, DOIs and authors must agree. Usage: check_exports.py LECTERN PATH...
"""
import json
import os
import re
import subprocess
import sys
import tempfile

import bibtexparser
import rispy
from bibtexparser.bparser import BibTexParser
from bibtexparser.latexenc import latex_to_unicode

CSL_TYPES = {"article", "article-journal", "article-magazine", "article-newspaper", "book", "chapter", "dataset",
             "paper-conference", "report", "thesis", "webpage"}

failures = []


def fail(message):
    failures.append(message)


def run(lectern, *args):
    done = subprocess.run([lectern, *args], capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"interop: `lectern {' '.join(args)}` failed ({done.returncode}): {done.stderr.strip()}")
    return done.stdout


def norm(text):
    """Braces that protect case and runs of whitespace do not change a value."""
    return re.sub(r"\s+", " ", (text or "").replace("{", "").replace("}", "")).strip()


def turned(name, suffix_last=False):
    """'Family, Given' as 'Given Family'. With three parts BibTeX writes 'Family, Jr., Given' and RIS
    'Family, Given, Jr.'; both become 'Given Family Jr.'. Other names stay as they are."""
    parts = [p.strip() for p in norm(name).split(",")]
    if len(parts) == 2:
        return f"{parts[1]} {parts[0]}".strip()
    if len(parts) == 3:
        family, given, suffix = (parts[0], parts[1], parts[2]) if suffix_last else (parts[0], parts[2], parts[1])
        return f"{given} {family} {suffix}".strip()
    return norm(name)


# LaTeX escapes for characters special to LaTeX, which bibtexparser 1.x's latex_to_unicode leaves as they are.
# A backslash is held as NUL until the accents are decoded, so it cannot start a command.
LATEX_SPECIALS = [(r"\textasciicircum{}", "^"), (r"\textasciitilde{}", "~"), (r"\textbackslash{}", "\x00"),
                  (r"\{", "{"), (r"\}", "}"), (r"\$", "$"), (r"\%", "%"), (r"\&", "&"), (r"\#", "#"), (r"\_", "_")]


def latex_text(value):
    """A BibTeX field as a reader of LaTeX sees it: accents decoded, escapes undone, braces dropped (as norm does)."""
    for escape, char in LATEX_SPECIALS:
        value = value.replace(escape, char)
    return norm(latex_to_unicode(value).replace("\x00", "\\"))


def compare(fmt, expected, got, suffix_last=False):
    """expected: list --json papers; got: (title, doi, authors) per exported record, in order."""
    if len(got) != len(expected):
        fail(f"{fmt}: {len(got)} records read back, lectern listed {len(expected)}")
        return
    for paper, (title, doi, authors) in zip(expected, got):
        label = f"{fmt}: {paper['title'][:60]!r}"
        if title != norm(paper["title"]):
            fail(f"{label}: title read as {title!r}")
        if (doi or None) != paper["doi"]:
            fail(f"{label}: DOI read as {doi!r}, listed {paper['doi']!r}")
        if [turned(a, suffix_last) for a in authors] != [norm(a) for a in paper["authors"]]:
            fail(f"{label}: authors read as {authors!r}, listed {paper['authors']!r}")


def split_names(field):
    """BibTeX's author list: names separated by 'and' outside braces."""
    names, current, depth = [], "", 0
    for word in re.split(r"(\s+)", field):
        depth += word.count("{") - word.count("}")
        if word.lower() == "and" and depth == 0:
            names.append(current.strip())
            current = ""
        else:
            current += word
    names.append(current.strip())
    return [n for n in names if n]


def read_bibtex(text, fmt="bibtex"):
    parser = BibTexParser(common_strings=True)
    parser.ignore_nonstandard_types = False
    database = bibtexparser.loads(text, parser=parser)
    keys = [entry["ID"] for entry in database.entries]
    if len(set(keys)) != len(keys):
        fail(f"{fmt}: citation keys are not unique: {keys}")
    for key in keys:
        if not re.fullmatch(r"[a-z0-9]+", key):
            fail(f"{fmt}: citation key {key!r} is not plain ASCII")
    records = []
    for entry in database.entries:
        authors = [latex_text(a) for a in split_names(entry.get("author", "")) if a != "others"]
        doi = latex_text(entry["doi"]) if "doi" in entry else None
        records.append((latex_text(entry.get("title", "")), doi, authors))
    return records


def check_bibtex(lectern, paths, expected):
    compare("bibtex", expected, read_bibtex(run(lectern, "export", *paths, "--format", "bibtex")))


def check_ris(lectern, paths, expected):
    entries = rispy.loads(run(lectern, "export", *paths, "--format", "ris"))
    records = []
    for entry in entries:
        if entry.get("type_of_reference") not in ("JOUR", "GEN"):
            fail(f"ris: unexpected TY {entry.get('type_of_reference')!r}")
        records.append((norm(entry.get("title") or entry.get("primary_title", "")), entry.get("doi"), entry.get("authors", [])))
    compare("ris", expected, records, suffix_last=True)


def check_csljson(lectern, paths, expected):
    items = json.loads(run(lectern, "export", *paths, "--format", "csljson"))
    if not isinstance(items, list):
        fail("csljson: the export is not a JSON array")
        return
    records = []
    for item in items:
        if item.get("type") not in CSL_TYPES:
            fail(f"csljson: type {item.get('type')!r} is not a CSL item type")
        if not isinstance(item.get("id"), str):
            fail("csljson: item without a string id")
        issued = item.get("issued")
        if issued is not None:
            parts = issued.get("date-parts")
            if not (isinstance(parts, list) and len(parts) == 1 and all(isinstance(n, int) for n in parts[0])):
                fail(f"csljson: issued.date-parts is not [[year, month, day]]: {parts!r}")
        names = []
        for name in item.get("author", []):
            if set(name) - {"family", "given", "suffix", "literal"}:
                fail(f"csljson: unexpected name parts {sorted(name)}")
            names.append(name["literal"] if "literal" in name
                         else " ".join(p for p in (name.get("given"), name.get("family"), name.get("suffix")) if p))
        records.append((norm(item.get("title", "")), item.get("DOI"), names))
    compare("csljson", expected, records)


def check_saved_bibtex(lectern, paths, expected):
    """`export --saved --format bibtex` of two saved papers is read by bibtexparser."""
    with_doi = [p for p in expected if p["doi"]][:2]
    with tempfile.TemporaryDirectory() as folder:
        state = os.path.join(folder, "saved.json")
        for paper in with_doi:
            run(lectern, "save", paper["id"], *paths, "--state", state)
        records = read_bibtex(run(lectern, "export", *paths, "--saved", "--format", "bibtex", "--state", state),
                              "export --saved")
        saved = [p for p in expected if p["id"] in {q["id"] for q in with_doi}]
        compare("export --saved --format bibtex", saved, records)


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: check_exports.py LECTERN PATH...")
    lectern, paths = sys.argv[1], sys.argv[2:]
    expected = json.loads(run(lectern, "list", "--json", *paths))
    if len(expected) < 10:
        sys.exit(f"interop: only {len(expected)} papers in {paths}; expected the format fixtures")
    check_bibtex(lectern, paths, expected)
    check_ris(lectern, paths, expected)
    check_csljson(lectern, paths, expected)
    check_saved_bibtex(lectern, paths, expected)
    if failures:
        print(f"interop: {len(failures)} difference(s):", file=sys.stderr)
        for message in failures:
            print("  " + message, file=sys.stderr)
        sys.exit(1)
    print(f"interop: {len(expected)} papers: bibtexparser {bibtexparser.__version__}, rispy and CSL-JSON read "
          f"Lectern's exports with the same titles, DOIs and authors")


if __name__ == "__main__":
    main()
