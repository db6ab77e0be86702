package dev.stratus.ai.governance;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * {@code verify <file>}: checks an audit log. Exit 0 and {@code ok: <n> records, head <hash>}
 * when it checks out; exit 1 and {@code tampered at seq <n>: <problem>} when not; exit 2 on a
 * usage error or a file that cannot be read.
 */
public final class AuditVerifyMain {
    private AuditVerifyMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 2 || !args[0].equals("verify")) {
            err.println("usage: verify <audit-log-file>");
            return 2;
        }
        AuditVerifier.Result result;
        try {
            result = AuditVerifier.verify(Path.of(args[1]));
        } catch (IOException e) {
            err.println("cannot read " + args[1] + ": " + e.getMessage());
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
