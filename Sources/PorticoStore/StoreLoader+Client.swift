import Foundation

extension StoreLoader {
    func loadClient(id: String, directory: String, settings: Settings?) -> Client? {
        let path = directory + "/client.json"
        guard files.exists(path) else {
            log.error(files.at(path), "missing client.json for client '\(id)'")
            return nil
        }
        guard let fields = readRecord(path, what: "client.json") else { return nil }
        defer { fields.finish() }

        var contacts: [Client.Contact] = []
        for node in fields.array("contacts") {
            guard let contact = FieldReader(node, what: "contact", log: log) else { continue }
            contacts.append(Client.Contact(name: contact.nonEmptyString("name", required: true) ?? "", email: contact.string("email")))
            contact.finish()
        }
        let timezone = fields.string("timezone") ?? settings?.timezone ?? "UTC"
        checkTimeZone(timezone, at: fields.location(of: "timezone"))

        var portal = Client.Portal(access: .link, linkVersion: 1, passwordEnv: nil, expires: nil)
        if let reader = fields.object("portal", what: "portal settings") {
            let access = reader.choice("access", from: Client.Access.allCases.map(\.rawValue), default: "link")
            portal = Client.Portal(access: access.flatMap(Client.Access.init(rawValue:)) ?? .password,
                                   linkVersion: reader.int("linkVersion") ?? 1,
                                   passwordEnv: reader.string("passwordEnv"),
                                   expires: reader.date("expires"))
            if portal.access == .password, portal.passwordEnv == nil {
                log.error(reader.location(of: "access"), "a password portal needs 'passwordEnv': the variable that holds its password")
            }
            reader.finish()
        }

        var retainer: Client.Retainer?
        if let reader = fields.object("retainer", what: "retainer") {
            retainer = Client.Retainer(hoursPerMonth: reader.number("hoursPerMonth", required: true, minimum: 0) ?? 0,
                                       rate: reader.number("rate", minimum: 0))
            reader.finish()
        }

        var onboarding: [Client.OnboardingStep] = []
        for node in fields.array("onboarding") {
            guard let step = FieldReader(node, what: "onboarding step", log: log) else { continue }
            let file = step.string("file")
            if let file { checkStoreFile(file, relativeTo: directory, at: step.location(of: "file")) }
            onboarding.append(Client.OnboardingStep(step: step.nonEmptyString("step", required: true) ?? "",
                                                    done: step.date("done"), file: file, location: step.location))
            step.finish()
        }

        var communication: Client.Communication?
        if let reader = fields.object("communication", what: "communication") {
            communication = Client.Communication(channels: reader.stringList("channels"),
                                                 responseTime: reader.string("responseTime"),
                                                 checkIn: reader.string("checkIn"))
            reader.finish()
        }

        let locale = fields.string("locale") ?? settings?.locale ?? "en-GB"
        let currency = fields.string("currency") ?? "EUR"
        if currency.count != 3 || !currency.allSatisfy(\.isUppercase) {
            log.error(fields.location(of: "currency"), "currency should be a three-letter ISO 4217 code like EUR, found '\(currency)'")
        }
        let client = Client(
            id: id, directory: directory,
            name: fields.nonEmptyString("name", required: true) ?? id,
            contacts: contacts, timezone: timezone, locale: locale, currency: currency,
            portal: portal, retainer: retainer, onboarding: onboarding, communication: communication,
            notes: fields.string("notes"),
            guides: loadGuides(in: directory + "/guides", isClientGuide: true),
            projects: loadProjects(in: directory + "/projects"),
            invoices: loadInvoices(in: directory + "/invoices"),
            location: fields.location)
        reportUnexpected(in: directory, allowed: ["client.json", "guides", "files", "projects", "invoices"])
        return client
    }

    func loadGuides(in directory: String, isClientGuide: Bool) -> [Guide] {
        textItems(in: directory, what: "guide").compactMap { item in
            let fields = item.fields
            defer { fields.finish() }
            return Guide(id: item.id, title: fields.nonEmptyString("title", required: true) ?? item.id,
                         order: fields.int("order"), isPrivate: fields.bool("private", default: false),
                         body: item.body, isClientGuide: isClientGuide, source: fields.string("source"), path: item.path,
                         location: fields.location)
        }
    }

    func loadInvoices(in directory: String) -> [Invoice] {
        var invoices: [Invoice] = []
        for entry in files.list(directory) {
            guard !entry.isDirectory, entry.name.hasSuffix(".json") else {
                log.error(files.at(entry.path), "invoices/ holds <number>.json files only")
                continue
            }
            let number = String(entry.name.dropLast(5))
            guard Identifier.check(number, what: "invoice", at: files.at(entry.path), log: log),
                  let fields = readRecord(entry.path, what: "invoice") else { continue }
            defer { fields.finish() }
            if let written = fields.string("number"), written != number {
                log.error(fields.location(of: "number"), "invoice number '\(written)' does not match the file name '\(entry.name)'")
            }
            var lines: [Invoice.Line] = []
            for node in fields.array("lines") {
                guard let line = FieldReader(node, what: "invoice line", log: log) else { continue }
                lines.append(Invoice.Line(text: line.nonEmptyString("text", required: true) ?? "",
                                          quantity: line.number("quantity") ?? 1, unit: line.string("unit"),
                                          price: line.number("price", required: true) ?? 0))
                line.finish()
            }
            let status = fields.choice("status", from: Invoice.Status.allCases.map(\.rawValue), required: true)
            invoices.append(Invoice(
                number: number, issued: fields.date("issued", required: true) ?? .day(CalendarDay(year: 1970, month: 1, day: 1)),
                due: fields.date("due"), currency: fields.string("currency") ?? "",
                lines: lines, taxRate: fields.number("taxRate", minimum: 0),
                // An invoice whose status cannot be read is treated as a draft: internal.
                status: status.flatMap(Invoice.Status.init(rawValue:)) ?? .draft,
                paid: fields.date("paid"), payURL: fields.string("payURL"),
                isPrivate: fields.bool("private", default: false), source: fields.string("source"),
                location: fields.location))
        }
        return invoices
    }

    /// The text items (`<id>.md` or `<id>.json`) of a folder; both forms for one id is an error.
    func textItems(in directory: String, what: String) -> [TextItem] {
        var items: [TextItem] = []
        var seen: [String: String] = [:]
        for entry in files.list(directory) {
            let ext = FileName.pathExtension(entry.name)
            guard !entry.isDirectory, ext == "md" || ext == "json" else {
                log.warning(files.at(entry.path), "not a \(what) (.md or .json); ignored")
                continue
            }
            let id = FileName.deletingPathExtension(entry.name)
            guard Identifier.check(id, what: what, at: files.at(entry.path), log: log) else { continue }
            if let other = seen[id] {
                log.error(files.at(entry.path), "\(what) '\(id)' is defined twice (also \(files.display(other))); keep one file")
                continue
            }
            seen[id] = entry.path
            if let item = TextItem.read(entry.path, id: id, what: what, files: files) { items.append(item) }
        }
        return items
    }
}
