import Foundation
import Testing
@testable import PaperModel

/// Page shapes written for these tests, to show the page reader works by signals, not by one site's layout.
@Suite struct PageReaderShapeTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/pages")

    static func paper(_ name: String) throws -> Paper {
        let outcome = Ingest.read(file: fixtures.appendingPathComponent(name).path)
        #expect(outcome.warnings.isEmpty)
        return try #require(outcome.papers.first)
    }

    static func paper(text: String) throws -> Paper {
        try #require(PageReader.read(text, path: "page.txt").papers.first)
    }

    @Test func pubMedPageWithFullAuthorListAndPMID() throws {
        let paper = try Self.paper("pubmed-full-authors.txt")
        #expect(paper.title == "Venetoclax combined with low-dose cytarabine in elderly patients with newly diagnosed myeloid malignancies")
        #expect(paper.authors == ["Harriet M Okonkwo", "Tobias Lindqvist", "Amélie Girard-Dubois", "Rafael de la Fuente", "Yuki Tanabe"])
        #expect(!paper.authorsTruncated)
        #expect(paper.journal == "Blood Adv")
        #expect(paper.year == 2019)
        #expect(paper.date == "2019-03-12")
        #expect(paper.volume == "3" && paper.issue == "5" && paper.pages == "742-755")
        #expect(paper.doi == "10.1182/bloodadvances.2018000123")
        #expect(paper.pmid == "30841234")
        #expect(paper.pmcid == "PMC6411234")
        #expect(paper.publicationTypes == ["Clinical Trial"])
        #expect(paper.keywords == ["Venetoclax", "cytarabine", "elderly patients", "remission"])
        #expect(paper.abstract?.hasPrefix("Older adults with newly diagnosed myeloid malignancies") == true)
        #expect(paper.abstract?.hasSuffix("randomized evaluation of the combination in this population.") == true)
        // The similar article's citation and PMID are not this paper's.
        #expect(paper.id.rawValue == "doi:10.1182/bloodadvances.2018000123")
    }

    @Test func keywordsPrintedBeforeTheAbstract() throws {
        let paper = try Self.paper("keywords-first.txt")
        #expect(paper.title == "Bone marrow adipocytes support the survival of multiple myeloma cells through fatty acid transfer")
        #expect(paper.authors == ["Lena Brückner", "Olumide Adeyemi", "Sofía Martínez-Ruiz"])
        #expect(paper.keywords == ["multiple myeloma", "bone marrow adipocytes", "fatty acid transport", "tumour microenvironment"])
        #expect(paper.journal == "Journal of Experimental Haematology Research")
        #expect(paper.year == 2022)
        #expect(paper.doi == nil)
        let abstract = try #require(paper.abstract)
        #expect(abstract.hasPrefix("Background: Adipocytes are abundant"))
        #expect(abstract.hasSuffix("a way to weaken this support."))
        #expect(!abstract.contains("Multiple myeloma remains incurable"))
    }

    @Test func htmlPageWithCitationMetaTags() throws {
        let paper = try Self.paper("meta-tags.html")
        #expect(paper.source.format == .html)
        #expect(paper.title == "Circulating tumour DNA predicts relapse after allogeneic stem cell transplantation")
        #expect(paper.authors == ["Annelies Verhoeven", "Piotr J. Kowalczyk", "Haruto Nakamura"])
        #expect(paper.journal == "Example Journal of Transplantation")
        #expect(paper.year == 2020)
        #expect(paper.date == "2020-11-03")
        #expect(paper.volume == "41" && paper.issue == "6" && paper.pages == "1201-1210")
        #expect(paper.doi == "10.5555/ejt.2020.0417")
        #expect(paper.keywords == ["circulating tumour DNA", "relapse", "allogeneic transplantation"])
        let abstract = try #require(paper.abstract)
        #expect(abstract.hasPrefix("Relapse is the main cause of death"))
        #expect(abstract.hasSuffix("benefited from pre-emptive therapy."))
        #expect(!abstract.contains("<"))
        #expect(!abstract.contains("cookies"))
    }

    @Test func pageWithoutDOIKeepsItNil() throws {
        let paper = try Self.paper("no-doi.txt")
        #expect(paper.title == "Late-onset neutropenia after rituximab in a patient with follicular lymphoma")
        #expect(paper.authors == ["Marta Oliveira Santos", "Jonas Pettersson"])
        #expect(paper.doi == nil)
        #expect(paper.pmid == nil)
        #expect(paper.journal == "Reg Bull Intern Med")
        #expect(paper.year == 2016)
        #expect(paper.abstract?.hasPrefix("A 58-year-old woman treated with rituximab") == true)
        #expect(paper.abstract?.contains("All rights reserved") == false)
        #expect(paper.id.rawValue.hasPrefix("title:"))
    }

    @Test func embeddedJSONRecordIsPreferredAndStrippedOfHTML() throws {
        let paper = try Self.paper("embedded-record.txt")
        #expect(paper.title == "Clonal haematopoiesis in survivors of childhood cancer")
        #expect(paper.authors == ["Ingrid Solberg", "Mateo Ferreyra", "Kwame Mensah"])
        #expect(paper.journal == "Journal of Cancer Survivorship Research")
        #expect(paper.year == 2023)
        #expect(paper.date == "2023-09-14")
        #expect(paper.volume == "7" && paper.pages == "55-63")
        #expect(paper.doi == "10.5555/chc.2023.0091")
        #expect(paper.publicationTypes == ["Journal Article"])
        #expect(paper.abstract == "Survivors of childhood cancer receive treatments that may select mutant blood stem cells. We sequenced blood from 310 adult survivors and found clonal haematopoiesis in 14%, more often after radiotherapy.")
    }

    @Test func referenceListDoesNotLeak() throws {
        let paper = try Self.paper("references-after.txt")
        #expect(paper.title == "Interferon alfa in early chronic myeloid leukaemia: long-term follow-up of a single-centre cohort")
        #expect(paper.authors == ["Dimitra Papadaki", "Henrik Aaltonen", "Chloé Marchetti"])
        #expect(paper.journal == "Eur J Haematol Res")
        #expect(paper.year == 2018)
        #expect(paper.doi == "10.5555/ejhr.2018.301")
        let abstract = try #require(paper.abstract)
        #expect(abstract.hasSuffix("without molecular evidence of disease."))
        #expect(!abstract.contains("Goldman"))
        #expect(!paper.authors.contains { $0.contains("Goldman") || $0.contains("Talpaz") })
    }

    @Test func titleRunIntoItsAuthorsIsSplit() throws {
        let text = """
        Journal contents online at SpineHost
        The Spine Journal 12 (2021) 401–409
        Lumbar disc height after microdiscectomy in adolescents. A retrospective study Ana Lopes a,⁎, Mark Fischer a, Ren Takahashi b
        Keywords: Disc height Lumbar microdiscectomy Adolescent spine Retrospective cohort
        Abstract Background: Disc height after microdiscectomy in adolescents is poorly described, and its relation to recurrent pain is unknown in this age group.
        """
        let paper = try Self.paper(text: text)
        #expect(paper.title == "Lumbar disc height after microdiscectomy in adolescents. A retrospective study")
        #expect(paper.authors == ["Ana Lopes", "Mark Fischer", "Ren Takahashi"])
        #expect(paper.journal == "The Spine Journal")
        #expect(paper.year == 2021)
        #expect(paper.keywords == ["Disc height", "Lumbar microdiscectomy", "Adolescent spine", "Retrospective cohort"])
        #expect(paper.abstract?.hasPrefix("Background: Disc height") == true)
    }

    @Test func referenceStyleCitationGivesTitleAuthorsJournalAndYear() throws {
        let text = """
        Moreau C, Ibáñez RF, Lindgren AK. Sleep quality in caregivers of children with leukaemia: a cross-sectional survey. Pediatr Nurs Res. 2020 Jun 2.

        Caregivers of children treated for leukaemia often report poor sleep, but few studies have measured it with validated instruments. We surveyed 212 parents during induction therapy and found that two in three had clinically poor sleep quality, which was associated with anxiety and with night-time hospital stays.
        """
        let paper = try Self.paper(text: text)
        #expect(paper.title == "Sleep quality in caregivers of children with leukaemia: a cross-sectional survey")
        #expect(paper.authors == ["C Moreau", "RF Ibáñez", "AK Lindgren"])
        #expect(paper.journal == "Pediatr Nurs Res")
        #expect(paper.year == 2020)
        #expect(paper.abstract?.hasPrefix("Caregivers of children treated for leukaemia") == true)
    }

    @Test func layLanguageSummaryIsNotTheAbstract() throws {
        let text = """
        Tumors logoLink to Tumors
        . 2020 Mar 4;8(5):1214. doi: 10.5555/tumors.2020.1214

        Measurable residual disease in adult acute leukaemia: a review

        Ola Nordmann 1,*, Kari Hansen 2
        Editor: Per Olsen

        Abstract

        Simple Summary

        Leukaemia is a blood cancer. This summary explains in plain words why doctors look for tiny amounts of disease that remain after treatment and how this helps them choose the next step.

        Abstract

        Measurable residual disease has become the strongest prognostic factor in adult acute leukaemia, and its assessment now guides consolidation and transplant decisions in many centres.
        """
        let paper = try Self.paper(text: text)
        #expect(paper.title == "Measurable residual disease in adult acute leukaemia: a review")
        #expect(paper.authors == ["Ola Nordmann", "Kari Hansen"])
        #expect(paper.journal == "Tumors")
        #expect(paper.abstract?.hasPrefix("Measurable residual disease has become") == true)
    }

    @Test func gluedDuplicateNamesAndGroupAuthors() {
        let glued = AuthorLine.parse("Ana TorresAna Torres1†Li WeiLi Wei2*Pál SzabóPál Szabó1,3")
        #expect(glued?.names == ["Ana Torres", "Li Wei", "Pál Szabó"])
        let group = AuthorLine.parse("Jan Novak 1, Eva Horvat 2,; Nordic Lymphoma Group")
        #expect(group?.names == ["Jan Novak", "Eva Horvat"])
        let vancouver = AuthorLine.parse("Okafor N, Brandt KL, van Dijk P")
        #expect(vancouver?.names == ["N Okafor", "KL Brandt", "P van Dijk"])
        let etAl = AuthorLine.parse("Mei Tanaka, Jorge Alves, et al.")
        #expect(etAl?.names == ["Mei Tanaka", "Jorge Alves"])
        #expect(etAl?.truncated == true)
        #expect(AuthorLine.parse("Department of Haematology, City Hospital, Oslo") == nil)
        #expect(AuthorLine.parseInvertedPairs("Nguyen, Thi Lan, Okoro, Chidi A., Berg, Lars") == ["Thi Lan Nguyen", "Chidi A. Okoro", "Lars Berg"])
    }

    @Test func citationLineForms() {
        let nlm = CitationLine.parse("Published in edited form as: Haematologica. 2017 Mar 12;24(6):1180–1187.")
        #expect(nlm?.journal == "Haematologica")
        #expect(nlm?.year == 2017 && nlm?.volume == "24" && nlm?.issue == "6" && nlm?.pages == "1180–1187")
        #expect(nlm?.date == "2017-03-12")
        let comma = CitationLine.parse("Front. Biosci. (Landmark Ed) 2021, 26(3), 444–467;")
        #expect(comma?.journal == "Front. Biosci. (Landmark Ed)")
        #expect(comma?.year == 2021 && comma?.pages == "444–467")
        let frontiers = CitationLine.parse("Front. Cardiol., 3 March 2022")
        #expect(frontiers?.journal == "Front. Cardiol" && frontiers?.year == 2022)
        let catalogue = CitationLine.parse("Published in:Scandinavian journal of renal care 2019-07, Vol.11 (2), p.210-218")
        #expect(catalogue?.journal == "Scandinavian journal of renal care" && catalogue?.year == 2019 && catalogue?.volume == "11")
        #expect(CitationLine.parse("Received: 7 March 2021 Revised: 14 April 2021") == nil)
        #expect(CitationLine.journalFromLogo("Harbor Press logoLink to Harbor Press") == nil)
        #expect(CitationLine.journalFromLogo("EJHaem logoLink to EJHaem") == "EJHaem")
    }
}

