/// Parses Mustache text (with swift-mustache's extensions the theme format was written for:
/// inheritance with `{{< parent}}`/`{{$block}}`, transforms such as `{{count(items)}}`,
/// `{{% CONTENT_TYPE: TEXT}}`) into nodes, once per theme. Whitespace follows the same
/// standalone-line rules, so themes written for that engine render byte for byte the same.
/// Works on UTF-8 bytes; errors carry the line and column of the problem.
struct TemplateParser {
    struct Failure: Error, CustomStringConvertible {
        var message: String
        var line: Int
        var column: Int
        var description: String { message }
    }

    private struct State {
        var sectionName: String?
        var sectionTransforms: [String] = []
        var newLine = true
        var isPartialDefinition = false
        var isPartialDefinitionTopLevel = false
        var startDelimiter: [UInt8] = Array("{{".utf8)
        var endDelimiter: [UInt8] = Array("}}".utf8)
        var partialDefinitionIndent: [UInt8]?

        func withSection(_ name: String, newLine: Bool, transforms: [String] = []) -> State {
            var state = self
            state.sectionName = name
            state.sectionTransforms = transforms
            state.isPartialDefinitionTopLevel = false
            if !newLine { state.newLine = false }
            return state
        }

        func withInheritancePartial(_ name: String) -> State {
            var state = self
            state.sectionName = name
            state.sectionTransforms = []
            state.newLine = true
            state.isPartialDefinition = true
            state.isPartialDefinitionTopLevel = true
            return state
        }
    }

    private let bytes: [UInt8]
    private var position = 0

    private init(_ text: String) { bytes = Array(text.utf8) }

    static func parse(_ text: String) throws(Failure) -> [TemplateNode] {
        var parser = TemplateParser(text)
        return try parser.parse(State())
    }

    // MARK: - Grammar

