import HavenCore

/// The console ticket list's table rows, written straight to HTML instead of through a template section: the list
/// is the page agents load most, and a Mustache section over fifty rows (a dictionary per row, a dynamic lookup per
/// value) was most of the cost of rendering it. Every value still goes through the pages' one escaping
/// (`FastHTMLContentType.escape`); the page's template inserts the result with a triple mustache (`ticket_rows`),
/// the only unescaped insertion of any template, and nothing but this type fills it.
struct TicketRowsHTML {
    struct Row {
        let id: TicketID
        let subject: String
        let requester: String
        let status: TicketStatus
        let priority: TicketPriority
        let updated: String
    }

    static func row(_ ticket: Ticket, requester: String?) -> Row {
        Row(
            id: ticket.id, subject: ticket.subject ?? "(no subject)", requester: requester ?? "Contact \(ticket.requesterID)",
            status: ticket.status, priority: ticket.priority, updated: WebPages.date(ticket.updatedAt))
    }

    /// The rows (or the empty table's one row) for a site under `prefix`.
    static func html(_ rows: [Row], prefix: String) -> String {
        guard !rows.isEmpty else { return "<tr><td colspan=\"6\">No tickets here.</td></tr>\n" }
        let escape = FastHTMLContentType.escape
        let link = escape(prefix) + "/tickets/"
        var html = ""
        html.reserveCapacity(rows.count * 320)
        for row in rows {
            let id = String(row.id.rawValue)
            html += "<tr>\n  <td>"
            html += id
            html += "</td>\n  <td><a href=\""
            html += link
            html += id
            html += "\">"
            html += escape(row.subject)
            html += "</a></td>\n  <td>"
            html += escape(row.requester)
            html += "</td>\n  <td><span class=\"badge "
            html += WebPages.statusClass(row.status)
            html += "\">"
            html += escape(row.status.displayName)
            html += "</span></td>\n  <td>"
            html += escape(row.priority.displayName)
            html += "</td>\n  <td>"
            html += escape(row.updated)
            html += "</td>\n</tr>\n"
        }
        return html
    }
}
