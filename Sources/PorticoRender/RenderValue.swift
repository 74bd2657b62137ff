/// A view value as templates see it: text, flags, numbers, lists and objects. Views are
/// converted once (by `RenderValueEncoder`, or by hand for the most common pages: see
/// `ViewRenderValues.swift`), so a name lookup while rendering is a scan of a few names, not
/// reflection or a dynamic cast. Nil optionals are left out of objects, so templates see them as
/// missing. Not `indirect`: a value is its payload (lists and objects are already stored apart),
/// not a box of its own, so converting a view allocates per list and object, not per value.
public enum RenderValue: Sendable {
    case text(String)
    case flag(Bool)
    case integer(Int)
    case double(Double)
    case list([RenderValue])
    case object(RenderObject)
    /// A dictionary of strings (interface translations) kept as it is: no per-page copy.
    case strings([String: String])

    /// The member `name` of an object; nil for anything else or a missing member.
    func child(named name: String) -> RenderValue? {
        switch self {
        case let .object(fields): return fields[name]
        case let .strings(strings): return strings[name].map(RenderValue.text)
        default: return nil
        }
    }

    /// The text a variable tag prints. A list or an object prints nothing (swift-mustache
    /// printed Swift's debug description, which no page should show).
    var text: String {
        switch self {
        case let .text(text): return text
        case let .flag(flag): return flag ? "true" : "false"
        case let .integer(number): return String(number)
        case let .double(number): return "\(number)"
        case .list, .object, .strings: return ""
        }
    }

    /// Mustache transforms (`{{count(items)}}`): the same names and results as swift-mustache,
    /// whose template syntax the theme uses.
    func transform(_ name: String) -> RenderValue? {
        switch self {
        case let .text(text):
            switch name {
            case "empty": return .flag(text.isEmpty)
            case "lowercased": return .text(text.lowercased())
            case "uppercased": return .text(text.uppercased())
            case "reversed": return .text(String(text.reversed()))
            case "capitalized": return .text(Self.capitalized(text))
            default: return nil
            }
        case let .list(items):
            switch name {
            case "first": return items.first
            case "last": return items.last
            case "reversed": return .list(items.reversed())
            case "count": return .integer(items.count)
            case "empty": return .flag(items.isEmpty)
            default: return nil
            }
        case let .integer(number):
            switch name {
            case "equalzero": return .flag(number == 0)
            case "plusone": return .integer(number + 1)
            case "minusone": return .integer(number - 1)
            case "even": return .flag(number & 1 == 0)
            case "odd": return .flag(number & 1 == 1)
            default: return nil
            }
        case let .object(fields):
            switch name {
            case "count": return .integer(fields.count)
            case "empty": return .flag(fields.isEmpty)
            case "sorted", "enumerated": return .list(Self.entries(fields.fields.sorted { $0.0 < $1.0 }))
            default: return nil
            }
        case let .strings(strings):
            switch name {
            case "count": return .integer(strings.count)
            case "empty": return .flag(strings.isEmpty)
            case "sorted", "enumerated": return .list(Self.entries(strings.sorted { $0.key < $1.key }.map { ($0.key, .text($0.value)) }))
            default: return nil
            }
        case .flag, .double:
            return nil
        }
    }

    private static func entries(_ pairs: [(String, RenderValue)]) -> [RenderValue] {
        pairs.map { .object(["key": .text($0.0), "value": $0.1] as RenderObject) }
    }

    /// First letter of each word upper-cased, the rest lower-cased (Foundation's `capitalized`).
    private static func capitalized(_ text: String) -> String {
        var result = ""
        var atWordStart = true
        for character in text {
            if character.isLetter || character.isNumber {
                result += atWordStart ? character.uppercased() : character.lowercased()
                atWordStart = false
            } else {
                result.append(character)
                atWordStart = true
            }
        }
        return result
    }
}
