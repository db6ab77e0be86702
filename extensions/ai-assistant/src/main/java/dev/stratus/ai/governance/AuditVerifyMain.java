package dev.stratus.ai.governance;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * {@code verify <file> [--chain-only]}: checks an audit log and (unless {@code --chain-only}) its
 * head witness; see {@link AuditVerifier#report}. Exit 2 on a usage error.
 */
public final class AuditVerifyMain {
    private AuditVerifyMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        boolean chainOnly = args.length == 3 && args[2].equals("--chain-only");
        if (args.length != 2 && !chainOnly || !args[0].equals("verify")) {
            err.println("usage: verify <audit-log-file> [--chain-only]");
            return 2;
        }
        return AuditVerifier.report(Path.of(args[1]), chainOnly, out, err);
    }
}
