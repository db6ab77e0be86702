package dev.stratus.protocol.fs;

import com.google.gson.annotations.SerializedName;

/** Kind of a file-system entry. */
public enum FileType {
    /** A regular file. */
    @SerializedName("file") FILE,
    /** A directory. */
    @SerializedName("directory") DIRECTORY,
    /** A symbolic link; {@link FileStat#targetType()} says what it points to inside the workspace. */
    @SerializedName("symlink") SYMLINK
}
