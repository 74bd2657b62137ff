/// Values grouped by a number, each group in the order the values were given: group `g` is
/// `values[starts[g]..<starts[g + 1]]`. Two flat arrays, where an array per group would be an
/// allocation (and a copy when groups are joined) for each of hundreds of thousands of phrases.
struct Grouped<Value: Sendable>: Sendable {
    private(set) var starts: [Int32] = [0]
    private(set) var values: [Value] = []

    init() {}

    /// `pairs` grouped by `group` (each below `groups`), keeping their order within a group.
    init(_ pairs: [(group: Int32, value: Value)], groups: Int) {
        var starts = [Int32](repeating: 0, count: groups + 1)
        for pair in pairs { starts[Int(pair.group) + 1] += 1 }
        for group in 0..<groups { starts[group + 1] += starts[group] }
        guard let first = pairs.first else {
            self.starts = starts
            return
        }
        var next = starts
        var values = [Value](repeating: first.value, count: pairs.count)
        for pair in pairs {
            values[Int(next[Int(pair.group)])] = pair.value
            next[Int(pair.group)] += 1
        }
        self.starts = starts
        self.values = values
    }

    var count: Int { starts.count - 1 }

    subscript(group: Int) -> ArraySlice<Value> {
        values[Int(starts[group])..<Int(starts[group + 1])]
    }

    /// Appends every group of `other` after this one's.
    mutating func append(contentsOf other: Grouped<Value>) {
        let base = Int32(values.count)
        values.append(contentsOf: other.values)
        starts.append(contentsOf: other.starts.dropFirst().map { $0 + base })
    }
}
