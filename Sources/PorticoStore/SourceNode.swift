/// A parsed JSON or YAML value that remembers where it was written. Both formats load into this
/// one shape so the typed readers (and their error messages) are shared.
public struct SourceNode: Sendable {
    public indirect enum Value: Sendable {
        case string(String)
        case number(Double)
        case bool(Bool)
        case null
        case array([SourceNode])
        case object([(key: String, keyLocation: SourceLocation, value: SourceNode)])
    }

    public var value: Value
    public var location: SourceLocation

    public init(_ value: Value, at location: SourceLocation) {
        self.value = value
        self.location = location
    }

    /// What a user would call this kind of value, for messages like "expected a number, found text".
    var kindName: String {
        switch value {
        case .string: return "text"
        case .number: return "a number"
        case .bool: return "true/false"
        case .null: return "null"
        case .array: return "a list"
        case .object: return "an object"
        }
    }

    var isNull: Bool { if case .null = value { return true } else { return false } }
}
