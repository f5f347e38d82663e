import Foundation
import PaperModel
@testable import BrowserUI

/// Synthetic papers for the UI tests (written for these tests; no real paper's text).
enum Fixtures {
    static let exosomeCML = Paper(
        title: "Exosome signalling between chronic myeloid leukaemia cells and their stromal niche",
        authors: ["Ana Souza", "Li Wei", "Tomas Berg"],
        journal: "J Synth Hematol", year: 2021, volume: "12", issue: "3", pages: "100-110",
        doi: "10.1000/syn.0001",
        abstract: """
        Chronic myeloid leukaemia cells release small vesicles into the marrow. We follow these vesicles between \
        leukaemic cells and stromal cells in a synthetic co-culture model and count what they carry. Exosome uptake \
        changed the survival of the leukaemic cells under drug pressure. The stromal response depended on the dose \
        of vesicles and on time. These observations describe a loop between the niche and the tumour cells.
        Blocking exosome release restored drug sensitivity in the model.
        """,
        keywords: ["exosomes", "stromal niche", "drug resistance"],
        diseases: [DiseaseTag(name: "Chronic Myeloid Leukemia", role: .primary)],
        source: PaperSource(path: "fixtures/a.txt", format: .page)
    )
    static let cjk = Paper(
        title: "白血病 stem cells and the Núñez–Pérez niche model of relapse in children",
        authors: ["Zoë Pérez"],
        journal: "Synthetic Reports", year: 2019,
        abstract: "A made-up abstract with accents: café, naïve, Ångström.",
        source: PaperSource(path: "fixtures/b.txt", format: .page)
    )
    static let relapseALL = Paper(
        title: "Acute lymphoblastic leukemia relapse markers",
        authors: ["Kim Osei", "Ruth Lang"],
        journal: "Synth Leuk", year: 2025, pmid: "12345678",
        abstract: "Relapse remains the main obstacle in adult acute lymphoblastic leukemia.",
        diseases: [DiseaseTag(name: "Acute Lymphoblastic Leukemia", role: .primary)],
        source: PaperSource(path: "fixtures/c.txt", format: .page)
    )
    static let stromalExosome = Paper(
        title: "Stromal crosstalk carried by exosome cargo",
        authors: ["Ada Moreau"], authorsTruncated: true,
        journal: "Synth Cancer Lett", year: 2014, doi: "10.1000/syn.0004",
        abstract: "Exosomes from marrow stroma protect leukaemia cells.",
        source: PaperSource(path: "fixtures/d.txt", format: .page)
    )
    static let marrowImaging = Paper(
        title: "Imaging the bone marrow\u{1B}[31m in three dimensions\u{07}",
        year: 2010,
        source: PaperSource(path: "fixtures/e.txt", format: .page)
    )

    static let papers = [exosomeCML, cjk, relapseALL, stromalExosome, marrowImaging]

    static func state(width: Int, height: Int, reading: any ReadingState = EmptyReadingState()) -> AppState {
        let state = AppState(papers: papers, location: "fixtures/", reading: reading)
        return Browser.update(state, .resize(Size(width: width, height: height))).0
    }
}

/// Feeds events and keys to the browser like a person at the keyboard.
struct Driver {
    var state: AppState
    var effects: [Effect] = []

    init(width: Int, height: Int, reading: any ReadingState = EmptyReadingState()) {
        state = Fixtures.state(width: width, height: height, reading: reading)
    }

    mutating func send(_ event: Event) {
        let (next, produced) = Browser.update(state, event)
        state = next
        effects += produced
    }

    mutating func press(_ keys: Key...) { for key in keys { send(.key(key)) } }

    /// Types text key by key.
    mutating func type(_ text: String) { for character in text { send(.key(.char(character))) } }

    var screen: Screen { Browser.render(state, size: state.size) }
    var lines: [String] { screen.trimmedLines }
}