/// Shapes of pages made from documents: exports shown as pages, PDF text with letter-spaced mastheads,
/// two-column interleaving and titles in two languages.
@Suite struct PageReaderDocumentShapeTests {
    static func paper(_ text: String) throws -> Paper {
        try #require(PageReader.read(text, path: "page.txt").papers.first)
    }

    @Test func refWorksExportOnOneLine() throws {
        let text = "RT Journal Article T1 Iron chelation in lower-risk myelodysplastic syndromes. A1 Ortega, Lucía M A1 Brandt, Jonas A1 Achebe, Ngozi AB Iron overload is common in transfused patients with myelodysplastic syndromes. We reviewed chelation outcomes in 140 patients and found AD and SP values unchanged. YR 2019 VO 12 IS 3 SP 201 OP 209 DO 10.5555/ironmds.2019.201 JF Haematology Reports"
        let paper = try Self.paper(text)
        #expect(paper.title == "Iron chelation in lower-risk myelodysplastic syndromes")
        #expect(paper.authors == ["Lucía M Ortega", "Jonas Brandt", "Ngozi Achebe"])
        #expect(paper.abstract == "Iron overload is common in transfused patients with myelodysplastic syndromes. We reviewed chelation outcomes in 140 patients and found AD and SP values unchanged.")
        #expect(paper.year == 2019)
        #expect(paper.volume == "12" && paper.issue == "3" && paper.pages == "201-209")
        #expect(paper.doi == "10.5555/ironmds.2019.201")
        #expect(paper.journal == "Haematology Reports")
    }

