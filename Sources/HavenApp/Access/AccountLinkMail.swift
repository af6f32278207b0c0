import HavenCore
import HavenStore

/// The words of a mailed invitation or reset link. Plain text only: the names in it come from people and never
/// become markup anywhere.
struct AccountLinkMail {
    let tenant: Tenant
    let person: Contact
    let purpose: AccountTokenPurpose
    let link: String

    var subject: String {
        switch self.purpose {
        case .invitation: return "Your account at \(self.tenant.name)'s \(self.place)"
        case .passwordReset: return "Reset your password at \(self.tenant.name)'s \(self.place)"
        }
    }

    var text: String {
        let greeting = self.person.name.isEmpty ? "Hello," : "Hello \(self.person.name),"
        let hours = Passwords.lifetime(self.purpose) / 3600
        let validity = hours >= 48 ? "\(hours / 24) days" : hours == 1 ? "an hour" : "\(hours) hours"
        let what: String
        switch self.purpose {
        case .invitation:
            what = "\(self.tenant.name) has given you an account on its \(self.place). Choose your password here:"
        case .passwordReset:
            what = "Someone asked to reset your password for \(self.tenant.name)'s \(self.place). Choose a new one here:"
        }
        return """
            \(greeting)

            \(what)

            \(self.link)

            The link works once, for \(validity). If you did not expect this message, ignore it: nothing changes until the \
            link is used.
            """
    }

    private var place: String { self.person.isAgent ? "helpdesk" : "support portal" }
}