    private mutating func parse(_ initial: State) throws(Failure) -> [TemplateNode] {
        var nodes: [TemplateNode] = []
        var state = initial
        var whiteSpaceBefore: [UInt8] = []
        /// The indentation before a tag that is not alone on its line stays as text.
        func keepWhiteSpace() {
            guard !whiteSpaceBefore.isEmpty else { return }
            nodes.append(.text(whiteSpaceBefore))
            whiteSpaceBefore = []
        }
        while !atEnd {
            if state.newLine {
                let whiteSpace = read(while: { $0 == 0x20 || $0 == 0x09 })
                if state.isPartialDefinition, !state.isPartialDefinitionTopLevel {
                    // Lines of a block definition lose the indentation of its first line.
                    if let indent = state.partialDefinitionIndent {
                        whiteSpaceBefore = Array(whiteSpace.dropFirst(indent.count))
                    } else {
                        state.partialDefinitionIndent = whiteSpace
                    }
                } else {
                    whiteSpaceBefore = whiteSpace
                }
            }
            let text = readUntilDelimiterOrNewline(state)
            let newline = newlineLength(at: position)
            if newline > 0 {
                nodes.append(.text(whiteSpaceBefore + text + bytes[position..<position + newline]))
                state.newLine = true
                position += newline
                continue
            }
            if !text.isEmpty {
                nodes.append(.text(whiteSpaceBefore + text))
                whiteSpaceBefore = []
                state.newLine = false
            }
            if atEnd { break }
            var setNewLine = false
            switch bytes[position] {
            case UInt8(ascii: "#"), UInt8(ascii: "^"):
                let inverted = bytes[position] == UInt8(ascii: "^")
                position += 1
                let (name, transforms) = try parseName(state)
                if isStandalone(state) {
                    setNewLine = true
                } else {
                    keepWhiteSpace()
                }
                let body = try parse(state.withSection(name, newLine: setNewLine, transforms: transforms))
                nodes.append(.section(TemplateName(name, transforms: transforms), body: body, inverted: inverted))

            case UInt8(ascii: "/"):
                position += 1
                let nameStart = position
                let (name, transforms) = try parseName(state)
                guard name == state.sectionName, transforms == state.sectionTransforms else {
                    position = nameStart
                    throw failure(state.sectionName.map { "'\(name)' closes the section '\($0)', which is still open" }
                        ?? "'\(name)' closes a section that was never opened")
                }
                if !isStandalone(state), !whiteSpaceBefore.isEmpty {
                    nodes.append(.text(whiteSpaceBefore))
                }
                return nodes

            case UInt8(ascii: "!"):
                position += 1
                guard let end = find(state.endDelimiter) else { throw failure("a comment is not closed") }
                position = end + state.endDelimiter.count
                setNewLine = isStandalone(state)

            case UInt8(ascii: "{"), UInt8(ascii: "&"):
                // `{{{name}}}` and `{{& name}}`: not escaped.
                keepWhiteSpace()
                let triple = bytes[position] == UInt8(ascii: "{")
                position += 1
                let (name, transforms) = try parseName(state)
                if triple {
                    guard !atEnd, bytes[position] == UInt8(ascii: "}") else { throw failure("a triple mustache is not closed with '}}}'") }
                    position += 1
                }
                nodes.append(.variable(TemplateName(name, transforms: transforms), escaped: false))

            case UInt8(ascii: ">"):
                position += 1
                skipWhitespace()
                var dynamic = false
                if !atEnd, bytes[position] == UInt8(ascii: "*") {
                    position += 1
                    dynamic = true
                }
                let name = try parsePartialName(state)
                if !whiteSpaceBefore.isEmpty { nodes.append(.text(whiteSpaceBefore)) }
                if isStandalone(state) {
                    setNewLine = true
                    nodes.append(.partial(name: name, dynamic: dynamic, indentation: whiteSpaceBefore, overrides: nil))
                } else {
                    nodes.append(.partial(name: name, dynamic: dynamic, indentation: nil, overrides: nil))
                }
                whiteSpaceBefore = []

            case UInt8(ascii: "<"):
                position += 1
                skipWhitespace()
                let sectionName = try parsePartialName(state)
                let dynamic = sectionName.first == "*"
                let name = dynamic ? String(sectionName.dropFirst()) : sectionName
                if !whiteSpaceBefore.isEmpty { nodes.append(.text(whiteSpaceBefore)) }
                if isStandalone(state) { setNewLine = true }
                let tagStart = position
                let body = try parse(state.withInheritancePartial(sectionName))
                var overrides: [String: [TemplateNode]] = [:]
                for node in body {
                    switch node {
                    case let .blockDefinition(block, definition): overrides[block] = definition
                    case .text: break
                    default:
                        position = tagStart
                        throw failure("inside '{{< \(sectionName)}}' only '{{$block}}' definitions may appear")
                    }
                }
                nodes.append(.partial(name: name, dynamic: dynamic, indentation: whiteSpaceBefore, overrides: overrides))
                whiteSpaceBefore = []

            case UInt8(ascii: "$"):
                position += 1
                let (name, transforms) = try parseName(state)
                guard transforms.isEmpty else { throw failure("a block '{{$\(name)}}' cannot take a transform") }
                if state.isPartialDefinitionTopLevel {
                    if isStandalone(state) { setNewLine = true }
                    let body = try parse(state.withSection(name, newLine: setNewLine))
                    nodes.append(.blockDefinition(name: name, body: body))
                } else {
                    if !whiteSpaceBefore.isEmpty { nodes.append(.text(whiteSpaceBefore)) }
                    if isStandalone(state) { setNewLine = true }
                    let body = try parse(state.withSection(name, newLine: setNewLine))
                    nodes.append(.blockExpansion(name: name, body: body, indentation: whiteSpaceBefore))
                    whiteSpaceBefore = []
                }

            case UInt8(ascii: "="):
                position += 1
                try setDelimiters(&state)
                setNewLine = isStandalone(state)

            case UInt8(ascii: "%"):
                position += 1
                nodes.append(try parseConfigVariable(state))
                setNewLine = isStandalone(state)

            default:
                keepWhiteSpace()
                let (name, transforms) = try parseName(state)
                nodes.append(.variable(TemplateName(name, transforms: transforms), escaped: true))
            }
            state.newLine = setNewLine
        }
        if let open = state.sectionName { throw failure("the section '\(open)' is never closed (expected '{{/\(open)}}')") }
        return nodes
    }

    // MARK: - Tag parts

    private static let nameCharacters = Set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?*()".utf8)
    private static let partialNameCharacters = nameCharacters.union([UInt8(ascii: "/")])

