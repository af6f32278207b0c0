import HTTPTypes
import HavenApp
import HavenCore
import HavenStore
import Testing

/// Contact and company custom fields over the API in Freshdesk's shapes: defined by administrators (bad definitions
/// named), values validated on every write and returned in `custom_fields`, sealed at rest, removed with their field;
/// another tenant sees none of it.
@Suite struct RecordFieldAPITests {
    static func json(_ text: String) -> JSONValue { try! JSONParser.parse(text) }
    static func fields(_ result: HTTPResult) -> [String] { result.fieldErrors.map(\.field) }

    @Test func contactFields_areDefinedValidatedSealedAndRemoved() async throws {
        try await TestServer.start(tenants: ["alpha", "beta"]) { server, client in
            let key = server.tenants[0].apiKey
            let builtIn = try await client.call(.get, "/api/v2/contact_fields?per_page=100", key: key)
            #expect(builtIn.array?.count == 13 && builtIn.array?.first?.objectValue?.string("type") == "default_name")
            #expect(try await client.call(.get, "/api/v2/contact_fields/2", key: key).object?.string("name") == "job_title")
            #expect(try await client.call(.get, "/api/v2/contact_fields/999", key: key).status == 404)

            // The payload freshdesk-mcp's create_contact_field sends.
            let tier = try await client.call(
                .post, "/api/v2/contact_fields", key: key,
                json: Self.json(
                    """
                    {"label": "Loyalty tier", "label_for_customers": "Your tier", "type": "custom_dropdown", "editable_in_signup": false,
                     "position": 1, "required_for_agents": false, "customers_can_edit": false, "required_for_customers": false,
                     "displayed_for_customers": true, "choices": [{"value": "Gold", "position": 2}, {"value": "Silver", "position": 1}]}
                    """))
            #expect(tier.status == 201, "\(tier.text)")
            let tierID = try #require(tier.object?.int("id"))
            #expect(tierID >= 1000 && tier.object?.string("name") == "loyalty_tier")
            #expect(tier.object?["choices"] == .array(["Silver", "Gold"]) && tier.object?["default"] == false)
            let account = try await client.call(
                .post, "/api/v2/contact_fields", key: key,
                json: ["label": "Account number", "type": "custom_text", "required_for_agents": true])
            #expect(account.status == 201, "\(account.text)")
            let birthday = try await client.call(
                .post, "/api/v2/contact_fields", key: key, json: ["label": "Birthday", "type": "custom_date"])
            let birthdayID = try #require(birthday.object?.int("id"))

            let bad: [(JSONValue, String, Int)] = [
                (["label": "Phone two", "type": "custom_phone_number"], "type", 400),
                (["label": "Secret", "type": "secure_text"], "type", 400),
                (["label": "Email", "type": "custom_text"], "label", 400),
                (["type": "custom_text"], "label", 400),
                (["label": "!!!", "type": "custom_text"], "label", 400),
                (["label": "Colour", "type": "custom_dropdown"], "choices", 400),
                (["label": "Size", "type": "custom_text", "choices": ["S", "M"]], "choices", 400),
                (["label": "Shoe", "type": "custom_dropdown", "choices": ["S", "S"]], "choices", 400),
                (["label": "Rank", "type": "custom_number", "position": 0], "position", 400),
                (["label": "Rank", "type": "custom_number", "colour": "red"], "colour", 400),
                (["label": "loyalty  TIER", "type": "custom_text"], "label", 409),
            ]
            for (body, field, status) in bad {
                let refused = try await client.call(.post, "/api/v2/contact_fields", key: key, json: body)
                #expect(refused.status == status && Self.fields(refused).contains(field), "\(body): \(refused.text)")
            }
            #expect(try await client.call(.get, "/api/v2/contact_fields", key: key).array?.count == 16)

            // Values: each checked against its field; a field required for agents must be given on create.
            let refused: [(JSONValue, String)] = [
                (["loyalty_tier": "Platinum", "account_number": "A-1"], "custom_fields.loyalty_tier"),
                (["birthday": "2000-13-45", "account_number": "A-1"], "custom_fields.birthday"),
                (["shoe_size": 42, "account_number": "A-1"], "custom_fields.shoe_size"),
                (["loyalty_tier": "Gold"], "custom_fields.account_number"),
            ]
            for (custom, field) in refused {
                let response = try await client.call(
                    .post, "/api/v2/contacts", key: key, json: ["name": "Rae", "email": "rae@customer.example", "custom_fields": custom])
                #expect(response.status == 400 && Self.fields(response).contains(field), "\(custom): \(response.text)")
            }
            let rae = try await client.call(
                .post, "/api/v2/contacts", key: key,
                json: [
                    "name": "Rae", "email": "rae@customer.example",
                    "custom_fields": ["loyalty_tier": "Gold", "account_number": "Marker-acct-4471", "birthday": "1990-02-28"],
                ])
            #expect(rae.status == 201, "\(rae.text)")
            let raeID = try #require(rae.object?.int("id"))
            #expect(rae.object?["custom_fields"]?.objectValue?["loyalty_tier"] == "Gold")
            // An update leaves the values not named alone; null clears one; a required one cannot be cleared.
            let updated = try await client.call(
                .put, "/api/v2/contacts/\(raeID)", key: key, json: ["job_title": "CTO", "custom_fields": ["birthday": .null]])
            #expect(updated.status == 200, "\(updated.text)")
            #expect(updated.object?["custom_fields"] == .object(["loyalty_tier": "Gold", "account_number": "Marker-acct-4471"]))
            let cleared = try await client.call(
                .put, "/api/v2/contacts/\(raeID)", key: key, json: ["custom_fields": ["account_number": .null]])
            #expect(cleared.status == 400 && Self.fields(cleared) == ["custom_fields.account_number"], "\(cleared.text)")
            #expect(try DataFiles.plaintext(["Marker-acct-4471"], under: server.directory) == [])

            // Changed and deleted: the value goes with its field.
            let relabelled = try await client.call(
                .put, "/api/v2/contact_fields/\(tierID)", key: key, json: ["label": "Tier", "choices": ["Gold", "Silver", "Bronze"]])
            #expect(
                relabelled.status == 200 && relabelled.object?["choices"] == .array(["Gold", "Silver", "Bronze"]), "\(relabelled.text)")
            #expect(relabelled.object?.string("name") == "loyalty_tier")
            #expect(try await client.call(.put, "/api/v2/contact_fields/3", key: key, json: ["label": "Mail"]).status == 405)
            #expect(try await client.call(.delete, "/api/v2/contact_fields/\(tierID)", key: key).status == 204)
            let after = try await client.call(.get, "/api/v2/contacts/\(raeID)", key: key)
            #expect(after.object?["custom_fields"] == .object(["account_number": "Marker-acct-4471"]), "\(after.text)")
            #expect(try await client.call(.delete, "/api/v2/contact_fields/\(birthdayID)", key: key).status == 204)

            // Agents read the fields; administrators define them. Another tenant sees only the built-in ones.
            let plain = try await Provisioning(store: server.store, actor: .cli("test")).createAgent(
                tenantSubdomain: "alpha", email: "plain@alpha.example", name: "Plain", role: .agent, occasional: false)
            #expect(try await client.call(.get, "/api/v2/contact_fields", key: plain.apiKey).array?.count == 14)
            #expect(
                try await client.call(.post, "/api/v2/contact_fields", key: plain.apiKey, json: ["label": "X", "type": "custom_text"])
                    .status == 403)
            let beta = server.tenants[1].apiKey
            let accountID = try #require(account.object?.int("id"))
            #expect(try await client.call(.get, "/api/v2/contact_fields/\(accountID)", key: beta).status == 404)
            #expect(try await client.call(.get, "/api/v2/contact_fields", key: beta).array?.count == 13)
            let betaContact = try await client.call(
                .post, "/api/v2/contacts", key: beta,
                json: ["name": "B", "email": "b@beta.example", "custom_fields": ["account_number": "x"]])
            #expect(betaContact.status == 400 && Self.fields(betaContact) == ["custom_fields.account_number"])
        }
    }

    @Test func companyFields_areDefinedValidatedAndSealed() async throws {
        try await TestServer.start { server, client in
            let key = server.tenants[0].apiKey
            #expect(try await client.call(.get, "/api/v2/company_fields", key: key).array?.count == 8)
            let end = try await client.call(
                .post, "/api/v2/company_fields", key: key, json: ["label": "Contract end", "type": "custom_date"])
            #expect(end.status == 201 && end.object?.string("name") == "contract_end", "\(end.text)")
            let seats = try await client.call(.post, "/api/v2/company_fields", key: key, json: ["label": "Seats", "type": "custom_number"])
            #expect(seats.status == 201)
            let code = try await client.call(
                .post, "/api/v2/company_fields", key: key, json: ["label": "Code word", "type": "custom_text"])
            #expect(code.status == 201)
            #expect(
                try await client.call(.post, "/api/v2/company_fields", key: key, json: ["label": "Domains", "type": "custom_text"]).status
                    == 400)

            let badDate = try await client.call(
                .post, "/api/v2/companies", key: key, json: ["name": "Acme", "custom_fields": ["contract_end": "31/01/2027"]])
            #expect(badDate.status == 400 && Self.fields(badDate) == ["custom_fields.contract_end"], "\(badDate.text)")
            let badSeats = try await client.call(
                .post, "/api/v2/companies", key: key, json: ["name": "Acme", "custom_fields": ["seats": "many"]])
            #expect(badSeats.status == 400 && Self.fields(badSeats) == ["custom_fields.seats"])
            #expect(try await client.call(.get, "/api/v2/companies", key: key).array == [])
            let acme = try await client.call(
                .post, "/api/v2/companies", key: key,
                json: ["name": "Acme", "custom_fields": ["contract_end": "2027-01-31", "seats": 40, "code_word": "Marker-word-8812"]])
            #expect(acme.status == 201, "\(acme.text)")
            let acmeID = try #require(acme.object?.int("id"))
            let viewed = try await client.call(.get, "/api/v2/companies/\(acmeID)", key: key)
            #expect(viewed.object?["custom_fields"]?.objectValue?["seats"] == 40)
            #expect(try DataFiles.plaintext(["Marker-word-8812"], under: server.directory) == [])
            let codeID = try #require(code.object?.int("id"))
            #expect(try await client.call(.delete, "/api/v2/company_fields/\(codeID)", key: key).status == 204)
            #expect(
                try await client.call(.get, "/api/v2/companies/\(acmeID)", key: key).object?["custom_fields"]?.objectValue?["code_word"]
                    == nil)
        }
    }
}
