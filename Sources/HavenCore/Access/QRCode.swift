/// A QR code (ISO/IEC 18004) for short texts such as a TOTP `otpauth://` URI: byte mode, error correction level M
/// (15 % of the code may be damaged), versions 1–10 (up to 213 bytes), the mask with the lowest penalty. Drawn as SVG
/// so the enrollment page needs no image library and no inline script. The construction follows the standard's
/// order: function patterns, data and error-correction codewords interleaved by block, masking, format and version
/// information.
public struct QRCode: Sendable {
    public struct TooLong: Error, Sendable, CustomStringConvertible {
        public let description = "The text is too long for a QR code of version 10 (213 bytes at level M)"
    }

    public let version: Int
    public let size: Int
    /// Row-major, true = dark.
    private(set) var modules: [Bool]
    private var isFunction: [Bool]

    /// Error-correction codewords per block and number of blocks at level M, versions 1–10 (index 0 unused).
    static let eccPerBlock = [0, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26]
    static let blockCount = [0, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5]
    static let maxVersion = 10

    public init(encoding text: String) throws(TooLong) {
        let bytes = Array(text.utf8)
        guard let version = (1...Self.maxVersion).first(where: { Self.dataCapacityBits($0) >= Self.neededBits(bytes.count, $0) })
        else { throw TooLong() }
        self.version = version
        self.size = version * 4 + 17
        self.modules = Array(repeating: false, count: self.size * self.size)
        self.isFunction = Array(repeating: false, count: self.size * self.size)
        self.drawFunctionPatterns()
        self.drawCodewords(self.addErrorCorrection(Self.dataCodewords(bytes, version: version)))
        self.applyBestMask()
    }

    public func isDark(x: Int, y: Int) -> Bool { self.modules[y * self.size + x] }

    /// The code as an SVG document: one path of unit squares, `border` light modules around (the standard's quiet zone
    /// is 4), scaled by the viewer.
    public func svg(border: Int = 4) -> String {
        let extent = self.size + 2 * border
        var path = ""
        for y in 0..<self.size {
            for x in 0..<self.size where self.isDark(x: x, y: y) {
                path += "M\(x + border),\(y + border)h1v1h-1z"
            }
        }
        return """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(extent) \(extent)" shape-rendering="crispEdges" \
            role="img"><rect width="100%" height="100%" fill="#fff"/><path d="\(path)" fill="#000"/></svg>
            """
    }

    // MARK: Capacity and data

    static func rawModules(_ version: Int) -> Int {
        var result = (16 * version + 128) * version + 64
        if version >= 2 {
            let alignments = version / 7 + 2
            result -= (25 * alignments - 10) * alignments - 55
            if version >= 7 { result -= 36 }
        }
        return result
    }

    static func dataCapacityBits(_ version: Int) -> Int {
        (self.rawModules(version) / 8 - self.eccPerBlock[version] * self.blockCount[version]) * 8
    }

    static func countBits(_ version: Int) -> Int { version <= 9 ? 8 : 16 }

    static func neededBits(_ count: Int, _ version: Int) -> Int {
        count < (1 << self.countBits(version)) ? 4 + self.countBits(version) + 8 * count : Int.max
    }

    /// Mode, count, bytes, terminator and padding, as codewords.
    static func dataCodewords(_ bytes: [UInt8], version: Int) -> [UInt8] {
        var bits: [Bool] = []
        func append(_ value: Int, _ length: Int) {
            for shift in stride(from: length - 1, through: 0, by: -1) { bits.append((value >> shift) & 1 == 1) }
        }
        append(0b0100, 4)
        append(bytes.count, self.countBits(version))
        for byte in bytes { append(Int(byte), 8) }
        let capacity = self.dataCapacityBits(version)
        append(0, min(4, capacity - bits.count))
        append(0, (8 - bits.count % 8) % 8)
        var codewords = stride(from: 0, to: bits.count, by: 8).map { start in
            (0..<8).reduce(UInt8(0)) { $0 << 1 | (bits[start + $1] ? 1 : 0) }
        }
        var pad: UInt8 = 0xEC
        while codewords.count * 8 < capacity {
            codewords.append(pad)
            pad = pad == 0xEC ? 0x11 : 0xEC
        }
        return codewords
    }

    // MARK: Error correction

    func addErrorCorrection(_ data: [UInt8]) -> [UInt8] {
        let blocks = Self.blockCount[self.version]
        let eccLength = Self.eccPerBlock[self.version]
        let raw = Self.rawModules(self.version) / 8
        let shortBlocks = blocks - raw % blocks
        let shortLength = raw / blocks
        let divisor = ReedSolomon.divisor(degree: eccLength)
        var split: [[UInt8]] = []
        var offset = 0
        for index in 0..<blocks {
            let length = shortLength - eccLength + (index < shortBlocks ? 0 : 1)
            var block = Array(data[offset..<offset + length])
            offset += length
            let ecc = ReedSolomon.remainder(block, divisor)
            if index < shortBlocks { block.append(0) }
            split.append(block + ecc)
        }
        var result: [UInt8] = []
        for position in 0..<split[0].count {
            for (index, block) in split.enumerated() where position != shortLength - eccLength || index >= shortBlocks {
                result.append(block[position])
            }
        }
        return result
    }

    // MARK: Drawing

    private mutating func set(_ x: Int, _ y: Int, _ dark: Bool) {
        self.modules[y * self.size + x] = dark
        self.isFunction[y * self.size + x] = true
    }

