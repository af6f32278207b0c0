import Foundation
import HavenCore
import Testing

/// The zip writer against the format's fixed points: CRC-32's check value, the signatures and offsets a reader walks,
/// the DOS date of the entries, and Python's zipfile reading back what it wrote (the package tests use it too).
@Suite struct ZipWriterTests {
    @Test func crc32_matchesTheStandardCheckValue() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([]) == 0)
    }

    @Test func anArchive_hasItsEntriesDirectoryAndEndRecordWhereReadersLook() throws {
        // 2026-12-07T10:30:42Z
        var zip = ZipWriter(modified: Timestamp(secondsSince1970: 1_796_639_442))
        let first = try zip.add("a.txt", Array("hello".utf8))
        let second = try zip.add("dir/ü.json", Array("{}".utf8))
        let end = zip.finish()
        let archive = first + second + end
        func u16(_ at: Int) -> Int { Int(archive[at]) | Int(archive[at + 1]) << 8 }
        func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
        #expect(u32(0) == 0x0403_4b50 && u32(first.count) == 0x0403_4b50)
        #expect(u32(14) == Int(CRC32.checksum(Array("hello".utf8))) && u32(18) == 5 && u32(22) == 5)
        let date = u16(12)
        #expect(date >> 9 == 2026 - 1980 && (date >> 5) & 0xF == 12 && date & 0x1F == 7)
        #expect(u16(10) >> 11 == 10 && (u16(10) >> 5) & 0x3F == 30)
        let eocd = archive.count - 22
        #expect(u32(eocd) == 0x0605_4b50 && u16(eocd + 10) == 2)
        let directory = u32(eocd + 16)
        #expect(directory == first.count + second.count && u32(directory) == 0x0201_4b50)
        #expect(u16(6) & 0x0800 != 0 && u16(8) == 0, "names are flagged UTF-8; entries are stored")

        let path = NSTemporaryDirectory() + "zipwriter-\(UUID().uuidString).zip"
        try Data(archive).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", "-c",
            "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print(z.namelist(), z.read('a.txt').decode(), z.getinfo('a.txt').date_time)",
            path,
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        process.waitUntilExit()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0)
        #expect(output.trimmingWhitespace() == "['a.txt', 'dir/ü.json'] hello (2026, 12, 7, 10, 30, 42)", "\(output)")
    }
}
