import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A small element tree built with Foundation's XMLParser, for the XML reference formats.
final class XMLElementNode {
    let name: String
    let attributes: [String: String]
    /// 1-based line where the element starts.
    let line: Int
    private(set) var children: [XMLElementNode] = []
    /// Text and child elements in document order, for mixed content (<i>, <sup> inside titles).
    fileprivate var parts: [Part] = []

    fileprivate enum Part {
        case text(String)
        case element(XMLElementNode)
    }

    init(name: String, attributes: [String: String], line: Int) {
        self.name = name
        self.attributes = attributes
        self.line = line
    }

    fileprivate func append(_ child: XMLElementNode) {
        children.append(child)
        parts.append(.element(child))
    }

    /// All text inside, markup removed, whitespace collapsed.
    var text: String { ReferenceFields.clean(rawText) }

    var rawText: String {
        parts.map { part in
            switch part {
            case .text(let text): return text
            case .element(let child): return child.rawText
            }
        }.joined()
    }

    /// Direct children with this name.
    func children(_ name: String) -> [XMLElementNode] { children.filter { $0.name == name } }

    func child(_ name: String) -> XMLElementNode? { children.first { $0.name == name } }

    /// The element at a slash-separated path of child names.
    func at(_ path: String) -> XMLElementNode? {
        var node: XMLElementNode? = self
        for name in path.split(separator: "/") { node = node?.child(String(name)) }
        return node
    }

    func all(_ path: String) -> [XMLElementNode] {
        var nodes = [self]
        for name in path.split(separator: "/") { nodes = nodes.flatMap { $0.children(String(name)) } }
        return nodes
    }

    /// Every descendant with this name, in document order.
    func descendants(_ name: String) -> [XMLElementNode] {
        var found: [XMLElementNode] = []
        for child in children {
            if child.name == name { found.append(child) }
            found += child.descendants(name)
        }
        return found
    }

    fileprivate func appendText(_ text: String) {
        if case .text(let previous)? = parts.last {
            parts[parts.count - 1] = .text(previous + text)
        } else {
            parts.append(.text(text))
        }
    }
}

enum XMLTree {
    struct ParseFailure: Error {
        var line: Int
        var reason: String
    }

    /// The document's root element, or where and why parsing stopped.
    static func parse(_ text: String) -> Result<XMLElementNode, ParseFailure> {
        let builder = Builder()
        // A stream is fed to libxml2 in pieces: given all at once, a document above 10 MB is refused.
        let parser = XMLParser(stream: InputStream(data: withoutProcessingInstructions(text)))
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        parser.delegate = builder
        let ok = parser.parse()
        // XMLParser on Linux may report success after an error; the delegate saw it either way.
        if ok, builder.errorLine == nil, let root = builder.root { return .success(root) }
        let code = (parser.parserError as NSError?)?.code ?? builder.errorCode
        let reason = "not well-formed XML" + (code.map { " (XMLParser error \($0))" } ?? "")
        return .failure(ParseFailure(line: max(1, builder.errorLine ?? parser.lineNumber), reason: reason))
    }

    /// The papers of an XML file's record elements, as JATS and PubMed XML hold them: a file that is not
    /// well-formed is one warning; a record that gives no title is a warning (`untitled`) and no paper.
    /// Also returns the root, for a reader that looks at other elements.
    static func readRecords(_ text: String, path: String, untitled: String,
                            records: (XMLElementNode) -> [XMLElementNode],
                            paper: (XMLElementNode) -> Paper) -> (outcome: ReadOutcome, root: XMLElementNode?) {
        let root: XMLElementNode
        switch parse(text) {
        case .success(let node): root = node
        case .failure(let failure):
            let warning = IngestWarning(path: path, line: failure.line, problem: .unreadable("XML error: \(failure.reason)"))
            return (ReadOutcome(warnings: [warning]), nil)
        }
        var outcome = ReadOutcome()
        for record in records(root) {
            let made = paper(record)
            if made.title.isEmpty {
                outcome.warnings.append(IngestWarning(path: path, line: record.line, problem: .badRecord(untitled)))
            } else {
                outcome.papers.append(made)
            }
        }
        return (outcome, root)
    }

