import Foundation

/// Trello board exports written the way Trello's "Export as JSON" writes them (top-level
/// `cards`, `lists`, `labels`, `members`, `checklists`, `actions`; 24-hex ids whose first eight
/// digits are the creation time; dates in UTC with milliseconds), trimmed to what matters here
/// plus a few of the many fields the importer must ignore.
enum TrelloFixtures {
    // Ids: the first 8 hex digits are seconds since 1970 (69a38180 = 2026-03-01T00:00:00Z).
    static let board = "69a38180aa00000000000001"
    static let listToDo = "69a38180bb00000000000001", listDoing = "69a38180bb00000000000002"
    static let listWaiting = "69a38180bb00000000000003", listReview = "69a38180bb00000000000004"
    static let listDone = "69a38180bb00000000000005", listIdeas = "69a38180bb00000000000006"
    static let listOld = "69a38180bb00000000000007"
    static let labelPrivate = "69a38180cc00000000000001", labelHigh = "69a38180cc00000000000002"
    static let labelDesign = "69a38180cc00000000000003", labelColour = "69a38180cc00000000000004"
    static let maja = "69a38180dd00000000000001", jane = "69a38180dd00000000000002"
    static let bob = "69a38180dd00000000000003", zed = "69a38180dd00000000000004"
    static let copyCard = "69a5b2c0ee00000000000001"     // 2026-03-02T16:00:00Z
    static let budgetCard = "69a5b2c0ee00000000000002"
    static let archivedCard = "69a5b2c0ee00000000000003"
    static let sameNameCard = "69a5b2c0ee00000000000004"
    static let logoCard = "69a5b2c0ee00000000000005"
    static let launchCard = "69a5b2c0ee00000000000006"
    static let ideaCard = "69a5b2c0ee00000000000007"
    static let oldListCard = "69a5b2c0ee00000000000008"
    static let emojiCard = "69a5b2c0ee00000000000009"
    static let handCollisionCard = "69a5b2c0ee0000000000000a"
    static let trickyCard = "69a5b2c0ee0000000000000b"

    static func card(_ id: String, _ name: String, list: String, desc: String = "", due: String? = nil,
                     labels: [String] = [], members: [String] = [], closed: Bool = false,
                     attachments: String = "[]", pos: Int = 16384, shortLink: String = "aBcD1234") -> String {
        """
        { "id": "\(id)", "name": \(json(name)), "desc": \(json(desc)), "descData": { "emoji": {} },
          "due": \(due.map { json($0) } ?? "null"), "dueComplete": false, "dueReminder": null, "start": null,
          "idBoard": "\(board)", "idList": "\(list)", "idLabels": \(json(labels)), "idMembers": \(json(members)),
          "idChecklists": [], "idShort": 1, "closed": \(closed), "pos": \(pos), "shortLink": "\(shortLink)",
          "shortUrl": "https://trello.com/c/\(shortLink)", "url": "https://trello.com/c/\(shortLink)/1-card",
          "dateLastActivity": "2026-03-12T08:15:00.000Z", "badges": { "comments": 0, "attachments": 0 },
          "attachments": \(attachments), "subscribed": false, "isTemplate": false, "cover": { "color": null } }
        """
    }

    static func comment(_ id: String, card: String, member: String, username: String, fullName: String,
                        date: String, text: String) -> String {
        """
        { "id": "\(id)", "idMemberCreator": "\(member)", "type": "commentCard", "date": "\(date)",
          "data": { "text": \(json(text)), "textData": { "emoji": {} },
                    "card": { "id": "\(card)", "name": "x", "idShort": 1, "shortLink": "aBcD1234" },
                    "board": { "id": "\(board)", "name": "Acme website", "shortLink": "brd12345" },
                    "list": { "id": "\(listDoing)", "name": "Doing" } },
          "appCreator": null, "limits": {},
          "memberCreator": { "id": "\(member)", "username": "\(username)", "fullName": \(json(fullName)),
                             "initials": "X", "avatarHash": null, "activityBlocked": false } }
        """
    }

