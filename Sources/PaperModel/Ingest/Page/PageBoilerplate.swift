import Foundation

/// Lines that belong to the website, not the paper: navigation, login, cookie and licence notices,
/// sharing widgets, document-site chrome, proxy and server messages.
enum PageBoilerplate {
    static func isBoilerplate(_ line: String) -> Bool {
        let text = line.trimmed
        if text.isEmpty { return false }
        let lower = text.lowercased()
        if text.count <= 60, shortPhrases.contains(lower.trimmingCharacters(in: CharacterSet(charactersIn: " .:…|"))) { return true }
        if lower.contains("logolink to") || lower.hasSuffix(" logo") { return true }
        return phrase.contains(text)
    }

    /// Headings after which the page no longer speaks of this paper's own text.
    static func isEndOfPaper(_ line: String) -> Bool {
        endHeading.contains(line.trimmed)
    }

    /// A licence, copyright or cookie sentence (never an abstract even when long).
    static func isNotice(_ line: String) -> Bool {
        notice.contains(line)
    }

    private static let shortPhrases: Set<String> = [
        "u.s. flag", "dot gov", "https", "affiliations", "free article", "free pmc article", "show less", "show more",
        "back to top", "expand", "add like", "add dislike", "add to saved papers", "full text links", "supplemental content",
        "loading", "support center", "send to", "choose destination", "author information", "pubmed disclaimer",
        "similar articles", "cited by", "references", "publication types", "mesh terms", "linkout - more resources",
        "relevant articles", "access options", "rent or buy this article", "sign in", "log in", "login", "register",
        "subscribe", "menu", "search", "home", "share", "cite", "download", "print", "email", "permalink", "save",
        "pdf", "full text", "article information", "article info", "abstract and figures", "get citation",
        "connect on social media", "online first", "open access", "submit paper", "article processing fee",
        "pay online", "crossref logo", "available formats", "you might also like", "download as pdf or txt",
        "saved in", "bibliographic details", "full description", "format", "language", "subjects", "citations",
        "items that cite this one", "items that this one cites", "online access", "tags", "servicios personalizados",
        "revista", "articulo", "indicadores", "links relacionados", "compartir", "europe pmc", "free full text",
        "font type", "font size", "line spacing", "column width", "arial georgia verdana", "aa aa aa", "by", "and",
        "next article in journal", "previous article in journal", "previous article in special issue",
        "next article in special issue", "[indexed for medline]", "how to cite", "metrics", "figures", "tables",
        "references & citations", "view article", "view pdf", "related articles", "recommended articles",
        "article metrics", "export citation", "cite this article", "share this article", "about", "contact",
        "help", "close", "open", "toggle navigation", "table of contents", "文章快速检索", "高级检索", "引用本文",
        "基金项目", "作者简介", "通信作者", "文章历史", "期刊介绍", "contents lists available at sciencedirect",
        "skip to main content", "skip to main page content", "skip to content", "main navigation",
        "article contents", "oxford academic", "google scholar", "pubmed", "crossref", "permissions", "article history",
        "split-screen", "views", "tools", "get rights and content", "add to mendeley", "show more", "show less",
        "follow this preprint", "new results", "cite this article", "metrics details", "save to library", "create alert",
        "create free account", "discover the world's research", "view on pubmed", "issue section", "topic", "advertisement",
        "journals", "books", "search menu", "issues", "previous article", "next article", "highlights", "outline",
        "recommended", "comments", "search within", "citing literature", "sections", "free access", "full article",
        "figures & data", "reprints & permissions", "read this article", "in this article", "list of issues", "all journals",
        "cart", "details", "full-text html", "author information", "share this article", "citations & impact", "authors", "article", "info", "figures & data", "eletters", "peer review",
    ]

    private static let phrase = PagePattern(
        #"^(?:skip to |an official website of|the \.gov means|federal government websites|the site is secure|the https:// ensures|access keys |we have located links|can't access the paper|can’t access the paper|try logging in|for the best experience|mobile app|get seemless|get seamless|all material on this website|this website (?:also )?contains|this website requires cookies|by using (?:this|the|our) (?:service|site|website)|your privacy choices|you can now claim|we use cookies|this site uses cookies|cookie|accept (?:all )?cookies|thank you for visiting|this is a preview of subscription content|open access articles citing|this article is part of the research topic|sec\. |\d+% found this document useful|\d+ views\s*\d+ pages|uploaded by|we take content rights seriously|download as |you are on page|sunteți pe pagina|\d+ downloads? \d+ views|no tags, be the first|cited_by |cites cdi_|container_|warning: |icon for |page views|article views|metrics: |pdf \||home page|versión impresa|scielo - |a complete list of|this article was published on|view all \d+|loading…|引用次数|contents lists available at|search for other works by this author|this article is a preprint and has not been|\d+ accesses|\d+ citations?$|corpus id: |view on |\d+ reads$)"#,
        caseInsensitive: true)

    private static let endHeading = PagePattern(
        #"^(?:references|bibliography|similar articles|cited by|related articles|recommended articles|literature cited|works cited|mesh terms|linkout - more resources|full text links|comment in|erratum in|grant support|publication types|substances|associated data|supplementary material|footnotes|notes|acknowledg(?:e)?ments?|conflicts? of interest|competing interests|funding|author contributions|declarations|supplemental content)\s*:?$"#,
        caseInsensitive: true)

    private static let notice = PagePattern(
        #"(?:\bcopyright\b|©|\bcreative commons\b|\bopen access article\b|\bopen-access article\b|\ball rights reserved\b|\bcookies?\b|\bprivacy (?:policy|notice)\b|\bterms of (?:use|service)\b|\bproperly cited\b|\bwe take content rights)"#,
        caseInsensitive: true)
}
