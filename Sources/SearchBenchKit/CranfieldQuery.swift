/// One query of cran.qry. `number` is its position in the file (1...225): cranqrel numbers
/// queries that way, not by the `.I` ids, which have gaps and run to 365.
public struct CranfieldQuery: Sendable, Equatable {
    public let number: Int
    public let fileID: String
    public var text = ""

    public init(number: Int, fileID: String, text: String) {
        self.number = number
        self.fileID = fileID
        self.text = text
    }
}
