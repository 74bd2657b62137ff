import Foundation
import Testing
@testable import PorticoAudit
@testable import PorticoPortal
@testable import PorticoSite

/// A build that does not go by the cache (`--clean`) renders every portal, but leaves each one
/// that comes out the same, file for file, where it is, when the shared files are unchanged too;
/// otherwise it replaces the whole output. Either way the output equals a build into an empty folder.
@Suite struct CleanBuildInPlaceTests {
    static let other = SharePath.folder(clientID: "other", linkVersion: 1, secret: TestBuild.secret)

    @discardableResult
    static func cleanBuild(_ store: TemporaryStore, audit: Bool = true) throws -> BuildReport {
        var options = BuildOptions(store: store.store, output: store.output, now: TestBuild.now,
                                   environment: ["PORTICO_TEST_SECRET": TestBuild.secret])
        options.clean = true
        options.audit = audit
        return try SiteBuilder(options: options).build()
    }

    /// The inode of a file or folder: a folder left in place keeps it, a new one has another.
    static func inode(_ path: String) -> UInt64 {
        var info = stat()
        return stat(path, &info) == 0 ? UInt64(info.st_ino) : 0
    }

    static func editPublicTicket(_ store: TemporaryStore) throws {
        let ticket = CanaryStore.files["clients/acme/projects/web/tickets/public/index.md"]!
            .replacingOccurrences(of: "PUBLIC-TICKET-BODY-TWIN", with: "PUBLIC-TICKET-BODY-EDITED")
        try store.write("clients/acme/projects/web/tickets/public/index.md", ticket)
    }

    @Test func aCleanBuildLeavesUnchangedPortalsWhereTheyAre() throws {
        let store = try TemporaryStore(CanaryStore.files)
        try TestBuild.run(store)
        let acme = store.output + "/" + SiteBuildTests.acme, other = store.output + "/" + Self.other
        let (acmeBefore, otherBefore, assetsBefore) = (Self.inode(acme), Self.inode(other), Self.inode(store.output + "/assets"))
        let times = IncrementalBuildTests.modificationTimes(other)
        try Self.editPublicTicket(store)
        let report = try Self.cleanBuild(store)
        #expect(Self.inode(other) == otherBefore && Self.inode(store.output + "/assets") == assetsBefore)
        #expect(Self.inode(acme) != acmeBefore, "the changed portal is swapped in")
        #expect(IncrementalBuildTests.modificationTimes(other) == times)
        let otherReport = try #require(report.clients.first { $0.id == "other" })
        #expect(otherReport.written == 0 && otherReport.unchanged == otherReport.files && !otherReport.skipped)
        #expect(report.clients.first { $0.id == "acme" }?.written == 4)
        #expect(report.audit == "passed" && report.clientsLoaded == 2)
        try IncrementalBuildTests().expectEqualToCleanBuild(store)
        // The cache it leaves is good for the next build, which finds nothing to do.
        #expect(try TestBuild.run(store).nothingChanged)
    }

    @Test func aCleanBuildRemovesPortalsNoLongerBuilt() throws {
        let store = try TemporaryStore(CanaryStore.files)
        try TestBuild.run(store)
        let otherBefore = Self.inode(store.output + "/" + Self.other)
        for path in CanaryStore.files.keys where path.hasPrefix("clients/acme/") { try store.remove(path) }
        try? FileManager.default.removeItem(atPath: store.store + "/clients/acme")
        // A folder of no portal at all goes too.
        try FileManager.default.createDirectory(atPath: store.output + "/stray", withIntermediateDirectories: true)
        try Data("x".utf8).write(to: URL(fileURLWithPath: store.output + "/stray/page.html"))
        try Self.cleanBuild(store)
        #expect(!FileManager.default.fileExists(atPath: store.output + "/" + SiteBuildTests.acme))
        #expect(!FileManager.default.fileExists(atPath: store.output + "/stray"))
        #expect(Self.inode(store.output + "/" + Self.other) == otherBefore)
        try IncrementalBuildTests().expectEqualToCleanBuild(store)
    }

