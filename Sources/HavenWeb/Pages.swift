import HavenCore
import Mustache

/// Renders the page templates. Contexts are plain dictionaries; `{{ }}` escapes every value.
struct Pages: Sendable {
    let library: MustacheLibrary

    init() {
        var library = MustacheLibrary()
        for (name, text) in PageTemplates.all {
            // The templates are part of the binary: one that does not parse is a programming error caught by any test.
            try! library.register(text, named: name)
        }
        self.library = library
    }

    func render(_ template: String, _ context: [String: Any]) -> String {
        self.library.render(context, withTemplate: template) ?? ""
    }
}
