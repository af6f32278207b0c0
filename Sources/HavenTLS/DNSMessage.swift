/// The few DNS records the domain verifier asks about, encoded and decoded per RFC 1035 (and RFC 8659 for CAA).
/// Pure: the bytes in and out of one UDP exchange; `DNSResolver` does the I/O.
public enum DNSRecordType: UInt16, Sendable {
    case a = 1
    case cname = 5
    case aaaa = 28
    case caa = 257
}

public struct DNSAnswer: Sendable, Equatable {
    public enum Data: Sendable, Equatable {
        case a(String)
        case aaaa(String)
        case cname(String)
        case caa(flags: UInt8, tag: String, value: String)
        case other(UInt16)
    }

    public var name: String
    public var data: Data

    public init(name: String, data: Data) {
        self.name = name
        self.data = data
    }
}

public struct DNSResponse: Sendable, Equatable {
    /// 0 NOERROR, 2 SERVFAIL, 3 NXDOMAIN, …
    public var rcode: UInt8
    public var answers: [DNSAnswer]
}

public enum DNSMessage {
    public struct Malformed: Error, Sendable, Equatable {
        public let reason: String
    }

    /// A recursive query for one name and type.
    public static func query(id: UInt16, name: String, type: DNSRecordType) -> [UInt8] {
        var out: [UInt8] = [UInt8(id >> 8), UInt8(id & 0xFF), 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]
        for label in name.split(separator: ".") {
            let bytes = Array(label.utf8.prefix(63))
            out.append(UInt8(bytes.count))
            out += bytes
        }
        out.append(0)
        out += [UInt8(type.rawValue >> 8), UInt8(type.rawValue & 0xFF), 0, 1]
        return out
    }

    /// Parses a response to the query with `id`; answers of every type are returned in order.
    public static func parse(_ bytes: [UInt8], id: UInt16) throws(Malformed) -> DNSResponse {
        guard bytes.count >= 12 else { throw Malformed(reason: "shorter than a header") }
        guard UInt16(bytes[0]) << 8 | UInt16(bytes[1]) == id else { throw Malformed(reason: "answers another query") }
        guard bytes[2] & 0x80 != 0 else { throw Malformed(reason: "not a response") }
        if bytes[2] & 0x02 != 0 { throw Malformed(reason: "truncated (TC): the answer does not fit in UDP") }
        let rcode = bytes[3] & 0x0F
        let questions = Int(UInt16(bytes[4]) << 8 | UInt16(bytes[5]))
        let answerCount = Int(UInt16(bytes[6]) << 8 | UInt16(bytes[7]))
        var offset = 12
        for _ in 0..<questions {
            _ = try self.name(bytes, &offset)
            offset += 4
        }
        var answers: [DNSAnswer] = []
        for _ in 0..<answerCount {
            let owner = try self.name(bytes, &offset)
            guard offset + 10 <= bytes.count else { throw Malformed(reason: "record header past the end") }
            let type = UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
            let length = Int(UInt16(bytes[offset + 8]) << 8 | UInt16(bytes[offset + 9]))
            offset += 10
            guard offset + length <= bytes.count else { throw Malformed(reason: "record data past the end") }
            let rdata = Array(bytes[offset..<offset + length])
            var data = DNSAnswer.Data.other(type)
            switch type {
            case DNSRecordType.a.rawValue where length == 4:
                data = .a(rdata.map(String.init).joined(separator: "."))
            case DNSRecordType.aaaa.rawValue where length == 16:
                data = .aaaa(
                    stride(from: 0, to: 16, by: 2).map { String(UInt16(rdata[$0]) << 8 | UInt16(rdata[$0 + 1]), radix: 16) }
                        .joined(separator: ":"))
            case DNSRecordType.cname.rawValue:
                var inner = offset
                data = .cname(try self.name(bytes, &inner))
            case DNSRecordType.caa.rawValue where length >= 2:
                let tagLength = Int(rdata[1])
                guard 2 + tagLength <= length else { throw Malformed(reason: "CAA tag past the end") }
                data = .caa(
                    flags: rdata[0], tag: String(decoding: rdata[2..<2 + tagLength], as: UTF8.self).lowercased(),
                    value: String(decoding: rdata[(2 + tagLength)...], as: UTF8.self))
            default: break
            }
            answers.append(DNSAnswer(name: owner, data: data))
            offset += length
        }
        return DNSResponse(rcode: rcode, answers: answers)
    }

    /// A (possibly compressed) name at `offset`, lower case without the trailing dot; advances past it.
    static func name(_ bytes: [UInt8], _ offset: inout Int) throws(Malformed) -> String {
        var labels: [String] = []
        var position = offset
        var jumped = false
        var jumps = 0
        while true {
            guard position < bytes.count else { throw Malformed(reason: "name past the end") }
            let length = Int(bytes[position])
            if length & 0xC0 == 0xC0 {
                guard position + 1 < bytes.count, jumps < 16 else { throw Malformed(reason: "bad compression pointer") }
                if !jumped { offset = position + 2 }
                position = (length & 0x3F) << 8 | Int(bytes[position + 1])
                jumped = true
                jumps += 1
                continue
            }
            guard length & 0xC0 == 0 else { throw Malformed(reason: "unknown label type") }
            if length == 0 {
                if !jumped { offset = position + 1 }
                return labels.joined(separator: ".").lowercased()
            }
            guard position + 1 + length <= bytes.count else { throw Malformed(reason: "label past the end") }
            labels.append(String(decoding: bytes[(position + 1)...(position + length)], as: UTF8.self))
            position += 1 + length
        }
    }
}
