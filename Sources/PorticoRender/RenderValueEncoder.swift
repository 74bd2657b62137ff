/// Converts an `Encodable` view value into a `RenderValue` through the compiler-synthesised
/// `encode(to:)`, without reflection. Nil optionals are skipped (synthesised code uses
/// `encodeIfPresent`), so templates see them as missing.
public enum RenderValueEncoder {
    public static func encode<T: Encodable>(_ value: T) -> RenderValue {
        if let known = known(value) { return known }
        let encoder = TreeEncoder()
        // The encoder itself never throws; a view's custom `encode(to:)` could, and is then
        // rendered as far as it got.
        try? value.encode(to: encoder)
        return encoder.value
    }

    /// Leaf and dictionary types, by exact type (a metatype comparison, not a dynamic cast).
    private static func known<T>(_ value: T) -> RenderValue? {
        if T.self == String.self { return .text(unsafeBitCast(value, to: String.self)) }
        if T.self == Bool.self { return .flag(unsafeBitCast(value, to: Bool.self)) }
        if T.self == Int.self { return .integer(unsafeBitCast(value, to: Int.self)) }
        if T.self == Double.self { return .double(unsafeBitCast(value, to: Double.self)) }
        if T.self == [String: String].self { return .strings(unsafeBitCast(value, to: [String: String].self)) }
        return nil
    }
}

/// Where an encoder's result is collected.
private final class ObjectBox {
    var fields = RenderObject()
    /// Nested containers (custom `encode(to:)` only), filled after they were handed out.
    var nestedObjects: [(String, ObjectBox)] = []
    var nestedLists: [(String, ListBox)] = []

    var value: RenderValue {
        guard !nestedObjects.isEmpty || !nestedLists.isEmpty else { return .object(fields) }
        var all = fields
        for (key, box) in nestedObjects { all[key] = box.value }
        for (key, box) in nestedLists { all[key] = box.value }
        return .object(all)
    }
}

private final class ListBox {
    var items: [RenderValue] = []
    var nestedObjects: [(Int, ObjectBox)] = []
    var nestedLists: [(Int, ListBox)] = []

    var value: RenderValue {
        guard !nestedObjects.isEmpty || !nestedLists.isEmpty else { return .list(items) }
        var all = items
        for (index, box) in nestedObjects { all[index] = box.value }
        for (index, box) in nestedLists { all[index] = box.value }
        return .list(all)
    }
}

private final class TreeEncoder: Encoder {
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    private enum Result {
        case none
        case object(ObjectBox)
        case list(ListBox)
        case single(RenderValue)
    }
    private var result = Result.none

    var value: RenderValue {
        switch result {
        case .none: return .object(RenderObject())
        case let .object(box): return box.value
        case let .list(box): return box.value
        case let .single(value): return value
        }
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case let .object(box) = result { return KeyedEncodingContainer(KeyedContainer<Key>(box: box)) }
        let box = ObjectBox()
        result = .object(box)
        return KeyedEncodingContainer(KeyedContainer<Key>(box: box))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case let .list(box) = result { return ListContainer(box: box) }
        let box = ListBox()
        result = .list(box)
        return ListContainer(box: box)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleContainer(encoder: self)
    }

    func set(_ value: RenderValue) { result = .single(value) }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let box: ObjectBox
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil(forKey key: Key) {}
    mutating func encode(_ value: String, forKey key: Key) { box.fields.append(key.stringValue, .text(value)) }
    mutating func encode(_ value: Bool, forKey key: Key) { box.fields.append(key.stringValue, .flag(value)) }
    mutating func encode(_ value: Int, forKey key: Key) { box.fields.append(key.stringValue, .integer(value)) }
    mutating func encode(_ value: Double, forKey key: Key) { box.fields.append(key.stringValue, .double(value)) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) {
        box.fields.append(key.stringValue, RenderValueEncoder.encode(value))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let nested = ObjectBox()
        box.nestedObjects.append((key.stringValue, nested))
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(box: nested))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = ListBox()
        box.nestedLists.append((key.stringValue, nested))
        return ListContainer(box: nested)
    }

    mutating func superEncoder() -> any Encoder { TreeEncoder() }
    mutating func superEncoder(forKey key: Key) -> any Encoder { TreeEncoder() }
}

private struct ListContainer: UnkeyedEncodingContainer {
    let box: ListBox
    var codingPath: [any CodingKey] { [] }
    var count: Int { box.items.count }

    mutating func encodeNil() {}
    mutating func encode(_ value: String) { box.items.append(.text(value)) }
    mutating func encode(_ value: Bool) { box.items.append(.flag(value)) }
    mutating func encode(_ value: Int) { box.items.append(.integer(value)) }
    mutating func encode(_ value: Double) { box.items.append(.double(value)) }
    mutating func encode<T: Encodable>(_ value: T) { box.items.append(RenderValueEncoder.encode(value)) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = ObjectBox()
        box.nestedObjects.append((box.items.count, nested))
        box.items.append(.object(RenderObject()))
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(box: nested))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = ListBox()
        box.nestedLists.append((box.items.count, nested))
        box.items.append(.list([]))
        return ListContainer(box: nested)
    }
    mutating func superEncoder() -> any Encoder { TreeEncoder() }
}

private struct SingleContainer: SingleValueEncodingContainer {
    let encoder: TreeEncoder
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil() {}
    mutating func encode(_ value: String) { encoder.set(.text(value)) }
    mutating func encode(_ value: Bool) { encoder.set(.flag(value)) }
    mutating func encode(_ value: Int) { encoder.set(.integer(value)) }
    mutating func encode(_ value: Double) { encoder.set(.double(value)) }
    mutating func encode<T: Encodable>(_ value: T) { encoder.set(RenderValueEncoder.encode(value)) }
}
