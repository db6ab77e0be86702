package dev.stratus.ai.cli;

import dev.stratus.ai.governance.AuditVerifier;
import dev.stratus.extension.api.CliCommand;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code stratus audit verify [FILE]}: checks the assistant's hash-chained audit log (by default
 * the one in its data folder). Exit 0 and {@code ok: <n> records, head <hash>} when every record
 * is intact and in order; 1 and {@code tampered at seq <n>: <problem>} after any edit, deletion,
 * reordering or forged record; 2 on a usage error or an unreadable file.
 */
public final class AuditCommand implements CliCommand {
    public AuditCommand() {
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err, Path dataDir) {
        if (args.isEmpty() || !args.get(0).equals("verify") || args.size() > 2) {
            err.println("usage: stratus audit verify [FILE]   (default: the assistant's audit log)");
            return 2;
        }
        Path file = args.size() == 2 ? Path.of(args.get(1)) : dataDir.resolve("audit.jsonl");
        AuditVerifier.Result result;
        try {
            result = AuditVerifier.verify(file);
        } catch (IOException e) {
            err.println("cannot read " + file + ": " + e.getMessage());
            return 2;
        }
        if (result.ok()) {
            out.println("ok: " + result.records() + " records, head " + result.head());
            return 0;
        }
        out.println("tampered at seq " + result.firstBadSeq() + ": " + result.problem());
        return 1;
    }
}
