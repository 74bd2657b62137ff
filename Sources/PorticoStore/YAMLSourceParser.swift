import Foundation
import Yams

/// Parses YAML (front matter) into `SourceNode`s with the line and column of every value.
/// Scalars are resolved here rather than by Yams so that `2026-03-20` stays text (dates are
/// parsed by Portico with its own, stricter rules) and `yes`/`no` are never booleans by accident.
enum YAMLSourceParser {
    struct Failure: Error {
        var location: SourceLocation
        var message: String
    }

    /// Bounds that keep hostile input (alias bombs, absurd nesting) from exhausting the machine.
    private static let maxNodes = 100_000
    private static let maxDepth = 256

    /// `lineOffset` is how many lines of the file precede the YAML text.
    static func parse(_ text: String, file: String, lineOffset: Int) throws(Failure) -> SourceNode {
        if let node = SimpleFrontMatter.parse(text, file: file, lineOffset: lineOffset) { return node }
        return try parseWithYams(text, file: file, lineOffset: lineOffset)
    }

    /// Yams' encoding, read once: `Parser.Encoding.default` consults the environment on every call.
    nonisolated(unsafe) private static let encoding = Parser.Encoding.default

    /// The full YAML reading, for any text (`SimpleFrontMatter` must agree with it where it answers).
    static func parseWithYams(_ text: String, file: String, lineOffset: Int) throws(Failure) -> SourceNode {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text, .default, .default, encoding)
        } catch let error as YamlError {
            throw failure(from: error, file: file, lineOffset: lineOffset)
        } catch {
            throw Failure(location: SourceLocation(file: file), message: "invalid YAML: \(error)")
        }
        let start = SourceLocation(file: file, line: lineOffset + 1, column: 1)
        guard let root else { return SourceNode(.object([]), at: start) }
        var budget = maxNodes
        return try convert(root, file: file, lineOffset: lineOffset, depth: 0, budget: &budget, fallback: start)
    }

    private static func failure(from error: YamlError, file: String, lineOffset: Int) -> Failure {
        func at(_ mark: Mark, _ problem: String) -> Failure {
            Failure(location: SourceLocation(file: file, line: mark.line + lineOffset, column: mark.column),
                    message: "invalid YAML: \(problem)")
        }
        switch error {
        case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _), let .composer(_, problem, mark, _):
            return at(mark, problem)
        case let .reader(problem, _, _, _):
            return Failure(location: SourceLocation(file: file, line: lineOffset + 1), message: "invalid text: \(problem)")
        default:
            return Failure(location: SourceLocation(file: file, line: lineOffset + 1), message: "invalid YAML: \(error)")
        }
    }

    private static func location(_ mark: Mark?, file: String, lineOffset: Int, fallback: SourceLocation) -> SourceLocation {
        guard let mark else { return fallback }
        return SourceLocation(file: file, line: mark.line + lineOffset, column: mark.column)
    }

    private static func convert(_ node: Node, file: String, lineOffset: Int, depth: Int,
                                budget: inout Int, fallback: SourceLocation) throws(Failure) -> SourceNode {
        let here = location(node.mark, file: file, lineOffset: lineOffset, fallback: fallback)
        budget -= 1
        guard budget >= 0 else { throw Failure(location: here, message: "front matter is too large (over \(maxNodes) values)") }
        guard depth <= maxDepth else { throw Failure(location: here, message: "front matter nests deeper than \(maxDepth) levels") }
        switch node {
        case let .scalar(scalar):
            return SourceNode(resolve(scalar), at: here)
        case let .sequence(sequence):
            var items: [SourceNode] = []
            for element in sequence {
                items.append(try convert(element, file: file, lineOffset: lineOffset, depth: depth + 1, budget: &budget, fallback: here))
            }
            return SourceNode(.array(items), at: here)
        case let .mapping(mapping):
            var members: [(key: String, keyLocation: SourceLocation, value: SourceNode)] = []
            for (keyNode, valueNode) in mapping {
                let keyLocation = location(keyNode.mark, file: file, lineOffset: lineOffset, fallback: here)
                guard case let .scalar(keyScalar) = keyNode else {
                    throw Failure(location: keyLocation, message: "field names must be plain text")
                }
                let key = keyScalar.string
                if members.contains(where: { $0.key == key }) {
                    throw Failure(location: keyLocation, message: "field '\(key)' appears twice")
                }
                let value = try convert(valueNode, file: file, lineOffset: lineOffset, depth: depth + 1, budget: &budget, fallback: keyLocation)
                members.append((key, keyLocation, value))
            }
            return SourceNode(.object(members), at: here)
        case .alias:
            throw Failure(location: here, message: "YAML aliases are not supported in the store")
        }
    }

    private static func resolve(_ scalar: Node.Scalar) -> SourceNode.Value {
        guard scalar.style == .plain || scalar.style == .any else { return .string(scalar.string) }
        return resolvePlain(scalar.string)
    }

    /// The value of a plain (unquoted) scalar.
    static func resolvePlain(_ text: String) -> SourceNode.Value {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        default: break
        }
        if looksNumeric(text), let number = Double(text), number.isFinite { return .number(number) }
        return .string(text)
    }

    private static func looksNumeric(_ text: String) -> Bool {
        var sawDigit = false
        for (offset, character) in text.enumerated() {
            switch character {
            case "0"..."9": sawDigit = true
            case "-", "+": if offset != 0, !text.lowercased().contains("e") { return false }
            case ".", "e", "E": continue
            default: return false
            }
        }
        return sawDigit && text.filter({ $0 == "-" }).count <= 2 && !text.contains("--")
            && text.filter({ $0 == "." }).count <= 1
    }
}
