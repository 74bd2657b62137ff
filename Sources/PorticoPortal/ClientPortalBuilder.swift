import Foundation
import PorticoMarkdown
import PorticoStore
import PorticoView

/// Builds one client's pages. Holds the per-client state: the redacted model, the localizer,
/// the file publisher and the pages made so far.
final class ClientPortalBuilder {
    let parent: PortalBuilder
    let redaction: Redaction
    let client: Client
    let localizer: Localizer
    let publisher: FilePublisher
    let timeZone: TimeZone
    let today: CalendarDay
    var pages: [(path: String, page: ClientPortal.Page)] = []
    var documents: [(path: String, data: [UInt8])] = []
    var diagnostics: [Diagnostic] = []
    private var linksByFolder: [String: FolderLinks] = [:]
    private var statusBadges: [Ticket.Status: Badge] = [:]
    private var priorityBadges: [Ticket.Priority: Badge] = [:]
    /// HTML of the Markdown texts shown on pages without a link to a file, by their Markdown.
    private var pageHTML: [MarkdownKey: String] = [:]
    private var chromeConstantsCache: ChromeConstants?

    init(parent: PortalBuilder, client source: Client) {
        self.parent = parent
        redaction = Redaction(client: source, store: parent.store)
        client = redaction.client
        timeZone = TimeZone(identifier: source.timezone) ?? TimeZone(identifier: "UTC")!
        localizer = parent.localizer(locale: source.locale, timeZone: timeZone)
        publisher = FilePublisher(storeRoot: parent.store.root, clientDirectory: source.directory,
                                  privateFiles: redaction.privateFiles, privateFolders: redaction.privateFolders,
                                  opaqueNameSalt: parent.opaqueFileNames[source.id])
        today = CalendarDay(parent.now, in: timeZone)
    }

    func build() -> (ClientPortal, [Diagnostic]) {
        buildOverview()
        for project in client.projects { buildProject(project) }
        buildGuides()
        buildBilling()
        buildTimeExport()
        buildFeed()
        buildCalendar()
        buildSearch()
        var portal = ClientPortal(clientID: client.id, folder: parent.folder(for: client), pages: pages, files: publisher.files)
        portal.documents = documents
        return (portal, diagnostics + publisher.diagnostics)
    }

    // MARK: Paths

    static let overviewPath = "index.html"
    static let guidesPath = "guides/index.html"
    static let billingPath = "billing/index.html"
    func projectPath(_ project: Project) -> String { "projects/\(project.id)/index.html" }
    func ticketPath(_ project: Project, _ ticket: Ticket) -> String { "projects/\(project.id)/tickets/\(ticket.id).html" }
    func discussionsPath(_ project: Project) -> String { "projects/\(project.id)/discussions/index.html" }
    func discussionPath(_ project: Project, _ discussion: Discussion) -> String { "projects/\(project.id)/discussions/\(discussion.id).html" }
    func guidePath(_ guide: Guide) -> String { "guides/\(guide.id).html" }
    func invoicePath(_ invoice: Invoice) -> String { "billing/\(invoice.number).html" }

    /// Computed once: the model does not change while the portal is built.
    private(set) lazy var hasBilling: Bool = !client.invoices.isEmpty || client.retainer != nil || hasBillableTime

    /// Pages of an encrypted portal are sealed: nothing may be written beside them in the clear,
    /// and a feed reader or calendar could not decrypt a feed or calendar, so none is made.
    var isEncrypted: Bool { parent.opaqueFileNames[client.id] != nil }

    // MARK: Chrome

    /// What every page of one folder links to the same way: the navigation (with the section
    /// each item marks as current), the assets folder, the overview, the feed and calendar.
    private struct FolderLinks {
        var nav: [(item: PageChrome.NavItem, section: String)]
        var assets: String
        var home: String
        var feed: String
        var calendar: String
    }

