/// A bearer access token (a signed JWT); it prints as `<redacted>` so it cannot reach a log by accident.
package struct AccessToken: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The compact JWS text, for the response body or for `JWTSigner.verify(_:now:)`; never log it.
    package let text: String

    /// Wraps token text, either freshly signed or taken from an `Authorization: Bearer` header.
    package init(_ text: String) {
        self.text = text
    }

    /// Always `<redacted>`.
    package var description: String { "<redacted>" }

    /// Always `<redacted>`.
    package var debugDescription: String { "<redacted>" }

    // Without this, `dump` and other mirror-based printers would list the stored text as a child.
    /// A mirror without children.
    package var customMirror: Mirror { Mirror(self, children: []) }
}
