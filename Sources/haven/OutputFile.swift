import Foundation
import HavenCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file a command writes personal data to: created readable by its owner only (0600), written under a `.partial`
/// name and renamed into place only when complete, so a failed or interrupted export leaves no file that looks whole.
/// `-` is standard output.
final class OutputFile {
    let path: String
    private let partial: String
    private let descriptor: Int32

    init(_ path: String) throws {
        self.path = path
        if path == "-" {
            self.partial = path
            self.descriptor = 1
            return
        }
        if FileManager.default.fileExists(atPath: path) {
            throw HavenError.usage("\(path) exists; choose a new file (an export never overwrites one)")
        }
        self.partial = path + ".partial"
        // A `.partial` left by an interrupted run is replaced; a symbolic link there is not followed (a shared
        // directory must not redirect personal data elsewhere).
        unlink(self.partial)
        let descriptor = open(self.partial, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else { throw HavenError.usage("Cannot write \(self.partial): \(String(cString: strerror(errno)))") }
        self.descriptor = descriptor
    }

    func write(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(self.descriptor, $0.baseAddress, $0.count) }
            guard written > 0 else { throw HavenError.usage("Cannot write \(self.path): \(String(cString: strerror(errno)))") }
            offset += written
        }
    }

    /// Flushes to disk and moves the file into place.
    func commit() throws {
        guard self.descriptor != 1 else { return }
        guard fsync(self.descriptor) == 0, close(self.descriptor) == 0, rename(self.partial, self.path) == 0 else {
            throw HavenError.usage("Cannot finish \(self.path): \(String(cString: strerror(errno)))")
        }
    }

    /// Removes what was written (the export failed).
    func discard() {
        guard self.descriptor != 1 else { return }
        close(self.descriptor)
        unlink(self.partial)
    }
}
