internal import APIRuntime
internal import Synchronization

#if canImport(FoundationEssentials)
internal import FoundationEssentials
#else
internal import Foundation
#endif

/// The `Date` header every response carries (RFC 9110 §6.6.1: an origin server with a clock must send it),
/// formatted once per second and shared by every connection.
enum ResponseDate {
    private static let cache = Mutex<(second: Int64, text: String)>((.min, ""))

    /// The current time as an IMF-fixdate.
    static var now: String {
        let second = Int64(Date().timeIntervalSince1970.rounded(.down))
        return cache.withLock { cached in
            if cached.second != second { cached = (second, HTTPDate.format(secondsSince1970: second)) }
            return cached.text
        }
    }
}
