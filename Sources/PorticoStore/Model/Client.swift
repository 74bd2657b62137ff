/// A client and everything of theirs: the unit a portal is built from.
public struct Client: Sendable {
    public struct Contact: Sendable {
        public var name: String
        public var email: String?
    }

    public enum Access: String, Sendable, CaseIterable {
        case link, key, password
    }

    public struct Portal: Sendable {
        public var access: Access
        public var linkVersion: Int
        public var passwordEnv: String?
        public var expires: StoreDate?
    }

    public struct Retainer: Sendable {
        public var hoursPerMonth: Double
        public var rate: Double?
    }

    public struct OnboardingStep: Sendable {
        public var step: String
        public var done: StoreDate?
        /// Client-folder-relative path, e.g. `files/agreement.pdf`.
        public var file: String?
        public var location: SourceLocation
    }

    public struct Communication: Sendable {
        public var channels: [String]
        public var responseTime: String?
        /// Free text such as "Mondays 09:00", in the client's time zone.
        public var checkIn: String?
    }

    public var id: String
    /// Absolute path of `clients/<id>/`.
    public var directory: String
    public var name: String
    public var contacts: [Contact]
    public var timezone: String
    public var locale: String
    public var currency: String
    public var portal: Portal
    public var retainer: Retainer?
    public var onboarding: [OnboardingStep]
    public var communication: Communication?
    /// Internal notes: never published.
    public var notes: String?
    public var guides: [Guide]
    public var projects: [Project]
    public var invoices: [Invoice]
    public var location: SourceLocation
}
