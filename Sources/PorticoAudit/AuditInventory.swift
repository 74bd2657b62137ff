import Foundation
import PorticoStore

/// What the audit looks for, worked out from the store on its own (not from the redaction the
/// build used, so a mistake there cannot hide itself): for one client, the text and files of
/// its private items, and the text and files of everything it may show.
struct AuditInventory {
    struct Needle {
        /// A title or name, or a piece of a body (`runs`).
        var text: Substring
        var item: String
        /// Names are distinctive even when short; phrases need more length to mean anything.
        var minimumBytes = 12
    }

    /// A needle as it is kept: a range of `bytes`, its item (in `items`) and the least length
    /// of its fold. Hundreds of thousands of them at 10,000 tickets, so no string of their own.
    struct Piece {
        var start: Int
        var end: Int
        var item: Int32
        var minimumBytes: Int32 = 12
    }

    struct SecretFile {
        var path: String
        var item: String
    }

    var clientID: String
    /// Every text of the client as UTF-8, one after the other (a body once, however many pieces).
    private(set) var bytes: [UInt8] = []
    /// The items needles belong to (`Piece.item`).
    private(set) var items: [String] = []
    /// Text of private items and internal fields.
    private(set) var privatePieces: [Piece] = []
    /// Text of everything the client may see (used to drop needles that are public anyway).
    private(set) var publicPieces: [(start: Int, end: Int)] = []
    /// For each public and private text, the index of the same text in `allPieces` (-1: none),
    /// so the audit folds it once.
    var publicInAll: [Int32] = []
    var privateInAll: [Int32] = []
    /// Files that must never be published for this client.
    var privateFiles: [SecretFile] = []
    /// Files the client may see.
    var publicFiles: Set<String> = []
    /// Everything of this client, public or not: no other client may show any of it.
    private(set) var allPieces: [Piece] = []
    var allFiles: [SecretFile] = []

    /// The needles as texts (for a finding, and for tests).
    var privateText: [Needle] { privatePieces.map(needle(of:)) }
    var allText: [Needle] { allPieces.map(needle(of:)) }
    var publicText: [String] { publicPieces.map { String(decoding: bytes[$0.start..<$0.end], as: UTF8.self) } }

    private func text(_ start: Int, _ end: Int) -> Substring {
        Substring(String(decoding: bytes[start..<end], as: UTF8.self))
    }

    private func needle(of piece: Piece) -> Needle {
        Needle(text: text(piece.start, piece.end), item: items[Int(piece.item)], minimumBytes: Int(piece.minimumBytes))
    }

    /// The needle a number refers to: `allPieces[n]` for `n >= 0`, `privatePieces[-1 - n]` below
    /// (the phrases' places in `Auditor.FoldedInventory`), and whether it is a private one.
    func needle(_ reference: Int32) -> (needle: Needle, isPrivate: Bool) {
        reference >= 0 ? (needle(of: allPieces[Int(reference)]), false) : (needle(of: privatePieces[Int(-1 - reference)]), true)
    }

    static func privateReference(_ index: Int) -> Int32 { Int32(-1 - index) }

