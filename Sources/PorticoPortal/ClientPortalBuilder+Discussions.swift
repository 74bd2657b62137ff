import Foundation
import PorticoStore
import PorticoView

extension ClientPortalBuilder {
    func buildDiscussions(_ project: Project) {
        guard !project.discussions.isEmpty else { return }
        let indexPath = discussionsPath(project)
        let heading = localizer.text("title_discussions")
        var index = DiscussionsPage(page: chrome(path: indexPath, heading: "\(heading): \(project.title)",
                                                 breadcrumbs: [(localizer.text("nav_overview"), Self.overviewPath), (project.title, projectPath(project))],
                                                 section: "project:" + project.id))
        index.project = Link(label: project.title, href: RelativePath.href(from: indexPath, to: projectPath(project)))
        let threads = project.discussions.sorted { lhs, rhs in
            (lhs.pinned ? 0 : 1, -lastActivity(lhs).timeIntervalSince1970, lhs.id) < (rhs.pinned ? 0 : 1, -lastActivity(rhs).timeIntervalSince1970, rhs.id)
        }
        for discussion in threads {
            var thread = DiscussionsPage.Thread()
            thread.title = discussion.title
            thread.href = RelativePath.href(from: indexPath, to: discussionPath(project, discussion))
            thread.author = author(discussion.author)
            thread.date = dateText(discussion.date) ?? DateText(text: "", iso: "")
            thread.lastActivity = dateText(.instant(lastActivity(discussion))) ?? thread.date
            thread.pinned = discussion.pinned
            thread.replies = localizer.plural("replies", count: discussion.comments.count)
            index.threads.append(thread)
            buildDiscussion(discussion, in: project)
        }
        add(indexPath, .discussions(index))
    }

    private func lastActivity(_ discussion: Discussion) -> Date {
        (discussion.comments.map { $0.date.instant(in: timeZone) } + [discussion.date.instant(in: timeZone)]).max()!
    }

    private func buildDiscussion(_ discussion: Discussion, in project: Project) {
        let path = discussionPath(project, discussion)
        var page = DiscussionPage(page: chrome(path: path, heading: discussion.title,
                                               breadcrumbs: [(localizer.text("nav_overview"), Self.overviewPath),
                                                             (project.title, projectPath(project)),
                                                             (localizer.text("title_discussions"), discussionsPath(project))],
                                               section: "project:" + project.id))
        page.title = discussion.title
        page.project = Link(label: project.title, href: RelativePath.href(from: path, to: projectPath(project)))
        page.pinned = discussion.pinned
        page.opening = CommentView(anchor: "top", author: author(discussion.author),
                                   date: dateText(discussion.date) ?? DateText(text: "", iso: ""),
                                   bodyHTML: html(discussion.body, on: path),
                                   attachments: discussion.attachments.compactMap { attachment($0, on: path) })
        page.comments = discussion.comments.map { comment($0, on: path) }
        page.replyMailto = replyMailto(about: discussion.title)
        add(path, .discussion(page))
    }

    /// A `mailto:` to the agency whose subject names the client and the thread or ticket.
    func replyMailto(about title: String) -> String? {
        guard let email = parent.store.settings.agency.email, !email.isEmpty else { return nil }
        let subject = localizer.text("reply_subject", ["client": client.name, "thread": title])
        return "mailto:\(MailtoEncoding.encode(email, allowAt: true))?subject=\(MailtoEncoding.encode(subject, allowAt: false))"
    }
}

/// Percent-encoding for `mailto:` URLs (RFC 6068): everything but unreserved characters.
enum MailtoEncoding {
    static func encode(_ text: String, allowAt: Bool) -> String {
        var allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
        if allowAt { allowed.insert("@") }
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}
