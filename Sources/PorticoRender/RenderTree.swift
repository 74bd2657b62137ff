/// Converts a view value into dictionaries and arrays once, before rendering. swift-mustache
/// would otherwise reflect (`Mirror`) over a struct on every single name lookup, which
/// dominates rendering time; a dictionary lookup is a hash probe. Nil optionals are left out,
/// so templates see them as missing exactly as before.
enum RenderTree {
    static func convert(_ value: Any) -> Any? {
        switch value {
        case let text as String: return text
        case let flag as Bool: return flag
        case let number as Int: return number
        case let number as Double: return number
        case let strings as [String: String]: return strings
        default: break
        }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            guard let wrapped = mirror.children.first?.value else { return nil }
            return convert(wrapped)
        case .collection, .set:
            return mirror.children.compactMap { convert($0.value) }
        case .struct, .class:
            var fields: [String: Any] = [:]
            for child in mirror.children {
                if let label = child.label, let converted = convert(child.value) { fields[label] = converted }
            }
            return fields
        default:
            return value
        }
    }
}
