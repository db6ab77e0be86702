package dev.stratus.server.fs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.protocol.fs.ChangeType;
import org.junit.jupiter.api.Test;

class WorkspaceWatcherTest {
    @Test
    void eventsOnOnePathCoalesceWithinAWindow() {
        assertThat(WorkspaceWatcher.merge(null, ChangeType.CHANGED)).isEqualTo(ChangeType.CHANGED);
        assertThat(WorkspaceWatcher.merge(ChangeType.CREATED, ChangeType.CHANGED)).isEqualTo(ChangeType.CREATED);
        assertThat(WorkspaceWatcher.merge(ChangeType.CREATED, ChangeType.DELETED)).isNull();
        assertThat(WorkspaceWatcher.merge(ChangeType.DELETED, ChangeType.CREATED)).isEqualTo(ChangeType.CHANGED);
        assertThat(WorkspaceWatcher.merge(ChangeType.CHANGED, ChangeType.DELETED)).isEqualTo(ChangeType.DELETED);
    }

    @Test
    void gitInternalsAndStagingFilesAreIgnored() {
        assertThat(WorkspaceWatcher.ignored(".git/index")).isTrue();
        assertThat(WorkspaceWatcher.ignored("sub/.git/HEAD")).isTrue();
        assertThat(WorkspaceWatcher.ignored("src/.~stratus-123.tmp")).isTrue();
        assertThat(WorkspaceWatcher.ignored(".gitignore")).isFalse();
        assertThat(WorkspaceWatcher.ignored("src/git/x")).isFalse();
    }
}
