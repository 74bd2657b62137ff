/// Where a value came from: a file (as the user would type its path) and, where known, a line
/// and column (both 1-based), so every diagnostic can point at the exact spot.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: Int?

    public init(file: String, line: Int? = nil, column: Int? = nil) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String {
        switch (line, column) {
        case let (line?, column?): return "\(file):\(line):\(column)"
        case let (line?, nil): return "\(file):\(line)"
        default: return file
        }
    }

    /// The same position shifted down by `lines` (front matter starts after the opening `---`).
    func offset(lines: Int) -> SourceLocation {
        SourceLocation(file: file, line: line.map { $0 + lines }, column: column)
    }
}