    init(client: Client, store: Store) {
        clientID = client.id
        let name = "client \(client.id)"
        let clientName = keep(client.name)
        addPublic(clientName, inAll: allPieces.count)
        allPieces.append(Piece(start: clientName.start, end: clientName.end, item: item(name), minimumBytes: 5))
        let contacts = client.contacts.map { keep($0.name) }
        for contact in contacts { addPublic(contact) }
        if !contacts.isEmpty {
            let contactItem = item("\(name) contact")
            for contact in contacts { allPieces.append(Piece(start: contact.start, end: contact.end, item: contactItem, minimumBytes: 5)) }
        }
        if let notes = client.notes { add(notes, item: "\(name) notes (internal)", visible: false) }
        for text in [store.settings.agency.name] + store.team.map(\.name) + store.team.compactMap(\.role) { addPublic(keep(text)) }
        for member in store.team {
            if let email = member.email {
                let range = keep(email)
                privatePieces.append(Piece(start: range.start, end: range.end, item: item("team \(member.id) email (internal)"), minimumBytes: 5))
                privateInAll.append(-1)
            }
        }
        if let communication = client.communication {
            for text in communication.channels + [communication.responseTime, communication.checkIn].compactMap({ $0 }) { addPublic(keep(text)) }
        }
        for step in client.onboarding {
            addPublic(keep(step.step))
            if let file = step.file, let path = StorePath.resolve(file, in: client.directory) { publicFiles.insert(path) }
        }
        var guides: [String: Guide] = [:]
        for guide in store.sharedGuides { guides[guide.id] = guide }
        for guide in client.guides { guides[guide.id] = guide }
        // By id: a dictionary's order differs from one instance to the next, and phrases are
        // kept (and summed up for the audit cache) in the order they are found.
        for guide in guides.values.sorted(by: { $0.id < $1.id }) {
            let item = "\(guide.isPrivate ? "private " : "")guide \(guide.id) (\(guide.location.file))"
            add(guide.title, guide.body, item: item, visible: !guide.isPrivate, owned: guide.isClientGuide)
        }
        for guide in store.sharedGuides where guide.isPrivate && guides[guide.id]?.isPrivate == false {
            // A private shared guide replaced by a public client guide of the same id stays private.
            add(guide.title, guide.body, item: "private guide \(guide.id) (\(guide.location.file))", visible: false, owned: false)
        }
        for project in client.projects { inventory(project) }
        for invoice in client.invoices {
            let visible = !invoice.isPrivate && invoice.status != .draft
            let item = "\(visible ? "" : (invoice.isPrivate ? "private " : "draft "))invoice \(invoice.number) (\(invoice.location.file))"
            for line in invoice.lines { add(line.text, item: item, visible: visible) }
        }
        let files = Self.files(under: client.directory)
        var unpublished = Set(privateFiles.map(\.path))
        for path in files where !publicFiles.contains(path) && !unpublished.contains(path) {
            privateFiles.append(SecretFile(path: path, item: "unpublished file \(path)"))
            unpublished.insert(path)
        }
        allFiles = files.map { SecretFile(path: $0, item: "\(name) file \($0)") }
    }

    private mutating func inventory(_ project: Project) {
        let projectItem = "\(project.isPrivate ? "private " : "")project \(project.id) (\(project.location.file))"
        add(project.title, project.summary.map { MarkdownText(markdown: $0, baseDirectory: project.directory, location: project.location) },
            item: projectItem, visible: !project.isPrivate)
        for milestone in project.milestones {
            let visible = !project.isPrivate && !milestone.isPrivate
            add(milestone.title, milestone.body, item: "\(visible ? "" : "private ")milestone \(milestone.id) (\(milestone.location.file))", visible: visible)
        }
        for ticket in project.tickets {
            let visible = !project.isPrivate && !ticket.isPrivate
            let item = "\(visible ? "" : "private ")ticket \(ticket.id) (\(ticket.location.file))"
            add(ticket.title, ticket.body, item: item, visible: visible)
            for entry in ticket.time {
                if let note = entry.note { add(note, item: "\(item) time note", visible: visible && entry.billable) }
            }
            files(ticket.attachments, item: item, visible: visible)
            comments(ticket.comments, item: item, visible: visible)
        }
        for discussion in project.discussions {
            let visible = !project.isPrivate && !discussion.isPrivate
            let item = "\(visible ? "" : "private ")discussion \(discussion.id) (\(discussion.location.file))"
            add(discussion.title, discussion.body, item: item, visible: visible)
            files(discussion.attachments, item: item, visible: visible)
            comments(discussion.comments, item: item, visible: visible)
        }
    }

    private mutating func comments(_ comments: [Comment], item: String, visible: Bool) {
        for comment in comments {
            let shown = visible && !comment.isPrivate
            let commentItem = "\(shown ? "" : "internal ")comment \(comment.id) (\(comment.location.file))"
            add(nil, comment.body, item: commentItem, visible: shown)
            files(comment.attachments, item: commentItem, visible: shown)
        }
    }

    private mutating func files(_ attachments: [Attachment], item: String, visible: Bool) {
        for attachment in attachments {
            let shown = visible && !attachment.isPrivate
            if let title = attachment.title { add(title, item: item, visible: shown) }
            if shown {
                publicFiles.insert(attachment.path)
            } else {
                privateFiles.append(SecretFile(path: attachment.path, item: "\(item) attachment \(attachment.file)"))
            }
        }
    }

