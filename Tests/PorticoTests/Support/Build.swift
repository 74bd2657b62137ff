import Foundation
@testable import PorticoSite

enum TestBuild {
    static let now = ISO8601DateFormatter().date(from: "2026-11-22T12:00:00Z")!
    static let secret = "test secret"

    @discardableResult
    static func run(_ store: TemporaryStore, output: String? = nil, secret: String? = TestBuild.secret,
                    templates: String? = nil, auditsInMemory: Bool? = nil) throws -> BuildReport {
        var environment: [String: String] = [:]
        if let secret { environment["PORTICO_TEST_SECRET"] = secret }
        var options = BuildOptions(store: store.store, output: output ?? store.output, templates: templates,
                                   now: now, environment: environment)
        options.auditsInMemory = auditsInMemory
        return try SiteBuilder(options: options).build()
    }
}
