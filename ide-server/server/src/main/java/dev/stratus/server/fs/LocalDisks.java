package dev.stratus.server.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/** Tells local disk file systems from network ones (NFS, SMB, FUSE mounts), by type. */
final class LocalDisks {
    private static final Set<String> LOCAL = Set.of("ext2", "ext3", "ext4", "xfs", "btrfs", "zfs", "f2fs", "tmpfs",
            "overlay", "apfs", "hfs", "ntfs", "vfat", "exfat");

    private LocalDisks() {
    }

    static boolean isLocal(Path root) {
        try {
            return LOCAL.contains(Files.getFileStore(root).type().toLowerCase(Locale.ROOT));
        } catch (IOException | SecurityException e) {
            return false;
        }
    }
}
