import Foundation
import Mustache
import PorticoView

/// Renders view values with the theme's Mustache templates. Templates are parsed once; a page
/// whose template is missing is an error, never a silently skipped page.
public struct PageRenderer: Sendable {
    private let library: MustacheLibrary

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
        var library = MustacheLibrary()
        for (name, text) in theme.templates.sorted(by: { $0.key < $1.key }) {
            do {
                library.register(try MustacheTemplate(string: text), named: name)
            } catch let error as MustacheTemplate.ParserError {
                let source = theme.templateSources[name] ?? name
                throw Theme.LoadError(file: source, line: error.context.lineNumber, column: error.context.columnNumber,
                                      message: "template does not parse: \(error.error)")
            }
        }
        for name in Self.requiredTemplates where library.getTemplate(named: name) == nil {
            throw Theme.LoadError(file: name + ".mustache", message: "the theme has no template '\(name)'")
        }
        self.library = library
        if !theme.fingerprint.isEmpty { Self.parsed.store(library, for: theme.fingerprint) }
    }

    /// A page converted once for both its fingerprint and its rendering.
    public struct Prepared {
        let tree: Any
        let template: String
        /// Equal for pages that render to the same bytes with one theme.
        public let fingerprint: String
    }

    public func prepare(_ page: ClientPortal.Page) -> Prepared {
        let tree = RenderTree.convert(page.value) ?? [String: Any]()
        return Prepared(tree: tree, template: page.template, fingerprint: ViewFingerprint.of(tree: tree, template: page.template))
    }

    public func render(_ prepared: Prepared) throws -> String {
        guard let output = library.render(prepared.tree, withTemplate: prepared.template) else {
            throw RenderError(message: "the theme has no template '\(prepared.template)'")
        }
        return output
    }

    public func render(_ page: RootIndexPage) throws -> String {
        try render(page, template: "root-index")
    }

    public func render(_ page: LockedPage) throws -> String {
        try render(page, template: "locked")
    }

    private func render(_ value: Any, template: String) throws -> String {
        guard let output = library.render(RenderTree.convert(value) ?? [String: Any](), withTemplate: template) else {
            throw RenderError(message: "the theme has no template '\(template)'")
        }
        return output
    }
}

/// A small lock-protected cache of parsed template libraries.
private final class ParsedLibraries: @unchecked Sendable {
    private var libraries: [String: MustacheLibrary] = [:]
    private let lock = NSLock()

    func library(for key: String) -> MustacheLibrary? {
        lock.lock()
        defer { lock.unlock() }
        return libraries[key]
    }

    func store(_ library: MustacheLibrary, for key: String) {
        lock.lock()
        defer { lock.unlock() }
        if libraries.count > 8 { libraries.removeAll() }
        libraries[key] = library
    }
}
