import Foundation
internal import Generator

/// The documents mutations start from, each with its parsed tree when it has one.
struct FuzzCorpus {
    struct Entry {
        var name: String
        var bytes: [UInt8]
        /// Nil for a document the YAML parser refuses: byte mutations still use it.
        var tree: FuzzNode?
    }

    private(set) var entries: [Entry] = []
    /// Paths that were named but could not be read, for a note.
    private(set) var skipped: [String] = []

    /// Reads every `.yaml`, `.yml` and `.json` file named or inside a named folder (not recursively), in a
    /// fixed order; a small built-in document comes first so that there is always something to mutate.
    init(paths: [String]) {
        add(name: "(built-in)", bytes: Array(Self.builtIn.utf8))
        let fileManager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard fileManager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                skipped.append(path)
                continue
            }
            let files: [String]
            if isDirectory.boolValue {
                let names = (try? fileManager.contentsOfDirectory(atPath: path)) ?? []
                files = names.filter { ["yaml", "yml", "json"].contains(($0 as NSString).pathExtension) }.sorted()
                    .map { (path as NSString).appendingPathComponent($0) }
            } else {
                files = [path]
            }
            for file in files {
                guard let data = fileManager.contents(atPath: file) else {
                    skipped.append(file)
                    continue
                }
                add(name: file, bytes: [UInt8](data))
            }
        }
    }

    private mutating func add(name: String, bytes: [UInt8]) {
        var diagnostics = Diagnostics()
        let tree = YAMLParser.parse(bytes, file: name, diagnostics: &diagnostics).map(FuzzNode.init)
        entries.append(Entry(name: name, bytes: bytes, tree: diagnostics.hasErrors ? nil : tree))
    }

    /// A small document that generates, using most of what the generator supports.
    static let builtIn = """
        openapi: 3.1.0
        info:
          title: Fuzz
          version: "1"
        paths:
          /items/{item_id}:
            parameters:
              - name: item_id
                in: path
                required: true
                schema:
                  type: integer
                  format: int64
                  minimum: 1
            get:
              operationId: getItem
              parameters:
                - name: fields
                  in: query
                  schema:
                    type: array
                    items:
                      type: string
                      enum: [name, tags]
                - name: X-Request-ID
                  in: header
                  schema:
                    type: string
                    format: uuid
              responses:
                "200":
                  description: The item.
                  headers:
                    ETag:
                      schema:
                        type: string
                  content:
                    application/json:
                      schema:
                        $ref: "#/components/schemas/Item"
                "404":
                  $ref: "#/components/responses/NotFound"
            patch:
              operationId: updateItem
              security:
                - bearer: []
              requestBody:
                required: true
                content:
                  application/merge-patch+json:
                    schema:
                      $ref: "#/components/schemas/ItemPatch"
              responses:
                "200":
                  description: Updated.
                  content:
                    application/json:
                      schema:
                        $ref: "#/components/schemas/Item"
                default:
                  description: A problem.
                  content:
                    application/problem+json:
                      schema:
                        type: object
          /items:
            post:
              requestBody:
                content:
                  application/x-www-form-urlencoded:
                    schema:
                      $ref: "#/components/schemas/ItemPatch"
              responses:
                "201":
                  description: Created.
                  content:
                    text/plain:
                      schema:
                        type: string
        components:
          securitySchemes:
            bearer:
              type: http
              scheme: bearer
          responses:
            NotFound:
              description: Not found.
          schemas:
            Item:
              type: object
              required: [item_id, name]
              properties:
                item_id:
                  type: integer
                  format: int64
                name:
                  type: string
                  minLength: 1
                  maxLength: 100
                  pattern: "^[^#]+$"
                  x-trim: true
                price:
                  type: number
                  exclusiveMinimum: 0
                tags:
                  type: array
                  items:
                    type: string
                  uniqueItems: true
                  maxItems: 10
                status:
                  $ref: "#/components/schemas/Status"
                due_at:
                  type: [string, "null"]
                  format: date-time
                extra:
                  type: object
                  additionalProperties:
                    type: integer
                    format: int32
            ItemPatch:
              allOf:
                - type: object
                  properties:
                    name:
                      type: string
                    status:
                      $ref: "#/components/schemas/Status"
                    note:
                      type: [string, "null"]
                      default: none
            Status:
              type: string
              enum: [todo, in_progress, done]
              default: todo

        """
}
