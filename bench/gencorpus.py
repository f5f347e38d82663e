#!/usr/bin/env python3
"""Deterministic synthetic corpus of biomedical papers, for benchmarks and load tests.

    python3 bench/gencorpus.py N FORMAT [--seed S] [--out PATH]

FORMAT is one of: medline, ris, bibtex, csljson, pubmed-xml, pages.
All formats but `pages` write one file holding N records; `pages` writes N article pages as
.txt files into a folder (1,000 to a subfolder). The same N, FORMAT and seed always give the
same bytes. Records are about 2.8 KB each in MEDLINE: 3-15 authors (many with accents),
150-300-word abstracts over a biomedical vocabulary naming diseases and their abbreviations
(AML, CML, ALL, CLL, MDS, myeloma, lymphoma ...), author keywords and MeSH headings.
About one record in 250 repeats an earlier paper's DOI and PMID (as real merged exports do).
Python 3 standard library only.
"""

import argparse
import json
import os
import random
import sys
from xml.sax.saxutils import escape as xml_escape

# --------------------------------------------------------------------------------------------
# Vocabulary

GIVEN = [
    "José", "María", "Zoë", "Björn", "Søren", "Łukasz", "Ana", "Emmanuelle", "François", "Jürgen",
    "Hélène", "Nuño", "Ines", "Çağla", "Ólafur", "Małgorzata", "Tomáš", "Ştefan", "Renée", "Åsa",
    "John", "Wei", "Yuki", "Priya", "Olga", "Ahmed", "Fatima", "Chen", "Hiroshi", "Giulia",
    "Marco", "Sarah", "David", "Laura", "Michael", "Elena", "Paul", "Anna", "Thomas", "Julia",
    "Kwame", "Ngozi", "Rajesh", "Mei", "Sven", "Ingrid", "Pedro", "Lucía", "Andrés", "Noémie",
]
FAMILY = [
    "Núñez", "Müller", "García", "Passegué", "Østergaard", "Kowalczyk", "Dvořák", "Öztürk",
    "Gonçalves", "Sánchez", "Lefèvre", "Björklund", "Łopuszański", "Jiménez", "Ødegård", "Şahin",
    "Smith", "Wang", "Li", "Zhang", "Tanaka", "Patel", "Ivanova", "Hassan", "Rossi", "Bianchi",
    "Johnson", "Brown", "Kim", "Nguyen", "Schmidt", "Fischer", "Weber", "Meyer", "Martin", "Dubois",
    "Cetin", "Yilmaz", "Kaya", "Ferreira", "Silva", "Santos", "Costa", "Moreau", "Laurent", "Roux",
    "O'Brien", "McAllister", "van der Berg", "de la Cruz", "Al-Sayed", "Nakamura", "Suzuki", "Singh",
]
JOURNALS = [
    ("Blood", "Blood"),
    ("Leukemia", "Leukemia"),
    ("Haematologica", "Haematologica"),
    ("British journal of haematology", "Br J Haematol"),
    ("Cancer letters", "Cancer Lett"),
    ("Frontiers in oncology", "Front Oncol"),
    ("Journal of clinical oncology", "J Clin Oncol"),
    ("Nature medicine", "Nat Med"),
    ("Cell stem cell", "Cell Stem Cell"),
    ("Blood advances", "Blood Adv"),
    ("Leukemia & lymphoma", "Leuk Lymphoma"),
    ("Annals of hematology", "Ann Hematol"),
    ("The New England journal of medicine", "N Engl J Med"),
    ("Clinical lymphoma, myeloma & leukemia", "Clin Lymphoma Myeloma Leuk"),
    ("Bone marrow transplantation", "Bone Marrow Transplant"),
    ("Experimental hematology", "Exp Hematol"),
    ("Cancers", "Cancers (Basel)"),
    ("International journal of molecular sciences", "Int J Mol Sci"),
    ("PloS one", "PLoS One"),
    ("Scientific reports", "Sci Rep"),
    ("Frontiers in bioscience (Landmark edition)", "Front Biosci (Landmark Ed)"),
    ("Journal of hematology & oncology", "J Hematol Oncol"),
    ("Diabetes care", "Diabetes Care"),
    ("Alzheimer's & dementia", "Alzheimers Dement"),
    ("The Lancet. Oncology", "Lancet Oncol"),
]
# (phrase used in text, abbreviation or None, MeSH heading)
DISEASES = [
    ("acute myeloid leukemia", "AML", "Leukemia, Myeloid, Acute"),
    ("chronic myeloid leukemia", "CML", "Leukemia, Myelogenous, Chronic, BCR-ABL Positive"),
    ("acute lymphoblastic leukemia", "ALL", "Precursor Cell Lymphoblastic Leukemia-Lymphoma"),
    ("chronic lymphocytic leukemia", "CLL", "Leukemia, Lymphocytic, Chronic, B-Cell"),
    ("myelodysplastic syndromes", "MDS", "Myelodysplastic Syndromes"),
    ("multiple myeloma", "MM", "Multiple Myeloma"),
    ("diffuse large B-cell lymphoma", "DLBCL", "Lymphoma, Large B-Cell, Diffuse"),
    ("Hodgkin lymphoma", None, "Hodgkin Disease"),
    ("follicular lymphoma", None, "Lymphoma, Follicular"),
    ("acute promyelocytic leukaemia", "APL", "Leukemia, Promyelocytic, Acute"),
    ("myeloproliferative neoplasms", "MPN", "Myeloproliferative Disorders"),
    ("graft-versus-host disease", "GVHD", "Graft vs Host Disease"),
    ("aplastic anemia", None, "Anemia, Aplastic"),
    ("breast cancer", None, "Breast Neoplasms"),
    ("Alzheimer disease", "AD", "Alzheimer Disease"),
    ("type 2 diabetes mellitus", "T2DM", "Diabetes Mellitus, Type 2"),
    ("COVID-19", None, "COVID-19"),
    ("heart failure", "HF", "Heart Failure"),
]
# Diseases are drawn with these weights: haematology first, as in a lab's export.
DISEASE_WEIGHTS = [14, 8, 7, 6, 6, 7, 4, 3, 3, 2, 3, 3, 2, 5, 3, 3, 3, 2]

