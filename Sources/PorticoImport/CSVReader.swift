/// An RFC 4180 CSV reader: fields separated by commas (or semicolons, detected from the header),
/// quoted fields may hold separators, doubled quotes and line breaks; CRLF or LF line ends; a
/// leading UTF-8 byte-order mark is ignored. Each record keeps the line it starts on.
struct CSVReader {
    struct Record {
        var line: Int
        var fields: [String]
    }

    struct Failure: Error {
        var line: Int
        var message: String
    }

    static func parse(_ input: String) throws(Failure) -> [Record] {
        var text = Substring(input)
        if text.hasPrefix("\u{FEFF}") { text = text.dropFirst() }
        let separator = detectSeparator(text)
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var line = 1, recordLine = 1
        var inQuotes = false, quoted = false, afterQuote = false
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil

        func endRecord() {
            fields.append(field)
            // A line that is wholly empty is not a record.
            if !(fields.count == 1 && fields[0].isEmpty && !quoted) {
                records.append(Record(line: recordLine, fields: fields))
            }
            fields = []
            field = ""
            quoted = false
            afterQuote = false
        }

        while let scalar = pending ?? iterator.next() {
            pending = nil
            if inQuotes {
                if scalar == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" {
                            field.unicodeScalars.append("\"")
                        } else {
                            inQuotes = false
                            afterQuote = true
                            pending = next
                        }
                    } else {
                        inQuotes = false
                        afterQuote = true
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where field.isEmpty && !afterQuote:
                inQuotes = true
                quoted = true
            case separator:
                fields.append(field)
                field = ""
                afterQuote = false
            case "\r":
                // CRLF, or a lone CR, ends the record.
                if let next = iterator.next(), next != "\n" { pending = next }
                endRecord()
                line += 1
                recordLine = line
            case "\n":
                endRecord()
                line += 1
                recordLine = line
            default:
                // Text after a closing quote (`"abc"def`) is kept, as spreadsheets do.
                field.unicodeScalars.append(scalar)
            }
        }
        if inQuotes {
            throw Failure(line: recordLine, message: "a quoted field that starts on line \(recordLine) is never closed (a missing '\"')")
        }
        if !field.isEmpty || !fields.isEmpty || quoted { endRecord() }
        return records
    }

    /// Comma, unless the header line has semicolons and no commas (some spreadsheet locales).
    private static func detectSeparator(_ text: Substring) -> Unicode.Scalar {
        let header = text.prefix { $0 != "\n" && $0 != "\r" }
        if !header.contains(","), header.contains(";") { return ";" }
        return ","
    }
}
