/// A template node as rendering reads it: an immutable object that rendering refers to without
/// counting references (`NodeRef`), so walking a template costs no reference counting at all.
/// Reading an enum node out of an array retained and released it, and its text and name with it;
/// those counts were most of the template engine's time. `TemplateLibrary` makes these from the
/// parsed `TemplateNode`s and keeps every one alive (`owner`) as long as it renders with them.
final class RenderNode: @unchecked Sendable {
    enum Kind {
        case text, variable, section, invertedSection, blockExpansion, partial, ignored, contentType
    }

    let kind: Kind
    /// `.text`: the bytes to copy out; `.partial` and `.blockExpansion`: the indentation (none
    /// and empty indent alike).
    let bytes: [UInt8]
    /// `.variable` and the sections: the name looked up.
    let name: TemplateName
    /// `.variable`: HTML-escaped; `.contentType`: whether HTML escaping is on after it.
    let flag: Bool
    /// `.partial`: a dynamic partial (its name is looked up).
    let dynamic: Bool
    /// `.partial` and `.blockExpansion`: the template or block name.
    let label: String
    /// The sections' and blocks' body.
    let body: [NodeRef]
    /// `.partial`: the blocks it overrides.
    let overrides: [String: [NodeRef]]?

    private init(kind: Kind, bytes: [UInt8] = [], name: TemplateName = RenderNode.noName, flag: Bool = false,
                 dynamic: Bool = false, label: String = "", body: [NodeRef] = [], overrides: [String: [NodeRef]]? = nil) {
        self.kind = kind
        self.bytes = bytes
        self.name = name
        self.flag = flag
        self.dynamic = dynamic
        self.label = label
        self.body = body
        self.overrides = overrides
    }

    private static let noName = TemplateName("", transforms: [])

    /// `nodes` made into render nodes, each appended to `owner`, which keeps them alive.
    static func make(_ nodes: [TemplateNode], owner: inout [RenderNode]) -> [NodeRef] {
        nodes.map { node in
            let made: RenderNode
            switch node {
            case let .text(bytes):
                made = RenderNode(kind: .text, bytes: bytes)
            case let .variable(name, escaped):
                made = RenderNode(kind: .variable, name: name, flag: escaped)
            case let .section(name, body, inverted):
                made = RenderNode(kind: inverted ? .invertedSection : .section, name: name, body: make(body, owner: &owner))
            case let .partial(name, dynamic, indentation, overrides):
                made = RenderNode(kind: .partial, bytes: indentation ?? [], dynamic: dynamic, label: name,
                                  overrides: overrides.map { $0.mapValues { make($0, owner: &owner) } })
            case let .blockExpansion(name, body, indentation):
                made = RenderNode(kind: .blockExpansion, bytes: indentation, label: name, body: make(body, owner: &owner))
            case .blockDefinition:
                made = RenderNode(kind: .ignored)
            case let .contentType(escapesHTML):
                made = RenderNode(kind: .contentType, flag: escapesHTML)
            }
            owner.append(made)
            return NodeRef(made)
        }
    }
}

/// A reference to a render node that does not count: valid while the library that made it
/// (which owns the node) is alive, which it is for as long as it renders.
struct NodeRef: @unchecked Sendable {
    private let node: Unmanaged<RenderNode>

    init(_ node: RenderNode) { self.node = .passUnretained(node) }

    /// Calls `body` with the node, neither retained nor released.
    @inline(__always)
    func with<Result>(_ body: (RenderNode) -> Result) -> Result {
        node._withUnsafeGuaranteedRef(body)
    }
}