    @Test func letterSpacedMastheadNamesTheJournal() throws {
        let text = """
        The

        b r i t i s h j o u r n a l

        of

        h a e m a t o l o g y

        Original Article

        Thrombopoietin receptor agonists before splenectomy in adults


        with chronic immune thrombocytopenia
        R.A. Mensah, L. Kovacs, and T. Oduya

        A BS T R AC T
        BACKGROUND

        Adults with chronic immune thrombocytopenia are often offered splenectomy after first-line therapy fails. We compared outcomes
        in 188 adults who received thrombopoietin receptor agonists before any decision on surgery.
        """
        let paper = try Self.paper(text)
        #expect(paper.journal == "The British Journal of Haematology")
        #expect(paper.title == "Thrombopoietin receptor agonists before splenectomy in adults with chronic immune thrombocytopenia")
        #expect(paper.authors == ["R.A. Mensah", "L. Kovacs", "T. Oduya"])
        #expect(paper.abstract?.hasPrefix("BACKGROUND") == true)
        #expect(paper.abstract?.contains("Adults with chronic immune thrombocytopenia") == true)
    }

    @Test func abstractHeadingAtTheEndOfAnAffiliationLine() throws {
        let text = """
        Platelet transfusion thresholds in neonates: a multicentre audit

        Ines Varga 1 | Tomas Lindgren 2 | Ada Okafor 1

        1
        Department of Neonatology, Riverside Children's
        Hospital, Lisbon, Portugal Abstract
        Portugal
        Platelet transfusions are given to many preterm neonates although the benefit of liberal thresholds
        2
        Department of Paediatrics, Nordic University
        is uncertain. We audited transfusion practice in twelve units.
        """
        let paper = try Self.paper(text)
        #expect(paper.title == "Platelet transfusion thresholds in neonates: a multicentre audit")
        #expect(paper.authors == ["Ines Varga", "Tomas Lindgren", "Ada Okafor"])
        #expect(paper.abstract?.hasPrefix("Platelet transfusions are given to many preterm neonates") == true)
    }

