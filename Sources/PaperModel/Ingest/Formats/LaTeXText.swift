import Foundation

/// LaTeX as BibTeX fields write it, turned into plain Unicode text: accents (`{\'e}`, `\"{o}`, `\c c`),
/// special letters (`\ss`, `\o`), escaped characters (`\&`, `\%`), dashes, ties, Greek letters and
/// simple formatting commands. Braces that only protect case are dropped.
public enum LaTeXText {
    public static func plain(_ latex: String) -> String {
        guard needsConversion(latex) else { return ReferenceFields.clean(latex) }
        var converter = Converter(Array(latex))
        let text = converter.convert(untilClosingBrace: false)
        return ReferenceFields.clean(text.precomposedStringWithCanonicalMapping)
    }

    /// Whether the text holds anything LaTeX would change: \\ { } $ ~, or doubled - ` '.
    static func needsConversion(_ latex: String) -> Bool {
        var previous: UInt8 = 0
        for byte in latex.utf8 {
            switch byte {
            case 0x5C, 0x7B, 0x7D, 0x24, 0x7E: return true
            case 0x2D, 0x60, 0x27: if byte == previous { return true }
            default: break
            }
            previous = byte
        }
        return false
    }

    static let accents: [String: Character] = [
        "'": "\u{301}", "`": "\u{300}", "^": "\u{302}", "\"": "\u{308}", "~": "\u{303}", "=": "\u{304}",
        ".": "\u{307}", "u": "\u{306}", "v": "\u{30C}", "H": "\u{30B}", "c": "\u{327}", "k": "\u{328}",
        "r": "\u{30A}", "b": "\u{331}", "d": "\u{323}",
    ]

    static let symbols: [String: String] = [
        "ss": "ß", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "o": "ø", "O": "Ø", "aa": "å", "AA": "Å",
        "l": "ł", "L": "Ł", "i": "i", "j": "j", "dh": "ð", "DH": "Ð", "th": "þ", "TH": "Þ",
        "textendash": "–", "textemdash": "—", "textquoteright": "’", "textquoteleft": "‘",
        "textquotedblleft": "“", "textquotedblright": "”", "textregistered": "®", "texttrademark": "™",
        "copyright": "©", "textcopyright": "©", "S": "§", "P": "¶", "dag": "†", "ddag": "‡", "ldots": "…",
        "dots": "…", "textellipsis": "…", "textasciitilde": "~", "textbackslash": "\\", "textasciicircum": "^",
        "textunderscore": "_", "textbar": "|", "textless": "<", "textgreater": ">", "textdegree": "°", "degree": "°",
        "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε", "zeta": "ζ",
        "eta": "η", "theta": "θ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ",
        "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ", "upsilon": "υ", "phi": "φ", "varphi": "φ", "chi": "χ",
        "psi": "ψ", "omega": "ω", "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π",
        "Sigma": "Σ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω", "textalpha": "α", "textbeta": "β", "textmu": "μ",
        "pm": "±", "textpm": "±", "times": "×", "texttimes": "×", "leq": "≤", "le": "≤", "geq": "≥", "ge": "≥",
        "approx": "≈", "sim": "∼", "to": "→", "rightarrow": "→", "leftarrow": "←", "infty": "∞", "cdot": "·",
        "prime": "′", "textperthousand": "‰", "checkmark": "✓", "neq": "≠", "ne": "≠",
        "quad": " ", "qquad": " ", "space": " ", "newline": " ", "par": " ",
    ]

    /// Commands whose argument is kept as text.
    static let formatting: Set<String> = [
        "textit", "textbf", "emph", "textsc", "textrm", "textsf", "texttt", "textup", "textmd", "textnormal",
        "mathrm", "mathit", "mathbf", "mathsf", "mathtt", "mathcal", "mbox", "hbox", "text", "textsuperscript",
        "textsubscript", "url", "uppercase", "lowercase", "MakeUppercase", "MakeLowercase", "ensuremath", "NoCaseChange",
    ]

