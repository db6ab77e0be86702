package dev.stratus.ai.governance;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Tokens a vendor's prefix or address names: no name or context is needed to know them, so they
 * are redacted wherever they stand (a log line, a URL, a string literal, a sentence).
 */
final class VendorTokenRules {
    private VendorTokenRules() {
    }

    /**
     * {@code literal} where a word begins, as {@code \b} before it would say. Written literal first,
     * because the regex engine skips ahead to a pattern's leading literal but tries a leading
     * {@code \b} at every position: several times cheaper on text without the token.
     */
    private static String wordStart(String literal) {
        String quoted = Pattern.quote(literal);
        return quoted + "(?<![\\p{L}\\p{N}_]" + quoted + ")";
    }

    static List<SecretRule> rules() {
        List<SecretRule> rules = new ArrayList<>();
        rules.add(SecretRule.of("github-token", "\\b(?:gh[pousr]_[A-Za-z0-9]{36,255}+|github_pat_[A-Za-z0-9_]{22,255}+)")
                .needing("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"));
        rules.add(SecretRule.of("gitlab-token", wordStart("gl") + "(?:pat|dt|rt|ptt|cbt|soat|ft|imt|agent)-[A-Za-z0-9_-]{20,255}+")
                .needing("glpat-", "gldt-", "glrt-", "glptt-", "glcbt-", "glsoat-", "glft-", "glimt-", "glagent-"));
        rules.add(SecretRule.of("slack-token", wordStart("x") + "(?:ox[abposre]|app)-[A-Za-z0-9-]{10,255}+").needing("xox", "xapp-"));
        // An incoming webhook's address is its credential: whoever has it may post. Replaced whole.
        rules.add(SecretRule.of("slack-webhook", "https://hooks\\.slack\\.com/(?:services|workflows|triggers)/[A-Za-z0-9/_-]{20,255}+")
                .needing("hooks.slack.com"));
        rules.add(SecretRule.of("discord-webhook", "https://(?:(?:ptb|canary)\\.)?discord(?:app)?+\\.com/api(?:/v[0-9]{1,2}+)?+"
                + "/webhooks/[0-9]{5,30}+/[A-Za-z0-9_-]{20,255}+").needing("/webhooks/"));
        rules.add(SecretRule.of("teams-webhook", "https://(?:[A-Za-z0-9-]{1,63}+\\.webhook\\.office\\.com/webhookb2"
                + "|outlook\\.office(?:365)?+\\.com/webhook)/[A-Za-z0-9@/_.-]{20,512}+")
                .needing(".office.com/webhook", ".office365.com/webhook"));
        rules.add(SecretRule.of("stripe-key", "\\b(?:(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,247}+|whsec_[A-Za-z0-9]{24,}+)")
                .needing("sk_live_", "sk_test_", "rk_live_", "rk_test_", "whsec_"));
        rules.add(SecretRule.of("anthropic-key", wordStart("sk-ant-") + "[A-Za-z0-9_-]{32,255}+").needing("sk-ant-"));
        rules.add(SecretRule.of("openai-key", wordStart("sk-") + "(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,255}+", 0,
                m -> SecretRules.classes(m.group()) >= 3).needing("sk-"));
        rules.add(SecretRule.of("google-api-key", wordStart("AIza") + "[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])").needing("AIza"));
        rules.add(SecretRule.of("npm-token", wordStart("npm_") + "[A-Za-z0-9]{36}\\b").needing("npm_"));
        // .npmrc: a legacy token is a UUID and _auth is base64 of user:password, neither known by its look.
        rules.add(SecretRule.of("npm-token", "(?m)(?:^|:)[ \\t]*+_(?:authToken|auth|password)[ \\t]*+=[ \\t]*+([^\\s\"']{1,1024}+)", 1,
                m -> !SecretRules.isReference(m.group(1))).needing("_auth", "_password"));
        rules.add(SecretRule.of("pypi-token", wordStart("pypi-AgE") + "[A-Za-z0-9_-]{50,1024}+").needing("pypi-AgE"));
        rules.add(SecretRule.of("huggingface-token", "\\b(?:hf|api_org)_[A-Za-z]{34,40}\\b").needing("hf_", "api_org_"));
        rules.add(SecretRule.of("vault-token", wordStart("hv") + "[sbr]\\.[A-Za-z0-9_-]{24,1024}+").needing("hvs.", "hvb.", "hvr."));
        rules.add(SecretRule.of("databricks-token", wordStart("dapi") + "[a-f0-9]{32}(?:-[0-9]{1,2})?\\b").needing("dapi"));
        rules.add(SecretRule.of("digitalocean-token", wordStart("do") + "[opr]_v1_[a-f0-9]{64}\\b").needing("_v1_"));
        rules.add(SecretRule.of("shopify-token", wordStart("shp") + "(?:at|ca|pa|ss)_[a-fA-F0-9]{32}\\b")
                .needing("shpat_", "shpca_", "shppa_", "shpss_"));
        rules.add(SecretRule.of("sendgrid-key", wordStart("SG.") + "[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])").needing("SG."));
        rules.add(SecretRule.of("doppler-token", wordStart("dp.") + "(?:pt|st|sa|ct|scim|audit)\\.[A-Za-z0-9]{40,64}\\b").needing("dp."));
        rules.add(SecretRule.of("grafana-token", wordStart("gl") + "(?:sa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}\\b|c_[A-Za-z0-9+/]{32,1024}+={0,2}+)")
                .needing("glsa_", "glc_"));
        // Not after a dash: cache-key-<md5> and the like are no Mailgun key.
        rules.add(SecretRule.of("mailgun-key", "key-(?<![\\w-]key-)[a-f0-9]{32}\\b").needing("key-"));
        rules.add(SecretRule.of("atlassian-token", wordStart("ATATT3") + "[A-Za-z0-9_=-]{150,400}+").needing("ATATT3"));
        rules.add(SecretRule.of("postman-key", wordStart("PMAK-") + "[a-f0-9]{24}-[a-f0-9]{34}\\b").needing("PMAK-"));
        rules.add(SecretRule.of("sentry-token", wordStart("sntry") + "[su]_[A-Za-z0-9+/=_]{40,1024}+").needing("sntrys_", "sntryu_"));
        rules.add(SecretRule.of("terraform-cloud-token", "\\b[A-Za-z0-9]{14}\\.atlasv1\\.[A-Za-z0-9_-]{60,255}+")
                .needing(".atlasv1."));
        // A Twilio auth token is 32 hex digits, an MD5's look, and an API key's secret 32 letters and
        // digits: known only right after the account's or the key's SID, as the next argument of a
        // call (Client("AC...", "...")) or after a colon (-u AC...:...). Not a 40-digit git SHA,
        // nor another SID (34 characters) in the next column.
        String nextToSid = "[0-9a-f]{32}[\"']?+(?:[ \\t]*+,[ \\t\\r\\n]*+[\"']?+|:)([A-Za-z0-9]{32})(?![A-Za-z0-9])";
        rules.add(SecretRule.of("twilio-auth-token", wordStart("AC") + nextToSid, 1,
                m -> m.group(1).chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f')).needing("AC"));
        rules.add(SecretRule.of("twilio-auth-token", wordStart("SK") + nextToSid, 1,
                m -> SecretRules.classes(m.group(1)) >= 2).needing("SK"));
        rules.add(SecretRule.of("age-secret-key", wordStart("AGE-SECRET-KEY-1") + "[02-9AC-HJ-NP-Z]{58}\\b").needing("AGE-SECRET-KEY-1"));
        return rules;
    }
}
