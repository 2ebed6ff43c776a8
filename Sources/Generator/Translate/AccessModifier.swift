/// The access level generated code is declared with: `public` for a library whose API is the generated types,
/// `package` for use across the targets of one package, `internal` for use inside one module.
package enum AccessModifier: String, Sendable, CaseIterable {
    case `public`
    case package
    case `internal`
}