    struct Converter {
        let chars: [Character]
        var index = 0
        var inMath = false

        init(_ chars: [Character]) { self.chars = chars }

        var current: Character? { index < chars.count ? chars[index] : nil }

        mutating func convert(untilClosingBrace: Bool) -> String {
            var out = ""
            while let c = current {
                switch c {
                case "}":
                    index += 1
                    if untilClosingBrace { return out }
                case "{":
                    index += 1
                    out += convert(untilClosingBrace: true)
                case "\\":
                    index += 1
                    out += command()
                case "$":
                    index += 1
                    inMath.toggle()
                case "~":
                    index += 1
                    out += " "
                case "^" where inMath, "_" where inMath:
                    index += 1
                case "-":
                    var run = 0
                    while current == "-" { run += 1; index += 1 }
                    out += run == 2 ? "–" : run == 3 ? "—" : String(repeating: "-", count: run)
                case "`" where index + 1 < chars.count && chars[index + 1] == "`":
                    index += 2
                    out += "“"
                case "'" where index + 1 < chars.count && chars[index + 1] == "'":
                    index += 2
                    out += "”"
                default:
                    index += 1
                    out.append(c)
                }
            }
            return out
        }

        /// After a backslash: a control word or symbol, with its argument when it takes one.
        mutating func command() -> String {
            guard let first = current else { return "" }
            var name = ""
            if first.isLetter {
                while let c = current, c.isLetter, c.isASCII { name.append(c); index += 1 }
            } else {
                name = String(first)
                index += 1
            }
            if let mark = LaTeXText.accents[name], name.count == 1, !(name.first!.isLetter && current == nil) {
                if name.first!.isLetter { skipSpaces() }
                let base = argument()
                guard let head = base.first else { return String(mark) }
                return String(head) + String(mark) + base.dropFirst()
            }
            if first.isLetter { skipSpaces() }
            if let symbol = LaTeXText.symbols[name] { return symbol }
            switch name {
            case "&", "%", "$", "#", "_", "{", "}", "@", "'", "`": return name
            case "\\": return " "
            case " ", ",", ";", ":", "!", "/", "-": return name == "-" ? "" : " "
            case "href":
                _ = argument()
                return argument()
            default:
                // Formatting commands keep their argument; unknown ones vanish with their name.
                if LaTeXText.formatting.contains(name) { return argument() }
                return ""
            }
        }

        mutating func skipSpaces() {
            while let c = current, c == " " || c == "\t" { index += 1 }
        }

        /// One argument: a braced group, a command (`\i`), or one character.
        mutating func argument() -> String {
            skipSpaces()
            guard let c = current else { return "" }
            switch c {
            case "{":
                index += 1
                return convert(untilClosingBrace: true)
            case "\\":
                index += 1
                return command()
            default:
                index += 1
                return String(c)
            }
        }
    }

    // MARK: Writing

    /// Plain text made safe inside a braced BibTeX field: LaTeX's special characters escaped,
    /// unbalanced braces avoided. Non-ASCII letters stay as UTF-8, which BibLaTeX, Biber and
    /// reference managers read.
    public static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "\\": out += "\\textbackslash{}"
            case "{": out += "\\{"
            case "}": out += "\\}"
            case "&", "%", "$", "#", "_": out += "\\" + String(c)
            case "~": out += "\\textasciitilde{}"
            case "^": out += "\\textasciicircum{}"
            default: out.append(c)
            }
        }
        return out
    }

    /// A title for BibTeX: escaped, with words carrying capitals after their first letter
    /// (acronyms, gene names: CML, BCR-ABL, mRNA) braced so styles do not lowercase them.
    public static func titleField(_ text: String) -> String {
        text.split(separator: " ", omittingEmptySubsequences: false).map { word -> String in
            let escaped = escape(String(word))
            let protect = word.dropFirst().contains { $0.isUppercase } || (word.first?.isUppercase == true && word.count == 1 && word != "A")
            return protect ? "{" + escaped + "}" : escaped
        }.joined(separator: " ")
    }
}
