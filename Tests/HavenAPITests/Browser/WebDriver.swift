import AsyncHTTPClient
import Foundation
import HavenCore
import NIOCore
import NIOHTTP1

/// A small W3C WebDriver client for Debian's chromedriver (the protocol Selenium speaks): enough to drive real
/// Chromium through Haven's pages — open, type, click, read, screenshot, read the console log. Written here rather
/// than driving Selenium from Python so a test can move Haven's clock between two clicks in the same process.
struct WebDriver: Sendable {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let base: String
    let session: String
    let http: HTTPClient

    /// Opens a headless Chromium session. `hostMap` pins host names to addresses (`MAP alpha.localhost 127.0.0.2`),
    /// so a test chooses the loopback address the browser connects from.
    static func open(port: Int, http: HTTPClient, hostMap: [String: String], width: Int = 1280, height: Int = 900) async throws -> WebDriver
    {
        let rules = hostMap.map { "MAP \($0.key) \($0.value)" }.joined(separator: ", ")
        var arguments: [JSONValue] = [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-extensions",
            "--disable-background-networking", "--disable-sync", "--disable-component-update", .string("--window-size=\(width),\(height)"),
        ]
        if !rules.isEmpty { arguments.append(.string("--host-resolver-rules=\(rules)")) }
        var chromeOptions: JSONObject = ["binary": "/usr/bin/chromium", "args": .array(arguments)]
        if width < 500 {
            // A desktop window cannot be narrower than about 500 px: a phone's width needs device emulation.
            chromeOptions.append(
                "mobileEmulation", ["deviceMetrics": ["width": .int(Int64(width)), "height": .int(Int64(height)), "pixelRatio": 1]])
        }
        let capabilities: JSONValue = [
            "capabilities": [
                "alwaysMatch": [
                    "browserName": "chrome", "acceptInsecureCerts": false,
                    "goog:chromeOptions": .object(chromeOptions),
                    "goog:loggingPrefs": ["browser": "ALL"],
                ]
            ]
        ]
        let base = "http://127.0.0.1:\(port)"
        let answer = try await Self.call(http, .POST, base + "/session", capabilities)
        guard let id = answer["value"]?.objectValue?["sessionId"]?.stringValue else {
            throw Failure(description: "no session in \(JSONWriter.string(.object(answer)))")
        }
        return WebDriver(base: base, session: id, http: http)
    }

    func close() async {
        _ = try? await Self.call(self.http, .DELETE, "\(self.base)/session/\(self.session)", nil)
    }

    func go(_ url: String) async throws {
        _ = try await self.command(.POST, "/url", ["url": .string(url)])
    }

    func currentURL() async throws -> String {
        try await self.command(.GET, "/url", nil).stringValue ?? ""
    }

    func title() async throws -> String {
        try await self.command(.GET, "/title", nil).stringValue ?? ""
    }

    func resize(width: Int, height: Int) async throws {
        _ = try await self.command(.POST, "/window/rect", ["width": .int(Int64(width)), "height": .int(Int64(height))])
    }

    /// Commands go to the frame `selector` names (an iframe of the current page) until `leaveFrame`.
    func enterFrame(_ selector: String) async throws {
        let frame = try await self.waitFor(selector)
        _ = try await self.command(.POST, "/frame", ["id": ["element-6066-11e4-a52e-4f735466cecf": .string(frame.id)]])
    }

    func leaveFrame() async throws {
        _ = try await self.command(.POST, "/frame/parent", [:])
    }

    /// A cookie's value as the browser holds it (HttpOnly ones too: WebDriver sees what page scripts cannot).
    func cookie(_ name: String) async throws -> String? {
        try await self.command(.GET, "/cookie/\(name)", nil).objectValue?["value"]?.stringValue
    }

    /// Whether a JavaScript dialog (`alert`) is open: what an XSS payload that ran would leave.
    func hasOpenDialog() async -> Bool {
        (try? await self.command(.GET, "/alert/text", nil)) != nil
    }

    /// The element a CSS selector names (the first), or a failure naming the selector and the page.
    func element(_ selector: String) async throws -> Element {
        let answer: JSONValue
        do {
            answer = try await self.command(.POST, "/element", ["using": "css selector", "value": .string(selector)])
        } catch {
            // What the page showed instead, for the person reading the failure.
            let name = selector.filter { $0.isLetter || $0.isNumber }.prefix(40)
            try? await self.screenshot(to: BrowserHarness.screenshots + "/failure-\(name).png")
            throw Failure(
                description:
                    "no element \(selector) on \((try? await self.currentURL()) ?? "?"): \((try? await self.pageText().prefix(300)) ?? "")")
        }
        guard let id = answer.objectValue?.entries.first?.value.stringValue else {
            throw Failure(description: "no element \(selector) on \(try await self.currentURL())")
        }
        return Element(driver: self, id: id)
    }

    func elements(_ selector: String) async throws -> [Element] {
        let answer = try await self.command(.POST, "/elements", ["using": "css selector", "value": .string(selector)])
        return (answer.arrayValue ?? []).compactMap { $0.objectValue?.entries.first?.value.stringValue }.map {
            Element(driver: self, id: $0)
        }
    }

