import Foundation

/// The parts of a Trello board's "Export as JSON" file the importer reads (Board menu →
/// Print, export and share → Export as JSON). Every other field of the export is ignored.
struct TrelloExport: Decodable {
    var id: String?
    var name: String?
    var cards: [Card]
    var lists: [List]
    var labels: [Label]?
    var members: [Member]?
    var checklists: [Checklist]?
    var actions: [Action]?

    struct Card: Decodable {
        var id: String
        var name: String
        var desc: String?
        var due: String?
        var dueComplete: Bool?
        var idList: String
        var idLabels: [String]?
        var labels: [Label]?
        var idMembers: [String]?
        var closed: Bool?
        var isTemplate: Bool?
        var dateLastActivity: String?
        var attachments: [Attachment]?
        var idChecklists: [String]?
        var pos: FlexibleNumber?
        var shortLink: String?
    }

    struct List: Decodable {
        var id: String
        var name: String
        var closed: Bool?
        var pos: FlexibleNumber?
    }

    struct Label: Decodable {
        var id: String?
        var name: String?
        var color: String?
    }

    struct Member: Decodable {
        var id: String
        var username: String?
        var fullName: String?
    }

    struct Checklist: Decodable {
        var id: String
        var idCard: String
        var name: String?
        var pos: FlexibleNumber?
        var checkItems: [CheckItem]?
    }

    struct CheckItem: Decodable {
        var id: String?
        var name: String
        var state: String?
        var pos: FlexibleNumber?
    }

    struct Attachment: Decodable {
        var id: String?
        var name: String?
        var url: String?
    }

    struct Action: Decodable {
        var id: String
        var type: String
        var date: String
        var idMemberCreator: String?
        var memberCreator: Member?
        var data: ActionData?
    }

    struct ActionData: Decodable {
        var text: String?
        var card: CardReference?
        var listAfter: ListReference?
        var list: ListReference?
    }

    struct CardReference: Decodable {
        var id: String?
    }

    struct ListReference: Decodable {
        var id: String?
    }
}

/// Trello writes `pos` as a number, but older exports and some tools write it as text.
struct FlexibleNumber: Decodable, Comparable {
    var value: Double

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Double.self) {
            value = number
        } else if let text = try? container.decode(String.self), let number = Double(text) {
            value = number
        } else {
            value = 0
        }
    }

    static func < (lhs: FlexibleNumber, rhs: FlexibleNumber) -> Bool { lhs.value < rhs.value }
}

extension TrelloExport {
    /// Reads an export, with errors that name the file and the place in it (`cards[3].idList`).
    static func read(_ path: String) throws(ImportFailure) -> TrelloExport {
        guard let data = FileManager.default.contents(atPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw ImportFailure("\(path): \(exists ? "cannot read the file" : "no such file")")
        }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            throw ImportFailure("\(path): not valid JSON (\(Self.describe(error))); export the board again with Export as JSON")
        }
        guard let top = object as? [String: Any] else {
            throw ImportFailure("\(path): not a Trello board export: the file holds \(kind(of: object)), not a board object")
        }
        for key in ["cards", "lists"] where top[key] == nil {
            throw ImportFailure("\(path): not a Trello board export: no '\(key)' at the top level (in Trello: board menu → Print, export and share → Export as JSON)")
        }
        do {
            return try JSONDecoder().decode(TrelloExport.self, from: data)
        } catch let error as DecodingError {
            throw ImportFailure("\(path): \(describe(error))")
        } catch {
            throw ImportFailure("\(path): \(error)")
        }
    }

    private static func describe(_ error: Error) -> String {
        let nsError = error as NSError
        if let detail = nsError.userInfo[NSDebugDescriptionErrorKey] as? String { return detail }
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError,
           let detail = underlying.userInfo[NSDebugDescriptionErrorKey] as? String { return detail }
        return nsError.localizedDescription
    }

    static func path(_ codingPath: [CodingKey], _ last: String? = nil) -> String {
        var text = ""
        for key in codingPath {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : "." + key.stringValue
            }
        }
        if let last { text += text.isEmpty ? last : "." + last }
        return text.isEmpty ? "the top level" : text
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case let .keyNotFound(key, context):
            return "\(path(context.codingPath, key.stringValue)) is missing"
        case let .typeMismatch(type, context):
            return "\(path(context.codingPath)) should be \(name(of: type))"
        case let .valueNotFound(type, context):
            return "\(path(context.codingPath)) is null but should be \(name(of: type))"
        case let .dataCorrupted(context):
            return "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }

    private static func name(of type: Any.Type) -> String {
        switch type {
        case is String.Type: return "text"
        case is Bool.Type: return "true or false"
        case is Double.Type, is Int.Type: return "a number"
        default:
            let text = "\(type)"
            return text.hasPrefix("Array") ? "a list" : "an object"
        }
    }

    private static func kind(of value: Any) -> String {
        switch value {
        case is [Any]: return "a list"
        case is String: return "text"
        case is NSNumber: return "a number"
        default: return "a value"
        }
    }
}