NOUNS = [
    "cells", "patients", "expression", "mutation", "pathway", "microenvironment", "exosomes",
    "stroma", "niche", "survival", "remission", "relapse", "chemotherapy", "transplantation",
    "resistance", "signalling", "cohort", "trial", "outcome", "response", "inhibitor", "kinase",
    "apoptosis", "proliferation", "differentiation", "progenitors", "stem cells", "cytokines",
    "biomarker", "prognosis", "toxicity", "dose", "regimen", "genotype", "phenotype", "clone",
    "transcription", "methylation", "sequencing", "analysis", "model", "mice", "xenografts",
    "engraftment", "marrow", "blasts", "macrophages", "T cells", "NK cells", "fibroblasts",
    "vesicles", "microRNA", "protein", "receptor", "ligand", "adhesion", "migration", "hypoxia",
    "metabolism", "mitochondria", "autophagy", "ferroptosis", "senescence", "inflammation",
]
ADJECTIVES = [
    "mesenchymal", "stromal", "leukemic", "malignant", "minimal residual", "refractory",
    "relapsed", "novel", "targeted", "clinical", "preclinical", "molecular", "genomic",
    "epigenetic", "transcriptional", "metabolic", "immune", "adaptive", "innate", "haematopoietic",
    "hematopoietic", "cytogenetic", "high-risk", "elderly", "paediatric", "pediatric",
    "allogeneic", "autologous", "intensive", "low-dose", "oral", "randomised", "randomized",
    "multicentre", "retrospective", "prospective", "single-cell", "extracellular", "tumour",
    "tumor", "oncogenic", "constitutive", "chimeric", "significant", "independent", "median",
]
VERBS = [
    "modulates", "promotes", "inhibits", "predicts", "reduces", "enhances", "reveals",
    "identifies", "correlates with", "drives", "protects", "sensitises", "impairs", "restores",
    "mediates", "regulates", "suppresses", "induces", "confers", "shapes",
]
DRUGS = [
    "imatinib", "dasatinib", "nilotinib", "ponatinib", "venetoclax", "azacitidine", "decitabine",
    "cytarabine", "daunorubicin", "gilteritinib", "midostaurin", "ibrutinib", "rituximab",
    "lenalidomide", "bortezomib", "daratumumab", "ruxolitinib", "blinatumomab", "tretinoin",
    "arsenic trioxide", "CAR-T cells",
]
GENES = [
    "BCR-ABL1", "FLT3-ITD", "NPM1", "IDH1", "IDH2", "TP53", "DNMT3A", "TET2", "ASXL1", "RUNX1",
    "CXCR4", "CXCL12", "VCAM-1", "VLA-4", "JAK2", "CALR", "MPL", "KIT", "CD34", "CD38", "CD19",
    "BCL-2", "MYC", "NOTCH1", "IL-6", "TGF-β", "HIF-1α", "PD-1", "PD-L1", "STAT3", "NF-κB",
]
KEYWORDS = [
    "exosomes", "drug resistance", "bone marrow microenvironment", "leukemia stem cells",
    "mesenchymal stromal cells", "minimal residual disease", "relapse", "targeted therapy",
    "tyrosine kinase inhibitor", "immunotherapy", "stem cell transplantation", "prognosis",
    "biomarkers", "gene expression profiling", "next-generation sequencing", "clonal evolution",
    "hypoxia", "angiogenesis", "apoptosis", "autophagy", "metabolism", "inflammation",
    "extracellular vesicles", "microRNA", "epigenetics", "tumour microenvironment",
    "chemoresistance", "survival analysis", "clinical trial", "elderly patients",
]
MESH_GENERAL = [
    "Humans", "Animals", "Mice", "Female", "Male", "Adult", "Middle Aged", "Aged", "Child",
    "Cell Line, Tumor", "Bone Marrow", "Tumor Microenvironment", "Exosomes", "Drug Resistance, Neoplasm",
    "Mesenchymal Stem Cells", "Neoplasm Recurrence, Local", "Prognosis", "Signal Transduction",
    "Apoptosis", "Cell Proliferation", "Gene Expression Regulation, Neoplastic", "Mutation",
    "Antineoplastic Combined Chemotherapy Protocols", "Hematopoietic Stem Cell Transplantation",
    "Treatment Outcome", "Retrospective Studies", "Prospective Studies", "Survival Rate",
]
MESH_QUALIFIERS = ["drug therapy", "genetics", "metabolism", "pathology", "therapy", "diagnosis", "mortality"]
PUB_TYPES = ["Journal Article", "Review", "Research Support, Non-U.S. Gov't", "Clinical Trial", "Comparative Study"]
# Affiliations name diseases without the paper being about them (a tagger must not count them).
AFFILIATIONS = [
    "Department of Leukemia, The University of Texas MD Anderson Cancer Center, Houston, TX, USA.",
    "Service d'Hématologie, Hôpital Saint-Louis, Université Paris Cité, Paris, France.",
    "Klinik für Hämatologie und Onkologie, Universitätsklinikum Münster, Münster, Germany.",
    "Polish Adult Leukemia Group, Kraków, Poland.",
    "Department of Hematology, Peking University People's Hospital, Beijing, China.",
    "Division of Hematology, Mayo Clinic, Rochester, MN, USA.",
]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
SECTIONS = ["BACKGROUND", "METHODS", "RESULTS", "CONCLUSIONS"]