    /// A portal with anything the build would not write is replaced, not left in place: an extra
    /// file, a file with other bytes, a link where a page should be.
    @Test(arguments: ["extra", "changed", "link"]) func aPortalThatIsNotExactlyAsBuiltIsReplaced(damage: String) throws {
        let store = try TemporaryStore(CanaryStore.files)
        try TestBuild.run(store)
        let other = store.output + "/" + Self.other, page = other + "/index.html"
        let otherBefore = Self.inode(other)
        switch damage {
        case "extra":
            try Data("stray".utf8).write(to: URL(fileURLWithPath: other + "/projects/stray.html"))
        case "changed":
            try Data("changed".utf8).write(to: URL(fileURLWithPath: page))
        default:
            // Same bytes, but a link (to a file outside the output).
            let target = store.root.path + "/elsewhere.html"
            try FileManager.default.copyItem(atPath: page, toPath: target)
            try FileManager.default.removeItem(atPath: page)
            try FileManager.default.createSymbolicLink(atPath: page, withDestinationPath: target)
        }
        let report = try Self.cleanBuild(store)
        #expect(Self.inode(other) != otherBefore)
        #expect((try FileManager.default.attributesOfItem(atPath: page))[.type] as? FileAttributeType == .typeRegular)
        #expect(report.clients.first { $0.id == "acme" }?.written == 0, "acme is left in place")
        try IncrementalBuildTests().expectEqualToCleanBuild(store)
    }

    /// Shared files that differ, or anything else at the top of the output, mean a whole new output.
    @Test(arguments: ["robots", "extra-file", "extra-asset"]) func sharedFilesNotAsBuiltMeanAWholeNewOutput(damage: String) throws {
        let store = try TemporaryStore(CanaryStore.files)
        try TestBuild.run(store)
        let acmeBefore = Self.inode(store.output + "/" + SiteBuildTests.acme)
        switch damage {
        case "robots": try Data("User-agent: *\nAllow: /\n".utf8).write(to: URL(fileURLWithPath: store.output + "/robots.txt"))
        case "extra-file": try Data("x".utf8).write(to: URL(fileURLWithPath: store.output + "/notes.txt"))
        default: try Data("x".utf8).write(to: URL(fileURLWithPath: store.output + "/assets/old.css"))
        }
        try Self.cleanBuild(store)
        #expect(Self.inode(store.output + "/" + SiteBuildTests.acme) != acmeBefore)
        try IncrementalBuildTests().expectEqualToCleanBuild(store)
    }

    /// Portals left in place are audited where they are: a leak written by a build without the
    /// audit is found by a clean build with it, although the portal's bytes do not change.
    @Test func portalsLeftInPlaceAreAudited() throws {
        var files = CanaryStore.files
        // acme publishes a file whose name (shown as its title) is the title of other's ticket.
        files["clients/acme/projects/web/tickets/named/index.md"] = "---\ntitle: Named\nattachments: [other-client-ticket.txt]\n---\n"
        files["clients/acme/projects/web/tickets/named/other-client-ticket.txt"] = "acme's own"
        let store = try TemporaryStore(files)
        try Self.cleanBuild(store, audit: false)
        let before = TemporaryStore.contents(under: store.output)
        let acmeBefore = Self.inode(store.output + "/" + SiteBuildTests.acme)
        do {
            try Self.cleanBuild(store)
            Issue.record("the leak in the portal left in place was not found")
        } catch let BuildFailure.leak(findings) {
            #expect(findings.contains { $0.file == "\(SiteBuildTests.acme)/projects/web/tickets/named.html" && $0.item.hasPrefix("ticket t ") },
                    "\(findings)")
        }
        #expect(TemporaryStore.contents(under: store.output) == before)
        #expect(Self.inode(store.output + "/" + SiteBuildTests.acme) == acmeBefore)
    }
}
