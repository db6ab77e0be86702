package dev.stratus.ai.governance;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

/**
 * The built-in secret kinds, most specific first: a later rule never sees what an earlier one
 * replaced.
 *
 * <p>The generic {@code high-entropy} heuristic: an assignment ({@code name = value},
 * {@code name: value}, {@code "name": "value"}, {@code :=}, {@code =>}) whose value is 20 to 512
 * characters of {@code [A-Za-z0-9+/=_-]} is a secret when
 * <ul>
 *   <li>a word of the name hints at one ({@code key}, {@code secret}, {@code token}, {@code pass},
 *       {@code auth}, {@code cred}, {@code signature}, {@code salt}; {@link SecretNames}) and the value has at least
 *       3.0 bits of Shannon entropy per character and both letters and digits; or</li>
 *   <li>whatever the name, the value has at least 4.3 bits per character and lower case, upper
 *       case and digits;</li>
 * </ul>
 * and it is not a hex digest (git SHA, checksum), a UUID, a subresource-integrity value
 * ({@code sha512-...}), the value of a digest label ({@code h1:} in {@code go.sum}, {@code md5},
 * {@code sha256}, {@code digest}, {@code checksum}, {@code hash}, {@code integrity}, {@code etag},
 * {@code commit}, {@code rev}) or a reference to a variable.
 *
 * <p>The {@code env-secret} rule: a line of a .env, YAML, properties or INI file ({@code NAME=value},
 * {@code export NAME=value}, {@code name: value}, {@code name:value}, {@code - name: value}, {@code name = value}), also
 * as a search result ({@code path:line: text}, {@code path:line:text}), whose name says it holds a
 * secret has its value redacted whatever its length or characters. Not: an empty value, a reference
 * ({@code ${DB_PASSWORD}}, {@code $DB_PASSWORD}, a YAML alias), YAML or JSON structure, a setting
 * about secrets ({@code PASSWORD_FILE}, {@code TOKEN_TTL}), nor, unless it is {@code NAME=value}
 * (upper case and no space: the shell's and .env's convention, not code's, nor a translation's), a
 * label ({@link SecretLabels}: {@code password: Password}) or a value that reads as code: a call,
 * an index, a member, an operator, a type, a statement or argument ending with {@code ;}, {@code ,}
 * or {@code )}. A quoted value standing alone is a literal, never code.
 */
