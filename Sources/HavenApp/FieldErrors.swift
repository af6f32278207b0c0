import HavenCore

extension [FieldError] {
    /// Adds a problem unless one is already listed for the same field: one 400 names each field once, as the
    /// channels' own shape checks do.
    mutating func add(_ error: FieldError) {
        if !self.contains(where: { $0.field == error.field }) { self.append(error) }
    }
}
