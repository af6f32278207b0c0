/// Writes a zip archive (PKWARE APPNOTE 6.3: stored entries, UTF-8 names) an entry at a time: each entry's bytes are
/// returned to be written at once, and only the small central directory is kept until `finish`. Stored, not
/// deflated: a data-subject package is mostly text a person reads once, and every unzip tool opens stored entries.
/// Sizes stay under 4 GiB per archive (no Zip64): `add` refuses more rather than writing a broken archive.
public struct ZipWriter: Sendable {
    private struct Entry: Sendable {
        let name: [UInt8]
        let crc: UInt32
        let size: UInt32
        let offset: UInt32
    }

    private var entries: [Entry] = []
    private var offset: UInt64 = 0
    private let time: UInt16
    private let date: UInt16

    /// Every entry carries `modified` (UTC) as its DOS time.
    public init(modified: Timestamp) {
        let days = modified.secondsSince1970 / 86_400
        let seconds = modified.secondsSince1970 % 86_400
        let (year, month, day) = CivilDate.fromDays(days)
        self.date = UInt16(truncatingIfNeeded: (max(year, 1980) - 1980) << 9 | month << 5 | day)
        self.time = UInt16(truncatingIfNeeded: (seconds / 3_600) << 11 | (seconds % 3_600 / 60) << 5 | (seconds % 60) / 2)
    }

    public enum ZipError: Error, Equatable {
        case tooLarge
    }

    /// The local header and bytes of one entry, to write next.
    public mutating func add(_ name: String, _ bytes: [UInt8]) throws -> [UInt8] {
        let nameBytes = Array(name.utf8)
        guard self.offset + UInt64(bytes.count) + 30 + UInt64(nameBytes.count) < UInt64(UInt32.max), self.entries.count < 65_535 else {
            throw ZipError.tooLarge
        }
        let entry = Entry(name: nameBytes, crc: CRC32.checksum(bytes), size: UInt32(bytes.count), offset: UInt32(self.offset))
        var out: [UInt8] = []
        out.reserveCapacity(30 + nameBytes.count + bytes.count)
        Self.u32(&out, 0x0403_4b50)
        Self.u16(&out, 20)  // version needed: 2.0
        Self.u16(&out, 0x0800)  // names are UTF-8
        Self.u16(&out, 0)  // stored
        Self.u16(&out, self.time)
        Self.u16(&out, self.date)
        Self.u32(&out, entry.crc)
        Self.u32(&out, entry.size)
        Self.u32(&out, entry.size)
        Self.u16(&out, UInt16(nameBytes.count))
        Self.u16(&out, 0)
        out += nameBytes
        out += bytes
        self.entries.append(entry)
        self.offset += UInt64(out.count)
        return out
    }

    /// The central directory and its end record: the archive's last bytes.
    public func finish() -> [UInt8] {
        var out: [UInt8] = []
        for entry in self.entries {
            Self.u32(&out, 0x0201_4b50)
            Self.u16(&out, 0x0314)  // made by: Unix, 2.0
            Self.u16(&out, 20)
            Self.u16(&out, 0x0800)
            Self.u16(&out, 0)
            Self.u16(&out, self.time)
            Self.u16(&out, self.date)
            Self.u32(&out, entry.crc)
            Self.u32(&out, entry.size)
            Self.u32(&out, entry.size)
            Self.u16(&out, UInt16(entry.name.count))
            Self.u16(&out, 0)  // extra
            Self.u16(&out, 0)  // comment
            Self.u16(&out, 0)  // disk
            Self.u16(&out, 0)  // internal attributes
            Self.u32(&out, 0o100600 << 16)  // a regular file, readable by its owner only
            Self.u32(&out, entry.offset)
            out += entry.name
        }
        let directorySize = UInt32(out.count)
        Self.u32(&out, 0x0605_4b50)
        Self.u16(&out, 0)
        Self.u16(&out, 0)
        Self.u16(&out, UInt16(self.entries.count))
        Self.u16(&out, UInt16(self.entries.count))
        Self.u32(&out, directorySize)
        Self.u32(&out, UInt32(self.offset))
        Self.u16(&out, 0)
        return out
    }

    private static func u16(_ out: inout [UInt8], _ value: UInt16) {
        out.append(UInt8(truncatingIfNeeded: value))
        out.append(UInt8(truncatingIfNeeded: value >> 8))
    }

    private static func u32(_ out: inout [UInt8], _ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { out.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }
}

/// CRC-32 (IEEE 802.3, reflected 0xEDB88320), as zip and gzip use it.
public enum CRC32 {
    private static let table: [UInt32] = (0..<256).map { index -> UInt32 in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }

    public static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = Self.table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}
