package dev.stratus.ai.governance;

import java.util.ArrayList;
import java.util.List;

/**
 * Tokens a vendor's prefix or address names: no name or context is needed to know them, so they
 * are redacted wherever they stand (a log line, a URL, a string literal, a sentence).
 */
final class VendorTokenRules {
    private VendorTokenRules() {
    }

    static List<SecretRule> rules() {
        List<SecretRule> rules = new ArrayList<>();
        rules.add(SecretRule.of("github-token", "\\b(?:gh[pousr]_[A-Za-z0-9]{36,255}+|github_pat_[A-Za-z0-9_]{22,255}+)"));
        rules.add(SecretRule.of("gitlab-token", "\\bgl(?:pat|dt|rt|ptt|cbt|soat|ft|imt|agent)-[A-Za-z0-9_-]{20,255}+"));
        rules.add(SecretRule.of("slack-token", "\\b(?:xox[abposre]|xapp)-[A-Za-z0-9-]{10,255}+"));
        // An incoming webhook's address is its credential: whoever has it may post. Replaced whole.
        rules.add(SecretRule.of("slack-webhook", "https://hooks\\.slack\\.com/(?:services|workflows|triggers)/[A-Za-z0-9/_-]{20,255}+"));
        rules.add(SecretRule.of("discord-webhook", "https://(?:(?:ptb|canary)\\.)?discord(?:app)?+\\.com/api(?:/v[0-9]{1,2}+)?+"
                + "/webhooks/[0-9]{5,30}+/[A-Za-z0-9_-]{20,255}+"));
        rules.add(SecretRule.of("teams-webhook", "https://(?:[A-Za-z0-9-]{1,63}+\\.webhook\\.office\\.com/webhookb2"
                + "|outlook\\.office(?:365)?+\\.com/webhook)/[A-Za-z0-9@/_.-]{20,512}+"));
        rules.add(SecretRule.of("stripe-key", "\\b(?:(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,247}+|whsec_[A-Za-z0-9]{24,}+)"));
        rules.add(SecretRule.of("anthropic-key", "\\bsk-ant-[A-Za-z0-9_-]{32,255}+"));
        rules.add(SecretRule.of("openai-key", "\\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,255}+", 0,
                m -> SecretRules.classes(m.group()) >= 3));
        rules.add(SecretRule.of("google-api-key", "\\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])"));
        rules.add(SecretRule.of("npm-token", "\\bnpm_[A-Za-z0-9]{36}\\b"));
        // .npmrc: a legacy token is a UUID and _auth is base64 of user:password, neither known by its look.
        rules.add(SecretRule.of("npm-token", "(?m)(?:^|:)[ \\t]*+_(?:authToken|auth|password)[ \\t]*+=[ \\t]*+([^\\s\"']{1,1024}+)", 1,
                m -> !SecretRules.isReference(m.group(1))));
        rules.add(SecretRule.of("pypi-token", "\\bpypi-AgE[A-Za-z0-9_-]{50,1024}+"));
        rules.add(SecretRule.of("huggingface-token", "\\bhf_[A-Za-z]{34,40}\\b"));
        return rules;
    }
}