    /// Whether the page has an element matching `selector`.
    func has(_ selector: String) async throws -> Bool {
        try await !self.elements(selector).isEmpty
    }

    /// The visible text of the page's body (retried while a navigation replaces the page).
    func pageText() async throws -> String {
        for _ in 0..<20 {
            if let text = try? await self.element("body").text() { return text }
            try await Task.sleep(for: .milliseconds(100))
        }
        return try await self.element("body").text()
    }

    /// Waits up to five seconds for an element (the page after a click may still be loading).
    @discardableResult
    func waitFor(_ selector: String) async throws -> Element {
        for _ in 0..<50 {
            if let found = try? await self.elements(selector).first { return found }
            try await Task.sleep(for: .milliseconds(100))
        }
        return try await self.element(selector)
    }

    /// Waits up to five seconds for the address to end with `suffix` (ignoring the query); false if it never does.
    func waitForPath(_ suffix: String) async throws -> Bool {
        for _ in 0..<50 {
            let url = try await self.currentURL()
            if (url.split(separator: "?").first.map(String.init) ?? url).hasSuffix(suffix) { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    /// Waits up to five seconds for the page to show `text`; false if it never does.
    func waitForText(_ text: String) async throws -> Bool {
        for _ in 0..<50 {
            if try await self.pageText().contains(text) { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    func fill(_ selector: String, _ text: String) async throws {
        let element = try await self.waitFor(selector)
        try await element.clear()
        try await element.type(text)
    }

    func click(_ selector: String) async throws {
        try await self.waitFor(selector).click()
    }

    /// Clicks a button that sends a form (or follows a link) and waits until the next page has replaced this one, so
    /// the next lookup cannot find an element of the page being left.
    func submit(_ selector: String) async throws {
        _ = try await self.execute("window.havenPageBeingLeft = true;")
        try await self.waitFor(selector).click()
        for _ in 0..<100 {
            if case .bool(true) = try await self.execute(
                "return window.havenPageBeingLeft === undefined && document.readyState === 'complete';")
            {
                return
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw Failure(description: "no new page after clicking \(selector) on \(try await self.currentURL())")
    }

    /// Runs a script in the page (WebDriver's, not the page's: the page's CSP does not apply to it).
    func execute(_ script: String) async throws -> JSONValue {
        try await self.command(.POST, "/execute/sync", ["script": .string(script), "args": []])
    }

    func screenshot(to path: String) async throws {
        guard let base64 = try await self.command(.GET, "/screenshot", nil).stringValue, let data = Data(base64Encoded: base64) else {
            throw Failure(description: "no screenshot")
        }
        try data.write(to: URL(fileURLWithPath: path))
    }

    /// The browser console's entries since the last call (CSP violations appear here as errors).
    func consoleLog() async throws -> [String] {
        let answer = try await self.command(.POST, "/se/log", ["type": "browser"])
        return (answer.arrayValue ?? []).compactMap { $0.objectValue?["message"]?.stringValue }
    }

    func command(_ method: HTTPMethod, _ path: String, _ body: JSONValue?) async throws -> JSONValue {
        let answer = try await Self.call(self.http, method, "\(self.base)/session/\(self.session)\(path)", body)
        return answer["value"] ?? .null
    }

    static func call(_ http: HTTPClient, _ method: HTTPMethod, _ url: String, _ body: JSONValue?) async throws -> JSONObject {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "Content-Type", value: "application/json")
        if let body { request.body = .bytes(ByteBuffer(bytes: JSONWriter.bytes(body))) }
        let response = try await http.execute(request, timeout: .seconds(60))
        let bytes = try await response.body.collect(upTo: 32 * 1024 * 1024)
        guard case .object(let object) = try JSONParser.parse(Array(bytes.readableBytesView)) else {
            throw Failure(description: "not a JSON object from \(method) \(url)")
        }
        if response.status.code >= 400 {
            throw Failure(description: "\(method) \(url): \(response.status.code) \(object["value"].map { JSONWriter.string($0) } ?? "")")
        }
        return object
    }

    struct Element: Sendable {
        let driver: WebDriver
        let id: String

        func click() async throws { _ = try await self.driver.command(.POST, "/element/\(self.id)/click", [:]) }
        func clear() async throws { _ = try await self.driver.command(.POST, "/element/\(self.id)/clear", [:]) }
        func type(_ text: String) async throws {
            _ = try await self.driver.command(.POST, "/element/\(self.id)/value", ["text": .string(text)])
        }
        func text() async throws -> String { try await self.driver.command(.GET, "/element/\(self.id)/text", nil).stringValue ?? "" }
        func attribute(_ name: String) async throws -> String? {
            try await self.driver.command(.GET, "/element/\(self.id)/attribute/\(name)", nil).stringValue
        }
        func screenshot(to path: String) async throws {
            guard let base64 = try await self.driver.command(.GET, "/element/\(self.id)/screenshot", nil).stringValue,
                let data = Data(base64Encoded: base64)
            else { throw Failure(description: "no element screenshot") }
            try data.write(to: URL(fileURLWithPath: path))
        }
    }
}