# --------------------------------------------------------------------------------------------
# Records

class Record:
    __slots__ = (
        "pmid", "doi", "title", "authors", "journal", "journal_abbr", "year", "month", "day",
        "volume", "issue", "first_page", "last_page", "abstract", "keywords", "mesh", "pub_types",
        "pmcid",
    )


def sentence(rng, disease, abbr, first_mention):
    """One abstract sentence; the disease is named by phrase on first mention, then by abbreviation."""
    if first_mention and abbr:
        dis = f"{disease} ({abbr})"
    elif abbr and rng.random() < 0.7:
        dis = abbr
    else:
        dis = disease
    c = rng.choice
    forms = (
        lambda: f"{c(ADJECTIVES).capitalize()} {c(NOUNS)} {c(VERBS)} {c(ADJECTIVES)} {c(NOUNS)} in {dis}",
        lambda: f"We studied {rng.randint(12, 4800)} {c(ADJECTIVES)} patients with {dis} treated with {c(DRUGS)}",
        lambda: f"{c(GENES)} {c(VERBS)} {c(NOUNS)} of {c(ADJECTIVES)} {c(NOUNS)} and {c(NOUNS)}",
        lambda: f"Median overall survival was {rng.randint(4, 96)} months (95% CI {rng.randint(2, 30)}-{rng.randint(31, 120)}) and relapse occurred in {rng.randint(3, 70)}% of {c(ADJECTIVES)} cases",
        lambda: f"In {c(ADJECTIVES)} models, {c(DRUGS)} combined with {c(DRUGS)} {c(VERBS)} {c(NOUNS)} of {dis} {c(NOUNS)}",
        lambda: f"The {c(ADJECTIVES)} {c(NOUNS)} of {c(GENES)} and {c(GENES)} {c(VERBS)} {c(ADJECTIVES)} {c(NOUNS)} through {c(NOUNS)}",
        lambda: f"These findings suggest that targeting the {c(ADJECTIVES)} {c(NOUNS)} may prevent relapse in {dis}",
        lambda: f"Exosomes derived from {c(ADJECTIVES)} {c(NOUNS)} carry {c(NOUNS)} that {c(VERBS)} {c(NOUNS)}",
    )
    return rng.choice(forms)() + "."


