package dev.stratus.ai.cli;

import dev.stratus.ai.governance.AuditVerifier;
import dev.stratus.extension.api.CliCommand;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code stratus audit verify [FILE] [--chain-only]}: checks the assistant's hash-chained audit
 * log (by default the one in its data folder) and its head witness beside it. Exit 0 and
 * {@code ok: <n> records, head <hash>} when every record is intact, in order and none is missing
 * from the end; 1 and {@code tampered at seq <n>: <problem>} after any edit, deletion, reordering
 * or forged record (or {@code cannot check: ...} when the witness or key is missing); 2 on a
 * usage error or an unreadable file. {@code --chain-only} checks a copy kept without its witness.
 */
public final class AuditCommand implements CliCommand {
    public AuditCommand() {
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err, Path dataDir) {
        List<String> rest = new java.util.ArrayList<>(args);
        boolean chainOnly = rest.remove("--chain-only");
        // An option it does not know (--help, a typo) is not a file to read.
        if (rest.isEmpty() || !rest.get(0).equals("verify") || rest.size() > 2 || rest.stream().anyMatch(a -> a.startsWith("-"))) {
            err.println("usage: stratus audit verify [FILE] [--chain-only]   (default: the assistant's audit log)");
            return 2;
        }
        Path file = rest.size() == 2 ? Path.of(rest.get(1)) : dataDir.resolve("audit.jsonl");
        return AuditVerifier.report(file, chainOnly, out, err);
    }
}
