import Foundation

/// A ticket or discussion as loaded from disk: its own text item, its comments, and the files
/// its folder holds (candidates for attachments; only files an item lists are ever published).
struct Bundle {
    var item: TextItem
    var comments: [Comment]
    var directory: String?
}

extension StoreLoader {
    func bundles(in directory: String, what: String, foldersOnly: Bool = false) -> [Bundle] {
        var result: [Bundle] = []
        var seen: [String: String] = [:]
        for entry in files.list(directory) {
            let ext = FileName.pathExtension(entry.name)
            let id = entry.isDirectory ? entry.name : FileName.deletingPathExtension(entry.name)
            if !entry.isDirectory {
                if foldersOnly { continue }
                guard ext == "md" || ext == "json" else {
                    log.error(files.at(entry.path), "not a \(what): use <id>.md, or a folder <id>/ with index.md for attachments")
                    continue
                }
            }
            guard Identifier.check(id, what: what, at: files.at(entry.path), log: log) else { continue }
            if let other = seen[id] {
                log.error(files.at(entry.path), "\(what) '\(id)' is defined twice (also \(files.display(other))); keep one")
                continue
            }
            seen[id] = entry.path
            if entry.isDirectory {
                if let bundle = loadBundle(entry.path, id: id, what: what) { result.append(bundle) }
            } else if let item = TextItem.read(entry.path, id: id, what: what, files: files) {
                result.append(Bundle(item: item, comments: [], directory: nil))
            }
        }
        return result
    }

    private func loadBundle(_ directory: String, id: String, what: String) -> Bundle? {
        let markdownIndex = directory + "/index.md", jsonIndex = directory + "/index.json"
        let indexPath: String
        switch (files.exists(markdownIndex), files.exists(jsonIndex)) {
        case (true, true):
            log.error(files.at(jsonIndex), "\(what) '\(id)' has both index.md and index.json; keep one")
            return nil
        case (true, false): indexPath = markdownIndex
        case (false, true): indexPath = jsonIndex
        case (false, false):
            log.error(files.at(directory), "\(what) folder '\(id)' has no index.md")
            return nil
        }
        guard let item = TextItem.read(indexPath, id: id, what: what, files: files) else { return nil }
        var comments: [Comment] = []
        var commentIds: [String: String] = [:]
        for entry in files.list(directory) where entry.path != indexPath {
            let ext = FileName.pathExtension(entry.name)
            if entry.isDirectory {
                log.warning(files.at(entry.path), "folders inside a \(what) are not read; ignored")
                continue
            }
            guard ext == "md" || ext == "json" else { continue } // an attachment candidate
            let commentId = FileName.deletingPathExtension(entry.name)
            guard Identifier.check(commentId, what: "comment", at: files.at(entry.path), log: log) else { continue }
            if let other = commentIds[commentId] {
                log.error(files.at(entry.path), "comment '\(commentId)' is defined twice (also \(files.display(other))); keep one")
                continue
            }
            commentIds[commentId] = entry.path
            if let comment = TextItem.read(entry.path, id: commentId, what: "comment", files: files) {
                comments.append(loadComment(comment, bundle: directory))
            }
        }
        comments.sort { lhs, rhs in
            let left = lhs.date.instant(in: TimeZone(identifier: "UTC")!), right = rhs.date.instant(in: TimeZone(identifier: "UTC")!)
            return left != right ? left < right : lhs.id < rhs.id
        }
        return Bundle(item: item, comments: comments, directory: directory)
    }

    func attachments(_ fields: FieldReader, bundle: Bundle) -> [Attachment] {
        guard let directory = bundle.directory else {
            for node in fields.array("attachments") {
                log.error(node.location, "attachments need a bundle: move this item to <id>/index.md and put the files beside it")
            }
            return []
        }
        return attachments(fields, directory: directory)
    }

    /// Reads `attachments:`: file names (or `{ file, title, private }`) inside the bundle folder.
    func attachments(_ fields: FieldReader, directory: String) -> [Attachment] {
        var result: [Attachment] = []
        for node in fields.array("attachments") {
            var name: String?, title: String?, isPrivate = false
            switch node.value {
            case let .string(text): name = text
            case .object:
                guard let reader = FieldReader(node, what: "attachment", log: log) else { continue }
                name = reader.string("file", required: true)
                title = reader.string("title")
                isPrivate = reader.bool("private", default: false)
                reader.finish()
            default:
                log.error(node.location, "an attachment is a file name or { file, title, private }, found \(node.kindName)")
            }
            guard let name else { continue }
            guard !name.contains("/"), let path = StorePath.resolve(name, in: directory),
                  (path as NSString).deletingLastPathComponent == directory else {
                log.error(node.location, "attachment '\(name)' must be a file name inside the item's folder (no paths)")
                continue
            }
            let ext = (name as NSString).pathExtension
            if name == "index.md" || name == "index.json" || ext == "md" || ext == "json" {
                log.error(node.location, "attachment '\(name)' is a Markdown or JSON file, which the folder reads as a comment")
                continue
            }
            guard files.exists(path), !files.isDirectory(path) else {
                log.error(node.location, "attachment '\(name)' not found in \(files.display(directory))")
                continue
            }
            guard files.isInsideStore(path) else {
                log.error(node.location, "attachment '\(name)' is a link that leads outside the store")
                continue
            }
            result.append(Attachment(file: name, title: title, isPrivate: isPrivate, path: path, location: node.location))
        }
        return result
    }
}