    static func json(_ value: Any) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .withoutEscapingSlashes]), as: UTF8.self)
    }

    /// The board: every list style, label use, member kind and awkward card the importer meets.
    static func export(cards: [String]? = nil, actions: [String]? = nil, extraLists: String = "") -> String {
        let cards = cards ?? defaultCards
        let actions = actions ?? defaultActions
        return """
        {
          "id": "\(board)", "name": "Acme website", "desc": "", "closed": false,
          "url": "https://trello.com/b/brd12345/acme-website", "shortLink": "brd12345",
          "prefs": { "permissionLevel": "private", "background": "blue" },
          "labelNames": { "green": "Design", "red": "private", "orange": "High" },
          "actions": [ \(actions.joined(separator: ",\n")) ],
          "cards": [ \(cards.joined(separator: ",\n")) ],
          "labels": [
            { "id": "\(labelPrivate)", "idBoard": "\(board)", "name": "private", "color": "red", "uses": 1 },
            { "id": "\(labelHigh)", "idBoard": "\(board)", "name": "High", "color": "orange", "uses": 1 },
            { "id": "\(labelDesign)", "idBoard": "\(board)", "name": "Design", "color": "green", "uses": 1 },
            { "id": "\(labelColour)", "idBoard": "\(board)", "name": "", "color": "sky", "uses": 1 }
          ],
          "lists": [
            { "id": "\(listToDo)", "name": "To Do", "closed": false, "pos": 1024, "idBoard": "\(board)", "subscribed": false },
            { "id": "\(listDoing)", "name": "Doing", "closed": false, "pos": 2048, "idBoard": "\(board)" },
            { "id": "\(listWaiting)", "name": "Waiting on client ⏳", "closed": false, "pos": 3072, "idBoard": "\(board)" },
            { "id": "\(listReview)", "name": "Review", "closed": false, "pos": 4096, "idBoard": "\(board)" },
            { "id": "\(listDone)", "name": "✅ Done", "closed": false, "pos": 5120, "idBoard": "\(board)" },
            { "id": "\(listIdeas)", "name": "Ideas", "closed": false, "pos": 6144, "idBoard": "\(board)" },
            { "id": "\(listOld)", "name": "Old stuff", "closed": true, "pos": 7168, "idBoard": "\(board)" }\(extraLists)
          ],
          "checklists": [
            { "id": "69a5b2c0ff00000000000001", "name": "Sections", "idBoard": "\(board)", "idCard": "\(copyCard)", "pos": 16384,
              "checkItems": [
                { "id": "69a5b2c0ff00000000000011", "name": "About us", "state": "incomplete", "pos": 34000, "idChecklist": "69a5b2c0ff00000000000001", "due": null },
                { "id": "69a5b2c0ff00000000000012", "name": "Hero text", "state": "complete", "pos": 17000, "idChecklist": "69a5b2c0ff00000000000001", "due": null }
              ] },
            { "id": "69a5b2c0ff00000000000002", "name": "Before launch", "idBoard": "\(board)", "idCard": "\(copyCard)", "pos": 32768,
              "checkItems": [ { "id": "69a5b2c0ff00000000000021", "name": "Proofread", "state": "incomplete", "pos": 1 } ] }
          ],
          "members": [
            { "id": "\(maja)", "username": "majanovak", "fullName": "Maja Novak", "initials": "MN", "avatarHash": null },
            { "id": "\(jane)", "username": "janeroe", "fullName": "Jane Roe", "initials": "JR" },
            { "id": "\(bob)", "username": "bob_outsider", "fullName": "Bob Outsider", "initials": "BO" },
            { "id": "\(zed)", "username": "zedfreelance", "fullName": "Zed Freelance", "initials": "ZF" }
          ],
          "pluginData": [], "customFields": []
        }
        """
    }

    static var defaultCards: [String] {
        [
            card(copyCard, "Write homepage copy", list: listDoing,
                 desc: "Tone: **warm**, short sentences.\r\nSee the brief.", due: "2026-03-20T13:30:00.000Z",
                 labels: [labelDesign, labelHigh, labelColour], members: [maja, bob],
                 attachments: """
                 [ { "id": "69a5b2c0ab00000000000001", "name": "Brief [v2].pdf", "url": "https://trello.com/1/cards/\(copyCard)/attachments/69a5b2c0ab00000000000001/download/Brief_v2.pdf", "bytes": 20480, "isUpload": true, "mimeType": "application/pdf", "date": "2026-03-03T10:00:00.000Z" },
                   { "id": "69a5b2c0ab00000000000002", "name": "https://docs.example.com/d/1", "url": "https://docs.example.com/d/1", "isUpload": false },
                   { "id": "69a5b2c0ab00000000000003", "name": "bad link", "url": "javascript:alert(1)", "isUpload": false } ]
                 """, pos: 1),
            card(budgetCard, "Budget check (internal)", list: listToDo, desc: "Margins on this client.", labels: [labelPrivate], pos: 2),
            card(archivedCard, "Old archived card", list: listDoing, desc: "ARCHIVED-CARD-TEXT", closed: true, pos: 3),
            card(sameNameCard, "Write homepage copy", list: listReview, desc: "The second card of the same name.", pos: 4),
            card(logoCard, "Logo files", list: listWaiting, desc: "Please send the SVG logo.", pos: 5),
            card(launchCard, "Launch", list: listDone, members: [maja], pos: 6),
            card(ideaCard, "Idea: podcast", list: listIdeas, desc: "IDEA-CARD-TEXT", pos: 7),
            card(oldListCard, "On an archived list", list: listOld, desc: "OLD-LIST-TEXT", pos: 8),
            card(emojiCard, "🎉🎉", list: listToDo, pos: 9, shortLink: "XyZ98765"),
            card(handCollisionCard, "Copy", list: listToDo, desc: "Trello's copy card.", pos: 10),
            card(trickyCard, "Fix: \"quotes\" & #hash — yes", list: listToDo, desc: "---\nnot front matter\n---", pos: 11),
        ]
    }

    static var defaultActions: [String] {
        [
            comment("69a5b2c0ac00000000000001", card: copyCard, member: maja, username: "majanovak", fullName: "Maja Novak",
                    date: "2026-03-14T22:30:00.000Z", text: "First draft is in the brief folder."),
            comment("69a5b2c0ac00000000000002", card: copyCard, member: jane, username: "janeroe", fullName: "Jane Roe",
                    date: "2026-03-15T01:05:30.123Z", text: "Looks great!\n\nOne change: *shorter* intro."),
            comment("69a5b2c0ac00000000000003", card: logoCard, member: zed, username: "zedfreelance", fullName: "Zed Freelance",
                    date: "2026-03-10T09:00:00.000Z", text: "Asked Jane for the SVG."),
            comment("69a5b2c0ac00000000000004", card: archivedCard, member: maja, username: "majanovak", fullName: "Maja Novak",
                    date: "2026-03-10T09:00:00.000Z", text: "ARCHIVED-COMMENT"),
            """
            { "id": "69a5b2c0ac00000000000005", "idMemberCreator": "\(maja)", "type": "updateCard", "date": "2026-03-18T04:00:00.000Z",
              "data": { "card": { "id": "\(launchCard)", "idList": "\(listDone)" }, "old": { "idList": "\(listReview)" },
                        "listBefore": { "id": "\(listReview)", "name": "Review" }, "listAfter": { "id": "\(listDone)", "name": "✅ Done" } },
              "memberCreator": { "id": "\(maja)", "username": "majanovak", "fullName": "Maja Novak" } }
            """,
            """
            { "id": "69a5b2c0ac00000000000006", "idMemberCreator": "\(maja)", "type": "createCard", "date": "2026-03-02T16:00:00.000Z",
              "data": { "card": { "id": "\(copyCard)" }, "list": { "id": "\(listToDo)" } } }
            """,
        ]
    }

    /// The options every full import of `export()` needs: Ideas skipped, Zed's comments mapped.
    static let listStatus = ["Ideas=skip"]
    static let members = ["zedfreelance=maja"]
}