def make_abstract(rng, disease, abbr, other):
    target = rng.randint(150, 300)
    structured = rng.random() < 0.35
    parts, words, first = [], 0, True
    section = 0
    while words < target:
        d, a = (other if other and rng.random() < 0.15 else (disease, abbr))
        s = sentence(rng, d, a, first and d == disease)
        if d == disease:
            first = False
        if structured and section < len(SECTIONS) and (words == 0 or words > target * section / len(SECTIONS)):
            s = f"{SECTIONS[section]}: {s}"
            section += 1
        parts.append(s)
        words += s.count(" ") + 1
    return " ".join(parts)


def make_title(rng, disease, abbr):
    c = rng.choice
    forms = (
        lambda: f"{c(ADJECTIVES).capitalize()} {c(NOUNS)} {c(VERBS)} {c(NOUNS)} in {disease}",
        lambda: f"{c(GENES)} {c(VERBS)} {c(ADJECTIVES)} {c(NOUNS)} of {disease} through {c(NOUNS)}",
        lambda: f"{c(DRUGS).capitalize()} and {c(DRUGS)} in {c(ADJECTIVES)} {disease}: a {c(['phase 2', 'phase 3', 'randomized', 'retrospective'])} study",
        lambda: f"{disease[0].upper() + disease[1:]} and its microenvironment: {c(ADJECTIVES)} {c(NOUNS)} and {c(NOUNS)}",
        lambda: f"Crosstalk between {abbr or disease} cells and {c(ADJECTIVES)} {c(NOUNS)} through {c(NOUNS)}",
    )
    return rng.choice(forms)()


def make_record(rng, i):
    r = Record()
    r.pmid = str(20000000 + i * 7 + rng.randint(0, 6))
    d_index = rng.choices(range(len(DISEASES)), weights=DISEASE_WEIGHTS)[0]
    disease, abbr, mesh_heading = DISEASES[d_index]
    other = DISEASES[rng.randrange(len(DISEASES))] if rng.random() < 0.4 else None
    other_pair = (other[0], other[1]) if other and other[0] != disease else None
    full, short = JOURNALS[rng.randrange(len(JOURNALS))]
    r.journal, r.journal_abbr = full, short
    r.year = rng.randint(1990, 2025)
    r.month = rng.randint(1, 12)
    r.day = rng.randint(1, 28)
    r.volume = str(rng.randint(1, 140))
    r.issue = str(rng.randint(1, 24))
    r.first_page = rng.randint(1, 4000)
    r.last_page = r.first_page + rng.randint(2, 20)
    r.doi = f"10.{1000 + rng.randrange(9000)}/{short.split()[0].lower().strip('().')}.{r.year}.{i:07d}"
    r.title = make_title(rng, disease, abbr)
    n_authors = rng.randint(3, 15)
    r.authors = [(rng.choice(FAMILY), rng.choice(GIVEN), rng.choice(GIVEN) if rng.random() < 0.25 else None)
                 for _ in range(n_authors)]
    r.abstract = make_abstract(rng, disease, abbr, other_pair)
    r.keywords = rng.sample(KEYWORDS, rng.randint(3, 8))
    if abbr and rng.random() < 0.5:
        r.keywords.insert(0, abbr)
    r.keywords.insert(rng.randint(0, len(r.keywords)), disease)
    r.mesh = [f"{mesh_heading}/*{rng.choice(MESH_QUALIFIERS)}"] + rng.sample(MESH_GENERAL, rng.randint(5, 11))
    if other:
        r.mesh.append(f"{other[2]}/{rng.choice(MESH_QUALIFIERS)}")
    r.pub_types = ["Journal Article"] + ([rng.choice(PUB_TYPES[1:])] if rng.random() < 0.5 else [])
    r.pmcid = f"PMC{3000000 + i}" if rng.random() < 0.3 else None
    return r


