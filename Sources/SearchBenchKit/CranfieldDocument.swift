/// One document of cran.all.1400: `.I` id, `.T` title, `.A` authors, `.B` bibliography,
/// `.W` abstract (which in this collection starts by repeating the title).
public struct CranfieldDocument: Sendable, Equatable {
    public let id: Int
    public var title = ""
    public var author = ""
    public var bibliography = ""
    public var body = ""

    public init(id: Int, title: String = "", author: String = "", bibliography: String = "", body: String = "") {
        self.id = id
        self.title = title
        self.author = author
        self.bibliography = bibliography
        self.body = body
    }
}
