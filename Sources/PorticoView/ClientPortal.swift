/// Everything published for one client: its pages by output path and the files to copy.
/// This is the only thing redaction hands on, and it holds nothing private.
public struct ClientPortal: Sendable {
    public enum Page: Sendable {
        case overview(OverviewPage)
        case project(ProjectPage)
        case ticket(TicketPage)
        case discussions(DiscussionsPage)
        case discussion(DiscussionPage)
        case guides(GuidesPage)
        case guide(GuidePage)
        case billing(BillingPage)
        case invoice(InvoicePage)
        case search(SearchPage)

        /// The template that renders this page.
        public var template: String {
            switch self {
            case .overview: return "overview"
            case .project: return "project"
            case .ticket: return "ticket"
            case .discussions: return "discussions"
            case .discussion: return "discussion"
            case .guides: return "guides"
            case .guide: return "guide"
            case .billing: return "billing"
            case .invoice: return "invoice"
            case .search: return "search"
            }
        }

        /// The view value handed to the template.
        public var value: any Sendable & Encodable {
            switch self {
            case let .overview(page): return page
            case let .project(page): return page
            case let .ticket(page): return page
            case let .discussions(page): return page
            case let .discussion(page): return page
            case let .guides(page): return page
            case let .guide(page): return page
            case let .billing(page): return page
            case let .invoice(page): return page
            case let .search(page): return page
            }
        }
    }

    /// A file a visible item references, copied to `outputPath` (portal-relative).
    public struct PublishedFile: Sendable, Hashable {
        public var sourcePath: String
        public var outputPath: String
        public var mimeType: String
        public init(sourcePath: String, outputPath: String, mimeType: String) {
            self.sourcePath = sourcePath
            self.outputPath = outputPath
            self.mimeType = mimeType
        }
    }

    public var clientID: String
    /// The client's folder name under the output (`<client-id>-<token>`).
    public var folder: String
    /// Portal-relative output path (`projects/web/index.html`) to page.
    public var pages: [(path: String, page: Page)]
    public var files: [PublishedFile]
    /// Generated files that are not template pages (feeds, calendars, CSV exports, search
    /// indexes), by portal-relative path. Built from the redacted model like the pages.
    public var documents: [(path: String, data: [UInt8])] = []

    public init(clientID: String, folder: String, pages: [(path: String, page: Page)], files: [PublishedFile]) {
        self.clientID = clientID
        self.folder = folder
        self.pages = pages
        self.files = files
    }
}