    private mutating func add(_ title: String?, _ body: MarkdownText?, item name: String, visible: Bool, owned: Bool = true) {
        let item = item(name)
        if let title { add(keep(title), item: item, visible: visible, owned: owned) }
        guard let body else { return }
        let base = bytes.count
        bytes.append(contentsOf: body.markdown.utf8)
        for run in Self.runRanges(body.markdown) { add((base + run.start, base + run.end), item: item, visible: visible, owned: owned) }
        if visible {
            // Files a visible text links to are published.
            for link in Self.links(body.markdown) {
                // Without `%` a link decodes to itself; in ASCII, a `:` then rules it out (an URL).
                let plain = !link.utf8.contains(UInt8(ascii: "%"))
                if plain, link.utf8.contains(UInt8(ascii: ":")), link.utf8.allSatisfy({ $0 < 0x80 }) { continue }
                if let path = StorePath.resolve(plain ? link : link.removingPercentEncoding ?? link, in: body.baseDirectory, allowParent: true) {
                    publicFiles.insert(path)
                }
            }
        }
    }

    private mutating func add(_ text: String, item name: String, visible: Bool, owned: Bool = true) {
        add(keep(text), item: item(name), visible: visible, owned: owned)
    }

    private mutating func add(_ range: (start: Int, end: Int), item: Int32, visible: Bool, owned: Bool = true) {
        let inAll = owned ? allPieces.count : -1
        if visible {
            addPublic(range, inAll: inAll)
        } else {
            privatePieces.append(Piece(start: range.start, end: range.end, item: item))
            privateInAll.append(Int32(inAll))
        }
        if owned { allPieces.append(Piece(start: range.start, end: range.end, item: item)) }
    }

    private mutating func addPublic(_ range: (start: Int, end: Int), inAll: Int = -1) {
        publicPieces.append(range)
        publicInAll.append(Int32(inAll))
    }

    /// Appends `text` to `bytes`: its range there.
    private mutating func keep(_ text: String) -> (start: Int, end: Int) {
        let start = bytes.count
        bytes.append(contentsOf: text.utf8)
        return (start, bytes.count)
    }

    private mutating func item(_ name: String) -> Int32 {
        items.append(name)
        return Int32(items.count - 1)
    }

    /// Sentences and lines of a body, the pieces that survive rendering intact: split at newlines, then
    /// at `. `, `! ` and `? `, empty pieces dropped (as `split(whereSeparator: \.isNewline)` and then
    /// `split(separator: /[.!?] /)` do). Newline characters are graphemes of their own, so splitting
    /// lines on bytes is exact; a line with non-ASCII text is split by the regex, as before, since
    /// a mark after the space would make `. ` part of a larger character.
    static func runs(_ markdown: String) -> [Substring] {
        let utf8 = markdown.utf8
        func position(_ offset: Int) -> String.Index { utf8.index(utf8.startIndex, offsetBy: offset) }
        return runRanges(markdown).map { markdown[position($0.start)..<position($0.end)] }
    }

    /// `runs` as UTF-8 offsets into the body (no string each: a store has hundreds of thousands).
    static func runRanges(_ markdown: String) -> [(start: Int, end: Int)] {
        var markdown = markdown
        markdown.makeContiguousUTF8()
        // Byte ranges of pieces; a negative start marks a whole line for the regex.
        let pieces: [(start: Int, end: Int)] = markdown.withUTF8 { bytes in
            var pieces: [(start: Int, end: Int)] = []
            var lineStart = 0
            var ascii = true
            var index = 0
            func endLine(at end: Int) {
                guard end > lineStart else { return }
                guard ascii else {
                    pieces.append((-1 - lineStart, end))
                    return
                }
                var pieceStart = lineStart
                var position = lineStart
                while position + 1 < end {
                    let byte = bytes[position]
                    if (byte == UInt8(ascii: ".") || byte == UInt8(ascii: "!") || byte == UInt8(ascii: "?")) && bytes[position + 1] == 0x20 {
                        if position > pieceStart { pieces.append((pieceStart, position)) }
                        position += 2
                        pieceStart = position
                    } else {
                        position += 1
                    }
                }
                if end > pieceStart { pieces.append((pieceStart, end)) }
            }
            while index < bytes.count {
                let byte = bytes[index]
                var newline = 0
                if byte >= 0x0A && byte <= 0x0D {
                    newline = 1
                } else if byte >= 0x80 {
                    if byte == 0xC2, index + 1 < bytes.count, bytes[index + 1] == 0x85 {
                        newline = 2
                    } else if byte == 0xE2, index + 2 < bytes.count, bytes[index + 1] == 0x80, bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9 {
                        newline = 3
                    } else {
                        ascii = false
                    }
                }
                if newline > 0 {
                    endLine(at: index)
                    index += newline
                    lineStart = index
                    ascii = true
                } else {
                    index += 1
                }
            }
            endLine(at: bytes.count)
            return pieces
        }
        guard pieces.contains(where: { $0.start < 0 }) else { return pieces }
        // Every offset is at an ASCII byte or a line's end: a character boundary.
        let utf8 = markdown.utf8
        func position(_ offset: Int) -> String.Index { utf8.index(utf8.startIndex, offsetBy: offset) }
        func offset(_ position: String.Index) -> Int { utf8.distance(from: utf8.startIndex, to: position) }
        var runs: [(start: Int, end: Int)] = []
        runs.reserveCapacity(pieces.count)
        for piece in pieces {
            if piece.start < 0 {
                for run in markdown[position(-1 - piece.start)..<position(piece.end)].split(separator: #/[.!?] /#) {
                    runs.append((offset(run.startIndex), offset(run.endIndex)))
                }
            } else {
                runs.append(piece)
            }
        }
        return runs
    }