    private mutating func drawFunctionPatterns() {
        for index in 0..<self.size {
            self.set(6, index, index % 2 == 0)
            self.set(index, 6, index % 2 == 0)
        }
        for (x, y) in [(3, 3), (self.size - 4, 3), (3, self.size - 4)] {
            for dy in -4...4 {
                for dx in -4...4 where (0..<self.size).contains(x + dx) && (0..<self.size).contains(y + dy) {
                    let distance = max(abs(dx), abs(dy))
                    self.set(x + dx, y + dy, distance != 2 && distance != 4)
                }
            }
        }
        let positions = self.alignmentPositions()
        for (i, x) in positions.enumerated() {
            for (j, y) in positions.enumerated() {
                let last = positions.count - 1
                if (i == 0 && j == 0) || (i == 0 && j == last) || (i == last && j == 0) { continue }
                for dy in -2...2 {
                    for dx in -2...2 { self.set(x + dx, y + dy, max(abs(dx), abs(dy)) != 1) }
                }
            }
        }
        self.drawFormatBits(mask: 0)
        self.drawVersion()
    }

    func alignmentPositions() -> [Int] {
        guard self.version > 1 else { return [] }
        let count = self.version / 7 + 2
        let step = (self.version * 8 + count * 3 + 5) / (count * 4 - 4) * 2
        var result: [Int] = []
        var position = self.size - 7
        while result.count < count - 1 {
            result.insert(position, at: 0)
            position -= step
        }
        return [6] + result
    }

    private mutating func drawFormatBits(mask: Int) {
        // Level M is 00.
        let data = 0 << 3 | mask
        var remainder = data
        for _ in 0..<10 { remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537) }
        let bits = (data << 10 | remainder) ^ 0x5412
        func bit(_ index: Int) -> Bool { (bits >> index) & 1 == 1 }
        for index in 0...5 { self.set(8, index, bit(index)) }
        self.set(8, 7, bit(6))
        self.set(8, 8, bit(7))
        self.set(7, 8, bit(8))
        for index in 9..<15 { self.set(14 - index, 8, bit(index)) }
        for index in 0..<8 { self.set(self.size - 1 - index, 8, bit(index)) }
        for index in 8..<15 { self.set(8, self.size - 15 + index, bit(index)) }
        self.set(8, self.size - 8, true)
    }

    private mutating func drawVersion() {
        guard self.version >= 7 else { return }
        var remainder = self.version
        for _ in 0..<12 { remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25) }
        let bits = self.version << 12 | remainder
        for index in 0..<18 {
            let dark = (bits >> index) & 1 == 1
            let a = self.size - 11 + index % 3
            let b = index / 3
            self.set(a, b, dark)
            self.set(b, a, dark)
        }
    }

    private mutating func drawCodewords(_ data: [UInt8]) {
        var bitIndex = 0
        var right = self.size - 1
        while right >= 1 {
            if right == 6 { right = 5 }
            for vertical in 0..<self.size {
                for column in 0..<2 {
                    let x = right - column
                    let upward = (right + 1) & 2 == 0
                    let y = upward ? self.size - 1 - vertical : vertical
                    if !self.isFunction[y * self.size + x], bitIndex < data.count * 8 {
                        self.modules[y * self.size + x] = (data[bitIndex >> 3] >> (7 - (bitIndex & 7))) & 1 == 1
                        bitIndex += 1
                    }
                }
            }
            right -= 2
        }
    }

    // MARK: Masking

    static func masks(_ mask: Int, _ x: Int, _ y: Int) -> Bool {
        switch mask {
        case 0: return (x + y) % 2 == 0
        case 1: return y % 2 == 0
        case 2: return x % 3 == 0
        case 3: return (x + y) % 3 == 0
        case 4: return (x / 3 + y / 2) % 2 == 0
        case 5: return x * y % 2 + x * y % 3 == 0
        case 6: return (x * y % 2 + x * y % 3) % 2 == 0
        default: return ((x + y) % 2 + x * y % 3) % 2 == 0
        }
    }

    private mutating func applyMask(_ mask: Int) {
        for y in 0..<self.size {
            for x in 0..<self.size where !self.isFunction[y * self.size + x] && Self.masks(mask, x, y) {
                self.modules[y * self.size + x].toggle()
            }
        }
    }

    private mutating func applyBestMask() {
        var best = (mask: 0, penalty: Int.max)
        for mask in 0..<8 {
            self.applyMask(mask)
            self.drawFormatBits(mask: mask)
            let penalty = QRPenalty.score(self.modules, size: self.size)
            if penalty < best.penalty { best = (mask, penalty) }
            self.applyMask(mask)  // XOR again undoes it
        }
        self.applyMask(best.mask)
        self.drawFormatBits(mask: best.mask)
    }
}

/// GF(256) Reed–Solomon over the QR polynomial 0x11D.
enum ReedSolomon {
    static func multiply(_ x: UInt8, _ y: UInt8) -> UInt8 {
        var result = 0
        for shift in stride(from: 7, through: 0, by: -1) {
            result = (result << 1) ^ ((result >> 7) * 0x11D)
            result ^= Int((y >> UInt8(shift)) & 1) * Int(x)
        }
        return UInt8(result & 0xFF)
    }

    static func divisor(degree: Int) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: degree)
        result[degree - 1] = 1
        var root: UInt8 = 1
        for _ in 0..<degree {
            for index in 0..<degree {
                result[index] = self.multiply(result[index], root)
                if index + 1 < degree { result[index] ^= result[index + 1] }
            }
            root = self.multiply(root, 0x02)
        }
        return result
    }

    static func remainder(_ data: [UInt8], _ divisor: [UInt8]) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: divisor.count)
        for byte in data {
            let factor = byte ^ result.removeFirst()
            result.append(0)
            for index in result.indices { result[index] ^= self.multiply(divisor[index], factor) }
        }
        return result
    }
}
