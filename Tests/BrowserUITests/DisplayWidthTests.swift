import Testing
@testable import BrowserUI

@Suite struct DisplayWidthTests {
    init() { DisplayWidth.prepareLocale() }

    @Test func wideCombiningAndPlain() {
        #expect(DisplayWidth.of("abc") == 3)
        #expect(DisplayWidth.of("白血病") == 6)
        #expect(DisplayWidth.of("e\u{301}") == 1)
        #expect(DisplayWidth.of("Núñez") == 5)
    }
}
