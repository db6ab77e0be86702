package dev.stratus.ai.router;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Computes {@link PromptFeatures}; see there for what each feature means. */
final class PromptFeatureExtractor {
    /**
     * Patterns run over this many characters at most, so a pasted 1 MB log costs the same as a long
     * prompt; the rest still counts towards the token estimate.
     */
    static final int MAX_SCAN_CHARS = 16_384;

    private static final Pattern INLINE_CODE = Pattern.compile("`[^`\\n]*`");
    private static final Pattern CODE_KEYWORD = Pattern.compile(
            "\\s*(?:public|private|protected|def|func|function|class|import|package|return|const|let|var)\\s");
    private static final Set<String> EXTENSIONS = Set.of("java", "kt", "kts", "scala", "groovy", "gradle", "ts", "tsx",
            "js", "jsx", "mjs", "cjs", "py", "go", "rs", "c", "h", "cc", "cpp", "hpp", "cs", "rb", "php", "swift", "md",
            "yaml", "yml", "json", "xml", "toml", "ini", "properties", "sql", "sh", "html", "css", "scss", "vue", "svelte",
            "proto", "tf", "txt", "lock", "csv");
    /** Product names spelled like files. */
    private static final Set<String> NOT_FILES = Set.of("node.js", "vue.js", "next.js", "nuxt.js", "express.js", "react.js",
            "three.js", "d3.js", "chart.js", "ember.js", "backbone.js", "angular.js", "nest.js", "deno.js");
    private static final Set<String> DOC_TAGS = Set.of("param", "return", "returns", "throws", "since", "see", "link",
            "deprecated", "author", "code", "inheritdoc", "override", "test");
    /*
     * Each category lists English, then German, French, Spanish, Italian, Portuguese and Dutch terms.
     * Prose is folded (see Vocabulary#words), so a term written without accents matches both spellings;
     * German written with ae, oe, ue for ä, ö, ü is listed too ("abwag*|abwaeg*"), and compounds by
     * their head ("*migration"). Words that collide with a stem are left out: "progetto" and "projeto"
     * (a project), "piano" (also slowly), "commande" (also a purchase order), "revision" (a version),
     * and "Entwurf" alone (also a draft, of a commit message say) counts only in compounds.
     */
    private static final List<Vocabulary> DESIGN = vocabularies(
            "design|designs|designed|designing|redesign|redesigns|redesigned|redesigning"
                    + "|designen|entwerfen|entworfen|*systementwurf|*softwareentwurf|*architekturentwurf"
                    + "|*datenbankentwurf|*schnittstellenentwurf|*api-entwurf|conception|concevoir|concevons|concevez|concu|concue|concus|concues"
                    + "|diseno|disenos|disenar|disenamos|disenando|disenado|disenada|disena|progettazione|progettare"
                    + "|progettiamo|progettato|progettata|projetar|projetamos|projetando|projetado|projetada"
                    + "|ontwerp*|herontwerp*",
            "architect*|architekt*|*architektur|*architekturen|arquitect*|arquitet*|architett*|*architectuur"
                    + "|*architecturen",
            "refactor|refactoring across, across ..2 codebase|services|modules|repo|repository|project|packages,"
                    + " ganze|ganzen|gesamte|gesamten ..1 codebasis|codebase|repository|projekt,"
                    + " toute ..2 base de code, base de codigo, tutta ..2 codebase, hele ..1 codebase",
            "migr*|*migration|*migrationen|*migratie|*migraties",
            "trade-off|trade-offs|tradeoff|tradeoffs, trade off|offs, abwag*|abwaeg*|*abwagung|*abwaegung|*abwagungen"
                    + "|*abwaegungen|kompromiss|kompromisse|compromis|compromesso|compromessi|afweging*|*afweging"
                    + "|*afwegingen, vor|vorteile ..2 nachteile, avantages ..3 inconvenients, ventajas ..2 desventajas"
                    + "|inconvenientes, pros ..2 contras, vantaggi ..2 svantaggi, vantagens ..2 desvantagens,"
                    + " voor|voordelen ..2 nadelen",
            "scalab*|skalierbar*|*skalierbarkeit|evolutivite|evolutif|evolutifs|evolutive|evolutives|escalab*"
                    + "|escalavel|escalaveis|schaalba*|*schaalbaarheid, passage|mise ..2 echelle",
            "microservice*|micro-service*|monolith*|mikroservice*|microservici*|microservizi*|microsservic*"
                    + "|monolit*|monoliet*",
            "restructur*|umstrukturier*|restrukturier*|neustrukturier*|reestructur*|ristruttur*|reestrutur*"
                    + "|herstructur*",
            "decoupl*|entkoppel*|entkoppl*|desacopl*|disaccoppi*|ontkoppel*",
            "strategy|strategies|plan|plans|planning|roadmap|strategie|strategien|planung|planen|estrategia"
                    + "|estrategias|strategia|planification|planifier|planificacion|planificar|planear"
                    + "|pianificazione|pianificare|planejamento|planejar|planeamento|plannen",
            "compare|comparing ..8 approach*|options|alternatives, vs|versus, choosing between,"
                    + " vergleich* ..8 ansatz|ansatze|ansaetze|ansatzen|ansaetzen|optionen|alternativen|varianten,"
                    + " compar*|confront*|vergelijk* ..8 approche*|solutions|enfoque*|opciones|alternativas|approcci*"
                    + "|opzioni|alternative|abordage*|opcoes|aanpak*|opties|alternatieven,"
                    + " choisir|elegir|scegliere|escolher|kiezen ..1 entre|tra|fra|tussen");
    private static final List<Vocabulary> REASONING = vocabularies(
            "explain*|erklar*|erklaer*|expliqu*|explication*|explica*|spiega*|spiegh*|uitleg*|verklaar*,"
                    + " leg ..4 uit",
            "why|warum|wieso|weshalb|pourquoi|perche|waarom, por que",
            "review*|revue|relecture|relire|revisar|revisa|revisame|revisala|revisalo|revisao|rivedere"
                    + "|rivedi|revisiona*",
            "bug|bugs|debug|debuggen|debugge|debuggt|gedebuggt|debuggare|debugar|fehler|fehlern|bogue|bogues|debogu*|depurar|depura|depuracao|fout|fouten",
            "test|tests|testen|tester|prueba|pruebas|teste|testes",
            "slow*|performance|performance-*|optimis*|optimiz*|complexity|langsam*|leistung|leistungsprobl*|optimier*|komplexitat"
                    + "|komplexitaet|lent|lente|lents|lentes|lenteur|ralenti*|performances|complexite|lento|lenta"
                    + "|lentos|lentas|lentitud|lentidao|rendimiento|complejidad|lenti|lentezza|prestazion*"
                    + "|ottimizz*|complessita|desempenho|otimiz*|complexidade|traag|trage|trager|langzaam"
                    + "|prestatie*|optimalis*|complexiteit",
            "race condition|conditions, race-condition|race-conditions, leak*, flaky, deadlock*, *speicherleck|*speicherlecks|leck|lecks,"
                    + " fuite|fuites|fuga|fugas|vazamento*|*geheugenlek|*geheugenlekken|lek|lekt, condition ..1 de"
                    + " ..1 course|concurrence, condicion|condicao ..1 de ..1 carrera|corrida, perdita ..2 memoria,"
                    + " intermittent|intermittente|intermittents|intermittentes|intermitente|intermitentes"
                    + "|intermittenti|intermitterend*|sporadisch*, interblocage|interbloqueo|stallo");
    private static final List<Vocabulary> QUICK = vocabularies(
            "typo|typos|*tippfehler|vertipper|*schreibfehler|coquille|coquilles|errata|erratas|refuso|refusi"
                    + "|*typfout|*typfouten|tikfout*, faute|fautes ..2 frappe, error|errores ..2 tipografico|tipeo,"
                    + " errore|errori ..2 battitura, erro|erros ..2 digitacao",
            "rename|renaming|umbenenn*|umbenann*|renomm*|renombr*|rinomin*|renome*|hernoem*, benenne ..6 um",
            "one-liner|oneliner|einzeiler, seule ligne, sola linea|riga, unica riga|linha",
            "semicolon|semicolons|semikolon*|strichpunkt*|point-virgule|points-virgules|puntkomma*, point virgule,"
                    + " punto ..1 coma|virgola, ponto ..1 virgula",
            "indent*|einruck*|einrueck*|identa*|inspring*",
            "unused import|imports, ungenutzt*|unbenutzt*|ongebruikt* ..1 import*, import* ..2 inutilis*"
                    + "|inutile|inutiles|inutilizzat*|inutili, import* ..1 sin ..1 usar, import* ..1 no|nao|non"
                    + " ..1 usad*|utilizad*|utilizzat*|usat*",
            "syntax|syntaxfehler*|syntaxe|syntaxique|sintaxis|sintassi|sintaxe",
            "how do|can i, wie ..1 kann|mache|macht|geht|bekomme, comment ..1 faire|puis-je|peut-on,"
                    + " como ..1 hago|puedo|faco|posso, come ..1 faccio|posso|si, hoe ..1 kan|doe|maak",
            "what does ..6 mean, was ..6 bedeutet|bedeuten|heisst, que ..6 signifie|significa|significan,"
                    + " cosa ..6 significa|vuol, wat ..6 betekent|betekenen",
            "command|befehl|befehle|kommando|comando|comandos|commando, quelle ..1 commande, commande ..2 git|bash"
                    + "|shell|npm|docker|linux|terminal|maven|mvn|gradle");

