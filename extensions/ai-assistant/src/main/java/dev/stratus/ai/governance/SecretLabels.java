package dev.stratus.ai.governance;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Values under a secret's name that stand where a secret would but are none: what a form or a
 * translation file shows (a label, a prompt) and a constant that names the field. A secret's
 * name alone does not make a value a secret; these are told apart by their words:
 * <ul>
 *   <li>the value is made only of its key's own words, one of which says what the key holds, in
 *       any case and with any separators ({@code "password": "Password"},
 *       {@code password_confirmation: Password confirmation}, {@code ACCESS_TOKEN = "access_token"});
 *       not a value made of the key's other words ({@code POSTGRES_PASSWORD: postgres},
 *       {@code MYSQL_ROOT_PASSWORD: root}), which is a password;</li>
 *   <li>the value starts with a capital (or is written in a script without case) and a word of it
 *       says password, token, secret, key or credential, in English or in one of the languages
 *       interfaces are most often translated to ({@code Enter your password}, {@code Passwort},
 *       {@code Mot de passe}, {@code Contraseña}, {@code パスワード}): one word, with at most a
 *       {@code :} or {@code *} after it, or a phrase of words and punctuation;</li>
 *   <li>an HTML autocomplete token ({@code current-password}, {@code new-password},
 *       {@code one-time-code}).</li>
 * </ul>
 * A label holds no digits. A common default password ({@code changeme}, {@code changeit},
 * {@code admin}) is not a label: it opens whatever has not been changed.
 */
final class SecretLabels {
    private static final Pattern FORM_VALUE = Pattern.compile("(?i)(?:current|new)-password|one-time-code");
    /** printf's, Ruby's, i18next's, ICU's and .NET's placeholders in a message. */
    private static final Pattern INTERPOLATION = Pattern.compile("%\\{[\\w.]{1,64}+}|\\{\\{[^{}]{1,64}+}}|\\{[\\w.]{0,64}+}|%[sd@]");
    private static final Pattern ONE_WORD = Pattern.compile("[\\p{L}\\p{M}]{1,64}+[:*]?+");
    private static final Pattern PHRASE = Pattern.compile("[\\p{L}\\p{M}][\\p{L}\\p{M}\\s'’.,:;!?…*()/&-]{0,255}+");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z][A-Za-z_.-]{0,119}+");
    private static final Pattern WORD_BREAK = Pattern.compile("[^\\p{L}\\p{M}\\p{N}]++|(?<=[\\p{Ll}\\p{N}])(?=\\p{Lu})");
    private static final Pattern SECRET_WORD = Pattern.compile("(?iu)(?:^|[^\\p{L}])(?:pass|pwd|secret|token|key|credential"
            + "|kennwort|contrase|senha|wachtwoord|has[łl]o|parol|l[öo]senord|salasana|[şs]ifre|heslo|jelsz|adgangskode|clave"
            + "|khẩu|sandi|пароль)|パスワード|密码|密碼|비밀번호|كلمة المرور|סיסמה|पासवर्ड|口令");

    private SecretLabels() {
    }

    /** Whether {@code value}, under the secret-sounding {@code name}, is a label or the field's own name; see the class comment. */
    static boolean isLabel(String name, String value) {
        String v = value.strip();
        if (FORM_VALUE.matcher(v).matches()) {
            return true;
        }
        String text = v.indexOf('{') >= 0 || v.indexOf('%') >= 0 ? INTERPOLATION.matcher(v).replaceAll(" ").strip() : v;
        boolean oneWord = ONE_WORD.matcher(text).matches();
        boolean phrase = oneWord || PHRASE.matcher(text).matches();
        if (!phrase && !IDENTIFIER.matcher(v).matches()) {
            return false;
        }
        List<String> words = words(text);
        if (!SECRET_WORD.matcher(String.join(" ", words)).find()) {
            return false;
        }
        return words(name).containsAll(words) || phrase && !Character.isLowerCase(text.codePointAt(0));
    }

    private static List<String> words(String s) {
        return Arrays.stream(WORD_BREAK.split(s)).filter(w -> !w.isEmpty()).map(w -> w.toLowerCase(Locale.ROOT)).toList();
    }
}
