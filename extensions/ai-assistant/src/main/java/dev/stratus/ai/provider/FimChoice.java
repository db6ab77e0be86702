package dev.stratus.ai.provider;

import dev.stratus.ai.model.Deployment;
import dev.stratus.ai.model.FimTemplate;
import dev.stratus.ai.model.ProviderException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How each deployment's fill-in-the-middle completions are sent ({@link FimTemplate}): as configured
 * ({@code fim}); else with the {@code suffix} field, until its server turns that down (vLLM answers 400
 * "suffix is not currently supported"), and from then on, until a restart, in the template its model's
 * name tells. The {@code suffix} comes first because a server that takes it applies the model's own
 * template, which a guess from the name may miss.
 */
final class FimChoice {
    private final Map<String, FimTemplate> learned = new ConcurrentHashMap<>();

    /** The template a text completion with a suffix is sent to {@code d} with. */
    FimTemplate forDeployment(Deployment d) {
        return d.fim() != null ? d.fim() : learned.getOrDefault(key(d), FimTemplate.SUFFIX);
    }

    /**
     * The template to send a completion again with, after {@code e} answered one sent with {@code tried};
     * throws the failure to report when it is not to be sent again: any but a refusal of {@code suffix}
     * is as it came, and a refusal says to set {@code fim} when the template is not known.
     */
    FimTemplate retryAfter(Deployment d, FimTemplate tried, ProviderException e) {
        if (tried != FimTemplate.SUFFIX || !refusesSuffix(d, e)) {
            throw e;
        }
        FimTemplate named = d.fim() == null ? FimTemplate.forModel(d.model()) : null;
        if (named == null) {
            throw new ProviderException(ProviderException.Kind.BAD_REQUEST, e.status(), null, e.getMessage()
                    + "; the server takes no suffix, and " + (d.fim() != null ? "fim: suffix is configured"
                    : "the fill-in-the-middle template of model " + ProviderErrors.clean(d, d.model()) + " is not known from its name")
                    + ": set fim on the deployment to its model's template (" + FimTemplate.ids() + ")");
        }
        learned.put(key(d), named);
        return named;
    }

    /** A 400 (422 from some servers) whose message is about the {@code suffix}. */
    static boolean refusesSuffix(Deployment d, ProviderException e) {
        if (e.kind() != ProviderException.Kind.BAD_REQUEST || e.status() != 400 && e.status() != 422 || e.getMessage() == null) {
            return false;
        }
        String said = e.getMessage();
        String who = "deployment " + d.name() + ": ";
        return (said.startsWith(who) ? said.substring(who.length()) : said).toLowerCase(Locale.ROOT).contains("suffix");
    }

    private static String key(Deployment d) {
        return d.name() + "\n" + d.baseUrl() + "\n" + d.model();
    }
}
