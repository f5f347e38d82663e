import Testing
@testable import BrowserUI

@Suite struct TextFitTests {
    init() { DisplayWidth.prepareLocale() }

    @Test func truncateCutsByColumnsAndEndsWithAnEllipsis() {
        #expect(TextFit.truncate("Leukemic stem cells", to: 10) == "Leukemic…")
        #expect(TextFit.truncate("short", to: 10) == "short")
        // 白血病 is six columns: five columns hold two characters and the ellipsis.
        #expect(TextFit.truncate("白血病", to: 5) == "白血…")
        #expect(TextFit.width(TextFit.truncate("白血病 niche", to: 6)) <= 6)
        #expect(TextFit.truncate("anything", to: 0) == "")
    }

    @Test func fitPadsToExactlyTheWidth() {
        #expect(TextFit.fit("Núñez", to: 8) == "Núñez   ")
        #expect(TextFit.width(TextFit.fit("白血病 stem", to: 7)) == 7)
    }

    @Test func wrapBreaksAtWordsByDisplayWidth() {
        #expect(TextFit.wrap("bone marrow stromal cells", width: 12) == ["bone marrow", "stromal", "cells"])
        #expect(TextFit.wrap("白血病白血病 cells", width: 6) == ["白血病", "白血病", "cells"])
        #expect(TextFit.wrap("supercalifragilistic", width: 8) == ["supercal", "ifragili", "stic"])
        #expect(TextFit.wrap("", width: 8) == [""])
    }

    @Test func sanitizeRemovesEscapeSequencesAndControlCharacters() {
        #expect(TextFit.sanitize("red\u{1B}[31m text\u{1B}[0m") == "red text")
        #expect(TextFit.sanitize("title\u{1B}]0;evil\u{07} end") == "title end")
        #expect(TextFit.sanitize("a\tb\nc\u{07}d") == "a b c d")
        #expect(TextFit.sanitize("right\u{202E}to left") == "rightto left")
        #expect(TextFit.sanitize("plain") == "plain")
    }
}

@Suite struct ScreenTests {
    init() { DisplayWidth.prepareLocale() }

    @Test func wideCharactersTakeTwoCellsAndAreNeverSplit() {
        var screen = Screen(size: Size(width: 6, height: 1))
        let used = screen.put("a白血病", x: 0, y: 0)
        // a + 白 + 血 = 5 columns; 病 would need columns 5–6, so column 5 is blanked.
        #expect(used == 6)
        #expect(screen.lines == ["a白血 "])
        #expect(screen[1, 0].width == 2)
        #expect(screen[2, 0].width == 0)
    }

    @Test func writesOutsideTheScreenAreClipped() {
        var screen = Screen(size: Size(width: 4, height: 2))
        screen.put("abcdef", x: 2, y: 1)
        screen.put("xyz", x: -1, y: 0)
        screen.put("never", x: 0, y: 5)
        #expect(screen.lines == ["yz  ", "  ab"])
    }

    @Test func controlCharactersNeverReachACell() {
        var screen = Screen(size: Size(width: 10, height: 1))
        screen.put("a\u{1B}b\u{07}c", x: 0, y: 0)
        #expect(screen.trimmedLines == ["abc"])
    }

    @Test func combiningMarksStayWithTheirLetter() {
        var screen = Screen(size: Size(width: 5, height: 1))
        screen.put("Ne\u{301}e", x: 0, y: 0)
        #expect(screen.trimmedLines == ["Ne\u{301}e"])
        #expect(screen[2, 0].character == "e")
    }

    @Test func buildsFromLines() {
        let screen = Screen(lines: ["ab", "白"], width: 3)
        #expect(screen.lines == ["ab ", "白 "])
    }
}

@Suite struct ListCursorTests {
    @Test func movesClampAtBothEnds() {
        var cursor = ListCursor()
        cursor.move(by: -1, count: 5, visible: 3)
        #expect(cursor.selected == 0)
        cursor.move(by: 10, count: 5, visible: 3)
        #expect(cursor.selected == 4)
        #expect(cursor.offset == 2)
    }

    @Test func keepsAMarginAroundTheSelection() {
        var cursor = ListCursor()
        cursor.select(5, count: 20, visible: 10)
        #expect(cursor.offset == 0)
        cursor.select(8, count: 20, visible: 10)
        // Two rows of margin below: rows 1–10 show, selection on the 8th.
        #expect(cursor.offset == 1)
        cursor.select(2, count: 20, visible: 10)
        #expect(cursor.offset == 0)
    }

    @Test func pagingMovesByAScreenLessOneRow() {
        var cursor = ListCursor()
        cursor.page(1, count: 100, visible: 10)
        #expect(cursor.selected == 9)
        cursor.page(-1, count: 100, visible: 10)
        #expect(cursor.selected == 0)
    }

    @Test func wheelScrollingDragsTheSelectionAlong() {
        var cursor = ListCursor()
        cursor.scroll(by: 3, count: 20, visible: 5)
        #expect(cursor.offset == 3)
        #expect(cursor.selected == 3)
        cursor.scroll(by: 100, count: 20, visible: 5)
        #expect(cursor.offset == 15)
    }

    @Test func clampsWhenTheListShrinks() {
        var cursor = ListCursor()
        cursor.select(40, count: 50, visible: 10)
        cursor.scrollIntoView(count: 2, visible: 10)
        #expect(cursor.selected == 1)
        #expect(cursor.offset == 0)
        cursor.scrollIntoView(count: 0, visible: 10)
        #expect(cursor.selected == 0)
    }
}