    /// A tag's name and transforms: `count(items)` is the name `items` with the transform `count`.
    private mutating func parseName(_ state: State) throws(Failure) -> (String, [String]) {
        skipWhitespace()
        let text = String(decoding: read(while: { Self.nameCharacters.contains($0) }), as: UTF8.self)
        skipWhitespace()
        guard consume(state.endDelimiter) else { throw failure("a tag is not closed with '\(String(decoding: state.endDelimiter, as: UTF8.self))'") }
        guard text.contains("(") || text.contains(")") else { return (text, []) }
        // name(name(...(parameter)...)) with one ')' for each '('.
        var transforms: [String] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "(") {
            let transform = rest[..<open]
            guard !transform.contains(")") else { throw failure("'\(text)' is not a valid transform call") }
            transforms.append(String(transform))
            rest = rest[rest.index(after: open)...]
        }
        let closing = rest.drop(while: { $0 != ")" })
        let parameter = rest[..<closing.startIndex]
        guard !transforms.isEmpty, closing.count == transforms.count, closing.allSatisfy({ $0 == ")" }) else {
            throw failure("'\(text)' is not a valid transform call")
        }
        return (String(parameter), transforms)
    }

    private mutating func parsePartialName(_ state: State) throws(Failure) -> String {
        skipWhitespace()
        let name = String(decoding: read(while: { Self.partialNameCharacters.contains($0) }), as: UTF8.self)
        skipWhitespace()
        guard consume(state.endDelimiter) else { throw failure("a partial tag is not closed with '\(String(decoding: state.endDelimiter, as: UTF8.self))'") }
        return name
    }

    private mutating func setDelimiters(_ state: inout State) throws(Failure) {
        skipWhitespace()
        let start = read(while: { !Self.isWhitespace($0) })
        skipWhitespace()
        let end = read(while: { !Self.isWhitespace($0) && $0 != UInt8(ascii: "=") })
        skipWhitespace()
        guard !start.isEmpty, !end.isEmpty, consume([UInt8(ascii: "=")]), consume(state.endDelimiter) else {
            throw failure("a set-delimiter tag must look like '{{=<% %>=}}'")
        }
        state.startDelimiter = start
        state.endDelimiter = end
        state.isPartialDefinitionTopLevel = false
    }

    private mutating func parseConfigVariable(_ state: State) throws(Failure) -> TemplateNode {
        let word: (UInt8) -> Bool = { Self.nameCharacters.contains($0) && $0 != UInt8(ascii: "(") && $0 != UInt8(ascii: ")") }
        skipWhitespace()
        let variable = String(decoding: read(while: word), as: UTF8.self)
        skipWhitespace()
        guard consume([UInt8(ascii: ":")]) else { throw failure("a configuration tag must look like '{{% CONTENT_TYPE: TEXT}}'") }
        skipWhitespace()
        let value = String(decoding: read(while: word), as: UTF8.self)
        skipWhitespace()
        guard consume(state.endDelimiter) else { throw failure("a configuration tag must look like '{{% CONTENT_TYPE: TEXT}}'") }
        guard variable == "CONTENT_TYPE" else { throw failure("unknown configuration '\(variable)'") }
        switch value {
        case "HTML": return .contentType(escapesHTML: true)
        case "TEXT": return .contentType(escapesHTML: false)
        default: throw failure("unknown content type '\(value)' (HTML or TEXT)")
        }
    }

    // MARK: - Scanning

    private var atEnd: Bool { position >= bytes.count }

    /// Text up to a line break (not included) or a tag's opening delimiter (consumed).
    private mutating func readUntilDelimiterOrNewline(_ state: State) -> [UInt8] {
        let first = state.startDelimiter[0]
        let start = position
        while !atEnd {
            let byte = bytes[position]
            if byte == 0x0A || (byte == 0x0D && position + 1 < bytes.count && bytes[position + 1] == 0x0A) {
                return Array(bytes[start..<position])
            }
            if byte == first, matches(state.startDelimiter, at: position) {
                let text = Array(bytes[start..<position])
                position += state.startDelimiter.count
                return text
            }
            position += 1
        }
        return Array(bytes[start..<position])
    }

    /// The length of the line break at `index` (any Unicode line break, "\r\n" as one), or 0.
    private func newlineLength(at index: Int) -> Int {
        guard index < bytes.count else { return 0 }
        switch bytes[index] {
        case 0x0A, 0x0B, 0x0C: return 1
        case 0x0D: return index + 1 < bytes.count && bytes[index + 1] == 0x0A ? 2 : 1
        case 0xC2: return index + 1 < bytes.count && bytes[index + 1] == 0x85 ? 2 : 0
        case 0xE2:
            return index + 2 < bytes.count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9) ? 3 : 0
        default: return 0
        }
    }

    /// A tag alone on its line (only spaces around it): the line's break is consumed with it.
    private mutating func isStandalone(_ state: State) -> Bool {
        guard state.newLine else { return false }
        if atEnd { return true }
        var index = position
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
        let newline = newlineLength(at: index)
        guard newline > 0 else { return false }
        position = index + newline
        return true
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }

    private mutating func skipWhitespace() {
        while !atEnd, Self.isWhitespace(bytes[position]) { position += 1 }
    }

    private mutating func read(while accept: (UInt8) -> Bool) -> [UInt8] {
        let start = position
        while !atEnd, accept(bytes[position]) { position += 1 }
        return Array(bytes[start..<position])
    }

    private func matches(_ text: [UInt8], at index: Int) -> Bool {
        guard index + text.count <= bytes.count else { return false }
        for offset in text.indices where bytes[index + offset] != text[offset] { return false }
        return true
    }

    private mutating func consume(_ text: [UInt8]) -> Bool {
        guard matches(text, at: position) else { return false }
        position += text.count
        return true
    }

    private func find(_ text: [UInt8]) -> Int? {
        var index = position
        while index + text.count <= bytes.count {
            if matches(text, at: index) { return index }
            index += 1
        }
        return nil
    }

    private func failure(_ message: String) -> Failure {
        let end = min(position, bytes.count)
        var line = 1, lineStart = 0
        for index in 0..<end where bytes[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        let column = String(decoding: bytes[lineStart..<end], as: UTF8.self).count + 1
        return Failure(message: message, line: line, column: column)
    }
}
