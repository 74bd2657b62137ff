/// Aho–Corasick over bytes: finds which of many needles occur in a text in one pass, so an audit
/// of thousands of private strings over thousands of pages stays linear in the output size.
struct MultiPatternSearch {
    private var transitions: [[UInt8: Int32]] = [[:]]
    private var failure: [Int32] = [0]
    /// Needle indices that end at each state (its own and those reached by failure links).
    private var outputs: [[Int32]] = [[]]

    init(_ needles: [[UInt8]]) {
        for (index, needle) in needles.enumerated() where !needle.isEmpty {
            var state = 0
            for byte in needle {
                if let next = transitions[state][byte] {
                    state = Int(next)
                } else {
                    transitions.append([:])
                    failure.append(0)
                    outputs.append([])
                    transitions[state][byte] = Int32(transitions.count - 1)
                    state = transitions.count - 1
                }
            }
            outputs[state].append(Int32(index))
        }
        var queue: [Int] = []
        for (_, next) in transitions[0] { queue.append(Int(next)) }
        var head = 0
        while head < queue.count {
            let state = queue[head]
            head += 1
            for (byte, next) in transitions[state] {
                let child = Int(next)
                queue.append(child)
                var fallback = Int(failure[state])
                while fallback != 0, transitions[fallback][byte] == nil { fallback = Int(failure[fallback]) }
                let target = transitions[fallback][byte].map(Int.init) ?? 0
                failure[child] = Int32(target == child ? 0 : target)
                outputs[child].append(contentsOf: outputs[Int(failure[child])])
            }
        }
    }

    /// The indices of every needle that occurs in `text`.
    func matches(in text: [UInt8]) -> Set<Int> {
        var found = Set<Int>()
        var state = 0
        for byte in text {
            while state != 0, transitions[state][byte] == nil { state = Int(failure[state]) }
            state = transitions[state][byte].map(Int.init) ?? 0
            for index in outputs[state] { found.insert(Int(index)) }
        }
        return found
    }
}