    private PromptFeatureExtractor() {
    }

    private static List<Vocabulary> vocabularies(String... specs) {
        List<Vocabulary> out = new ArrayList<>();
        for (String spec : specs) {
            out.add(new Vocabulary(spec));
        }
        return List.copyOf(out);
    }

    static PromptFeatures extract(String prompt, PromptContext context) {
        String text = prompt.length() > MAX_SCAN_CHARS ? prompt.substring(0, MAX_SCAN_CHARS) : prompt;
        List<String> lines = List.of(text.replace("\r", "").split("\n", -1));
        Parts parts = split(lines);

        String prose = String.join("\n", parts.prose);
        Set<String> files = new HashSet<>();
        for (String f : context.files()) {
            files.add(normalise(f));
        }
        StringBuilder words = new StringBuilder(prose.length());
        scanTokens(prose.replace('`', ' '), files, null);
        scanTokens(INLINE_CODE.matcher(prose).replaceAll(" "), null, words);
        String plain = words.toString();
        List<String> proseWords = Vocabulary.words(plain);

        int proseChars = prose.length() + (prompt.length() - text.length());
        int promptTokens = ceilDiv(proseChars, 4) + ceilDiv(parts.codeChars, 3);
        return new PromptFeatures(promptTokens, context.contextTokens(), files.size(), parts.codeBlocks, parts.traces,
                Vocabulary.count(DESIGN, proseWords), Vocabulary.count(REASONING, proseWords), questions(plain),
                context.depth(), Vocabulary.count(QUICK, proseWords));
    }

