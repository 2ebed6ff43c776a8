/// One libyaml parsing event, copied out of C memory, with its 1-based start position.
struct YAMLEvent {
    /// The anchor and tag written before a node (`&base !!map`), as libyaml resolved them.
    struct Properties {
        var anchor: String?
        var tag: String?
    }

    enum Kind {
        case streamStart
        case streamEnd
        case documentStart
        case documentEnd
        /// The anchor name, without the `*`.
        case alias(String)
        case scalar(String, YAMLNode.ScalarStyle, Properties)
        case sequenceStart(Properties)
        case sequenceEnd
        case mappingStart(Properties)
        case mappingEnd
    }

    var kind: Kind
    var location: SourceLocation
}

/// A problem that stops the parse: nothing after it can be read reliably.
struct YAMLParseError: Error {
    var message: String
    var location: SourceLocation
}