    @Test func titleInTwoLanguagesKeepsTheFirst() throws {
        let text = "M. T. Ruiz y cols. Artículo Original Anemia ferropénica en mujeres embarazadas de zonas rurales Iron deficiency anaemia in pregnant women from rural areas Marta Teresa Ruiz, Pablo Andrés Gil, Lucía Navarro • Quito (Ecuador) Resumen Objetivo: estimar la frecuencia de anemia ferropénica en mujeres embarazadas atendidas en centros rurales durante un año. (Rev Med Andina 2018; 12: 40-46). Palabras clave: anemia, embarazo"
        let paper = try Self.paper(text)
        #expect(paper.title == "Anemia ferropénica en mujeres embarazadas de zonas rurales")
        #expect(paper.authors == ["Marta Teresa Ruiz", "Pablo Andrés Gil", "Lucía Navarro"])
        #expect(paper.abstract?.hasPrefix("Objetivo: estimar la frecuencia") == true)
        #expect(paper.year == 2018)
        #expect(paper.keywords == ["anemia", "embarazo"])
    }
}

/// Pages laid out as other publishers and indexes lay them out (written for these tests): the same
/// signals must find the same fields.
@Suite struct PageReaderSiteLayoutTests {
    struct Expected: Sendable, CustomStringConvertible {
        var file: String
        var title: String
        var authors: [String]
        var truncated = false
        var journal: String?
        var year: Int?
        var volume: String?
        var pages: String?
        var doi: String?
        var abstractStart: String
        var keywords: [String] = []
        var description: String { file }
    }

