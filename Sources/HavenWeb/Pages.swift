import HavenCore
public import Mustache

/// Renders the page templates. Contexts are plain dictionaries; `{{ }}` escapes every value.
struct Pages: Sendable {
    let library: MustacheLibrary

    /// Throws when a template does not parse: the server then refuses to start, naming it (any test catches it).
    init() throws {
        // Registering the same type again under its name is harmless; the registry is the library's, process-wide.
        MustacheContentTypes.register(FastHTMLContentType(), named: FastHTMLContentType.name)
        var library = MustacheLibrary()
        for (name, text) in PageTemplates.all {
            do {
                // Each template sets the content type itself: the library starts every partial and layout on its own
                // HTML type again.
                try library.register("{{% CONTENT_TYPE: \(FastHTMLContentType.name)}}" + text, named: name)
            } catch {
                throw HavenError.internalFailure("the page template '\(name)' does not parse: \(error)")
            }
        }
        self.library = library
    }

    func render(_ template: String, _ context: [String: Any]) -> String {
        self.library.render(context, withTemplate: template) ?? ""
    }
}

/// Text values render through the library's first, cheapest branch (a cast that succeeds at once) instead of its
/// general one (`String(describing:)` of an unwrapped `Any`): the same text, still escaped by `{{ }}`; about a tenth of
/// the cost of a list page goes away. An empty text is false to a section, as the Mustache spec has it (`{{#email}}`
/// shows nothing for a person without one). Retroactive on purpose: it is the template library's own protocol and
/// changes only how that library renders a string; no other code asks for it.
// swift-format-ignore: AvoidRetroactiveConformances
extension String: @retroactive MustacheCustomRenderable {
    public var renderText: String { self }
    public var isNull: Bool { self.isEmpty }
}
