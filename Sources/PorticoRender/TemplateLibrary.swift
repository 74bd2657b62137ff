/// The theme's templates, parsed once, by name; renders a `RenderValue` with one of them into
/// UTF-8 bytes. Rendering appends to one buffer: no intermediate strings per tag.
struct TemplateLibrary: Sendable {
    private(set) var templates: [String: [TemplateNode]] = [:]
    /// The same templates as rendering reads them (see `RenderNode`), and the nodes they refer to.
    private var compiled: [String: [NodeRef]] = [:]
    private var owner: [RenderNode] = []

    mutating func register(_ nodes: [TemplateNode], named name: String) {
        templates[name] = nodes
        compiled[name] = RenderNode.make(nodes, owner: &owner)
    }

    func has(_ name: String) -> Bool { templates[name] != nil }

    /// The page `value` rendered with the template `name`; nil when there is no such template.
    func render(_ value: RenderValue, with name: String) -> [UInt8]? {
        guard let nodes = compiled[name] else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(16_384)
        var context = Context(stack: [value])
        render(nodes, &context, into: &out)
        return out
    }

    /// Where a tag is rendered: the values around it, innermost last, and what the enclosing
    /// partials and blocks set.
    struct Context {
        var stack: [RenderValue]
        var sequence: SequencePosition?
        var indentation: [UInt8]?
        var inherited: [String: [NodeRef]]?
        var escapesHTML = true
    }

    /// An item's place in the list a section iterates (`{{#first()}}`, `{{index()}}`).
    struct SequencePosition {
        var first = true
        var last = false
        var index = 0

        func transform(_ name: String) -> RenderValue? {
            switch name {
            case "first": return .flag(first)
            case "last": return .flag(last)
            case "index": return .integer(index)
            case "even": return .flag(index & 1 == 0)
            case "odd": return .flag(index & 1 == 1)
            default: return nil
            }
        }
    }

    /// Renders nodes; inside an indented partial, output that starts a new line is indented
    /// (at node boundaries, as the engine the theme format comes from does). The context is
    /// shared down the recursion (values pushed and popped, settings restored), not copied.
    private func render(_ nodes: [NodeRef], _ context: inout Context, into out: inout [UInt8]) {
        // A content-type tag holds to the end of the template (or section) it is in.
        let escapes = context.escapesHTML
        defer { context.escapesHTML = escapes }
        guard let indentation = context.indentation, !indentation.isEmpty else {
            for node in nodes { node.with { render($0, &context, into: &out) } }
            return
        }
        let start = out.count
        for node in nodes {
            let atLineStart = out.count > start && out[out.count - 1] == 0x0A
                && !(out.count - start >= 2 && out[out.count - 2] == 0x0D)
            let before = out.count
            node.with { render($0, &context, into: &out) }
            if atLineStart, out.count > before { out.insert(contentsOf: indentation, at: before) }
        }
    }

    /// Renders `body` with `value` as the innermost value (and, in a list, its position).
    private func render(_ body: [NodeRef], with value: RenderValue, at position: SequencePosition?,
                        _ context: inout Context, into out: inout [UInt8]) {
        let sequence = context.sequence
        context.stack.append(value)
        context.sequence = position
        render(body, &context, into: &out)
        context.stack.removeLast()
        context.sequence = sequence
    }

    /// Renders `nodes` as a partial or block: indented further, outside any list position.
    private func render(_ nodes: [NodeRef], indentedBy extra: [UInt8], resetEscaping: Bool,
                        inheriting overrides: [String: [NodeRef]]?, _ context: inout Context, into out: inout [UInt8]) {
        let saved = (context.indentation, context.sequence, context.inherited, context.escapesHTML)
        if !extra.isEmpty { context.indentation = (context.indentation ?? []) + extra }
        context.sequence = nil
        if resetEscaping { context.escapesHTML = true }
        if let overrides {
            // The outermost override of a block wins.
            context.inherited = context.inherited.map { $0.merging(overrides) { outer, _ in outer } } ?? overrides
        }
        render(nodes, &context, into: &out)
        (context.indentation, context.sequence, context.inherited, context.escapesHTML) = saved
    }

    private func render(_ node: RenderNode, _ context: inout Context, into out: inout [UInt8]) {
        switch node.kind {
        case .text:
            // Through its buffer: `append(contentsOf:)` would take (and so retain) the array.
            node.bytes.withUnsafeBufferPointer { out.append(contentsOf: $0) }

        case .variable:
            guard let text = lookup(node.name, in: context)?.text else { return }
            if node.flag, context.escapesHTML { HTMLEscaper.append(text, to: &out) } else { out.append(contentsOf: text.utf8) }

        case .invertedSection:
            switch lookup(node.name, in: context) {
            case let .list(items)? where items.isEmpty: render(node.body, with: .list(items), at: nil, &context, into: &out)
            case let .flag(flag)?: if !flag { render(node.body, &context, into: &out) }
            case nil: render(node.body, &context, into: &out)
            default: break
            }

        case .section:
            switch lookup(node.name, in: context) {
            case let .list(items)?:
                var position = SequencePosition()
                for (index, item) in items.enumerated() {
                    position.index = index
                    position.first = index == 0
                    position.last = index == items.count - 1
                    render(node.body, with: item, at: position, &context, into: &out)
                }
            case let .flag(flag)?: if flag { render(node.body, &context, into: &out) }
            case let value?: render(node.body, with: value, at: nil, &context, into: &out)
            case nil: break
            }

        case .blockExpansion:
            render(context.inherited?[node.label] ?? node.body, indentedBy: node.bytes, resetEscaping: false, inheriting: nil,
                   &context, into: &out)

        case .partial:
            var templateName = node.label
            if node.dynamic {
                guard case let .text(named)? = lookup(TemplateName(node.label, transforms: []), in: context) else { return }
                templateName = named
            }
            guard let nodes = compiled[templateName] else { return }
            render(nodes, indentedBy: node.bytes, resetEscaping: true, inheriting: node.overrides, &context, into: &out)

        case .ignored:
            break

        case .contentType:
            context.escapesHTML = node.flag
        }
    }

    /// The value a tag names, with its transforms applied; nil when missing or a transform fails.
    private func lookup(_ name: TemplateName, in context: Context) -> RenderValue? {
        var value: RenderValue?
        switch name.scope {
        case .current:
            value = context.stack.last
        case .sequence:
            // `{{first()}}`: the transforms apply to the position in the list.
            guard let position = context.sequence else { return nil }
            var transforms = name.transforms
            guard let innermost = transforms.popLast(), var result = position.transform(innermost) else { return nil }
            for transform in transforms.reversed() {
                guard let next = result.transform(transform) else { return nil }
                result = next
            }
            return result
        case .anchored:
            value = context.stack.last
            for part in name.parts { value = value?.child(named: part) }
        case .stack:
            let parts = name.parts
            guard !parts.isEmpty else {
                value = context.stack.last
                break
            }
            // By index, innermost first: the values are looked into where they are, not copied out.
            value = context.stack.withUnsafeBufferPointer { stack -> RenderValue? in
                var level = stack.count
                while level > 0 {
                    level -= 1
                    if let found = stack[level].child(named: parts[0]) {
                        guard parts.count > 1 else { return found }
                        var result: RenderValue? = found
                        for index in 1..<parts.count { result = result?.child(named: parts[index]) }
                        return result
                    }
                }
                return nil
            }
        }
        guard !name.transforms.isEmpty else { return value }
        guard var result = value else { return nil }
        for transform in name.transforms.reversed() {
            guard let next = result.transform(transform) else { return nil }
            result = next
        }
        return result
    }
}