    /** Lines sorted into prose and code, with the blocks and traces found on the way. */
    private static final class Parts {
        final List<String> prose = new ArrayList<>();
        int codeChars;
        int codeBlocks;
        int traces;
    }

    private static Parts split(List<String> lines) {
        Parts parts = new Parts();
        List<String> outside = new ArrayList<>();
        List<String> fence = null;
        for (String line : lines) {
            String s = line.stripLeading();
            if (s.startsWith("```") || s.startsWith("~~~")) {
                if (fence == null) {
                    fence = new ArrayList<>();
                } else {
                    fenced(fence, parts);
                    fence = null;
                }
                continue;
            }
            if (fence != null) {
                fence.add(line);
            } else {
                outside.add(line);
            }
        }
        if (fence != null) {
            fenced(fence, parts);
        }
        unfenced(outside, parts);
        return parts;
    }

    private static void fenced(List<String> fence, Parts parts) {
        boolean[] covered = new boolean[fence.size()];
        parts.traces += StackTraces.find(fence, covered);
        int uncovered = 0;
        for (int i = 0; i < fence.size(); i++) {
            parts.codeChars += fence.get(i).length() + 1;
            if (!covered[i] && !fence.get(i).isBlank()) {
                uncovered++;
            }
        }
        // A fence around a trace and its message is the trace; two more lines make it code too.
        if (uncovered >= 2) {
            parts.codeBlocks++;
        }
    }

    private static void unfenced(List<String> lines, Parts parts) {
        boolean[] covered = new boolean[lines.size()];
        parts.traces += StackTraces.find(lines, covered);
        int i = 0;
        while (i < lines.size()) {
            String line = lines.get(i);
            if (covered[i]) {
                parts.codeChars += line.length() + 1;
                i++;
                continue;
            }
            int indented = run(lines, covered, i, true);
            int codeLike = indented >= 2 ? 0 : run(lines, covered, i, false);
            int block = indented >= 2 ? indented : codeLike >= 3 ? codeLike : 0;
            if (block > 0) {
                parts.codeBlocks++;
                for (int k = i; k < i + block; k++) {
                    parts.codeChars += lines.get(k).length() + 1;
                }
                i += block;
            } else {
                parts.prose.add(line);
                i++;
            }
        }
    }

