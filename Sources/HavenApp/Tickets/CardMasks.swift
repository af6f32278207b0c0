import HavenCore
import HavenStore

/// Masks card numbers in what a change is about to store (`CardNumberMasking`), when the tenant keeps its switch on
/// (`SecurityPolicy.maskCardNumbers`, on by default): a ticket's subject, description and text custom fields, a
/// conversation's body. Every channel stores through the use cases that call this, so mail, the portal, the widget,
/// the console and the API are masked alike. The count goes into the change's audit entry; the number never does.
struct CardMasks {
    let store: Store

    func enabled(_ tenant: TenantID) async throws -> Bool {
        try await self.store.compiledPolicy(tenant).policy.maskCardNumbers
    }

    /// How many numbers were masked in the ticket.
    func apply(to ticket: inout Ticket) async throws -> Int {
        guard try await self.enabled(ticket.tenantID) else { return 0 }
        var count = 0
        func masked(_ text: String) -> String {
            let result = CardNumberMasking.mask(text)
            count += result.count
            return result.text
        }
        ticket.subject = ticket.subject.map(masked)
        ticket.description = masked(ticket.description)
        var fields = JSONObject()
        for (name, value) in ticket.customFields {
            fields.append(name, value.stringValue.map { .string(masked($0)) } ?? value)
        }
        ticket.customFields = fields
        return count
    }

    /// How many numbers were masked in the conversation's body.
    func apply(to conversation: inout Conversation) async throws -> Int {
        guard try await self.enabled(conversation.tenantID) else { return 0 }
        let result = CardNumberMasking.mask(conversation.body)
        conversation.body = result.text
        return result.count
    }

    /// The audit context naming the count (nothing when none was masked).
    static func context(_ count: Int) -> [(String, JSONValue)] {
        count == 0 ? [] : [("card_numbers_masked", .int(Int64(count)))]
    }
}
