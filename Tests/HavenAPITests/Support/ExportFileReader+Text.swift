import HavenStore

extension ExportFileReader {
    /// The whole file as text, for tests of small exports.
    func text() async throws -> String {
        var bytes: [UInt8] = []
        try await self.forEachChunk { bytes += $0 }
        return String(decoding: bytes, as: UTF8.self)
    }
}
