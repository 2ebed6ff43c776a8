// The Swift of this module is generated at build time from openapi.yaml (by the OpenAPIGeneratorPlugin, as
// openapi-gen.yaml says); SwiftPM needs one source file in the target to build it, so this comment is that file.
