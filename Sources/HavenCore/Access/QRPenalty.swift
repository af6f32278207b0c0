/// The standard's mask penalty (ISO/IEC 18004 §7.8.3): long runs of one colour, 2×2 blocks, finder-like patterns and
/// an unbalanced dark share each make a code harder to scan; the encoder keeps the mask that scores lowest.
enum QRPenalty {
    static let finderLike: [Bool] = [true, false, true, true, true, false, true, false, false, false, false]

    static func score(_ modules: [Bool], size: Int) -> Int {
        func at(_ x: Int, _ y: Int) -> Bool { modules[y * size + x] }
        var total = 0
        for line in 0..<size {
            total += self.runs((0..<size).map { at($0, line) }) + self.runs((0..<size).map { at(line, $0) })
            total += self.finderPatterns((0..<size).map { at($0, line) }) + self.finderPatterns((0..<size).map { at(line, $0) })
        }
        for y in 0..<(size - 1) {
            for x in 0..<(size - 1) {
                let colour = at(x, y)
                if at(x + 1, y) == colour, at(x, y + 1) == colour, at(x + 1, y + 1) == colour { total += 3 }
            }
        }
        let dark = modules.filter { $0 }.count
        let percent = dark * 100 / modules.count
        total += abs(percent - 50) / 5 * 10
        return total
    }

    /// Five or more of one colour in a row: 3, plus 1 per module past five.
    static func runs(_ line: [Bool]) -> Int {
        var total = 0
        var length = 1
        for index in 1...line.count {
            if index < line.count, line[index] == line[index - 1] {
                length += 1
            } else {
                if length >= 5 { total += length - 2 }
                length = 1
            }
        }
        return total
    }

    /// dark-light-dark×3-light-dark with four light modules on either side: 40 each.
    static func finderPatterns(_ line: [Bool]) -> Int {
        guard line.count >= self.finderLike.count else { return 0 }
        var total = 0
        let reversed = Array(self.finderLike.reversed())
        for start in 0...(line.count - self.finderLike.count) {
            let window = line[start..<start + self.finderLike.count]
            if window.elementsEqual(self.finderLike) || window.elementsEqual(reversed) { total += 40 }
        }
        return total
    }
}