    /** Consecutive uncovered lines from {@code from} that are indented (or look like code). */
    private static int run(List<String> lines, boolean[] covered, int from, boolean indented) {
        int k = from;
        while (k < lines.size() && !covered[k]) {
            String l = lines.get(k);
            boolean match = indented
                    ? !l.isBlank() && (l.startsWith("    ") || l.startsWith("\t"))
                    : looksLikeCode(l);
            if (!match) {
                break;
            }
            k++;
        }
        return k - from;
    }

    /** Ends in {@code ;}, <code>{</code> or <code>}</code>, or starts with a declaration keyword. */
    private static boolean looksLikeCode(String line) {
        int end = line.length();
        while (end > 0 && Character.isWhitespace(line.charAt(end - 1))) {
            end--;
        }
        if (end > 0 && ";{}".indexOf(line.charAt(end - 1)) >= 0) {
            return true;
        }
        return CODE_KEYWORD.matcher(line).lookingAt();
    }

    /**
     * Splits on white space; path-like tokens go to {@code files} (when given), the others to
     * {@code words} (when given). URLs go to neither.
     */
    private static void scanTokens(String text, Set<String> files, StringBuilder words) {
        int n = text.length();
        int i = 0;
        while (i < n) {
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (start == i) {
                break;
            }
            String token = text.substring(start, i);
            if (token.contains("://") || token.startsWith("www.")) {
                continue;
            }
            String path = pathOf(token);
            if (path != null) {
                if (files != null) {
                    files.add(normalise(path));
                }
            } else if (words != null) {
                words.append(token).append(' ');
            }
        }
    }

    /** The file or folder {@code token} names, or null when it is not one. */
    static String pathOf(String token) {
        String t = trimPunctuation(token);
        boolean mention = t.startsWith("@");
        if (mention) {
            t = t.substring(1);
            if (t.isEmpty()) {
                return null;
            }
        }
        if (t.indexOf('@') >= 0 || t.isEmpty()) {
            return null;
        }
        t = withoutLineNumbers(t);
        int dot = t.lastIndexOf('.');
        int slash = t.lastIndexOf('/');
        if (dot > slash + 1 && dot < t.length() - 1
                && EXTENSIONS.contains(t.substring(dot + 1).toLowerCase(Locale.ROOT))
                && !NOT_FILES.contains(t.toLowerCase(Locale.ROOT))) {
            return t;
        }
        int slashes = 0;
        boolean letter = false;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            slashes += c == '/' ? 1 : 0;
            letter |= Character.isLetter(c);
        }
        boolean relative = t.startsWith("./") || t.startsWith("../") || t.startsWith("~/");
        if ((relative && slashes >= 1) || (slashes >= 2 && letter && !t.contains("//"))) {
            return t;
        }
        if (mention && (slashes >= 1 || Character.isLowerCase(t.charAt(0)))
                && !DOC_TAGS.contains(t.toLowerCase(Locale.ROOT))) {
            return t;
        }
        return null;
    }

    /** {@code a/B.java:12:5} without {@code :12:5}. */
    private static String withoutLineNumbers(String t) {
        int end = t.length();
        for (int round = 0; round < 2; round++) {
            int i = end;
            while (i > 0 && Character.isDigit(t.charAt(i - 1))) {
                i--;
            }
            if (i == end || i == 0 || t.charAt(i - 1) != ':') {
                break;
            }
            end = i - 1;
        }
        return t.substring(0, end);
    }

    private static String trimPunctuation(String token) {
        int from = 0;
        int to = token.length();
        while (from < to && "([{<\"'".indexOf(token.charAt(from)) >= 0) {
            from++;
        }
        while (to > from && ".,;:!?)]}>\"'".indexOf(token.charAt(to - 1)) >= 0) {
            to--;
        }
        return token.substring(from, to);
    }

    private static String normalise(String path) {
        String p = path.strip();
        if (p.startsWith("./")) {
            p = p.substring(2);
        }
        return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    private static int questions(String text) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '?' && (i + 1 == text.length() || text.charAt(i + 1) != '?')) {
                n++;
            }
        }
        return n;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
