import Foundation

/// Every regular file under a directory, for tests that assert what must not be stored there. When the tests run on
/// PostgreSQL the database server's files (tables, indexes, write-ahead log, after a checkpoint) count too: that
/// is where the data is then.
enum DataFiles {
    static func paths(under root: String) -> [String] {
        guard TestServer.engine == .postgres, let server = try? PostgresServer.filesAtRest(of: root) else { return self.files(under: root) }
        return self.files(under: root)
            + server.filter { path in
                var isDirectory: ObjCBool = false
                return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
            }
    }

    private static func files(under root: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
        var files: [String] = []
        while let relative = walker.nextObject() as? String {
            let path = root + "/" + relative
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files.append(path)
            }
        }
        return files.sorted()
    }

    /// A backup of a deployment as an operator takes one: the data directory's files, and on PostgreSQL a dump of its
    /// database restored as the copy's database.
    static func copyDeployment(_ data: String, to backup: String) throws {
        try FileManager.default.copyItem(atPath: data, toPath: backup)
        if TestServer.engine == .postgres { try PostgresServer.copyDatabase(of: data, to: backup) }
    }

    static func concatenated(under root: String) throws -> Data {
        var all = Data()
        for path in self.paths(under: root) {
            all.append(try self.read(path) ?? Data())
        }
        return all
    }

    /// A file's bytes, or nil when it went away after it was listed (the database server removes and recycles its
    /// own files while it runs: an old write-ahead log segment, a relation cache).
    static func read(_ path: String) throws -> Data? {
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch CocoaError.fileReadNoSuchFile {
            return nil
        }
    }

    /// Each of `texts` found in clear in a file under `root`, as "text in path" (empty when none is).
    static func plaintext(_ texts: [String], under root: String) throws -> [String] {
        var found: [String] = []
        for path in self.paths(under: root) {
            guard let bytes = try self.read(path) else { continue }
            for text in texts where bytes.range(of: Data(text.utf8)) != nil { found.append("\(text) in \(path)") }
        }
        return found
    }
}