def records(n, seed):
    """n records; every 250th one repeats an earlier record (same DOI and PMID, its own text)."""
    rng = random.Random(seed)
    earlier = []
    for i in range(n):
        r = make_record(rng, i)
        if i % 250 == 249 and earlier:
            twin = earlier[rng.randrange(len(earlier))]
            r.pmid, r.doi, r.title = twin.pmid, twin.doi, twin.title
        elif len(earlier) < 1000:
            earlier.append(r)
        yield r


# --------------------------------------------------------------------------------------------
# Writers

def initials(given, middle):
    return given[0] + (middle[0] if middle else "")


def wrap_medline(tag, text, width=82):
    """A MEDLINE field: `TAG - value`, continuation lines indented six spaces, lines near 82 columns."""
    head = f"{tag:<4}- "
    lines, line = [], head
    for word in text.split(" "):
        if len(line) + len(word) + 1 > width and line.strip() and line != head:
            lines.append(line.rstrip())
            line = "      "
        line += word + " "
    lines.append(line.rstrip())
    return "\n".join(lines)


def write_medline(out, recs):
    for r in recs:
        f = [wrap_medline("PMID", r.pmid), "OWN - NLM", "STAT- MEDLINE", f"VI  - {r.volume}", f"IP  - {r.issue}",
             wrap_medline("DP", f"{r.year} {MONTHS[r.month - 1]} {r.day}"),
             wrap_medline("TI", r.title + "."),
             wrap_medline("PG", f"{r.first_page}-{r.last_page}"),
             wrap_medline("LID", f"{r.doi} [doi]"),
             wrap_medline("AB", r.abstract)]
        for n, (family, given, middle) in enumerate(r.authors):
            full_given = given + (" " + middle if middle else "")
            f.append(wrap_medline("FAU", f"{family}, {full_given}"))
            f.append(wrap_medline("AU", f"{family} {initials(given, middle)}"))
            if n == 0:
                f.append(wrap_medline("AD", AFFILIATIONS[int(r.pmid) % len(AFFILIATIONS)]))
        f += ["LA  - eng", *(wrap_medline("PT", t) for t in r.pub_types)]
        f += [f"DEP - {r.year}{r.month:02d}{r.day:02d}", wrap_medline("TA", r.journal_abbr),
              wrap_medline("JT", r.journal)]
        f += [wrap_medline("MH", m) for m in r.mesh]
        f += [wrap_medline("OT", k) for k in r.keywords]
        if r.pmcid:
            f.append(f"PMC - {r.pmcid}")
        f += [f"AID - {r.doi} [doi]", f"PST - ppublish", wrap_medline("SO",
              f"{r.journal_abbr}. {r.year} {MONTHS[r.month - 1]};{r.volume}({r.issue}):{r.first_page}-{r.last_page}. doi: {r.doi}.")]
        out.write("\n".join(f) + "\n\n")


def write_ris(out, recs):
    for r in recs:
        f = ["TY  - JOUR", f"TI  - {r.title}"]
        f += [f"AU  - {family}, {given}" + (f" {middle}" if middle else "") for family, given, middle in r.authors]
        f += [f"PY  - {r.year}", f"DA  - {r.year}/{r.month:02d}/{r.day:02d}", f"T2  - {r.journal}",
              f"JO  - {r.journal_abbr}", f"VL  - {r.volume}", f"IS  - {r.issue}", f"SP  - {r.first_page}",
              f"EP  - {r.last_page}", f"DO  - {r.doi}", f"AN  - {r.pmid}", f"AB  - {r.abstract}"]
        f += [f"KW  - {k}" for k in r.keywords]
        f += ["ER  - "]
        out.write("\r\n".join(f) + "\r\n\r\n")


