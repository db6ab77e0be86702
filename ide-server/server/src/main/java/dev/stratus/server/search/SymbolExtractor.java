package dev.stratus.server.search;

import dev.stratus.protocol.search.SymbolMatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A lightweight, line-based declaration extractor for go-to-symbol: one regular expression per
 * declaration form, applied to each line (no parsing, no type information, so it is fast and
 * never fails, and it is a heuristic: a declaration split oddly across lines can be missed, and
 * a statement shaped like a declaration can be taken for one). The language comes from the file
 * extension. Kinds are {@code class}, {@code interface}, {@code enum}, {@code struct},
 * {@code type}, {@code function}, {@code method}, {@code constant}, {@code variable} and
 * {@code macro}.
 *
 * <ul>
 * <li><b>Java</b> ({@code .java}): {@code class}, {@code record} (class), {@code interface},
 *     {@code @interface} (interface), {@code enum}; indented {@code Type name(} lines as methods
 *     (constructors included); {@code static final} fields named in upper case as constants.</li>
 * <li><b>TypeScript/JavaScript</b> ({@code .ts .tsx .mts .cts .js .jsx .mjs .cjs}): {@code class},
 *     {@code interface}, {@code enum}, {@code type X =}, {@code function X}; unindented
 *     {@code const/let/var X =} as a function when bound to a function or arrow function, else a
 *     constant ({@code const}) or variable; indented {@code name(...) {} lines as methods.</li>
 * <li><b>Python</b> ({@code .py .pyi}): {@code class}; {@code def} (a function at the top level,
 *     a method when indented); top-level {@code UPPER_CASE =} constants.</li>
 * <li><b>Go</b> ({@code .go}): {@code func} (function), {@code func (r T) Name} (method),
 *     {@code type X struct} (struct), {@code type X interface}, other {@code type} declarations,
 *     top-level {@code const} and {@code var} (also inside {@code const (...)} blocks).</li>
 * <li><b>C/C++</b> ({@code .c .h .cc .cpp .cxx .hpp .hh .hxx}): {@code class}, {@code struct},
 *     {@code union} (struct), {@code enum} (a definition, not a forward declaration or a variable); {@code typedef} names (type);
 *     {@code #define X} (constant) and {@code #define X(} (macro); unindented lines
 *     {@code ... name(...} not ending in {@code ;} as functions ({@code Class::name} as methods);
 *     in C++ files, indented inline member definitions {@code Type name(...) ... {} as methods.</li>
 * </ul>
 */
final class SymbolExtractor {
    private static final Set<String> KEYWORDS = Set.of("if", "for", "while", "switch", "catch", "return", "new", "throw",
            "else", "case", "do", "sizeof", "typedef", "function", "yield", "await", "try", "finally", "with", "elif",
            "synchronized", "delete", "goto", "defined", "super", "this", "assert");

    private static final Pattern JAVA_TYPE = Pattern.compile(
            "^\\s*(?:@\\w+(?:\\([^)]*\\))?\\s+)*(?:(?:public|protected|private|static|final|abstract|sealed|non-sealed|strictfp)\\s+)*"
                    + "(class|interface|enum|record|@interface)\\s+([A-Za-z_$][\\w$]*)");
    private static final Pattern JAVA_METHOD = Pattern.compile(
            "^\\s+(?:(?:public|protected|private|static|final|abstract|synchronized|native|default|strictfp)\\s+)*"
                    + "(?:<[^>]*>\\s+)?(?:([\\w$.?\\[\\]]+(?:<[^()=;]*>)?(?:\\[\\])*)\\s+)?([A-Za-z_$][\\w$]*)\\s*\\("
                    // Either the header goes on (no ';' follows), or it closes and a body opens on the line.
                    + "(?:[^;]*$|[^;{]*\\)\\s*(?:throws\\s+[\\w$.,\\s]+)?\\{.*$)");
    private static final Pattern JAVA_CONSTANT = Pattern.compile(
            "^\\s*(?:(?:public|protected|private)\\s+)?(?:static\\s+final|final\\s+static)\\s+[\\w$.<>\\[\\],? ]+?\\s+([A-Z_][A-Z0-9_]*)\\s*[=;]");

    private static final Pattern TS_CLASS = Pattern.compile("^\\s*(?:export\\s+)?(?:default\\s+)?(?:declare\\s+)?(?:abstract\\s+)?class\\s+([\\w$]+)");
    private static final Pattern TS_INTERFACE = Pattern.compile("^\\s*(?:export\\s+)?(?:declare\\s+)?interface\\s+([\\w$]+)");
    private static final Pattern TS_ENUM = Pattern.compile("^\\s*(?:export\\s+)?(?:declare\\s+)?(?:const\\s+)?enum\\s+([\\w$]+)");
    private static final Pattern TS_TYPE = Pattern.compile("^\\s*(?:export\\s+)?(?:declare\\s+)?type\\s+([\\w$]+)\\s*(?:<.*>)?\\s*=");
    private static final Pattern TS_FUNCTION = Pattern.compile(
            "^\\s*(?:export\\s+)?(?:default\\s+)?(?:declare\\s+)?(?:async\\s+)?function\\s*\\*?\\s*([\\w$]+)");
    private static final Pattern TS_BINDING = Pattern.compile("^(?:export\\s+)?(?:declare\\s+)?(const|let|var)\\s+([\\w$]+)\\s*(?::[^=]*)?(=.*)?$");
    private static final Pattern TS_FUNCTION_VALUE = Pattern.compile(
            "=\\s*(?:async\\s+)?(?:function\\b|\\([^)]*\\)\\s*(?::[^=]*)?=>|[\\w$]+\\s*=>)");
    private static final Pattern TS_METHOD = Pattern.compile(
            "^\\s+(?:(?:public|private|protected|static|async|override|abstract|readonly|get|set)\\s+)*\\*?"
                    + "([A-Za-z_$#][\\w$]*)\\s*(?:<[^>()]*>)?\\s*\\(.*\\)\\s*(?::\\s*[^={;]+)?\\{\\s*$");

    private static final Pattern PY_DEF = Pattern.compile("^(\\s*)(?:async\\s+)?def\\s+(\\w+)");
    private static final Pattern PY_CLASS = Pattern.compile("^\\s*class\\s+(\\w+)");
    private static final Pattern PY_CONSTANT = Pattern.compile("^([A-Z][A-Z0-9_]*)\\s*(?::[^=]*)?=(?!=)");

    private static final Pattern GO_FUNC = Pattern.compile("^func\\s+(\\w+)\\s*[\\[(]");
    private static final Pattern GO_METHOD = Pattern.compile("^func\\s*\\([^)]*\\)\\s*(\\w+)");
    private static final Pattern GO_TYPE = Pattern.compile("^(?:type\\s+|\\s+)(\\w+)\\s+(?:\\[[^]]*\\]\\s*)?(struct|interface)?");
    private static final Pattern GO_VALUE = Pattern.compile("^(?:(const|var)\\s+|\\s+)(\\w+)\\b");

    private static final Pattern C_AGGREGATE = Pattern.compile(
            "^\\s*(?:template\\s*<.*>\\s*)?(?:typedef\\s+)?(class|struct|union|enum(?:\\s+class|\\s+struct)?)\\s+(?:\\w+\\s+)*?(\\w+)\\s*(?:final\\s*)?(?::[^;{]*)?(?:\\{.*)?$");
    private static final Pattern C_TYPEDEF = Pattern.compile("^\\s*typedef\\s+.*?(?:\\(\\s*\\*\\s*(\\w+)\\s*\\)\\s*\\(.*|(\\w+)(?:\\s*\\[[^]]*\\])?)\\s*;\\s*$");
    private static final Pattern C_TYPEDEF_END = Pattern.compile("^}\\s*(\\w+)\\s*;");
    private static final Pattern C_DEFINE = Pattern.compile("^\\s*#\\s*define\\s+(\\w+)(\\()?");
    private static final Pattern C_FUNCTION = Pattern.compile(
            "^(?:[\\w*&<>,:~]+[\\s*&]+)*?((?:\\w+::)*~?\\w+)\\s*\\(([^;]*)$");
    private static final Pattern CPP_MEMBER = Pattern.compile(
            "^\\s+(?:(?:virtual|static|inline|explicit|constexpr|friend)\\s+)*(?:[\\w:<>,]+[\\s*&]+)+~?(\\w+)\\s*\\([^;=]*\\)\\s*"
                    + "(?:const\\s*)?(?:noexcept\\s*)?(?:override\\s*)?(?:final\\s*)?\\{");

    private SymbolExtractor() {
    }

    /** The declarations in {@code text}, in line order; empty for languages it does not know. */
    static List<SymbolMatch> extract(String path, String text) {
        String ext = path.substring(path.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        if (ext.equals(path.toLowerCase(Locale.ROOT)) || path.lastIndexOf('.') < path.lastIndexOf('/')) {
            return List.of();
        }
        Sink sink = new Sink(path);
        switch (ext) {
            case "java" -> eachLine(text, (line, n) -> java(line, n, sink));
            case "ts", "tsx", "mts", "cts", "js", "jsx", "mjs", "cjs" -> eachLine(text, (line, n) -> typescript(line, n, sink));
            case "py", "pyi" -> eachLine(text, (line, n) -> python(line, n, sink));
            case "go" -> go(text, sink);
            case "c", "h" -> eachLine(text, (line, n) -> c(line, n, sink, false));
            case "cc", "cpp", "cxx", "hpp", "hh", "hxx" -> eachLine(text, (line, n) -> c(line, n, sink, true));
            default -> {
                return List.of();
            }
        }
        return sink.symbols;
    }

    private static final class Sink {
        final String path;
        final List<SymbolMatch> symbols = new ArrayList<>();

        Sink(String path) {
            this.path = path;
        }

        void add(String name, String kind, int line) {
            if (name != null && !name.isEmpty() && !KEYWORDS.contains(name)) {
                symbols.add(new SymbolMatch(name, kind, path, line));
            }
        }
    }

    @FunctionalInterface
    private interface LineVisitor {
        void visit(String line, int number);
    }

    private static void eachLine(String text, LineVisitor visitor) {
        int n = 0;
        for (int start = 0; start < text.length(); ) {
            int nl = text.indexOf('\n', start);
            int end = nl < 0 ? text.length() : nl;
            n++;
            String line = text.substring(start, end > start && text.charAt(end - 1) == '\r' ? end - 1 : end);
            if (line.length() <= 1000 && !comment(line)) {
                visitor.visit(line, n);
            }
            start = end + 1;
        }
    }

    private static boolean comment(String line) {
        String t = line.stripLeading();
        return t.startsWith("//") || t.startsWith("/*") || t.startsWith("*");
    }

    private static void java(String line, int n, Sink sink) {
        Matcher m = JAVA_TYPE.matcher(line);
        if (m.find()) {
            String kind = switch (m.group(1)) {
                case "interface", "@interface" -> "interface";
                case "enum" -> "enum";
                default -> "class";
            };
            sink.add(m.group(2), kind, n);
            return;
        }
        m = JAVA_CONSTANT.matcher(line);
        if (m.find()) {
            sink.add(m.group(1), "constant", n);
            return;
        }
        m = JAVA_METHOD.matcher(line);
        int body = line.indexOf('{');
        String header = body < 0 ? line : line.substring(0, body);
        if (m.find() && !header.contains("=") && (m.group(1) == null || !KEYWORDS.contains(m.group(1)))) {
            if (m.group(1) != null || Character.isUpperCase(m.group(2).charAt(0)) && line.stripLeading().startsWith("p")) {
                sink.add(m.group(2), "method", n);
            }
        }
    }

    private static void typescript(String line, int n, Sink sink) {
        Matcher m;
        if ((m = TS_CLASS.matcher(line)).find()) {
            sink.add(m.group(1), "class", n);
        } else if ((m = TS_INTERFACE.matcher(line)).find()) {
            sink.add(m.group(1), "interface", n);
        } else if ((m = TS_ENUM.matcher(line)).find()) {
            sink.add(m.group(1), "enum", n);
        } else if ((m = TS_TYPE.matcher(line)).find()) {
            sink.add(m.group(1), "type", n);
        } else if ((m = TS_FUNCTION.matcher(line)).find()) {
            sink.add(m.group(1), "function", n);
        } else if ((m = TS_BINDING.matcher(line)).find()) {
            boolean function = m.group(3) != null && TS_FUNCTION_VALUE.matcher(m.group(3)).lookingAt();
            sink.add(m.group(2), function ? "function" : m.group(1).equals("const") ? "constant" : "variable", n);
        } else if ((m = TS_METHOD.matcher(line)).find()) {
            sink.add(m.group(1), "method", n);
        }
    }

    private static void python(String line, int n, Sink sink) {
        if (line.stripLeading().startsWith("#")) {
            return;
        }
        Matcher m;
        if ((m = PY_DEF.matcher(line)).find()) {
            sink.add(m.group(2), m.group(1).isEmpty() ? "function" : "method", n);
        } else if ((m = PY_CLASS.matcher(line)).find()) {
            sink.add(m.group(1), "class", n);
        } else if ((m = PY_CONSTANT.matcher(line)).find()) {
            sink.add(m.group(1), "constant", n);
        }
    }

    private static void go(String text, Sink sink) {
        String[] block = {null};
        eachLine(text, (line, n) -> {
            Matcher m;
            if (block[0] != null) {
                if (line.startsWith(")")) {
                    block[0] = null;
                } else if (line.startsWith("\t") && !line.startsWith("\t\t") || line.startsWith("    ") && !line.startsWith("     ")) {
                    if (block[0].equals("type") && (m = GO_TYPE.matcher(line)).find()) {
                        sink.add(m.group(1), goTypeKind(m.group(2)), n);
                    } else if (!block[0].equals("type") && (m = GO_VALUE.matcher(line)).find()) {
                        sink.add(m.group(2), block[0].equals("const") ? "constant" : "variable", n);
                    }
                }
                return;
            }
            if (line.matches("^(const|var|type)\\s*\\(.*")) {
                block[0] = line.substring(0, line.indexOf('(')).trim();
            } else if ((m = GO_METHOD.matcher(line)).find()) {
                sink.add(m.group(1), "method", n);
            } else if ((m = GO_FUNC.matcher(line)).find()) {
                sink.add(m.group(1), "function", n);
            } else if (line.startsWith("type") && (m = GO_TYPE.matcher(line)).find()) {
                sink.add(m.group(1), goTypeKind(m.group(2)), n);
            } else if ((line.startsWith("const") || line.startsWith("var")) && (m = GO_VALUE.matcher(line)).find()) {
                sink.add(m.group(2), m.group(1).equals("const") ? "constant" : "variable", n);
            }
        });
    }

    private static String goTypeKind(String keyword) {
        return keyword == null ? "type" : keyword;
    }

    private static void c(String line, int n, Sink sink, boolean cpp) {
        Matcher m;
        if ((m = C_DEFINE.matcher(line)).find()) {
            sink.add(m.group(1), m.group(2) == null ? "constant" : "macro", n);
        } else if (line.startsWith("#")) {
            return;
        } else if ((m = C_AGGREGATE.matcher(line)).find()) {
            String kind = m.group(1).startsWith("enum") ? "enum" : m.group(1).equals("class") ? "class" : "struct";
            sink.add(m.group(2), kind, n);
        } else if ((m = C_TYPEDEF.matcher(line)).find()) {
            sink.add(m.group(1) != null ? m.group(1) : m.group(2), "type", n);
        } else if ((m = C_TYPEDEF_END.matcher(line)).find()) {
            sink.add(m.group(1), "type", n);
        } else if (!line.isEmpty() && !Character.isWhitespace(line.charAt(0)) && line.charAt(0) != '}'
                && (m = C_FUNCTION.matcher(line)).find() && !line.contains("=") && firstWordIsNotKeyword(line)) {
            String name = m.group(1);
            int colons = name.lastIndexOf("::");
            sink.add(colons < 0 ? name : name.substring(colons + 2), colons < 0 ? "function" : "method", n);
        } else if (cpp && (m = CPP_MEMBER.matcher(line)).find() && firstWordIsNotKeyword(line.stripLeading())) {
            sink.add(m.group(1), "method", n);
        }
    }

    private static boolean firstWordIsNotKeyword(String line) {
        Matcher w = Pattern.compile("^\\w+").matcher(line);
        return !w.find() || !KEYWORDS.contains(w.group());
    }
}