    private func folderLinks(_ path: String) -> FolderLinks {
        var nav = [(PageChrome.NavItem(label: localizer.text("nav_overview"), href: RelativePath.href(from: path, to: Self.overviewPath),
                                       current: false), "overview")]
        for project in client.projects {
            nav.append((.init(label: project.title, href: RelativePath.href(from: path, to: projectPath(project)), current: false),
                        "project:" + project.id))
        }
        nav.append((.init(label: localizer.text("nav_guides"), href: RelativePath.href(from: path, to: Self.guidesPath), current: false), "guides"))
        if hasBilling {
            nav.append((.init(label: localizer.text("nav_billing"), href: RelativePath.href(from: path, to: Self.billingPath), current: false),
                        "billing"))
        }
        nav.append((.init(label: localizer.text("nav_search"), href: RelativePath.href(from: path, to: Self.searchPath), current: false), "search"))
        return FolderLinks(nav: nav, assets: RelativePath.assets(from: path), home: RelativePath.href(from: path, to: Self.overviewPath),
                           feed: RelativePath.href(from: path, to: Self.feedPath), calendar: RelativePath.href(from: path, to: Self.calendarPath))
    }

    /// The links of the page at `path`, shared by the pages of its folder.
    private func links(from path: String) -> FolderLinks {
        // Links depend on the folders of a path, not on its file name (when it has one).
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")), path.utf8.index(after: slash) != path.utf8.endIndex else {
            return folderLinks(path)
        }
        let folder = String(path[...slash])
        if let known = linksByFolder[folder] { return known }
        let links = folderLinks(path)
        linksByFolder[folder] = links
        return links
    }

    private struct ChromeConstants {
        var updated: String
        var updatedISO: String
        var agencyURL: String?
    }

    private var chromeConstants: ChromeConstants {
        if let constants = chromeConstantsCache { return constants }
        let constants = ChromeConstants(
            // The day, not the minute: a page changes only when its content or the day does, so
            // scheduled rebuilds rewrite (and re-upload) only what really changed.
            updated: localizer.text("updated", ["date": localizer.day(today.start(in: timeZone))]),
            updatedISO: today.description,
            agencyURL: parent.store.settings.agency.url.flatMap { URLPolicy.isSafeExternal($0) ? $0 : nil })
        chromeConstantsCache = constants
        return constants
    }

    func chrome(path: String, heading: String, breadcrumbs: [(String, String)] = [], section: String) -> PageChrome {
        let links = links(from: path)
        let constants = chromeConstants
        let nav = links.nav.map { PageChrome.NavItem(label: $0.item.label, href: $0.item.href, current: $0.section == section) }
        let agency = parent.store.settings.agency
        var chrome = PageChrome(
            title: heading == client.name ? heading : "\(heading) · \(client.name)",
            heading: heading, lang: client.locale, assets: links.assets,
            stylesheet: parent.assets.stylesheet, script: parent.assets.script, favicon: parent.assets.favicon,
            home: links.home,
            agencyName: agency.name, agencyURL: constants.agencyURL,
            agencyLogo: parent.assets.logo, clientName: client.name, nav: nav,
            breadcrumbs: breadcrumbs.map { Link(label: $0.0, href: RelativePath.href(from: path, to: $0.1)) },
            updated: constants.updated, updatedISO: constants.updatedISO, t: localizer.strings)
        if !isEncrypted {
            chrome.feed = links.feed
            chrome.calendar = links.calendar
        }
        return chrome
    }

    // MARK: Shared pieces

    func dateText(_ date: StoreDate?, overdueUnlessDone done: Bool? = nil) -> DateText? {
        guard let date else { return nil }
        let overdue = done == false && date.day(in: timeZone) < today
        switch date {
        case let .day(day):
            return DateText(text: localizer.day(day.start(in: timeZone)), iso: day.description, overdue: overdue)
        case let .instant(instant):
            return DateText(text: localizer.dateTime(instant), iso: RFC3339.string(instant, in: .gmt), overdue: overdue)
        }
    }

    func person(_ id: String) -> PersonView {
        let member = redaction.team.first { $0.id == id }
        return PersonView(name: member?.name ?? id, role: member?.role, isClient: false)
    }

    func author(_ author: Author) -> PersonView {
        switch author {
        case let .team(id): return person(id)
        case let .client(name): return PersonView(name: name, role: client.name, isClient: true)
        }
    }

    func statusBadge(_ status: Ticket.Status) -> Badge {
        if let badge = statusBadges[status] { return badge }
        let icon: String
        switch status {
        case .open: icon = "○"
        case .inProgress: icon = "◐"
        case .waitingOnClient: icon = "!"
        case .review: icon = "◎"
        case .done: icon = "✓"
        }
        let badge = Badge(label: localizer.text("status_" + status.rawValue), key: status.rawValue, icon: icon)
        statusBadges[status] = badge
        return badge
    }

    func priorityBadge(_ priority: Ticket.Priority) -> Badge {
        if let badge = priorityBadges[priority] { return badge }
        let icon: String
        switch priority {
        case .low: icon = "↓"
        case .normal: icon = "→"
        case .high: icon = "↑"
        case .urgent: icon = "⚑"
        }
        let badge = Badge(label: localizer.text("priority_" + priority.rawValue), key: priority.rawValue, icon: icon)
        priorityBadges[priority] = badge
        return badge
    }

    func progress(_ fraction: Double) -> ProgressMeter {
        let percent = Int((fraction * 100).rounded(.down))
        return ProgressMeter(percent: percent, label: localizer.text("progress_label", ["percent": localizer.number(Double(percent))]))
    }

    func ticketRow(_ ticket: Ticket, in project: Project, from path: String) -> TicketRow {
        TicketRow(title: ticket.title, href: RelativePath.href(from: path, to: ticketPath(project, ticket)),
                  status: statusBadge(ticket.status), priority: priorityBadge(ticket.priority),
                  due: dateText(ticket.due, overdueUnlessDone: ticket.status == .done),
                  assignees: ticket.assignees.map { person($0).name }.joined(separator: ", "), project: project.title)
    }

    /// Markdown of a visible item as HTML for the page at `path`; relative links publish the file.
    func html(_ text: MarkdownText, on path: String, topHeadingLevel: Int = 3) -> String {
        let labels = MarkdownRenderer.TaskLabels(done: localizer.text("step_done"), open: localizer.text("step_todo"))
        var linkedFiles = false
        let html = MarkdownRenderer.html(text.markdown, topHeadingLevel: topHeadingLevel, taskLabels: labels) { [self] url, _ in
            let (target, fragment) = splitFragment(url)
            guard let resolved = StorePath.resolve(target, in: text.baseDirectory, allowParent: true) else {
                diagnostics.append(.warning(text.location, "link '\(url)' is not a file of the store; shown as text"))
                return nil
            }
            if let guide = redaction.guides.first(where: { $0.path == resolved }) {
                linkedFiles = true
                return RelativePath.href(from: path, to: guidePath(guide)) + fragment
            }
            guard let output = publisher.publish(resolved, referencedAt: text.location) else { return nil }
            linkedFiles = true
            return RelativePath.href(from: path, to: output) + fragment
        }
        // Every relative link dropped, as `PlainText.markdown` drops them: the page's HTML has the
        // same text (it differs only inside tags: heading levels, classes, checkbox labels).
        if !linkedFiles { pageHTML[MarkdownKey(text.markdown)] = html }
        return html
    }

    /// `PlainText.markdown(markdown)`, from the page's HTML when a page already showed it.
    func plainText(_ markdown: String) -> String {
        if let html = pageHTML[MarkdownKey(markdown)] { return PlainText.html(html) }
        return PlainText.markdown(markdown)
    }

    private func splitFragment(_ url: String) -> (String, String) {
        guard let hash = url.firstIndex(of: "#") else { return (url.removingPercentEncoding ?? url, "") }
        let base = String(url[..<hash])
        return (base.removingPercentEncoding ?? base, String(url[hash...]))
    }

    func attachment(_ attachment: Attachment, on path: String) -> AttachmentView? {
        guard let output = publisher.publish(attachment.path, referencedAt: attachment.location) else { return nil }
        return fileView(path: attachment.path, output: output, title: attachment.title, on: path)
    }

    func fileView(path source: String, output: String, title: String?, on page: String) -> AttachmentView {
        let size = (try? FileManager.default.attributesOfItem(atPath: source)[.size] as? NSNumber)?.intValue ?? 0
        let name = (source as NSString).lastPathComponent
        let type = MediaType.of(name)
        return AttachmentView(title: title ?? name, fileName: name, href: RelativePath.href(from: page, to: output),
                              size: ByteSize.format(size, localizer: localizer), mimeType: type.mime,
                              isImage: type.kind == .image, isAudio: type.kind == .audio, isVideo: type.kind == .video)
    }

    func add(_ path: String, _ page: ClientPortal.Page) {
        pages.append((path, page))
    }
}
