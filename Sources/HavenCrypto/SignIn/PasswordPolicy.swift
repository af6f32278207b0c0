/// The passwords people may choose, as NIST SP 800-63B advises: long (a tenant's minimum, 12 by default, never
/// below 8), bounded (a 10 KB "password" is refused before it costs a hash), not one of the 30,000 most common, and
/// not built from the account's own e-mail name or the helpdesk's name. No composition rules: they make passwords
/// harder to remember, not to guess.
public struct PasswordPolicy: Sendable, Equatable {
    public var minimumLength = 12
    public static let absoluteMinimum = 8
    /// Longer is refused: hashing cost must stay bounded whatever a client sends.
    public static let maximumBytes = 1_024

    public init(minimumLength: Int = 12) {
        self.minimumLength = max(Self.absoluteMinimum, minimumLength)
    }

    /// Every reason the password is refused (empty when it is acceptable), each a sentence for the person choosing.
    /// `context` holds words the password must not contain: the account's e-mail, the helpdesk's name.
    public func problems(with password: String, context: [String] = []) -> [String] {
        var problems: [String] = []
        if password.utf8.count > Self.maximumBytes {
            return ["The password is longer than \(Self.maximumBytes) bytes"]
        }
        if password.count < self.minimumLength {
            problems.append("The password must have at least \(self.minimumLength) characters")
        }
        let folded = password.lowercased()
        if CommonPasswords.contains(folded) || CommonPasswords.isRepetition(folded) {
            problems.append("The password is one of the most commonly used passwords")
        }
        for word in context.flatMap(Self.contextWords) where folded.contains(word) {
            problems.append("The password must not contain '\(word)'")
            break
        }
        return problems
    }

    /// The parts of a context value worth refusing: an e-mail's local part, the words of a name, four letters or more.
    static func contextWords(_ value: String) -> [String] {
        let local = value.split(separator: "@").first.map(String.init) ?? value
        return local.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init).filter { $0.count >= 4 }
    }
}

/// The common-password list, and the repetitions no list spells out.
public enum CommonPasswords {
    private static let set: Set<Substring> = Set(CommonPasswords.list.split(separator: "\n"))

    public static var count: Int { self.set.count }

    public static func contains(_ lowercased: String) -> Bool {
        self.set.contains(Substring(lowercased))
    }

    /// One character or a short block over and over ("aaaaaaaaaaaa", "abcabcabcabc", "121212121212").
    static func isRepetition(_ password: String) -> Bool {
        let characters = Array(password)
        guard characters.count >= 2 else { return false }
        for period in 1...min(4, characters.count / 2) where characters.count % period == 0 {
            if characters.indices.allSatisfy({ characters[$0] == characters[$0 % period] }) { return true }
        }
        return false
    }
}
