import Foundation
import PorticoStore
import PorticoView

extension ClientPortalBuilder {
    func buildGuides() {
        let path = Self.guidesPath
        var page = GuidesPage(page: chrome(path: path, heading: localizer.text("title_guides"),
                                           breadcrumbs: [(localizer.text("nav_overview"), Self.overviewPath)], section: "guides"))
        let guides = redaction.guides
        page.guides = guides.map { Link(label: $0.title, href: RelativePath.href(from: path, to: guidePath($0))) }
        let onboarding = onboardingView(on: path)
        page.onboarding = onboarding.steps.isEmpty ? nil : onboarding
        page.channels = client.communication?.channels ?? []
        page.responseTime = client.communication?.responseTime
        page.checkIn = checkIn()
        if let email = parent.store.settings.agency.email, !email.isEmpty {
            page.contactEmail = email
            page.contactMailto = "mailto:" + MailtoEncoding.encode(email, allowAt: true)
        }
        add(path, .guides(page))
        for (index, guide) in guides.enumerated() {
            let guidePath = guidePath(guide)
            var guidePage = GuidePage(page: chrome(path: guidePath, heading: guide.title,
                                                   breadcrumbs: [(localizer.text("nav_overview"), Self.overviewPath),
                                                                 (localizer.text("title_guides"), Self.guidesPath)],
                                                   section: "guides"))
            guidePage.title = guide.title
            guidePage.bodyHTML = html(guide.body, on: guidePath, topHeadingLevel: 2)
            if index > 0 {
                guidePage.previous = Link(label: guides[index - 1].title, href: RelativePath.href(from: guidePath, to: self.guidePath(guides[index - 1])))
            }
            if index + 1 < guides.count {
                guidePage.next = Link(label: guides[index + 1].title, href: RelativePath.href(from: guidePath, to: self.guidePath(guides[index + 1])))
            }
            add(guidePath, .guide(guidePage))
        }
    }

    /// The check-in as written, its next occurrence in the client's zone and the agency's time.
    func checkIn() -> CheckInView? {
        guard let text = client.communication?.checkIn, !text.isEmpty else { return nil }
        var view = CheckInView()
        view.schedule = text
        if let schedule = CheckInSchedule(text), let next = schedule.next(after: parent.now, in: timeZone) {
            view.schedule = localizer.text("checkin_weekly", ["day": localizer.weekday(next), "time": localizer.time(next)])
            view.next = localizer.text("checkin_next", ["date": localizer.dateTime(next)])
            view.nextISO = RFC3339.string(next, in: .gmt)
            let agencyZone = TimeZone(identifier: parent.store.settings.timezone) ?? timeZone
            if agencyZone.secondsFromGMT(for: next) != timeZone.secondsFromGMT(for: next) {
                let agencyLocalizer = parent.localizer(locale: client.locale, timeZone: agencyZone)
                view.agencyTime = localizer.text("checkin_agency", ["time": agencyLocalizer.dateTime(next),
                                                                    "agency": parent.store.settings.agency.name,
                                                                    "zone": localizer.zoneName(agencyZone)])
            }
        }
        return view
    }
}
