// Where each record of a CSV text starts, as a line number.
//
// The CSV package yields the fields of each record but not where the record was in the
// file, and a quoted field may hold line breaks, so record 7 need not be on line 7. This
// scan follows the same rules as the package's reader (a field is quoted only when it
// starts with a double quote; "" inside quotes is one quote; CR, LF and CR LF end a
// record outside quotes) and notes the line each record starts on.

struct CSVRecordLines {
    /// The line (from 1) on which each record starts, in order.
    private(set) var startLines: [Int] = []
    /// The line of a quoted field still open at the end of the text, if any.
    private(set) var unclosedQuoteLine: Int?

    init(_ text: String, delimiter: Unicode.Scalar) {
        let scalars = Array(text.unicodeScalars)
        var position = 0
        var line = 1

        // Consumes one scalar; a CR, LF or CR LF pair moves to the next line.
        func advance() -> Unicode.Scalar? {
            guard position < scalars.count else { return nil }
            let scalar = scalars[position]
            position += 1
            if scalar == "\n" { line += 1 }
            if scalar == "\r" {
                if position < scalars.count && scalars[position] == "\n" {
                    position += 1
                }
                line += 1
                return "\n"  // a CR LF pair ends a record like a single LF
            }
            return scalar
        }
        func peek() -> Unicode.Scalar? { position < scalars.count ? scalars[position] : nil }

        while position < scalars.count {
            startLines.append(line)
            record: while true {
                // One field.
                if peek() == "\"" {
                    let quoteLine = line
                    _ = advance()
                    var closed = false
                    while let scalar = advance() {
                        guard scalar == "\"" else { continue }
                        let next = advance()
                        if next == nil || next == "\n" { closed = true; break record }
                        if next == delimiter { closed = true; continue record }
                        // An escaped quote, or stray text after a closing quote (which the
                        // package keeps inside the field): the field goes on.
                    }
                    if !closed { unclosedQuoteLine = quoteLine; break record }
                } else {
                    while true {
                        guard let scalar = advance() else { break record }
                        if scalar == "\n" { break record }
                        if scalar == delimiter { continue record }
                    }
                }
            }
        }
    }
}
