/// String `format`s whose syntax the runtime checks.
public enum StringFormat: Sendable {
    case email
    case uuid
    case date

    /// The message for a value that does not have this format.
    var expectation: String {
        switch self {
        case .email: "must be a valid email address"
        case .uuid: "must be a UUID"
        case .date: "must be a full-date (YYYY-MM-DD)"
        }
    }

    func accepts(_ text: String) -> Bool {
        switch self {
        case .email: Self.isEmail(text)
        case .uuid: Self.isUUID(text)
        case .date: RFC3339.parse(text + "T00:00:00Z") != nil && text.utf8.count == 10
        }
    }

    /// A pragmatic check of RFC 5321's `Mailbox`: a dot-atom local part, `@`, and a domain of at least two
    /// LDH labels. Quoted local parts and address literals are refused: no real sign-up form needs them.
    private static func isEmail(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count <= 254, let at = bytes.lastIndex(of: UInt8(ascii: "@")) else { return false }
        let local = bytes[..<at]
        let domain = bytes[(at + 1)...]
        guard (1...64).contains(local.count), !domain.isEmpty else { return false }
        let atext = Set("!#$%&'*+-/=?^_`{|}~".utf8)
        let localAtoms = local.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        let localIsValid = localAtoms.allSatisfy { atom in
            !atom.isEmpty && atom.allSatisfy { isAlphanumeric($0) || atext.contains($0) || $0 >= 0x80 }
        }
        let labels = domain.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        let domainIsValid =
            labels.count >= 2
            && labels.allSatisfy { label in
                (1...63).contains(label.count) && label.first != UInt8(ascii: "-") && label.last != UInt8(ascii: "-")
                    && label.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 >= 0x80 }
            }
        return localIsValid && domainIsValid
    }

    private static func isUUID(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 36 else { return false }
        return bytes.enumerated().allSatisfy { index, byte in
            [8, 13, 18, 23].contains(index) ? byte == UInt8(ascii: "-") : isHexDigit(byte)
        }
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte | 0x20)
    }
}
