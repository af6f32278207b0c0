import Foundation
import HavenApp
import HavenCore
import HavenStore
import Testing

extension TimingSensitive {
    /// The community forums on the portal in real Chromium: off, there is no such page; the admin turns them on under
    /// Admin → Portal; a visitor reads the public forum only; a signed-in customer opens a topic (an empty title named
    /// and the text kept) and replies; an agent's answer shows; announcements take no customer topics.
    @Suite(.serialized) struct CommunityBrowserTests {
        @Test func customersReadAndPostInTheForumsTheAdminTurnsOn() async throws {
            try await BrowserHarness.run { harness in
                _ = try await AccessControlBrowserTests.prepare(harness)
                _ = try await PortalBrowserTests.customer(harness)
                let admin = Principal.agent(harness.adminID, role: .admin, apiKey: nil, tenant: harness.tenant.id)
                let discussions = Discussions(harness.helpdesk)
                let board = try await discussions.saveCategory(nil, name: "Alpha community", description: "Talk to us", by: admin)
                func forum(_ name: String, _ type: Forum.Kind, _ visibility: FolderVisibility) async throws -> Forum {
                    var changes = Discussions.ForumChanges()
                    changes.name = name
                    changes.type = type
                    changes.visibility = visibility
                    return try await discussions.saveForum(nil, in: board.id, changes, by: admin)
                }
                let questions = try await forum("Questions", .questions, .everyone)
                let news = try await forum("News", .announcements, .everyone)
                _ = try await forum("Staff room", .questions, .agents)
                var announcement = Discussions.TopicChanges()
                announcement.title = "Version 2 is out"
                announcement.messageHTML = "<p>Now with dark mode.</p>"
                _ = try await discussions.createTopic(in: news.id, announcement, by: admin)

                let visitor = try await harness.browser(from: "::1")
                try await visitor.go(harness.url("/community"))
                #expect(try await visitor.pageText().contains("Not found"), "off until the admin turns it on")

                let browser = try await harness.browser()
                try await browser.signIn(harness, email: "admin@alpha.example", password: AccessControlBrowserTests.adminPassword)
                try await browser.go(harness.url("/console/admin/portal"))
                try await browser.click("label[for=\"community\"]")
                try await browser.submit("#save-portal")
                #expect(try await browser.waitForText("saved"))

                try await visitor.go(harness.url("/"))
                try await visitor.submit("a[href=\"/community\"]")
                let home = try await visitor.pageText()
                #expect(home.contains("Questions") && home.contains("News") && !home.contains("Staff room"), "\(home)")
                try await visitor.submit("a[href=\"/community/forums/\(questions.id)\"]")
                #expect(try await !visitor.has("#post-topic"))
                #expect(try await visitor.pageText().contains("Sign in to start a topic"))
                try await harness.expectCleanConsole(visitor, "community for a visitor")

                let customer = try await harness.browser(from: "::1")
                try await customer.go(harness.url("/sign-in"))
                try await customer.fill("#email", "cora@customer.example")
                try await customer.fill("#password", PortalBrowserTests.customerPassword)
                try await customer.submit("button[type=submit]")
                try await customer.go(harness.url("/community/forums/\(news.id)"))
                #expect(try await !customer.has("#post-topic"), "announcements take no customer topics")
                try await customer.go(harness.url("/community/forums/\(questions.id)"))
                try await customer.fill("#message", "My invoices show the wrong currency.\n\nIs there a setting?")
                try await customer.submit("#post-topic")
                #expect(try await customer.waitFor("#form-error").text().contains("1 to 255 characters"))
                #expect(try await customer.element("#title").attribute("aria-invalid") == "true")
                let kept = try await customer.execute("return document.getElementById('message').value").stringValue ?? ""
                #expect(kept.hasPrefix("My invoices show"), "the message is kept: \(kept)")
                try await customer.fill("#title", "Invoice currency <b>wrong</b>")
                try await customer.submit("#post-topic")
                _ = try await customer.waitFor("#posts")
                #expect(try await customer.element("h1").text() == "Invoice currency <b>wrong</b>", "the title is text, not markup")

                let topicID = try #require(
                    try await discussions.topics(in: questions.id, page: PageRequest(page: 1, perPage: 10), by: admin).items.first?.0.id)
                _ = try await discussions.reply(to: topicID, bodyHTML: "<p>Settings → Billing → Currency.</p>", by: admin)
                try await customer.go(harness.url("/community/topics/\(topicID)"))
                try await customer.fill("#body", "Found it, thank you!")
                try await customer.submit("#post-reply")
                #expect(try await customer.waitForText("Your reply is posted."))
                let posts = try await customer.element("#posts").text()
                #expect(
                    posts.contains("Cora Customer") && posts.contains("Settings → Billing → Currency.") && posts.contains("Found it"),
                    "\(posts)")
                try await harness.screenshot(customer, "community-topic")
                try await harness.expectCleanConsole(customer, "community topic")
            }
        }
    }
}
