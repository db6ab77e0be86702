package dev.stratus.server.search;

import dev.stratus.server.workspace.Workspace;
import java.nio.file.Path;

/**
 * Run in a child JVM: indexes the workspace {@code args[0]/data} into the index folder a server
 * with data dir {@code args[0]/state} would use, committing every 20 files on one thread, and
 * prints how many files it has checked until it is killed (or prints {@code ready}).
 */
public final class SearchIndexingChild {
    public static void main(String[] args) throws Exception {
        Path base = Path.of(args[0]);
        SearchConfig config = new SearchConfig(1 << 20, 8192, 2000, 20000, java.time.Duration.ofSeconds(1),
                java.time.Duration.ofSeconds(30), 20, 1);
        SearchIndexes indexes = new SearchIndexes(base.resolve("state/index"), config, ws -> ChangeFeed.NONE);
        WorkspaceIndex index = indexes.open(new Workspace("data", "data", base.resolve("data")));
        while (!index.status().state().equals("ready")) {
            System.out.println("checked " + index.status().indexedFiles() + " reindexed " + index.status().reindexedFiles());
            System.out.flush();
            Thread.sleep(2);
        }
        System.out.println("ready");
        System.exit(0);
    }
}
