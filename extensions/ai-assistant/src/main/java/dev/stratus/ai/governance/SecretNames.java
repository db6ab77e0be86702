package dev.stratus.ai.governance;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What the name a value stands under says of it, read word by word: a name's words are split at
 * anything but letters and digits and where a lower-case letter or a digit meets an upper-case one
 * ({@code db_password}, {@code apiToken}, {@code client-secret}). A hint counts when it is a word,
 * or ends one run together with another ({@code dbpassword}, {@code GHTOKEN}); a longer word that
 * only starts with one is another word: {@code tokenizer}, {@code tokens_per_second},
 * {@code secretary}, {@code passthrough}, {@code passage}, {@code author}, {@code keyboard}.
 */
final class SecretNames {
    private static final Pattern WORD_BREAK = Pattern.compile("[^A-Za-z0-9]++|(?<=[a-z0-9])(?=[A-Z])");
    /**
     * A word of an environment variable's name that ends in a hint, the two run together
     * ({@code SMTPPASS}, {@code DBPWD}, {@code GHTOKEN}); English words that end so are not.
     */
    private static final Pattern ENV_COMPOUND = Pattern.compile(
            "(?!(?:BY|COM|SUR|TRES|OVER|UNDER)PASS$)[A-Z0-9]+(?:PASSWORD|PASSWD|PASSPHRASE|PASS|PWD|SECRET|TOKEN|CREDENTIALS?|APIKEY)");
    /** A word that says its name holds a secret; tokens are counted, not kept. */
    private static final Pattern SECRET_WORD = Pattern.compile(
            ".*(?:password|passwd|passphrase|secret|credential|apikey|privatekey|accesskey|secretkey)s?|pass|pwd|pw|creds?|.*token");
    /**
     * A word of an environment variable's name that starts with a hint run together with more
     * ({@code SECRETKEYBASE}, {@code PASSWORDHASH}); not an English word that starts so
     * ({@code SECRETARY}, {@code SECRETION}, {@code SECRETLY}).
     */
    private static final Pattern ENV_RUN_ON = Pattern.compile(
            ".*(?:password|passwd|passphrase|credential|apikey|privatekey|accesskey|secret(?!ar|e|i|ly))[a-z0-9]*+");
    private static final Pattern KEY_QUALIFIER = Pattern.compile("api|private|access|secret|signing|encryption|master");
    /** A word that hints at a secret, enough for a random value under it to be taken for one. */
    private static final Pattern HINT_WORD = Pattern.compile("(?!(?:by|com|sur|tres|over|under)pass$)"
            + ".*(?:key|secret|pass|passwd|password|passphrase|pwd|auth|authorization|cred|credential|signature|salt)s?|.*token");
    /** A word that hints at a secret in an assignment in code; {@code key} only after api, access or private. */
    private static final Pattern ASSIGNMENT_HINT_WORD = Pattern.compile(
            ".*(?:password|passwd|secret|credential)s?|.*token|.*(?:api|access|private)keys?");
    /** A short word that says password only where it ends a name ({@code db_pass}, {@code pwd}; not {@code pass_rate}). */
    private static final Pattern SHORT_LAST_WORD = Pattern.compile("pass|pwd|pw|creds?");
    private static final Pattern ASSIGNMENT_KEY_QUALIFIER = Pattern.compile("api|access|private");
    /** Every hint's letters, found in a name faster than its words are split: most names hold none. */
    private static final Pattern ANY_HINT = Pattern.compile("(?i)key|secret|token|pass|pwd|pw|auth|cred|signature|salt");

    private SecretNames() {
    }

    /**
     * Whether a name says it holds a secret. An upper-case name is the environment's: a hint
     * in any of its words counts, alone or run together with another ({@code SECRET_KEY_BASE},
     * {@code PGPASSWORD}, {@code SMTPPASS}). In any other case the
     * hint must end the name, so that {@code password_confirmation} and
     * {@code errors.password.tooShort} (labels, messages) are not taken.
     */
    static boolean secret(String name) {
        boolean environment = name.equals(name.toUpperCase(Locale.ROOT));
        String[] words = WORD_BREAK.split(name);
        int last = words.length - 1;
        for (int i = environment ? 0 : Math.max(last, 0); i <= last; i++) {
            String word = words[i].toLowerCase(Locale.ROOT);
            if (environment && (ENV_COMPOUND.matcher(words[i]).matches() || ENV_RUN_ON.matcher(word).matches())) {
                return true;
            }
            if (SECRET_WORD.matcher(word).matches()
                    || word.equals("key") && i > 0 && KEY_QUALIFIER.matcher(words[i - 1].toLowerCase(Locale.ROOT)).matches()) {
                return true;
            }
        }
        return false;
    }

    /** Whether a word of the name hints at a secret: key, secret, token, pass, pwd, auth, cred, signature or salt. */
    static boolean hinted(String name) {
        if (!ANY_HINT.matcher(name).find()) {
            return false;
        }
        for (String word : WORD_BREAK.split(name)) {
            if (HINT_WORD.matcher(word.toLowerCase(Locale.ROOT)).matches()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a word of the name hints at a secret assigned in code: password, secret, token,
     * credential, an API, access or private key; or its last word is pass, pwd, pw or creds.
     */
    static boolean hintedInCode(String name) {
        if (!ANY_HINT.matcher(name).find()) {
            return false;
        }
        String[] words = WORD_BREAK.split(name);
        if (words.length > 0 && SHORT_LAST_WORD.matcher(words[words.length - 1].toLowerCase(Locale.ROOT)).matches()) {
            return true;
        }
        for (int i = 0; i < words.length; i++) {
            String word = words[i].toLowerCase(Locale.ROOT);
            if (ASSIGNMENT_HINT_WORD.matcher(word).matches()
                    || word.equals("key") && i > 0 && ASSIGNMENT_KEY_QUALIFIER.matcher(words[i - 1].toLowerCase(Locale.ROOT)).matches()) {
                return true;
            }
        }
        return false;
    }
}
