import PorticoView

// The views on every page (the chrome, ticket pages and the rows and badges of project pages, the
// search page's lists of every page) converted field by field: the value `RenderValueEncoder`
// gives through `Encoder` (fields in declaration order, nil optionals left out), without a
// dynamic call and a container per field, which took a twelfth of a large build.
// `ViewRenderValueTests` compares the two on every page of the sample store, and checks that the
// store sets every field these types have.

extension RenderValue {
    /// An object of `fields` in order, nil values left out.
    static func fields(_ fields: KeyValuePairs<String, RenderValue?>) -> RenderValue {
        var object = RenderObject()
        object.names.reserveCapacity(fields.count)
        object.values.reserveCapacity(fields.count)
        for (name, value) in fields {
            if let value { object.append(name, value) }
        }
        return .object(object)
    }

    static func text(_ text: String?) -> RenderValue? { text.map(RenderValue.text) }
}

extension PageChrome: RenderConvertible {
    var renderValue: RenderValue {
        .fields([
            "title": .text(title), "heading": .text(heading), "lang": .text(lang), "assets": .text(assets),
            "stylesheet": .text(stylesheet), "script": .text(script), "favicon": .text(favicon), "home": .text(home),
            "agencyName": .text(agencyName), "agencyURL": .text(agencyURL), "agencyLogo": .text(agencyLogo),
            "clientName": .text(clientName), "nav": .list(nav.map(\.renderValue)),
            "breadcrumbs": .list(breadcrumbs.map(\.renderValue)), "updated": .text(updated),
            "updatedISO": .text(updatedISO), "t": .strings(t), "feed": .text(feed), "calendar": .text(calendar),
            "searchScript": .text(searchScript),
        ])
    }
}

extension PageChrome.NavItem: RenderConvertible {
    var renderValue: RenderValue { .fields(["label": .text(label), "href": .text(href), "current": .flag(current)]) }
}

extension TicketPage: RenderConvertible {
    var renderValue: RenderValue {
        .fields([
            "page": page.renderValue, "title": .text(title), "status": status.renderValue, "callout": .text(callout),
            "priority": priority.renderValue, "project": project.renderValue, "milestone": milestone?.renderValue,
            "created": created?.renderValue, "due": due?.renderValue, "completed": completed?.renderValue,
            "assignees": .list(assignees.map(\.renderValue)),
            "estimate": .text(estimate), "timeSpent": .text(timeSpent), "timeEntries": .list(timeEntries.map(\.renderValue)),
            // Most tickets have neither: an empty list without an encoder.
            "bodyHTML": .text(bodyHTML), "attachments": attachments.isEmpty ? .list([]) : RenderValueEncoder.encode(attachments),
            "comments": comments.isEmpty ? .list([]) : RenderValueEncoder.encode(comments), "replyMailto": .text(replyMailto),
        ])
    }
}

extension SearchPage: RenderConvertible {
    var renderValue: RenderValue {
        .fields(["page": page.renderValue, "indexJSON": .text(indexJSON), "groups": .list(groups.map(\.renderValue))])
    }
}

extension SearchPage.Group: RenderConvertible {
    var renderValue: RenderValue { .fields(["label": .text(label), "links": .list(links.map(\.renderValue))]) }
}

extension TicketPage.TimeLine: RenderConvertible {
    var renderValue: RenderValue {
        .fields(["date": date.renderValue, "person": .text(person), "hours": .text(hours), "note": .text(note)])
    }
}

extension ProjectPage: RenderConvertible {
    var renderValue: RenderValue {
        .fields([
            "page": page.renderValue, "title": .text(title), "status": status.renderValue, "summaryHTML": .text(summaryHTML),
            "start": start?.renderValue, "due": due?.renderValue, "progress": progress.renderValue,
            "timelineHTML": .text(timelineHTML), "milestones": .list(milestones.map(\.renderValue)),
            "otherTickets": .list(otherTickets.map(\.renderValue)), "discussions": discussions?.renderValue,
            "hours": .text(hours),
        ])
    }
}

extension ProjectPage.MilestoneSection: RenderConvertible {
    var renderValue: RenderValue {
        .fields([
            "anchor": .text(anchor), "title": .text(title), "bodyHTML": .text(bodyHTML), "start": start?.renderValue,
            "due": due?.renderValue, "state": state.renderValue, "progress": progress.renderValue,
            "tickets": .list(tickets.map(\.renderValue)), "hours": .text(hours),
        ])
    }
}

extension TicketRow: RenderConvertible {
    var renderValue: RenderValue {
        .fields([
            "title": .text(title), "href": .text(href), "status": status.renderValue, "priority": priority.renderValue,
            "due": due?.renderValue, "assignees": .text(assignees), "project": .text(project),
        ])
    }
}

extension Badge: RenderConvertible {
    var renderValue: RenderValue { .fields(["label": .text(label), "key": .text(key), "icon": .text(icon)]) }
}

extension Link: RenderConvertible {
    var renderValue: RenderValue { .fields(["label": .text(label), "href": .text(href)]) }
}

extension DateText: RenderConvertible {
    var renderValue: RenderValue { .fields(["text": .text(text), "iso": .text(iso), "overdue": .flag(overdue)]) }
}

extension PersonView: RenderConvertible {
    var renderValue: RenderValue {
        .fields(["name": .text(name), "role": .text(role), "isClient": .flag(isClient), "initials": .text(initials)])
    }
}

extension ProgressMeter: RenderConvertible {
    var renderValue: RenderValue { .fields(["percent": .integer(percent), "label": .text(label)]) }
}

/// A view type converted by hand (see above).
protocol RenderConvertible {
    var renderValue: RenderValue { get }
}
