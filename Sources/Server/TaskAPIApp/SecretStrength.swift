#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// A rough upper bound on how many bits of randomness a secret holds, to refuse the ones made by hand.
///
/// Each character is credited with the Shannon entropy of the secret's own character frequencies, so repeated
/// patterns (`abcabcabc…`, a word said twice) score low while `openssl rand -hex 32` (64 hex digits, about 4 bits
/// each) scores about 240. It is no proof of randomness, only a floor that typed-in secrets rarely reach.
enum SecretStrength {
    /// The floor: below it a secret is refused. A sample underestimates its source (32 random hex digits, 128 real
    /// bits, score about 115), so the floor sits under 128 with room for that, and far above typed-in secrets.
    static let requiredBits = 100.0

    static func estimatedBits(of secret: String) -> Double {
        let scalars = Array(secret.unicodeScalars)
        guard !scalars.isEmpty else { return 0 }
        var counts: [Unicode.Scalar: Int] = [:]
        for scalar in scalars { counts[scalar, default: 0] += 1 }
        let total = Double(scalars.count)
        let perCharacter = counts.values.reduce(0.0) { sum, count in
            let share = Double(count) / total
            return sum - share * log2(share)
        }
        // A sequence that repeats itself carries no more than its period does.
        return perCharacter * Double(period(of: scalars))
    }

    /// The length of the shortest prefix the secret repeats (`abcabcab` → 3); the whole length if none.
    private static func period(of scalars: [Unicode.Scalar]) -> Int {
        for length in 1..<max(scalars.count, 1) where scalars.count / length >= 2 {
            if scalars.indices.allSatisfy({ scalars[$0] == scalars[$0 % length] }) { return length }
        }
        return scalars.count
    }
}