    /// The text's bytes without processing instructions (`<?target data?>`) other than the XML
    /// declaration. They carry nothing a paper needs, and Foundation's XMLParser on Linux crashes on
    /// some of them (one with no data hands it a null pointer).
    static func withoutProcessingInstructions(_ text: String) -> Data {
        var bytes = Array(text.utf8)
        // Taking one out can join a "<" before it to a "?" after it: again until none is left.
        while true {
            let out = withoutProcessingInstructions(bytes)
            if out.count == bytes.count { return Data(out) }
            bytes = out
        }
    }

    private static func withoutProcessingInstructions(_ bytes: [UInt8]) -> [UInt8] {
        let open: [UInt8] = [UInt8(ascii: "<"), UInt8(ascii: "?")]
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var copied = 0, i = 0
        while i + 1 < bytes.count {
            guard bytes[i] == open[0], bytes[i + 1] == open[1] else { i += 1; continue }
            if isDeclaration(bytes, at: i) { i += 2; continue }
            var end = i + 2
            while end + 1 < bytes.count, !(bytes[end] == UInt8(ascii: "?") && bytes[end + 1] == UInt8(ascii: ">")) { end += 1 }
            // An instruction that never ends is left for the parser to report.
            guard end + 1 < bytes.count else { break }
            out.append(contentsOf: bytes[copied..<i])
            copied = end + 2
            i = copied
        }
        out.append(contentsOf: bytes[copied...])
        return out
    }

    /// `<?xml` followed by a space, at the very start (after a byte-order mark or blank space).
    private static func isDeclaration(_ bytes: [UInt8], at i: Int) -> Bool {
        let before = bytes[..<i]
        let blank = before.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
            || (before.starts(with: [0xEF, 0xBB, 0xBF]) && before.dropFirst(3).allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D })
        guard blank, i + 5 < bytes.count else { return false }
        return Array(bytes[(i + 2)..<(i + 5)]) == Array("xml".utf8) && [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i + 5])
    }

    /// The first element name of an XML text, cheaply, without parsing the document.
    static func rootName(_ text: String) -> String? {
        var rest = text.drop(while: { $0.isWhitespace })
        while rest.hasPrefix("<?") || rest.hasPrefix("<!") {
            if rest.hasPrefix("<!--") {
                guard let end = rest.range(of: "-->") else { return nil }
                rest = rest[end.upperBound...]
            } else if rest.hasPrefix("<!DOCTYPE") {
                // A DOCTYPE may hold an internal subset in brackets.
                var depth = 0
                var index = rest.startIndex
                while index < rest.endIndex {
                    let c = rest[index]
                    if c == "[" { depth += 1 } else if c == "]" { depth -= 1 } else if c == ">" && depth == 0 { break }
                    index = rest.index(after: index)
                }
                guard index < rest.endIndex else { return nil }
                rest = rest[rest.index(after: index)...]
            } else {
                guard let end = rest.range(of: ">") else { return nil }
                rest = rest[end.upperBound...]
            }
            rest = rest.drop(while: { $0.isWhitespace })
        }
        guard rest.first == "<" else { return nil }
        let name = rest.dropFirst().prefix { !$0.isWhitespace && $0 != ">" && $0 != "/" }
        return name.isEmpty ? nil : String(name)
    }

    private final class Builder: NSObject, XMLParserDelegate {
        var root: XMLElementNode?
        var stack: [XMLElementNode] = []
        var errorLine: Int?
        var errorCode: Int?

        func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
            if errorLine == nil {
                errorLine = parser.lineNumber
                errorCode = (parseError as NSError).code
            }
        }

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
            // Namespace prefixes (mml:math, xlink:href) are kept; JATS element names have none.
            let node = XMLElementNode(name: elementName, attributes: attributeDict, line: parser.lineNumber)
            if let parent = stack.last { parent.append(node) } else if root == nil { root = node }
            stack.append(node)
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
            _ = stack.popLast()
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            stack.last?.appendText(string)
        }

        func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
            stack.last?.appendText(String(decoding: CDATABlock, as: UTF8.self))
        }
    }
}