    static let pages: [Expected] = [
        Expected(file: "site-oup.txt", title: "Red cell distribution width and mortality in older adults with anaemia",
                 authors: ["Helga Sørensen", "Marco Bellini", "Priya Raman"], journal: "Age and Ageing", year: 2020, volume: "31",
                 pages: "512–519", doi: "10.1093/ageing/afz512", abstractStart: "Background\nRed cell distribution width is a routine measure",
                 keywords: ["anaemia", "red cell distribution width", "mortality", "older adults"]),
        Expected(file: "site-biorxiv.txt", title: "Single-cell atlas of the ageing human bone marrow niche",
                 authors: ["Anna Kowalska", "Ben Okafor", "Chen Wei", "Dana Lévy"], doi: "10.1101/2021.03.04.433000",
                 abstractStart: "The bone marrow niche changes with age"),
        Expected(file: "site-ash.txt", title: "Ibrutinib and venetoclax as first-line therapy for mantle cell lymphoma in older patients",
                 authors: ["Sophie Marchand", "Daniel Okoro", "Emily Hart", "Lukas Becker"], journal: "Blood", year: 2020, volume: "136",
                 pages: "1402–1412", doi: "10.1182/blood.2020005123", abstractStart: "Older patients with mantle cell lymphoma"),
        Expected(file: "site-s2.txt", title: "Hepcidin levels predict response to oral iron in children with iron deficiency",
                 authors: ["Aisha Bello", "Tom Richter", "Gwen Hall"], truncated: true, journal: "Pediatric Blood & Cancer", year: 2021,
                 abstractStart: "Oral iron is the first treatment for iron deficiency in children"),
        Expected(file: "site-sciencedirect.txt", title: "Sequential monitoring of NPM1 transcripts after allogeneic transplantation for acute myeloid leukemia",
                 authors: ["Karin Holm", "Rui Tavares", "Olga Petrenko"], journal: "Leukemia Research", year: 2020, volume: "98",
                 pages: "106455", doi: "10.1016/j.leukres.2020.106455", abstractStart: "Relapse after allogeneic transplantation",
                 keywords: ["NPM1", "Measurable residual disease", "Allogeneic transplantation"]),
        Expected(file: "site-springer.txt", title: "Hydroxyurea adherence in adults with sickle cell disease",
                 authors: ["Naledi Dube", "Farid Haddad", "Claire Moreau"], journal: "Annals of Hematology", year: 2019, volume: "98",
                 pages: "1431–1438", abstractStart: "Hydroxyurea reduces pain crises", keywords: ["Sickle cell disease", "Hydroxyurea", "Adherence"]),
        Expected(file: "site-plos.txt", title: "Vitamin D status and infection risk after autologous stem cell transplantation",
                 authors: ["Maria Lindqvist", "Joao Pereira", "Sanjay Mehta"], journal: "PLoS ONE", year: 2020, volume: "15",
                 pages: "e0230011", doi: "10.1371/journal.pone.0230011", abstractStart: "Background\nLow vitamin D levels"),
        Expected(file: "site-nejm.txt", title: "Luspatercept in Transfusion-Dependent Beta-Thalassemia",
                 authors: ["Maria Rossi", "Kwame Asante", "Li Na"], journal: "N Engl J Med", year: 2020, volume: "382",
                 pages: "1219-1231", doi: "10.1056/NEJMoa1910182", abstractStart: "Background\nPatients with transfusion-dependent"),
        Expected(file: "site-researchgate.txt", title: "Thrombosis in patients with polycythemia vera treated with ruxolitinib",
                 authors: ["Fatima Zahra", "Oskar Nilsson"], journal: "Blood", year: 2019, volume: "134", doi: "10.1182/blood-2019-123456",
                 abstractStart: "Thrombosis is the main cause of morbidity"),
        Expected(file: "site-wiley.txt", title: "Serum ferritin thresholds for iron overload in adults with thalassemia intermedia",
                 authors: ["Rania Haddad", "Pieter van den Berg", "Mei Ling Tan"], journal: "American Journal of Hematology", year: 2019,
                 doi: "10.1002/ajh.25388", abstractStart: "Iron overload develops in thalassemia intermedia"),
        Expected(file: "site-tandf.txt", title: "Prevalence of G6PD deficiency among blood donors in coastal Kenya",
                 authors: ["Joseph Mwangi", "Amina Yusuf", "Peter Otieno"], year: 2020, doi: "10.1080/16078454.2020.1729123",
                 abstractStart: "Objectives: Glucose-6-phosphate dehydrogenase deficiency",
                 keywords: ["G6PD deficiency", "blood donors", "Kenya", "transfusion safety"]),
        Expected(file: "site-pubmed-legacy-authors.txt", title: "Eltrombopag for refractory immune thrombocytopenia in children: a multicentre cohort",
                 authors: ["AB Ferreira", "K Nakamura", "S O'Neill", "M Vasquez-Lopez"], journal: "Br J Haematol", year: 2016, volume: "174",
                 pages: "412-20", doi: "10.1111/bjh.14073", abstractStart: "Eltrombopag is licensed for children",
                 keywords: ["children", "eltrombopag", "immune thrombocytopenia"]),
        Expected(file: "site-europepmc.txt", title: "Aplastic anemia after COVID-19 vaccination: a case series",
                 authors: ["SH Kim", "JY Lee", "HJ Park", "YS Choi"], journal: "Blood Research", year: 2022, volume: "57", pages: "67-70",
                 doi: "10.5045/br.2022.2021150", abstractStart: "Aplastic anemia has rarely been reported after vaccination"),
        Expected(file: "site-jstage.txt", title: "Successful treatment of acquired hemophilia A with emicizumab in an elderly patient",
                 authors: ["Taro YAMADA", "Hanako SUZUKI", "Ichiro TANAKA"], journal: "Rinsho Ketsueki", year: 2020, volume: "61",
                 abstractStart: "An 84-year-old man presented", keywords: ["acquired hemophilia A", "emicizumab", "elderly"]),
        Expected(file: "site-scielo-pt.txt", title: "Perfil clínico de pacientes com anemia falciforme em um centro de referência",
                 authors: ["Ana Paula Souza", "Carlos Eduardo Lima", "Marta Ribeiro"], journal: "Rev. Bras. Hematol. Hemoter", year: 2017,
                 volume: "39", doi: "10.1016/j.bjhh.2017.01.004", abstractStart: "Objetivo: descrever o perfil clínico",
                 keywords: ["Anemia falciforme", "Perfil clínico", "Hemoglobinopatias"]),
        Expected(file: "site-medrxiv-html.txt", title: "Household transmission of respiratory syncytial virus among infants in rural Gambia",
                 authors: ["Fatou Ceesay", "Lamin Jallow", "Oliver Grant"], doi: "10.1101/2022.11.20.22282556",
                 abstractStart: "Background Respiratory syncytial virus"),
        Expected(file: "site-jama.txt", title: "Racial Differences in Time to Treatment for Acute Myeloid Leukemia in the US",
                 authors: ["Andrea Morales", "Kevin Li", "Samuel Osei"], journal: "JAMA Oncol", year: 2021, volume: "7", pages: "871-878",
                 doi: "10.1001/jamaoncol.2021.0434", abstractStart: "Importance Delays in starting induction therapy"),
        Expected(file: "site-cureus.txt", title: "Pure Red Cell Aplasia Following Parvovirus B19 Infection in a Kidney Transplant Recipient",
                 authors: ["Rohan Patel", "Lucia Gomez"], journal: "Cureus", year: 2023, volume: "15", pages: "e36123",
                 doi: "10.7759/cureus.36123", abstractStart: "Parvovirus B19 infection can cause pure red cell aplasia",
                 keywords: ["parvovirus b19", "pure red cell aplasia", "kidney transplant"]),
        Expected(file: "site-minimal.txt", title: "Red blood cell transfusion thresholds in hip fracture surgery: a pragmatic trial",
                 authors: [], abstractStart: "In 2019 and 2020, 842 patients"),
        Expected(file: "site-conference.txt", title: "Gilteritinib Plus Azacitidine in Newly Diagnosed FLT3-Mutated AML Ineligible for Intensive Chemotherapy",
                 authors: ["Naval Sharma", "Julie Berg", "Tomás Aguilar"], journal: "Blood", year: 2019, volume: "134", pages: "2591",
                 doi: "10.1182/blood-2019-127000", abstractStart: "Background: FLT3 mutations occur"),
        Expected(file: "site-cnki.txt", title: "骨髓增生异常综合征患者铁过载与生存的关系", authors: ["王小明", "李华", "张伟"],
                 journal: "中华血液学杂志", year: 2021, volume: "42", pages: "201-205", doi: "10.3760/cma.j.issn.0253-2727.2021.03.005",
                 abstractStart: "目的 探讨骨髓增生异常综合征患者铁过载与总生存的关系", keywords: ["骨髓增生异常综合征", "铁过载", "生存"]),
        Expected(file: "site-spanish.txt", title: "Trombosis venosa en pacientes con neoplasias mieloproliferativas: estudio de cohortes",
                 authors: ["María José Fernández", "Luis Herrera Gómez", "Carmen Ruiz"], journal: "Rev Esp Hematol", year: 2019, volume: "45",
                 pages: "112-119", abstractStart: "Introducción: las neoplasias mieloproliferativas",
                 keywords: ["trombosis venosa", "neoplasias mieloproliferativas", "cohortes"]),
        Expected(file: "site-nature2.txt", title: "Clonal dynamics of haematopoiesis after gene therapy for sickle cell disease",
                 authors: ["Grace Mensah", "Peter Hall", "Ines Duarte"], journal: "Leukemia", year: 2021, volume: "35", pages: "1620–1631",
                 abstractStart: "Gene therapy for sickle cell disease"),
    ]

    @Test(arguments: pages)
    func siteLayout(_ expected: Expected) throws {
        let paper = try PageReaderShapeTests.paper(expected.file)
        #expect(paper.title == expected.title)
        #expect(paper.authors == expected.authors)
        #expect(paper.authorsTruncated == expected.truncated)
        #expect(paper.journal == expected.journal)
        #expect(paper.year == expected.year)
        #expect(paper.volume == expected.volume)
        #expect(paper.pages == expected.pages)
        #expect(paper.doi == expected.doi)
        #expect(paper.keywords == expected.keywords)
        let abstract = try #require(paper.abstract)
        #expect(abstract.hasPrefix(expected.abstractStart), "\(abstract.prefix(80))")
        for noise in ["Google Scholar", "ORCID", "Expand", "Key Points", "TLDR", "overlay panel", "Show more"] {
            #expect(!abstract.contains(noise) && !paper.title.contains(noise) && !paper.authors.joined().contains(noise))
        }
    }
}
