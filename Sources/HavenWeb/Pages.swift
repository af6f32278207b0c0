import HavenCore
import Mustache

/// Renders the page templates. Contexts are plain dictionaries; `{{ }}` escapes every value.
struct Pages: Sendable {
    let library: MustacheLibrary

    /// Throws when a template does not parse: the server then refuses to start, naming it (any test catches it).
    init() throws {
        var library = MustacheLibrary()
        for (name, text) in PageTemplates.all {
            do {
                try library.register(text, named: name)
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