    /// The targets of Markdown links, `](target` up to `)` or whitespace, as the regex
    /// `/\]\(([^)\s]+)/` finds them. Where non-ASCII text touches a link, the regex decides.
    static func links(_ markdown: String) -> [String] {
        var markdown = markdown
        let found: [String]? = markdown.withUTF8 { bytes in
            var links: [String] = []
            // Made for the first link: most texts have none.
            var scalarCache: ScalarCache?
            var index = 0
            while index + 2 < bytes.count {
                // To the next `]` (as checking every byte would, only faster).
                guard let bracket = memchr(bytes.baseAddress! + index, Int32(UInt8(ascii: "]")), bytes.count - 2 - index) else { break }
                index = bytes.baseAddress!.distance(to: bracket.assumingMemoryBound(to: UInt8.self))
                guard bytes[index + 1] == UInt8(ascii: "(") else { index += 1; continue }
                let scalars = scalarCache ?? ScalarCache()
                scalarCache = scalars
                if UTF8Scan.prependsPrevious(bytes, before: index, scalars: scalars) { return nil }
                var end = index + 2
                while end < bytes.count {
                    let byte = bytes[end]
                    if byte >= 0x80 { return nil }
                    if byte == UInt8(ascii: ")") || byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) { break }
                    end += 1
                }
                if UTF8Scan.extendsNext(bytes, at: end + 1, scalars: scalars) { return nil }
                guard end > index + 2 else { index += 1; continue }
                links.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[(index + 2)..<end]), as: UTF8.self))
                index = end
            }
            return links
        }
        return found ?? markdown.matches(of: /\]\(([^)\s]+)/).map { String($0.1) }
    }

    static func files(under directory: String) -> [String] {
        DirectoryWalk.files(under: directory).compactMap { relative in
            isSourceOrHidden(relative) ? nil : directory + "/" + relative
        }.sorted()
    }

    /// Hidden files and the store's own `.md` and `.json` files are not attachments (by NSString's
    /// `lastPathComponent` and `pathExtension`; in bytes for ASCII paths, which is the same).
    static func isSourceOrHidden(_ relative: String) -> Bool {
        let utf8 = Array(relative.utf8)
        guard !utf8.isEmpty, utf8.allSatisfy({ $0 < 0x80 }), utf8.last != UInt8(ascii: "/") else {
            let ext = (relative as NSString).pathExtension
            return (relative as NSString).lastPathComponent.hasPrefix(".") || ext == "md" || ext == "json"
        }
        let nameStart = (utf8.lastIndex(of: UInt8(ascii: "/")) ?? -1) + 1
        if utf8[nameStart] == UInt8(ascii: ".") { return true }
        guard let dot = utf8[nameStart...].lastIndex(of: UInt8(ascii: ".")), dot < utf8.count - 1 else { return false }
        let ext = utf8[(dot + 1)...]
        return ext.elementsEqual("md".utf8) || ext.elementsEqual("json".utf8)
    }
}
