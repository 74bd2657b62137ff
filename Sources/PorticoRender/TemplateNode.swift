/// A parsed Mustache template: a list of nodes, text kept as UTF-8 bytes ready to copy out.
indirect enum TemplateNode: Sendable {
    case text([UInt8])
    case variable(TemplateName, escaped: Bool)
    case section(TemplateName, body: [TemplateNode], inverted: Bool)
    /// `{{> name}}` (or `{{< name}}…{{/name}}` with block overrides). Standalone partials carry
    /// the indentation of their line, which every line they render is given.
    case partial(name: String, dynamic: Bool, indentation: [UInt8]?, overrides: [String: [TemplateNode]]?)
    /// `{{$name}}default{{/name}}` where a template defines a block its children may replace.
    case blockExpansion(name: String, body: [TemplateNode], indentation: [UInt8])
    /// `{{$name}}…{{/name}}` inside `{{< parent}}`: the replacement (only seen while parsing).
    case blockDefinition(name: String, body: [TemplateNode])
    /// `{{% CONTENT_TYPE: TEXT }}` turns HTML escaping off (HTML turns it back on).
    case contentType(escapesHTML: Bool)
}

/// A tag's name, split once at parse time.
struct TemplateName: Sendable {
    enum Scope: Sendable {
        /// `{{.}}`: the current value.
        case current
        /// `{{first()}}` and the like: the position in the list being rendered.
        case sequence
        /// `{{.a.b}}`: looked up in the current value only.
        case anchored
        /// `{{a.b}}`: `a` looked up from the innermost value outwards.
        case stack
    }

    var scope: Scope
    var parts: [String]
    /// Applied innermost first: `{{a(b(x))}}` is stored as [a, b] and runs b, then a.
    var transforms: [String]
    /// As written, to match a section's closing tag.
    var raw: String

    init(_ name: String, transforms: [String]) {
        raw = name
        self.transforms = transforms
        parts = name.split(separator: ".").map(String.init)
        if name == "." {
            scope = .current
        } else if name.isEmpty, !transforms.isEmpty {
            scope = .sequence
        } else if name.first == "." {
            scope = .anchored
        } else {
            scope = .stack
        }
    }
}