LATEX = {"á": "{\\'a}", "é": "{\\'e}", "í": "{\\'i}", "ó": "{\\'o}", "ú": "{\\'u}", "ü": '{\\"u}',
         "ö": '{\\"o}', "ä": '{\\"a}', "ñ": "{\\~n}", "ç": "{\\c{c}}", "è": "{\\`e}", "ë": '{\\"e}',
         "Ö": '{\\"O}', "Ø": "{\\O}", "ø": "{\\o}", "Å": "{\\AA}", "Ł": "{\\L}", "ł": "{\\l}",
         "ř": "{\\v{r}}", "Ş": "{\\c{S}}", "ş": "{\\c{s}}", "š": "{\\v{s}}", "ğ": "{\\u{g}}",
         "Ó": "{\\'O}", "Ç": "{\\c{C}}", "&": "\\&", "%": "\\%", "_": "\\_", "#": "\\#"}


def latex(text, rng_flag):
    """LaTeX escapes for accents in half the records, raw UTF-8 in the other half (both occur in real files)."""
    specials = {"&": "\\&", "%": "\\%", "_": "\\_", "#": "\\#"}
    table = LATEX if rng_flag else specials
    return "".join(table.get(ch, ch) for ch in text)


def write_bibtex(out, recs):
    seen = {}
    out.write("% Generated by bench/gencorpus.py\n@string{blood = \"Blood\"}\n\n")
    for n, r in enumerate(recs):
        flag = n % 2 == 0
        family = r.authors[0][0]
        base = "".join(ch for ch in family if ch.isascii() and ch.isalpha()).lower() or "anon"
        key = f"{base}{r.year}"
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            key += f"_{seen[key]}"
        authors = " and ".join(f"{family}, {given}" + (f" {middle}" if middle else "")
                               for family, given, middle in r.authors)
        journal = "blood" if r.journal == "Blood" else "{" + latex(r.journal, flag) + "}"
        out.write(
            f"@article{{{key},\n"
            f"  title = {{{{{latex(r.title, flag)}}}}},\n"
            f"  author = {{{latex(authors, flag)}}},\n"
            f"  journal = {journal},\n"
            f"  year = {r.year},\n"
            f"  month = {MONTHS[r.month - 1].lower()},\n"
            f"  volume = {{{r.volume}}},\n"
            f"  number = {{{r.issue}}},\n"
            f"  pages = {{{r.first_page}--{r.last_page}}},\n"
            f"  doi = {{{r.doi}}},\n"
            f"  pmid = {{{r.pmid}}},\n"
            f"  keywords = {{{latex(', '.join(r.keywords), flag)}}},\n"
            f"  abstract = {{{latex(r.abstract, flag)}}}\n"
            "}\n\n")


def write_csljson(out, recs):
    out.write("[\n")
    first = True
    for r in recs:
        item = {
            "id": f"pmid{r.pmid}", "type": "article-journal", "title": r.title,
            "author": [{"family": family, "given": given + (" " + middle if middle else "")}
                       for family, given, middle in r.authors],
            "container-title": r.journal, "container-title-short": r.journal_abbr,
            "issued": {"date-parts": [[r.year, r.month, r.day]]},
            "volume": r.volume, "issue": r.issue, "page": f"{r.first_page}-{r.last_page}",
            "DOI": r.doi, "PMID": r.pmid, "abstract": r.abstract, "keyword": ", ".join(r.keywords),
        }
        if r.pmcid:
            item["PMCID"] = r.pmcid
        out.write(("" if first else ",\n") + json.dumps(item, ensure_ascii=False, indent=2))
        first = False
    out.write("\n]\n")


