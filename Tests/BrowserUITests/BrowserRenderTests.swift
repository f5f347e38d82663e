import PaperModel
import Testing
@testable import BrowserUI

/// Events in, screen lines out, at the sizes a person uses.
@Suite struct BrowserRenderTests {
    init() { DisplayWidth.prepareLocale() }

    /// No row may spill past the screen: every row is exactly the screen's width in columns.
    func expectRowsFit(_ screen: Screen, sourceLocation: SourceLocation = #_sourceLocation) {
        for (number, line) in screen.lines.enumerated() {
            #expect(TextFit.width(line) == screen.size.width, "row \(number): \(line)", sourceLocation: sourceLocation)
        }
    }

    @Test func wideLayoutShowsFiltersListAndReader() {
        let driver = Driver(width: 120, height: 40)
        let lines = driver.lines
        #expect(lines.count == 40)
        #expect(lines[0].hasPrefix(" Lectern   fixtures/   5 papers"))
        #expect(lines[0].hasSuffix("Tab panes  Enter open  / filter  s save  ? help  q quit"))
        #expect(lines[1] == "┌─ Filters ──────────────┐┏━ Papers  5 ━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┓┌─ Reader ────────────────────────────────────┐")
        #expect(lines[2] == "│ DISEASES               │┃▶ ● 2021 Exosome signalling be… Souza    CML ┃│Exosome signalling between chronic myeloid   │")
        #expect(lines[3] == "│ ▾ Leukemia            2│┃  ● 2019 白血病 stem cells and… Pérez        ┃│leukaemia cells and their stromal niche      │")
        #expect(lines[4] == "│   ▾ Lymphoid Leukemia 1│┃  ● 2025 Acute lymphoblastic l… Osei     ALL ┃│                                             │")
        #expect(lines[5].hasPrefix("│       ALL             1│"))
        #expect(lines[6].hasPrefix("│   ▾ Myeloid Leukemia  1│"))
        #expect(lines[7].hasPrefix("│       CML             1│"))
        #expect(lines[9].hasPrefix("│ KEYWORDS               │"))
        #expect(lines[10].hasPrefix("│ exosomes              1│"))
        // Years 2010–2025 as one column per year, a space for a year with no paper.
        #expect(lines[14].hasPrefix("│ YEARS  █  █    █ █   █ │"))
        #expect(lines[15].hasPrefix("│ 2025                  1│"))
        #expect(lines[27].hasPrefix("│ ★ saved               0│"))
        #expect(lines[28].hasPrefix("│ ● unread              5│"))
        #expect(lines[5].hasSuffix("┃  ● 2014 Stromal crosstalk car… Moreau       ┃│Ana Souza, Li Wei, Tomas Berg                │"))
        #expect(lines[6].contains("┃│J Synth Hematol · 2021 · 12(3):100-110"))
        #expect(lines[7].contains("┃│doi:10.1000/syn.0001"))
        #expect(lines[8].contains("┃│Chronic Myeloid Leukemia"))
        #expect(lines[9].contains("┃│keywords: exosomes · stromal niche · drug"))
        #expect(lines[38] == "└────────────────────────┘┗━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┛└─────────────────────────────────────────────┘")
        #expect(lines[39] == String(repeating: " ", count: 100) + "5 papers · 5 unread")
        expectRowsFit(driver.screen)
    }

    @Test func mediumLayoutShowsListAndReaderAndTogglesFiltersWithF() {
        var driver = Driver(width: 80, height: 24)
        #expect(driver.lines[1] == "┏━ Papers  5 ━━━━━━━━━━━━━━━━━━━━━━┓┌─ Reader  0% ─────────────────────────────┐")
        #expect(driver.lines[2] == "┃▶ ● 2021 Exosome signalling b… CML┃│Exosome signalling between chronic        │")
        #expect(driver.lines[3] == "┃  ● 2019 白血病 stem cells an…    ┃│myeloid leukaemia cells and their stromal │")
        expectRowsFit(driver.screen)
        driver.press(.char("f"))
        #expect(driver.lines[1].hasPrefix("┌─ Filters ──────────┐┏━ Papers  5 "))
        expectRowsFit(driver.screen)
        driver.press(.char("f"))
        #expect(driver.lines[1].hasPrefix("┏━ Papers  5 "))
    }

    @Test func narrowLayoutShowsOnePaneAndEnterGoesIntoTheReader() {
        var driver = Driver(width: 60, height: 20)
        #expect(driver.lines[1] == "┏━ Papers  5 ━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┓")
        #expect(driver.lines[2] == "┃▶ ● 2021 Exosome signalling between chro… Souza     CML   ┃")
        #expect(driver.lines[3] == "┃  ● 2019 白血病 stem cells and the Núñez… Pérez           ┃")
        #expect(driver.lines[6] == "┃  ● 2010 Imaging the bone marrow in thre…                 ┃")
        expectRowsFit(driver.screen)
        driver.press(.char("j"), .enter)
        #expect(driver.state.focus == .reader)
        #expect(driver.lines[1].hasPrefix("┏━ Reader "))
        #expect(driver.lines[2] == "┃白血病 stem cells and the Núñez–Pérez niche model of      ┃")
        #expect(driver.lines[3] == "┃relapse in children                                       ┃")
        #expect(driver.lines[5] == "┃Zoë Pérez                                                 ┃")
        expectRowsFit(driver.screen)
        // Opening a paper asks the shell to mark it read.
        #expect(driver.effects == [.setRead(Fixtures.cjk, true)])
        driver.press(.escape)
        #expect(driver.state.focus == .list)
        #expect(driver.lines[3].hasPrefix("┃▶ ● 2019 白血病"))
        driver.press(.enter, .char("h"))
        #expect(driver.state.focus == .list)
    }

    @Test func tooSmallWindowShowsOneLineAndComesBackOnEnlarging() {
        var driver = Driver(width: 120, height: 40)
        driver.press(.char("j"))
        driver.send(.resize(Size(width: 30, height: 8)))
        let lines = driver.lines
        #expect(lines.filter { !$0.isEmpty } == ["   Too small: 30×8 < 40×10"])
        #expect(lines[4] == "   Too small: 30×8 < 40×10")
        driver.send(.resize(Size(width: 39, height: 30)))
        #expect(driver.lines.joined().contains("Too small: 39×30 < 40×10"))
        driver.send(.resize(Size(width: 120, height: 40)))
        #expect(driver.lines[3].contains("┃▶ ● 2019 白血病"))
        expectRowsFit(driver.screen)
    }

    @Test func cjkAndAccentedTitlesFitEveryWidth() {
        for (width, height) in [(120, 40), (80, 24), (60, 20), (44, 12)] {
            var driver = Driver(width: width, height: height)
            driver.press(.char("j"))
            let screen = driver.screen
            expectRowsFit(screen)
            let row = screen.lines.first { $0.contains("2019 白血病") }
            #expect(row != nil, "\(width)×\(height)")
            #expect(row?.contains("…") == true, "\(width)×\(height): the long title is cut with an ellipsis")
        }
    }

    @Test func escapeSequencesInATitleNeverReachTheScreen() {
        var driver = Driver(width: 100, height: 24)
        driver.press(.char("G"), .enter)
        let text = driver.lines.joined(separator: "\n")
        #expect(text.contains("┃Imaging the bone marrow in three dimensions"))
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
    }
}
