/// The fuzzer's only source of randomness: SplitMix64 (Steele, Lea and Flood, 2014).
///
/// Its own arithmetic rather than the standard library's `random(in:using:)`, whose mapping from generator
/// output to a range is not promised to stay the same across Swift releases: a seed printed today must replay
/// the same input tomorrow.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    /// The generator for one iteration of a run, independent of every other iteration's.
    init(seed: UInt64, iteration: Int) {
        var mixer = SplitMix64(seed: seed ^ 0x6A09_E667_F3BC_C908)
        let base = mixer.next()
        var stream = SplitMix64(seed: base &+ UInt64(truncatingIfNeeded: iteration) &* 0xD1B5_4A32_D192_ED03)
        state = stream.next()
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound` (`bound` > 0), by Lemire's multiply-high without the rejection step: the bias
    /// is below 2^-32 for the bounds a fuzzer uses.
    mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0, "empty range")
        return Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    /// True once in `n` times on average.
    mutating func oneIn(_ n: Int) -> Bool {
        below(n) == 0
    }

    /// A random element of a non-empty collection.
    mutating func element<C: Collection>(of collection: C) -> C.Element {
        collection[collection.index(collection.startIndex, offsetBy: below(collection.count))]
    }

    /// Small numbers much more often than large ones: `0..<bound`, with each halving of the range equally likely.
    mutating func skewed(below bound: Int) -> Int {
        guard bound > 1 else { return 0 }
        let bits = Int.bitWidth - (bound - 1).leadingZeroBitCount
        let limit = 1 << below(bits + 1)
        return below(min(limit, bound))
    }

    /// One of `choices`, each with its weight.
    mutating func weighted<T>(_ choices: [(weight: Int, value: T)]) -> T {
        var remaining = below(choices.reduce(0) { $0 + $1.weight })
        for choice in choices {
            if remaining < choice.weight { return choice.value }
            remaining -= choice.weight
        }
        return choices[choices.count - 1].value
    }
}
