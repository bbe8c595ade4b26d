package io.callguard.blocklist;

import java.util.ArrayList;
import java.util.List;

import io.callguard.rest.ProblemException;

/** Splits one RFC 4180 CSV line: commas, double-quoted fields with {@code ""} escapes; no multi-line fields. */
final class CsvLine {

    private CsvLine() {}

    static List<String> split(String line) {
        List<String> cols = new ArrayList<>(6);
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.length() == 0) {
                quoted = true;
            } else if (c == ',') {
                cols.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw ProblemException.invalid("line", "unterminated quoted field");
        }
        cols.add(field.toString());
        return cols;
    }

    /**
     * A free-text cell that a spreadsheet must show, never evaluate: a leading {@code = + - @} (or tab, carriage
     * return) gets a {@code '} in front (OWASP "CSV injection"). Numbers are canonical digits and need none.
     */
    static String quoteText(String value) {
        if (value != null && !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0) {
            return quote("'" + value);
        }
        return quote(value);
    }

    static String quote(String value) {
        if (value == null) {
            return "";
        }
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
