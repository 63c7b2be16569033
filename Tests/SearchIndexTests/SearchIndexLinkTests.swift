import Testing
@testable import SearchIndex

@Suite struct SearchIndexLinkTests {
    @Test func xapianIsLinked() {
        #expect(SearchIndexLibrary.xapianVersion.hasPrefix("1."))
    }
}
