import Foundation
import PorticoView

/// Renders view values with the theme's Mustache templates. Templates are parsed once (per
/// theme, per process); a page whose template is missing is an error, never a silently skipped
/// page. Views are converted to `RenderValue`s and rendered by Portico's own engine
/// (`TemplateLibrary`), which renders straight into bytes.
public struct PageRenderer: Sendable {
    let library: TemplateLibrary

    public struct RenderError: Error, CustomStringConvertible {
        public var message: String
        public var description: String { "error: \(message)" }
    }

    /// Template names every theme must provide.
    public static let requiredTemplates = ["layout", "overview", "project", "ticket", "discussions", "discussion",
                                           "guides", "guide", "billing", "invoice", "root-index", "locked"]

    /// Parsed libraries by theme fingerprint: a long-running process (`serve`, tests) parses a
    /// theme once.
    private static let parsed = ParsedLibraries()

    public init(theme: Theme) throws {
        if !theme.fingerprint.isEmpty, let library = Self.parsed.library(for: theme.fingerprint) {
            self.library = library
            return
        }
        var library = TemplateLibrary()
        for (name, text) in theme.templates.sorted(by: { $0.key < $1.key }) {
            do {
                library.register(try TemplateParser.parse(text), named: name)
            } catch {
                let source = theme.templateSources[name] ?? name
                throw Theme.LoadError(file: source, line: error.line, column: error.column,
                                      message: "template does not parse: \(error.message)")
            }
        }
        for name in Self.requiredTemplates where !library.has(name) {
            throw Theme.LoadError(file: name + ".mustache", message: "the theme has no template '\(name)'")
        }
        self.library = library
        if !theme.fingerprint.isEmpty { Self.parsed.store(library, for: theme.fingerprint) }
    }

    /// A renderer whose templates share no storage with this one's, for one thread (see
    /// `TemplateLibrary.separateCopy()`).
    public func separateCopy() -> PageRenderer { PageRenderer(library: library.separateCopy()) }

    private init(library: TemplateLibrary) { self.library = library }

    /// A page's HTML as UTF-8 bytes.
    public func render(_ page: ClientPortal.Page) throws -> [UInt8] {
        try render(Self.value(of: page), template: page.template)
    }

    /// The page's view as templates see it: converted by hand for the pages a portal has many
    /// of (see `ViewRenderValues.swift`), through `Encoder` for the others.
    static func value(of page: ClientPortal.Page) -> RenderValue {
        switch page {
        case let .ticket(view): return view.renderValue
        case let .project(view): return view.renderValue
        case let .search(view): return view.renderValue
        default: return RenderValueEncoder.encode(page.value)
        }
    }

    public func render(_ page: RootIndexPage) throws -> String {
        String(decoding: try render(RenderValueEncoder.encode(page), template: "root-index"), as: UTF8.self)
    }

    public func render(_ page: LockedPage) throws -> String {
        String(decoding: try render(RenderValueEncoder.encode(page), template: "locked"), as: UTF8.self)
    }

    private func render(_ value: RenderValue, template: String) throws -> [UInt8] {
        guard let output = library.render(value, with: template) else {
            throw RenderError(message: "the theme has no template '\(template)'")
        }
        return output
    }
}

/// A small lock-protected cache of parsed template libraries.
private final class ParsedLibraries: @unchecked Sendable {
    private var libraries: [String: TemplateLibrary] = [:]
    private let lock = NSLock()

    func library(for key: String) -> TemplateLibrary? {
        lock.lock()
        defer { lock.unlock() }
        return libraries[key]
    }

    func store(_ library: TemplateLibrary, for key: String) {
        lock.lock()
        defer { lock.unlock() }
        if libraries.count > 8 { libraries.removeAll() }
        libraries[key] = library
    }
}
