public import Crypto
import Foundation
public import HavenCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The embedded default provider: each epoch key is a 32-byte file `epoch-NNNNNN.key` (mode 0600) in the key
/// directory. Destroying an epoch overwrites and deletes its file. Crypto-shredding holds only if this directory is
/// kept out of every backup of the data directory — production keeps it elsewhere or uses a KMS.
public struct LocalFileKeyProvider: KeyProvider {
    public let directory: String
    let random: any RandomSource
    public var name: String { "local-file" }

    public init(directory: String, random: any RandomSource) {
        self.directory = directory
        self.random = random
    }

    func path(_ epochKey: String) throws -> String {
        // References are "local:epoch-000001"; anything else is not ours (and must not become a path).
        let prefix = "local:"
        let file = epochKey.dropFirst(prefix.count)
        guard epochKey.hasPrefix(prefix), file.hasPrefix("epoch-"), file.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" })
        else {
            throw KeyError.keystore("\(epochKey) is not a local-file epoch key reference")
        }
        return self.directory + "/" + file + ".key"
    }

    public func createEpochKey(epoch: Int64) async throws -> String {
        let ref = "local:epoch-" + String(format: "%06lld", epoch)
        let path = try self.path(ref)
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else {
            throw KeyError.keyDirectory("Cannot create the epoch key file \(path) (errno \(errno))")
        }
        defer { close(fd) }
        let bytes = self.random.bytes(count: 32)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, 32) }
        guard written == 32, fsync(fd) == 0 else {
            throw KeyError.keyDirectory("Cannot write the epoch key file \(path) (errno \(errno))")
        }
        return ref
    }

    func load(_ epochKey: String) throws -> SymmetricKey {
        let path = try self.path(epochKey)
        var status = stat()
        guard stat(path, &status) == 0 else { throw KeyError.epochKeyMissing(epochKey) }
        guard status.st_mode & 0o077 == 0 else {
            throw KeyError.keyDirectory(
                "The epoch key file \(path) can be read by other users (mode \(String(status.st_mode & 0o777, radix: 8))); run chmod 600 on it"
            )
        }
        guard let data = FileManager.default.contents(atPath: path), data.count == 32 else {
            throw KeyError.keyDirectory("The epoch key file \(path) is unreadable or not 32 bytes")
        }
        return SymmetricKey(data: data)
    }

    private func associatedData(_ epochKey: String, _ context: [String: String]) -> [UInt8] {
        var writer = ByteWriter()
        writer.raw("hd/v1/local-kms")
        writer.lengthPrefixed(epochKey)
        writer.raw(EncryptionContext.bytes(context))
        return writer.bytes
    }

    public func generateDataKey(epochKey: String, context: [String: String]) async throws -> (key: SymmetricKey, wrapped: [UInt8]) {
        let kek = try self.load(epochKey)
        let key = SymmetricKey(data: self.random.bytes(count: 32))
        let box = try key.withUnsafeBytes { raw in
            try AES.GCM.seal(Array(raw), using: kek, authenticating: self.associatedData(epochKey, context))
        }
        return (key, Array(box.combined!))
    }

    public func decryptDataKey(_ wrapped: [UInt8], epochKey: String, context: [String: String]) async throws -> SymmetricKey {
        let kek = try self.load(epochKey)
        do {
            let box = try AES.GCM.SealedBox(combined: wrapped)
            return SymmetricKey(data: try AES.GCM.open(box, using: kek, authenticating: self.associatedData(epochKey, context)))
        } catch {
            throw KeyError.unwrapFailed("the tenant key-encryption key (\(context["tenant"] ?? "?"), generation \(context["gen"] ?? "?"))")
        }
    }

    public func destroyEpochKey(_ epochKey: String) async throws {
        let path = try self.path(epochKey)
        // Overwrite before unlinking, so the bytes do not linger in the file's old blocks on simple file systems.
        let fd = open(path, O_WRONLY)
        if fd >= 0 {
            let zeros = [UInt8](repeating: 0, count: 32)
            _ = zeros.withUnsafeBytes { write(fd, $0.baseAddress, 32) }
            fsync(fd)
            close(fd)
        }
        guard unlink(path) == 0 || errno == ENOENT else {
            throw KeyError.keyDirectory("Cannot delete the epoch key file \(path) (errno \(errno))")
        }
    }

    public func epochKeyExists(_ epochKey: String) async -> Bool {
        guard let path = try? self.path(epochKey) else { return false }
        return access(path, F_OK) == 0
    }

    /// Checks the directory before anything runs: it exists, is a directory, and only its owner can enter it.
    public static func checkDirectory(_ path: String) throws {
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw KeyError.keyDirectory("The key directory \(path) does not exist")
        }
        guard (status.st_mode & S_IFMT) == S_IFDIR else {
            throw KeyError.keyDirectory("The key directory \(path) is not a directory")
        }
        guard status.st_mode & 0o077 == 0 else {
            throw KeyError.keyDirectory(
                "The key directory \(path) is accessible to other users (mode \(String(status.st_mode & 0o777, radix: 8))); run chmod 700 on it"
            )
        }
        guard access(path, R_OK | W_OK | X_OK) == 0 else {
            throw KeyError.keyDirectory("The key directory \(path) is not readable and writable by this user")
        }
    }
}
