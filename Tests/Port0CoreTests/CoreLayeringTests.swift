import Foundation
import Testing

/// Port0Core's folders are its layers, in this order: a folder uses the types of the folders
/// before it and never those after it, so no two folders depend on each other in a circle
/// (docs/design.md, "Source layout"). Checked by name: the types each folder declares, and
/// the capitalised identifiers each file uses outside comments.
@Suite struct CoreLayeringTests {
    static let layers = ["Support", "Model", "IR", "Policy", "Live", "Render", "Reports", "Converge"]

    static let core = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/Port0Core")

    static func sources(_ folder: String) throws -> [(file: String, text: String)] {
        let directory = core.appendingPathComponent(folder)
        return try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
            .filter { $0.hasSuffix(".swift") }
            .map { name in
                let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
                let code = text.split(separator: "\n", omittingEmptySubsequences: false)
                    .map { line in line.range(of: "//").map { String(line[..<$0.lowerBound]) } ?? String(line) }
                return ("\(folder)/\(name)", code.joined(separator: "\n"))
            }
    }

    static func identifiers(_ text: String) -> [Substring] {
        text.split { !($0.isLetter || $0.isNumber || $0 == "_") }.filter { $0.first?.isUppercase == true }
    }

    @Test func everyFolderIsALayer() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: Self.core.path)
        #expect(Set(folders) == Set(Self.layers))
    }

    @Test func noFolderUsesALaterOne() throws {
        let declaration = try Regex(#"(?:struct|enum|class|protocol|typealias|actor)\s+([A-Z][A-Za-z0-9_]*)"#)
        var layerOf: [Substring: Int] = [:]
        let files = try Self.layers.map { try Self.sources($0) }
        for (layer, sources) in files.enumerated() {
            for source in sources {
                for match in source.text.matches(of: declaration) {
                    if let name = match.output[1].substring, layerOf[name] == nil { layerOf[name] = layer }
                }
            }
        }
        #expect(layerOf.count > 100, "the declarations were not found")
        for (layer, sources) in files.enumerated() {
            for source in sources {
                let later = Set(Self.identifiers(source.text).filter { (layerOf[$0] ?? layer) > layer })
                #expect(
                    later.isEmpty,
                    "\(source.file) (\(Self.layers[layer])) uses \(later.sorted().map { "\($0) (\(Self.layers[layerOf[$0]!]))" })"
                )
            }
        }
    }
}