final class SecretRules {
    private static final Pattern CODE_RECEIVER = Pattern.compile("(?:self|this)\\..*");
    private static final Pattern CODE_VALUE = Pattern.compile(
            // ==, :=, a tuple and YAML structure: a flow collection, an alias, a block scalar's header
            "^(?:[=(\\[{*]|[|>][-+0-9]*+(?:[ \t].*)?$)"
            // a statement, an argument (an object literal's member too), a block, a continued line
            + "|[;,:(\\[{)\\]\\\\]$"
            // a call, an index, a generic type, a member
            + "|^(?:new |await )?[A-Za-z_$][\\w$]*+(?:\\??\\.[A-Za-z_$][\\w$]*+)*+\\s*+[(\\[<]"
            + "|^[A-Za-z_$][\\w$]*+(?:\\??\\.[A-Za-z_$][\\w$]*+)++$"
            // an expression or a default
            + "|\\s(?:\\|\\||&&|\\?\\?|\\?|\\||\\+|=|or|and|if)\\s");
    private static final Pattern TYPE_NAME = Pattern.compile("(?:str|string|String|number|int|integer|Int|long|float|Float"
            + "|double|bool|boolean|Boolean|bytes|any|unknown|object|Object|ID|SecretStr|SecretBytes)[!?]?+(?:\\[])?+");
    /** A type after a name's colon, alone or before a default, an argument's end or a statement's ({@code password:str=None}). */
    private static final Pattern TYPE_ANNOTATION = Pattern.compile(TYPE_NAME.pattern() + "(?=[ \\t]*+(?:[=;,)]|$))");
    // existingSecret (Helm charts): the name of a Kubernetes Secret that holds the password, not the password.
    // PWD and OLDPWD are the shell's working directories; a pwd in code is a password.
    private static final Pattern NOT_SECRET_NAME = Pattern.compile("(?i)(?-i:(?:OLD)?PWD)|(?:max|min|num)_.*|existing_?secret.*|.*tokens"
            + "|.*(?:url|uri|path|file|dir|endpoint|host|port|type|count|ttl|expiry|expires(?:_?in)?|length|len|limit"
            + "|name|header|env|var|prefix|format|timeout|lifetime|seconds|rounds|cost|enabled|disabled|required|policy"
            + "|mode|algorithm|strategy|provider|less)"
            // a tokenizer's special tokens (pad_token="[PAD]", eos_token="</s>"): text a model reads, not credentials
            + "|(?:.*[._-])?(?:pad|eos|bos|unk|mask|sep|cls|eot|eom)_?token");
    // An operator's passwordSecret, tlsSecret, credentialsSecret (Strimzi, CloudNativePG and the like) names the
    // Kubernetes Secret that holds the password, when its value is an object's name. A clientSecret is one.
    private static final Pattern SECRET_OBJECT_NAME = Pattern.compile("(?i).*(?:password|passwd|credentials?|creds|tls|cert"
            + "|certificate|keystore|truststore|ssh|basic_?auth|superuser|admin|pull|registry|bootstrap)[_-]?secret");
    private static final Pattern OBJECT_NAME = Pattern.compile("[a-z0-9](?:[a-z0-9.-]{0,252}+(?<=[a-z0-9]))?");
    private static final Pattern TF_SENSITIVE = Pattern.compile("(?<![\\w.-])sensitive[ \\t]*+=[ \\t]*+true\\b");
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");
    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}");
    private static final Pattern DIGEST_NAME = Pattern.compile(
            "(?i)h1|md5|sha\\d*+(?:sum)?|digest|checksum|hash|integrity|etag|commit|rev(?:ision)?");
    /** printf's (and Go's, Python's) conversion standing for the value: {@code %s}, {@code %v}, {@code %-10s}. */
    private static final Pattern FORMAT_CONVERSION = Pattern.compile("%[-+ #0]{0,4}+[0-9]{0,3}+(?:\\.[0-9]{1,3}+)?+[a-zA-Z@]");
    private static final Pattern INTEGRITY = Pattern.compile("(?i)sha(?:1|256|384|512)-.*");

    private SecretRules() {
    }

    static List<SecretRule> builtIn() {
        List<SecretRule> rules = new ArrayList<>();
        // Body then END, all possessive: one pass per key however the text around it looks. The body
        // takes quotes and + too: a key in source is often one string literal per line, concatenated.
        rules.add(SecretRule.of("private-key", "-----BEGIN (?:[A-Z0-9]{1,20}+ ){0,3}PRIVATE KEY(?: BLOCK)?-----"
                + "(?:[A-Za-z0-9+/=\\s\\\\:,.\"'`]|-(?!----END ))*+(?:-----END [A-Z0-9 ]{0,64}+-----)?").needing("PRIVATE KEY"));
        rules.add(SecretRule.of("jwt", "\\beyJ[A-Za-z0-9_-]{5,}+\\.eyJ[A-Za-z0-9_-]{5,}+\\.[A-Za-z0-9_-]{10,}+").needing("eyJ"));
        // Up to the last @ before the host: a password with an @ left unencoded is a common mistake.
        rules.add(SecretRule.of("connection-password",
                "://[^\\s:/@'\"]{0,256}+:([^\\s/'\"]{1,256})@", 1,
                m -> !isReference(m.group(1))).needing("://"));
        // JDBC and URL query parameters (?password=, &sig=, a presigned URL's X-Amz-Signature= and
        // X-Amz-Security-Token=, CloudFront's Signature=) and ADO.NET/ODBC pairs (;Password=...;).
        // After ; only a password's names: C's for (;;) and ; token = strtok(...) read alike otherwise.
        rules.add(SecretRule.of("connection-password", "(?i)([;?&])[ \\t]*+(password|passwd|pwd|accountkey|sharedaccesskey"
                + "|sig|access_token|client_secret|api_?key|apikey|token|signature|x-(?:amz|goog)-signature|x-amz-security-token)"
                + "[ \\t]*+=[ \\t]*+([^;&#\\s\"'<>]{1,4096}+)", 3,
                m -> !isReference(m.group(3)) && (!m.group(1).equals(";")
                        || m.group(2).matches("(?i)password|passwd|pwd|accountkey|sharedaccesskey") && m.group(3).indexOf('(') < 0)));
        rules.add(SecretRule.of("aws-access-key", "\\b(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}\\b")
                .needing("AKIA", "ASIA", "ABIA", "ACCA", "A3T"));
        rules.add(SecretRule.of("aws-secret-key", "(?i)secret_?(?:access_?)?key[\"']?\\s*+[:=]\\s*+[\"']?"
                + "([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])", 1, m -> true));
        rules.addAll(VendorTokenRules.rules());
        // An HTTP credential in a curl line, an .http file, a log or a header map: its scheme says it is one.
        // After the vendors' rules, which name a token they know better.
        rules.add(SecretRule.of("authorization", "(?i)(?:\\bauthorization[\"']?[ \\t]*+[:=][ \\t]*+[\"']?"
                + "(?:basic|bearer|token|digest|apikey|sso-key)|\\bbearer)[ \\t]++([A-Za-z0-9+/=._~:-]{8,4096}+)", 1,
                m -> !isReference(m.group(1)) && (m.group(1).chars().anyMatch(Character::isDigit)
                        || m.group(1).length() >= 16 && classes(m.group(1)) >= 2)));
        // A command line in a run_command, a script or shell history: --password x, --token=x,
        // curl -u user:password (quoted, spaces and all), mysql -pPASSWORD. A flag's value is never another flag.
        rules.add(SecretRule.of("command-secret", "(?i)(?<![^\\s\"'])--(?:[a-z0-9]{1,20}-){0,3}(?:password|passwd|token|secret"
                + "|secret-access-key|api-key|apikey|access-key|client-secret|auth-token)(?:=|[ \\t]++)([\"']?)"
                + "((?<=\")[^\"\\r\\n]{1,512}+|(?<=')[^'\\r\\n]{1,512}+|[^\\s\"']{1,512}+)\\1", 2,
                m -> !m.group(2).startsWith("-") && !isReference(m.group(2))));
        rules.add(SecretRule.of("command-secret", "(?<![^\\s\"'])(?:-u|--user|--proxy-user)(?:=|[ \\t]*+)([\"']?)[^\\s:\"'$]{1,256}+:"
                + "((?<=\"[^\\s:\"'$]{1,256}:)[^\"\\r\\n]{1,256}+|(?<='[^\\s:\"'$]{1,256}:)[^'\\r\\n]{1,256}+|[^\\s\"']{1,256}+)\\1", 2,
                m -> !isReference(m.group(2)) && !m.group(2).chars().allMatch(Character::isDigit)));
        rules.add(SecretRule.of("command-secret", "\\bmysql(?:dump|admin|sh)?+[ \\t][^\\r\\n|;&]{0,256}?(?<=[ \\t])-p([^\\s\"']{1,256}+)", 1,
                m -> !isReference(m.group(1))).needing("mysql"));
        // A name=value argument: kubectl's --from-literal, docker's -e and --build-arg,
        // terraform's -var. The name says whether it is a secret; the value may be quoted, spaces and all,
        // alone or with its name.
        rules.add(SecretRule.of("command-secret", "(?<![^\\s\"'])(?:--from-literal|--env|-e|--build-arg|--?var)"
                + "(?:=|[ \\t]++)[\"']?([A-Za-z0-9_.-]{1,120}+)=[\"']?((?<=\")[^\"\\r\\n]{1,512}+|(?<=')[^'\\r\\n]{1,512}+"
                + "|(?<=\"[A-Za-z0-9_.-]{1,120}=)[^\"\\r\\n]{1,512}+|(?<='[A-Za-z0-9_.-]{1,120}=)[^'\\r\\n]{1,512}+|[^\\s\"']{1,512}+)", 2,
                m -> SecretNames.secret(m.group(1)) && !NOT_SECRET_NAME.matcher(m.group(1)).matches() && !isReference(m.group(2))));
        // helm's --set takes pairs separated by commas (a\,b is one value): \G goes on from the
        // previous pair, so that every pair is looked at, not the first alone. Unquoted, then quoted.
        rules.add(SecretRule.of("command-secret", "(?:--set(?<![^\\s\"']--set)(?:-string)?+(?:=|[ \\t]++)|\\G(?<=.),)"
                + "([A-Za-z0-9_.\\[\\]-]{1,120}+)=((?:\\\\.|[^,\\s\"'\\\\]){0,512}+)", 2,
                m -> helmSecret(m.group(1), m.group(2))).needing("--set"));
        rules.add(SecretRule.of("command-secret", "(?:--set(?<![^\\s\"']--set)(?:-string)?+(?:=|[ \\t]++)[\"']|\\G(?<=.),)"
                + "([A-Za-z0-9_.\\[\\]-]{1,120}+)=((?:\\\\.|[^,\"'\\\\\\r\\n]){0,512}+)", 2,
                m -> helmSecret(m.group(1), m.group(2))).needing("--set"));
        rules.addAll(CredentialFileRules.rules());
        // Maven's settings.xml, Spring's bean files, .NET's app.config: the name is an element's or a key's.
        rules.add(SecretRule.of("xml-secret", "<([A-Za-z_][\\w.:-]{0,120}+)(?:[ \\t][^<>]{0,512}+)?>"
                + "([^<>\\r\\n]{1,1024}+)</\\1>", 2, m -> xmlSecret(m.group(1), m.group(2))));
        rules.add(SecretRule.of("xml-secret", "\\b(?:key|name)[ \\t]*+=[ \\t]*+\"([^\"<>\\r\\n]{1,120}+)\"[ \\t\\r\\n]++"
                + "value[ \\t]*+=[ \\t]*+\"([^\"\\r\\n]{1,1024}+)\"", 2, m -> xmlSecret(m.group(1), m.group(2))));
        // A Terraform variable's default: the name is the block's, not the assignment's. Secret by its
        // name or by sensitive = true, before or after it; the block's body is bounded and has no braces.
        rules.add(SecretRule.of("terraform-secret", "(?<![\\w-])variable[ \\t]++\"([A-Za-z0-9_-]{1,120}+)\"[ \\t]*+\\{"
                + "([^{}]{0,4096}?)(?<![\\w.-])default[ \\t]*+=[ \\t]*+\"([^\"\\\\\\r\\n]{0,1024}+(?:\\\\.[^\"\\\\\\r\\n]{0,1024}+){0,64}+)\""
                + "([^{}]{0,4096}+)", 3, SecretRules::terraformSecret).needing("variable"));
        rules.addAll(LogfmtRules.rules());
        // An index assignment (os.environ["DB_PASSWORD"] = "x", config['password'] = 'x', ENV['API_KEY'] = 'x'):
        // the name is the quoted key, the value a literal; a read, a comparison (==) and a call are not assignments.
        rules.add(SecretRule.of("secret-assignment", "\\[[ \\t]*+([\"'])([A-Za-z0-9_.-]{1,120}+)\\1[ \\t]*+][ \\t]*+:?+=(?!=)"
                + "[ \\t]*+([\"'])((?<=\")(?:[^\"\\\\\\r\\n]|\\\\.){1,256}+|(?<=')(?:[^'\\\\\\r\\n]|\\\\.){1,256}+)\\3", 4,
                m -> SecretNames.hinted(m.group(2)) && secretValue(m.group(2), m.group(4))).needing("["));
        // A short plain value that is a whole line (password: "x") is env-secret's, which knows a config
        // file's lines; one followed by code (password = "x";) is this rule's. A value under 4 characters
        // only under a secret's name (password = "abc", not secret_version = "v1"), and with a letter or
        // a digit: token = "+" is a lexer's.
        rules.add(SecretRule.of("secret-assignment", "(?m)(^[ \\t]*+(?:-[ \\t]++|export[ \\t]++)?+)?+(?<![A-Za-z0-9_.-])"
                + "([A-Za-z0-9_.-]{1,120}+)[\"']?[ \\t]*+(?::=|=>|[:=])[ \\t]*+([\"'])([^\"'\\s]{1,256}+)\\3(?=([ \\t]*+$)?)", 4,
                m -> SecretNames.hintedInCode(m.group(2)) && secretValue(m.group(2), m.group(4))
                        && (m.group(4).length() >= 4 || SecretNames.secret(m.group(2)) && m.group(4).chars().anyMatch(Character::isLetterOrDigit))
                        && (m.group(1) == null || m.group(5) == null || !plain(m.group(4)))));
        // After secret-assignment, which keeps the quotes of what it takes. The optional prefix is
        // a search result's path and line: the model reads a .env through the search tool too.
        // Names are taken whole (possessive) and checked in Java: a lazy prefix before an
        // alternation of hints costs quadratic time on long names.
        rules.add(SecretRule.of("env-secret", "(?m)^(?:[^\\r\\n:]{1,1024}+:[0-9]{1,10}+:)?[ \\t]*+(?:export[ \\t]++|-[ \\t]++)?"
                + "([A-Za-z0-9_.-]{1,120}+)[ \\t]*+(=(?![=~>])|:(?![:=]))[ \\t]*+([^\\r\\n]{0,4096}+)", 3,
                SecretRules::envSecret));
        rules.addAll(ShellRules.rules());
        rules.add(SecretRule.of("high-entropy", "(?<![A-Za-z0-9_.-])([A-Za-z_][A-Za-z0-9_.-]{0,60}+)[\"']?[ \\t]*+(?::=|=>|[:=])"
                + "[ \\t]*+[\"']?([A-Za-z0-9+/=_-]{20,512}+)(?![A-Za-z0-9+/=_-])", 2, SecretRules::highEntropy));
        return rules;
    }

    static boolean highEntropy(MatchResult m) {
        String value = m.group(2);
        if (DIGEST_NAME.matcher(m.group(1)).matches() || HEX.matcher(value).matches() || UUID.matcher(value).matches() || INTEGRITY.matcher(value).matches()) {
            return false;
        }
        double bits = bitsPerChar(value);
        boolean lettersAndDigits = value.chars().anyMatch(Character::isDigit) && value.chars().anyMatch(Character::isLetter);
        if (SecretNames.hinted(m.group(1))) {
            return bits >= 3.0 && lettersAndDigits;
        }
        return bits >= 4.3 && classes(value) >= 3;
    }

    /** Shannon entropy of the characters of {@code s}, in bits per character. */
    static double bitsPerChar(String s) {
        int[] counts = new int[128];
        int other = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 128) {
                counts[c]++;
            } else {
                other++;
            }
        }
        double bits = 0;
        for (int n : counts) {
            if (n > 0) {
                double p = (double) n / s.length();
                bits -= p * Math.log(p) / Math.log(2);
            }
        }
        return other == 0 ? bits : bits + (double) other / s.length();
    }

    /** How many of lower case, upper case and digits {@code s} has. */
    static int classes(String s) {
        boolean lower = false;
        boolean upper = false;
        boolean digit = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            lower |= c >= 'a' && c <= 'z';
            upper |= c >= 'A' && c <= 'Z';
            digit |= c >= '0' && c <= '9';
        }
        return (lower ? 1 : 0) + (upper ? 1 : 0) + (digit ? 1 : 0);
    }

    /**
     * Whether a value assigned to a secret-sounding name holds a secret: not a reference, not a
     * label or the field's own name ({@link SecretLabels}), and the name is not one of a setting
     * about secrets ({@code TOKEN_URL}, {@code max_tokens}, {@code PASSWORD_FILE}, {@code PWD}), nor a
     * working directory ({@code pwd = "/home/alice"}).
     * Under a name that says it holds a secret ({@link SecretNames#secret}) any other value is one,
     * however short or plain ({@code "password": "letmein"}); under a name that only has a hint in
     * it ({@code password_hint}, {@code access_key_id}) a number or a one-word value under 12 letters is not.
     */
    static boolean secretValue(String name, String value) {
        if (NOT_SECRET_NAME.matcher(name).matches() || isReference(value) || namesSecretObject(name, value.strip())
                || workingDirectory(name, value.strip())) {
            return false;
        }
        String v = value.strip();
        if (SecretNames.secret(name)) {
            return !SecretLabels.isLabel(name, v);
        }
        return !plain(v);
    }

    /** A helm value's path names a secret by its last key ({@code auth.existingSecret} names a Kubernetes Secret). */
    private static boolean helmSecret(String path, String value) {
        String key = path.substring(path.lastIndexOf('.') + 1);
        return !value.isEmpty() && SecretNames.secret(key) && !NOT_SECRET_NAME.matcher(key).matches() && !isReference(value)
                && !namesSecretObject(key, value);
    }

    /** Whether a name says it holds a secret and is not one of a setting about secrets. */
    static boolean namesSecret(String name) {
        return SecretNames.secret(name) && !NOT_SECRET_NAME.matcher(name).matches();
    }

    /** Whether {@code value} is the name of the Kubernetes Secret {@code name} says holds a password or a key ({@code passwordSecret: db-pass}). */
    static boolean namesSecretObject(String name, String value) {
        return SECRET_OBJECT_NAME.matcher(name).matches() && OBJECT_NAME.matcher(value).matches();
    }

    /** A pwd that is an absolute path is the working directory, as the shell's PWD is, not a password. */
    private static boolean workingDirectory(String name, String value) {
        return name.equalsIgnoreCase("pwd") && (value.startsWith("/") || value.startsWith("~/"));
    }

    /** A number, or one word under 12 letters: a secret only by its name. */
    private static boolean plain(String value) {
        return value.chars().allMatch(Character::isDigit) || value.length() < 12 && value.chars().allMatch(Character::isLetter);
    }

    /** Whether a Terraform variable's default is a secret: a literal, and the variable's name or {@code sensitive = true} says so. */
    static boolean terraformSecret(MatchResult m) {
        String name = m.group(1);
        return !isReference(m.group(3)) && (SecretNames.secret(name) && !NOT_SECRET_NAME.matcher(name).matches()
                || TF_SENSITIVE.matcher(m.group(2)).find() || TF_SENSITIVE.matcher(m.group(4)).find());
    }

    /** Whether an XML element or a key/value pair of attributes holds a secret: a secret's name (its last part) and a literal. */
    static boolean xmlSecret(String name, String value) {
        String local = name.substring(name.lastIndexOf(':') + 1);
        return SecretNames.secret(local) && !NOT_SECRET_NAME.matcher(local).matches() && !isReference(value)
                && !value.strip().startsWith("@") && !value.strip().startsWith("#{");
    }

    /** Whether an {@code env-secret} candidate (name, operator, value) holds a secret; see the class comment. */
    static boolean envSecret(MatchResult m) {
        String name = m.group(1);
        String raw = m.group(3).strip();
        if (!SecretNames.secret(name) || NOT_SECRET_NAME.matcher(name).matches() || CODE_RECEIVER.matcher(name).matches()) {
            return false;
        }
        String value = unquote(raw);
        if (value.isEmpty() || isReference(value) || namesSecretObject(name, value) || workingDirectory(name, value)) {
            return false;
        }
        if (m.group(2).equals("=") && m.end(1) == m.start(2) && name.equals(name.toUpperCase(Locale.ROOT))) {
            return true;
        }
        if (SecretLabels.isLabel(name, value)) {
            return false;
        }
        if (value.length() < raw.length()) {
            return true;
        }
        return !CODE_VALUE.matcher(raw).find() && !(m.group(2).equals(":") && TYPE_ANNOTATION.matcher(raw).lookingAt());
    }

    /** A value that names a secret instead of holding one: a variable, a template, a format's conversion, a mask. */
    static boolean isReference(String value) {
        String v = value.strip();
        String lower = v.toLowerCase(Locale.ROOT);
        return v.isEmpty() || v.startsWith("$") || v.startsWith("<") || v.startsWith("{{") || v.startsWith("%(")
                || v.startsWith("%") && FORMAT_CONVERSION.matcher(v).matches()
                || v.startsWith("[REDACTED:") || v.chars().allMatch(c -> c == '*' || c == 'x' || c == 'X' || c == '.')
                || lower.startsWith("process.env") || lower.startsWith("os.environ") || lower.startsWith("os.getenv")
                || lower.startsWith("env(") || lower.startsWith("secrets.") || lower.equals("null")
                || lower.equals("none") || lower.equals("~") || lower.equals("true") || lower.equals("false") || lower.equals("undefined");
    }

    static String unquote(String value) {
        String v = value.strip();
        if (v.length() >= 2 && (v.charAt(0) == '"' || v.charAt(0) == '\'') && v.charAt(v.length() - 1) == v.charAt(0)) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }
}
