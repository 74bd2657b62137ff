/// Markdown as written in the store, with the folder its relative links are resolved against.
public struct MarkdownText: Sendable {
    public var markdown: String
    /// Absolute path of the folder holding the file the text came from.
    public var baseDirectory: String
    public var location: SourceLocation

    public init(markdown: String, baseDirectory: String, location: SourceLocation) {
        self.markdown = markdown
        self.baseDirectory = baseDirectory
        self.location = location
    }

    public var isEmpty: Bool { markdown.allSatisfy(\.isWhitespace) }
}