def write_pubmed_xml(out, recs):
    e = xml_escape
    out.write('<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2024//EN" '
              '"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_240101.dtd">\n<PubmedArticleSet>\n')
    for r in recs:
        authors = "".join(
            f'<Author ValidYN="Y"><LastName>{e(family)}</LastName><ForeName>{e(given + (" " + middle if middle else ""))}'
            f"</ForeName><Initials>{e(initials(given, middle))}</Initials></Author>"
            for family, given, middle in r.authors)
        mesh = "".join(
            f'<MeshHeading><DescriptorName MajorTopicYN="N">{e(m.split("/")[0])}</DescriptorName></MeshHeading>'
            for m in r.mesh)
        keywords = "".join(f'<Keyword MajorTopicYN="N">{e(k)}</Keyword>' for k in r.keywords)
        types = "".join(f"<PublicationType>{e(t)}</PublicationType>" for t in r.pub_types)
        pmc = f'<ArticleId IdType="pmc">{r.pmcid}</ArticleId>' if r.pmcid else ""
        out.write(
            '<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM">'
            f'<PMID Version="1">{r.pmid}</PMID><Article PubModel="Print">'
            f'<Journal><JournalIssue CitedMedium="Internet"><Volume>{r.volume}</Volume><Issue>{r.issue}</Issue>'
            f"<PubDate><Year>{r.year}</Year><Month>{MONTHS[r.month - 1]}</Month><Day>{r.day}</Day></PubDate></JournalIssue>"
            f"<Title>{e(r.journal)}</Title><ISOAbbreviation>{e(r.journal_abbr)}</ISOAbbreviation></Journal>"
            f"<ArticleTitle>{e(r.title)}.</ArticleTitle>"
            f"<Pagination><MedlinePgn>{r.first_page}-{r.last_page}</MedlinePgn></Pagination>"
            f'<ELocationID EIdType="doi" ValidYN="Y">{e(r.doi)}</ELocationID>'
            f"<Abstract><AbstractText>{e(r.abstract)}</AbstractText></Abstract>"
            f'<AuthorList CompleteYN="Y">{authors}</AuthorList><Language>eng</Language>'
            f"<PublicationTypeList>{types}</PublicationTypeList></Article>"
            f'<MeshHeadingList>{mesh}</MeshHeadingList><KeywordList Owner="NOTNLM">{keywords}</KeywordList>'
            "</MedlineCitation><PubmedData>"
            f'<ArticleIdList><ArticleId IdType="pubmed">{r.pmid}</ArticleId><ArticleId IdType="doi">{e(r.doi)}</ArticleId>{pmc}'
            "</ArticleIdList></PubmedData></PubmedArticle>\n")
    out.write("</PubmedArticleSet>\n")


def page_text(r):
    """An article page as a PubMed abstract page reads when saved as text."""
    names = ", ".join(f"{given}{' ' + middle if middle else ''} {family}" for family, given, middle in r.authors)
    return "\n".join([
        "Skip to main page content", "Search in PubMed", "Save", "Email", "Send to", "Display options", "",
        f"{r.journal_abbr}. {r.year} {MONTHS[r.month - 1]} {r.day};{r.volume}({r.issue}):{r.first_page}-{r.last_page}.",
        f"doi: {r.doi}.", "", r.title + ".", "", names, "", "Affiliations", "expand",
        f"PMID: {r.pmid}" + (f"  PMCID: {r.pmcid}" if r.pmcid else "") + f"  DOI: {r.doi}", "", "Abstract", "",
        r.abstract, "", "Keywords: " + "; ".join(r.keywords) + ".", "", "Similar articles",
        "Cited by", "References", "Publication types", "MeSH terms", "",
    ])


WRITERS = {"medline": (write_medline, "nbib"), "ris": (write_ris, "ris"), "bibtex": (write_bibtex, "bib"),
           "csljson": (write_csljson, "json"), "pubmed-xml": (write_pubmed_xml, "xml")}
FORMATS = list(WRITERS) + ["pages"]


def default_out(n, fmt):
    if fmt == "pages":
        return os.path.join("bench-corpus", f"pages-{n}")
    return os.path.join("bench-corpus", f"{fmt}-{n}.{WRITERS[fmt][1]}")


def generate(n, fmt, seed, out_path):
    parent = os.path.dirname(out_path)
    if parent:
        os.makedirs(parent, exist_ok=True)
    if fmt == "pages":
        for i, r in enumerate(records(n, seed)):
            folder = os.path.join(out_path, f"{i // 1000:04d}")
            if i % 1000 == 0:
                os.makedirs(folder, exist_ok=True)
            with open(os.path.join(folder, f"{i:07d}.txt"), "w", encoding="utf-8", newline="\n") as f:
                f.write(page_text(r))
        return
    tmp = out_path + ".part"
    with open(tmp, "w", encoding="utf-8", newline="", buffering=1 << 20) as f:
        WRITERS[fmt][0](f, records(n, seed))
    os.replace(tmp, out_path)


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("n", type=int, help="number of records")
    p.add_argument("format", choices=FORMATS)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--out", help="output file (a folder for pages); default bench-corpus/FORMAT-N.EXT")
    a = p.parse_args(argv)
    if a.n < 1:
        p.error("N must be at least 1")
    out = a.out or default_out(a.n, a.format)
    generate(a.n, a.format, a.seed, out)
    size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(out) for f in fs) \
        if os.path.isdir(out) else os.path.getsize(out)
    print(f"{out}: {a.n} {a.format} records, {size / 1e6:.1f} MB", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
