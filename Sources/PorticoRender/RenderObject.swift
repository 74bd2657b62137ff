/// A view struct's fields as templates see them: names and values side by side, in declaration
/// order. A page's structs have a few to a few dozen fields, so a linear scan with small-string
/// comparison beats hashing every name, both when converting and when looking up.
public struct RenderObject: Sendable, ExpressibleByDictionaryLiteral {
    var names: [String] = []
    var values: [RenderValue] = []

    public init() {}

    public init(dictionaryLiteral elements: (String, RenderValue)...) {
        for (name, value) in elements { self[name] = value }
    }

    public init(_ fields: [String: RenderValue]) {
        for (name, value) in fields { self[name] = value }
    }

    public var count: Int { names.count }
    public var isEmpty: Bool { names.isEmpty }

    /// The fields as (name, value) pairs, in order.
    public var fields: [(String, RenderValue)] { Array(zip(names, values)) }

    public subscript(name: String) -> RenderValue? {
        get {
            // Lengths first: most names scanned past differ in length, and comparing lengths
            // avoids String's full comparison for every mismatch.
            let length = name.utf8.count
            for index in names.indices where names[index].utf8.count == length && names[index] == name { return values[index] }
            return nil
        }
        set {
            if let index = names.firstIndex(of: name) {
                if let newValue { values[index] = newValue } else {
                    names.remove(at: index)
                    values.remove(at: index)
                }
            } else if let newValue {
                names.append(name)
                values.append(newValue)
            }
        }
    }

    /// Appends a field known not to be present yet (synthesised `encode(to:)` writes each once).
    mutating func append(_ name: String, _ value: RenderValue) {
        names.append(name)
        values.append(value)
    }
}
