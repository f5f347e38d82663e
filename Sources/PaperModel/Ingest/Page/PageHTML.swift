import Foundation

/// A saved page in HTML: its meta tags, and its visible text with block elements as line breaks.
enum PageHTML {
    /// True when the text is marked up rather than plain: an html/head/body element or several block tags.
    static func isHTML(_ text: String) -> Bool {
        let head = String(text.prefix(4096)).lowercased()
        if head.contains("<!doctype html") || head.contains("<html") || head.contains("<head") || head.contains("<body") {
            return true
        }
        return blockTagCount.matches(in: head).count >= 3
    }

    /// `name`/`property` → values of every `<meta>` tag, names lowercased, in page order.
    static func metaTags(_ html: String) -> [(name: String, value: String)] {
        var tags: [(String, String)] = []
        for match in metaTag.matches(in: html) {
            let tag = match.value
            var name: String?
            var content: String?
            for attribute in attribute.matches(in: tag) {
                guard let key = attribute[1]?.lowercased() else { continue }
                let value = attribute[2] ?? attribute[3] ?? ""
                switch key {
                case "name", "property", "itemprop": name = value.lowercased()
                case "content": content = value
                default: break
                }
            }
            if let name, let content {
                let value = TextNormalizer.collapseWhitespace(decodeEntities(content))
                if !value.isEmpty { tags.append((name, value)) }
            }
        }
        return tags
    }

    /// The visible text: scripts, styles and comments dropped, block elements on their own lines, entities decoded.
    static func visibleText(_ html: String) -> String {
        var text = invisible.replacing(in: html, with: " ")
        text = blockBoundary.replacing(in: text, with: "\n")
        text = anyTag.replacing(in: text, with: "")
        text = decodeEntities(text)
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { TextNormalizer.collapseWhitespace(String($0)) }
            .joined(separator: "\n")
    }

    /// Markup stripped from a short field (a JSON value, a meta tag) and whitespace collapsed.
    static func stripTags(_ text: String) -> String {
        guard text.contains("<") || text.contains("&") else { return TextNormalizer.collapseWhitespace(text) }
        let withBreaks = blockBoundary.replacing(in: text, with: " ")
        return TextNormalizer.collapseWhitespace(decodeEntities(anyTag.replacing(in: withBreaks, with: "")))
    }

    /// Named entities common in article pages and every numeric entity; `&#x;` remnants dropped.
    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = ""
        out.reserveCapacity(text.count)
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            guard character == "&", let semicolon = text[index...].prefix(12).firstIndex(of: ";") else {
                out.append(character)
                index = text.index(after: index)
                continue
            }
            let body = text[text.index(after: index)..<semicolon]
            if let decoded = decode(entity: body) {
                out += decoded
                index = text.index(after: semicolon)
            } else {
                out.append(character)
                index = text.index(after: index)
            }
        }
        return out
    }

    private static func decode(entity body: Substring) -> String? {
        if body.hasPrefix("#") {
            let digits = body.dropFirst()
            if digits.isEmpty || digits == "x" || digits == "X" { return "" }
            let value = digits.first == "x" || digits.first == "X" ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
            guard let value, let scalar = Unicode.Scalar(value) else { return nil }
            return String(Character(scalar))
        }
        return namedEntities[String(body)]
    }

    private static let namedEntities: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ", "ndash": "–", "mdash": "—",
        "hellip": "…", "rsquo": "’", "lsquo": "‘", "rdquo": "”", "ldquo": "“", "copy": "©", "reg": "®",
        "trade": "™", "deg": "°", "plusmn": "±", "times": "×", "middot": "·", "bull": "•", "dagger": "†",
        "Dagger": "‡", "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "kappa": "κ", "mu": "μ",
        "le": "≤", "ge": "≥", "shy": "", "thinsp": " ", "ensp": " ", "emsp": " ", "zwj": "", "zwnj": "",
        "eacute": "é", "egrave": "è", "aacute": "á", "agrave": "à", "iacute": "í", "oacute": "ó", "uacute": "ú",
        "uuml": "ü", "ouml": "ö", "auml": "ä", "Uuml": "Ü", "Ouml": "Ö", "Auml": "Ä", "ntilde": "ñ", "ccedil": "ç",
        "szlig": "ß", "oslash": "ø", "aring": "å", "ecirc": "ê", "ocirc": "ô", "acirc": "â", "icirc": "î",
    ]

    private static let blockTagCount = PagePattern(#"<(?:div|p|span|meta|a|li|h[1-6]|section|article)[\s>]"#, caseInsensitive: true)
    private static let metaTag = PagePattern(#"<meta\b[^>]*>"#, caseInsensitive: true)
    private static let attribute = PagePattern(#"([A-Za-z_:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')"#)
    private static let invisible = PagePattern(
        #"<(script|style|noscript|template|svg|head)\b[^>]*>[\s\S]*?</\1\s*>|<!--[\s\S]*?-->"#, caseInsensitive: true)
    private static let blockBoundary = PagePattern(
        #"<(?:br|/?p|/?div|/?li|/?ul|/?ol|/?h[1-6]|/?tr|/?table|/?section|/?article|/?header|/?footer|/?nav|/?aside|/?main|/?title|/?dd|/?dt|/?dl|/?blockquote|/?figure|/?figcaption|hr)\b[^>]*>"#,
        caseInsensitive: true)
    private static let anyTag = PagePattern(#"<[^>]*>"#)
}
